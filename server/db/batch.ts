import { CompiledQuery, type Insertable } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './index';
import type { DB } from './schema';

/** Bound parameters per statement, under both SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const MAX_PARAMETERS = 30_000;

/** Multi-row inserts of `rows`, as few statements as the parameter limit allows. */
export async function insertInChunks<T extends keyof DB & string>(trx: Database, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  if (!rows.length) return;
  const perRow = Math.max(1, Object.keys(rows[0] as object).length);
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
  for (let i = 0; i < rows.length; i += size) {
    await trx.insertInto(table).values(rows.slice(i, i + size) as never).execute();
  }
}

/**
 * A hot statement written as SQL with `?` placeholders and run without the query builder:
 * building and compiling a query with Kysely costs several times what SQLite takes to run a
 * short indexed statement (measured in bench/cases.ts, intake). `text(n)` may depend on the
 * length of one `in` list; each text is made once per length and dialect.
 */
export function hotStatement<R>(text: (n: number) => string) {
  const texts = new Map<string, string>();
  return async (db: Database, params: readonly unknown[], n = 0): Promise<R[]> => {
    const pg = dialectOf(db) === 'postgres';
    const key = `${pg ? 'p' : 's'}${n}`;
    let sqlText = texts.get(key);
    if (sqlText === undefined) {
      let i = 0;
      sqlText = pg ? text(n).replace(/\?/g, () => `$${++i}`) : text(n);
      texts.set(key, sqlText);
    }
    return (await db.executeQuery<R>(CompiledQuery.raw(sqlText, params as unknown[]))).rows;
  };
}

/** `?, ?, …` for an `in` list of n values. */
export const placeholders = (n: number) => Array(n).fill('?').join(', ');
