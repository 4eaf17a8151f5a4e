export async function seedDemoIfEmpty(_db: unknown): Promise<boolean> { throw new Error('demo not built yet'); }
