export async function seedInfoDemo(_trx: unknown, _ctx: unknown) {}
