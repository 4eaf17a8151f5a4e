import type { Database } from '../db';

export async function getSetting<T>(db: Database, key: string): Promise<T | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : null;
}

export async function setSetting(db: Database, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  const res = await db.updateTable('settings').set({ value: json }).where('key', '=', key).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await db.insertInto('settings').values({ key, value: json }).execute();
}
