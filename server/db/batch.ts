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
  if (pg) return insertUnnested(trx, table, cols, rows);
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

/** Rows per statement of PostgreSQL's unnest insert: one statement for a whole list of intake (500 reports, ~6,000 band rows). */
const UNNEST_ROWS = 10_000;
/** PostgreSQL column types of the tables written with unnest, by table (read once from the catalog: the schema changes only in migrations). */
const columnTypes = new Map<string, Map<string, string>>();

/**
 * PostgreSQL: `insert into t (a, b, …) select * from unnest($1::type_a[], $2::type_b[], …)`, one
 * array a column, up to UNNEST_ROWS rows a statement. One statement text per table and column
 * list whatever the number of rows (a named statement, planned once per connection), and one
 * round trip for a list's rows where multi-row VALUES took one per 256 rows, with 4–27 bound
 * parameters a row to send and bind (bench/README.md, issue 16, pgintake).
 */
async function insertUnnested(trx: Database, table: string, cols: string[], rows: Record<string, unknown>[]) {
  let types = columnTypes.get(table);
  if (types === undefined) {
    const found = await trx.executeQuery<{ name: string; type: string }>(CompiledQuery.raw(
      'select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped', [table]));
    types = new Map(found.rows.map((r) => [r.name, r.type]));
    columnTypes.set(table, types);
  }
  const key = `u|${table}|${cols.join(',')}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    const arrays = cols.map((c, i) => {
      const type = types!.get(c);
      if (type === undefined) throw new Error(`${table}.${c}: no such column`);
      return `$${i + 1}::${type}[]`;
    });
    text = `insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) select * from unnest(${arrays.join(', ')})`;
    if (insertTexts.size > 2000) insertTexts.clear();
    insertTexts.set(key, text);
    nameOnPostgres(text);
  }
  await inSlices(rows, UNNEST_ROWS, async (slice) => {
    await trx.executeQuery(CompiledQuery.raw(text, cols.map((c) => slice.map((row) => row[c]))));
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
 * Runs `run` over `items` in slices of at most `max` (the last one shorter): for statements whose
 * text does not depend on the number of items (PostgreSQL's arrays), so one statement where it can.
 */
export async function inSlices<T>(items: T[], max: number, run: (slice: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += max) await run(items.slice(i, i + max));
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
