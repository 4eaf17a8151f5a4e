import { CompiledQuery, type Insertable } from 'kysely';
import { dialectOf } from './dialect';
import { type Database, nameOnPostgres } from './index';
import type { DB } from './schema';

/** Bound parameters per statement, under both SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const MAX_PARAMETERS = 30_000;

/** Rows per statement of the written-out insert: full chunks reuse one statement, the rest goes in halves (…, 4, 2, 1). */
const INSERT_CHUNK = 256;
const insertTexts = new Map<string, string>();

/**
 * Multi-row inserts of `rows`, as few statements as the parameter limit allows. Rows that all
 * name the same columns in the same order (what a batch builds) are written as SQL without the
 * query builder: building and compiling a multi-row insert cost more than SQLite took to run it
 * (bench/cases.ts, intake), and chunks of fixed sizes keep the prepared statements few and reused.
 */
export async function insertInChunks<T extends keyof DB & string>(trx: Database, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0] as object);
  if (cols.length && rows.every((r) => sameColumns(r as object, cols))) return insertWritten(trx, table, cols, rows as Record<string, unknown>[]);
  const perRow = Math.max(1, cols.length);
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
  for (let i = 0; i < rows.length; i += size) {
    await trx.insertInto(table).values(rows.slice(i, i + size) as never).execute();
  }
}

function sameColumns(row: object, cols: string[]): boolean {
  let i = 0;
  for (const k in row) if (k !== cols[i++] || (row as Record<string, unknown>)[k] === undefined) return false;
  return i === cols.length;
}

async function insertWritten(trx: Database, table: string, cols: string[], rows: Record<string, unknown>[]) {
  const pg = dialectOf(trx) === 'postgres';
  const max = Math.max(1, Math.min(INSERT_CHUNK, Math.floor(MAX_PARAMETERS / cols.length)));
  await inChunks(rows, max, async (chunk) => {
    const n = chunk.length;
    const key = `${pg ? 'p' : 's'}${n}|${table}|${cols.join(',')}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      const one = `(${placeholders(cols.length)})`;
      text = inDialect(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${Array(n).fill(one).join(', ')}`, pg);
      if (insertTexts.size > 2000) insertTexts.clear();
      insertTexts.set(key, text);
      if (pg) nameOnPostgres(text);
    }
    const params: unknown[] = [];
    for (const row of chunk) for (const c of cols) params.push(row[c]);
    await trx.executeQuery(CompiledQuery.raw(text, params));
  });
}

/**
 * Runs `run` over `items` in chunks of `max`, the rest in halves (…, 4, 2, 1): a statement written
 * for a chunk's length then comes in a few lengths only, each prepared once and reused.
 */
export async function inChunks<T>(items: T[], max: number, run: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; ) {
    let n = max;
    while (n > items.length - i) n >>= 1;
    await run(items.slice(i, i + n));
    i += n;
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
      sqlText = inDialect(text(n), pg);
      texts.set(key, sqlText);
      if (pg) nameOnPostgres(sqlText);
    }
    return (await db.executeQuery<R>(CompiledQuery.raw(sqlText, params as unknown[]))).rows;
  };
}

/** SQL written with `?` placeholders, numbered `$1, $2, …` for PostgreSQL. */
function inDialect(text: string, pg: boolean): string {
  let i = 0;
  return pg ? text.replace(/\?/g, () => `$${++i}`) : text;
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
