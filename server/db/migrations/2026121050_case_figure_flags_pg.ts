import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * A county's year figures at a province's million events on PostgreSQL (issue 16): migration
 * 2026121040's settled judgements, for PostgreSQL. The per-unit counts of `figureRows` judge each
 * of the period's events as of the period's end (eight sums of nested comparisons per row, ~10 ms
 * of a county's year at a million). An event whose every judged time lies before the as-of instant
 * has judgements that are facts of its row alone: `case_events_figures` is rebuilt (same name,
 * same columns) with two expressions at its end, as on SQLite:
 * - `greatest(coalesce(closed_at collate "C", ''), …)`: the latest of the ten judged times;
 * - the six judgements of a settled event, one bit each (SQLite's expression with every time
 *   compared `collate "C"`: bytewise, as SQLite and JavaScript compare the ISO times).
 * PostgreSQL reads them from the index where the scan is an index-only scan (every column the
 * statement uses is a plain column of this covering index) whose output the aggregate reads
 * directly: the planner then replaces an expression of the statement that equals an index
 * expression by the value stored in the index. figures.ts (`SETTLED_AT_PG_SQL`,
 * `SETTLED_FLAGS_PG_SQL`) must write the same expressions (test/api/cases-scale.test.ts checks the
 * index's expressions and the plan). Both are immutable: text comparisons under an explicit
 * collation, `coalesce`, `greatest`, `case`, integer sums.
 * The migration runs in a transaction: writes to case_events wait while it rebuilds the index
 * (about half a minute at a million events, printed). docs/operations.md has the CONCURRENTLY
 * statements to run beforehand; the migration then finds the expressions in place and does nothing.
 * SQLite: nothing (2026121040 did it there).
 */
const TIMES = ['closed_at', 'first_info_at', 'responded_at', 'reported_up_at', 'paused_at', 'due_report_at', 'due_first_info_at', 'due_response_at', 'due_close_at', 'supervise_due_at'];
const c = (name: string) => `${name} collate "C"`;
const SETTLED_AT = `greatest(${TIMES.map((t) => `coalesce(${c(t)}, '')`).join(', ')})`;
const closed = `status = 'closed' and ${c('closed_at')} is not null`;
const closeBy = `coalesce(${c('supervise_due_at')}, ${c('due_close_at')})`;
const earlier = (x: string, y: string) => `case when ${y} is null or ${x} <= ${y} then coalesce(${x}, ${y}) else ${y} end`;
const bit = (cond: string, k: number) => `case when ${cond} then ${1 << k} else 0 end`;
const SETTLED_FLAGS = [
  bit(closed, 0),
  bit(`${closed} and ${closeBy} is not null`, 1),
  bit(`${closed} and ${c('closed_at')} <= ${closeBy}`, 2),
  bit(`not (${closed}) and ${c('paused_at')} is null and ((${c('due_report_at')} is not null and ${c('reported_up_at')} is null) or (${c('due_first_info_at')} is not null and ${c('first_info_at')} is null)
    or (${c('due_response_at')} is not null and ${c('responded_at')} is null) or ${c('due_close_at')} is not null or ${c('supervise_due_at')} is not null)`, 3),
  bit(`${c('due_first_info_at')} is not null or ${c('due_response_at')} is not null`, 4),
  bit(`${earlier(c('first_info_at'), c('responded_at'))} <= ${earlier(c('due_first_info_at'), c('due_response_at'))}`, 5),
].join(' + ');

const COLUMNS = `unit_id, first_received_at, archived_at, id, status, level, category,
    closed_at, first_info_at, responded_at, due_first_info_at, due_response_at, due_close_at, supervise_due_at, paused_at, due_report_at,
    reported_up_at, title, (public_reply <> '')`;

/** The index's definition with the settled expressions (docs/operations.md prints it for the CONCURRENTLY build). */
export const CASE_EVENTS_FIGURES_PG = `(${COLUMNS}, (${SETTLED_AT}), (${SETTLED_FLAGS}))`;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const def = (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'case_events_figures'`.execute(db)).rows[0]?.indexdef ?? '';
  if (/greatest/i.test(def)) return; // built beforehand (docs/operations.md)
  const started = Date.now();
  const n = Number((await sql<{ n: number | string }>`select count(*) as n from case_events`.execute(db)).rows[0].n);
  if (n > 10_000) console.log(`case_events (${n}): rebuilding case_events_figures with the settled judgements…`);
  await sql`drop index if exists case_events_figures`.execute(db);
  await sql.raw(`create index case_events_figures on case_events ${CASE_EVENTS_FIGURES_PG}`).execute(db);
  if (n > 10_000) console.log(`case_events (${n}): case_events_figures rebuilt with the settled judgements in ${Date.now() - started} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`drop index if exists case_events_figures`.execute(db);
  await sql.raw(`create index case_events_figures on case_events (${COLUMNS})`).execute(db);
}
