import type { Database } from '../db';
import { hotStatement } from '../db/batch';

/** Read by lists on every request (the cases list's clocks): written as SQL, no query built per request. */
const settingRow = hotStatement<{ value: string }>(() => 'select value from settings where key = ?');

export async function getSetting<T>(db: Database, key: string): Promise<T | null> {
  const [row] = await settingRow(db, [key]);
  return row ? (JSON.parse(row.value) as T) : null;
}

export async function setSetting(db: Database, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  const res = await db.updateTable('settings').set({ value: json }).where('key', '=', key).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) await db.insertInto('settings').values({ key, value: json }).execute();
}
