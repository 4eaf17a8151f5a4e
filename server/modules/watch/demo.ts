export async function seedWatchDemo(_trx: unknown, _ctx: unknown) {}
