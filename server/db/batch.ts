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

/**
 * A query's fixed part (its tables, joins and selections) built once per database handle and
 * reused: Kysely's builders are immutable, so each request's `where`, `orderBy` and `limit`
 * extend the kept one without changing it. Building the joins and selections of a register's
 * list anew cost as much as a short list's statements took to run (bench/http.ts, CPU profile).
 * A transaction is a handle of its own, kept while it lives.
 */
export function builtOnce<T>(build: (db: Database) => T): (db: Database) => T {
  const kept = new WeakMap<Database, T>();
  return (db) => {
    let q = kept.get(db);
    if (q === undefined) {
      q = build(db);
      kept.set(db, q);
    }
    return q;
  };
}
