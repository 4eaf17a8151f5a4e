import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';
import { CASE_EVENTS_FIGURES_PG } from './2026121050_case_figure_flags_pg';

/**
 * A county's year figures at a province's million events (issue 16): the median handling time needs
 * each closed event's handling time (closed_at − first_received_at, whole milliseconds). figureRows
 * computed it per row: SQLite from julianday (two date parses a row), PostgreSQL not at all (it
 * aggregated both times' text, 48 bytes an event, and Node parsed them). `case_events_figures` is
 * rebuilt (same name, same columns and expressions) with one more expression at its end, the
 * milliseconds as each database already computes them for case_events_handling_day (2026121080):
 * - SQLite: `cast(round((julianday(closed_at) - julianday(first_received_at)) * 86400000) as integer)`;
 * - PostgreSQL: `case_handling_ms(first_received_at, closed_at)` (the milliseconds Date.parse gives).
 * Null when closed_at is null. It is a fact of the row alone: whether the event counts as closed as
 * of the as-of instant stays judged in the statement (status and closed_at, plain columns), which
 * takes the stored value only then. figures.ts (`HANDLING_MS_SQL`, `HANDLING_MS_PG_SQL`) writes the
 * same expressions (test/api/cases-scale.test.ts checks the index and the plan).
 * SQLite: the index's own text with the expression appended (about 20 s at a million, printed).
 * PostgreSQL: in the migration's transaction, drop and build (writes to case_events wait; about
 * 10–30 s at a million, printed); docs/operations.md has the CONCURRENTLY statements to run
 * beforehand, and the migration then finds the expression in place and does nothing.
 */
export const HANDLING_MS_SQLITE = 'cast(round((julianday(closed_at) - julianday(first_received_at)) * 86400000) as integer)';
export const HANDLING_MS_PG = 'case_handling_ms(first_received_at, closed_at)';
/** The index's definition on PostgreSQL with the handling time (docs/operations.md prints it for the CONCURRENTLY build). */
export const CASE_EVENTS_FIGURES_HANDLING_PG = `${CASE_EVENTS_FIGURES_PG.slice(0, -1)}, (${HANDLING_MS_PG}))`;

async function rebuild(db: Kysely<any>, create: string, what: string) {
  const started = Date.now();
  const n = Number((await sql<{ n: number | string }>`select count(*) as n from case_events`.execute(db)).rows[0].n);
  if (n > 10_000) console.log(`case_events (${n}): rebuilding case_events_figures ${what}…`);
  await sql`drop index if exists case_events_figures`.execute(db);
  await sql.raw(create).execute(db);
  if (n > 10_000) console.log(`case_events (${n}): case_events_figures rebuilt ${what} in ${Date.now() - started} ms`);
}

const sqliteDef = async (db: Kysely<any>) =>
  (await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and name = 'case_events_figures'`.execute(db)).rows[0]?.sql ?? '';

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    const def = await sqliteDef(db);
    if (!def || def.includes('julianday')) return;
    if (!/\)\s*$/.test(def)) throw new Error('case_events_figures: unexpected definition');
    await rebuild(db, def.replace(/\)\s*$/, `, (${HANDLING_MS_SQLITE}))`), 'with the handling time');
    return;
  }
  const def = (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'case_events_figures'`.execute(db)).rows[0]?.indexdef ?? '';
  if (/case_handling_ms/i.test(def)) return; // built beforehand (docs/operations.md)
  await rebuild(db, `create index case_events_figures on case_events ${CASE_EVENTS_FIGURES_HANDLING_PG}`, 'with the handling time');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    const def = await sqliteDef(db);
    const suffix = `, (${HANDLING_MS_SQLITE}))`;
    if (!def.endsWith(suffix)) return;
    await rebuild(db, `${def.slice(0, -suffix.length)})`, 'without the handling time');
    return;
  }
  await rebuild(db, `create index case_events_figures on case_events ${CASE_EVENTS_FIGURES_PG}`, 'without the handling time');
}
