import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * A county's year figures at a province's million events (issue 16): the per-unit counts of
 * caseFigures judge each of the period's events as of the period's end (`figureRows`): seven
 * sums of nested comparisons against the as-of instant, 7.3 ms of SQLite's CPU for a county's
 * 4,715 events of a year, the largest statement of the figures. Most events are settled by then:
 * every time the judgement compares with the as-of instant (closed, first information, reply,
 * reported up, paused, and the six deadlines) lies before it, and then each judgement is a fact
 * of the row alone. SQLite (`case_events_figures` rebuilt with two expressions at its end):
 * - `max(coalesce(closed_at, ''), …)`: the latest of those times ('' when none is set); an event
 *   is settled as of an instant after it;
 * - the six judgements of a settled event, one bit each (closed; closed with a deadline; closed by
 *   it; open past a deadline and not paused; a first-response deadline; answered by it).
 * figureRows reads the bits of a settled event from the index and judges the others as before:
 * 7.3 → 4.0 ms on the million file, same counts. The expressions here and in figures.ts
 * (`SETTLED_AT`, `SETTLED_FLAGS`) must stay the same text: SQLite reads an indexed expression only
 * where the query writes the same expression (test/api/cases-scale.test.ts checks the plan).
 * The index is rebuilt under the same name (about 15 s at a million events, printed).
 * PostgreSQL: nothing here; 2026121050 does the same there (PostgreSQL reads the expressions from
 * the index where the aggregate reads its index-only scan directly).
 */
const SETTLED_AT = sql.raw(`max(${['closed_at', 'first_info_at', 'responded_at', 'reported_up_at', 'paused_at', 'due_report_at', 'due_first_info_at', 'due_response_at', 'due_close_at', 'supervise_due_at'].map((c) => `coalesce(${c}, '')`).join(', ')})`);
const closed = `status = 'closed' and closed_at is not null`;
const closeBy = 'coalesce(supervise_due_at, due_close_at)';
const earlier = (x: string, y: string) => `case when ${y} is null or ${x} <= ${y} then coalesce(${x}, ${y}) else ${y} end`;
const bit = (cond: string, k: number) => `case when ${cond} then ${1 << k} else 0 end`;
const SETTLED_FLAGS = sql.raw([
  bit(closed, 0),
  bit(`${closed} and ${closeBy} is not null`, 1),
  bit(`${closed} and closed_at <= ${closeBy}`, 2),
  bit(`not (${closed}) and paused_at is null and ((due_report_at is not null and reported_up_at is null) or (due_first_info_at is not null and first_info_at is null)
    or (due_response_at is not null and responded_at is null) or due_close_at is not null or supervise_due_at is not null)`, 3),
  bit('due_first_info_at is not null or due_response_at is not null', 4),
  bit(`${earlier('first_info_at', 'responded_at')} <= ${earlier('due_first_info_at', 'due_response_at')}`, 5),
].join(' + '));

const COLUMNS = sql`unit_id, first_received_at, archived_at, id, status, level, category,
    closed_at, first_info_at, responded_at, due_first_info_at, due_response_at, due_close_at, supervise_due_at, paused_at, due_report_at,
    reported_up_at, title, (public_reply <> '')`;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const started = Date.now();
  const n = Number((await sql<{ n: number | string }>`select count(*) as n from case_events`.execute(db)).rows[0].n);
  await db.schema.dropIndex('case_events_figures').ifExists().execute();
  await sql`create index case_events_figures on case_events (${COLUMNS}, (${SETTLED_AT}), (${SETTLED_FLAGS}))`.execute(db);
  if (n > 10_000) console.log(`case_events (${n}): case_events_figures rebuilt with the settled judgements in ${Date.now() - started} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.schema.dropIndex('case_events_figures').ifExists().execute();
  await sql`create index case_events_figures on case_events (${COLUMNS})`.execute(db);
}
