import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * A county's case list at a province's million events on PostgreSQL (issue 16). Its two
 * statements each read the county's ~10,000 entries of `case_events_list`, and on PostgreSQL each
 * entry costs a visibility-map lookup: the entries come in path order, their events lie all over
 * the table, so nearly every lookup reads another page of the map (9,749 buffers for 10,001
 * entries). Two partial indexes, PostgreSQL only:
 * - `case_events_subtree (handler_path) where archived_at is null`: the list's capped count. Its
 *   entries are deduplicated, one posting list per handling unit whose events are in table order,
 *   so the same 10,001 entries read a few hundred pages (a county's count 5–7 ms → about 1.5 ms);
 * - `case_events_open (handler_path, status, first_received_at, id, level, category) where status
 *   <> 'closed' and archived_at is null`: the subtree's open events, which the list shows first
 *   (a county's 886 of its 10,377): search.ts reads a large subtree's page from its open events
 *   sorted, and its closed ones only for a page past them; `open=true` reads them alone.
 * The migration runs in a transaction, so it builds them plainly (seconds at a million events,
 * printed; writes to case_events wait meanwhile): docs/operations.md has the CONCURRENTLY
 * statements to run beforehand, which the migration then finds (`if not exists`).
 * SQLite: nothing. Its count reads index entries without a visibility check (the county's capped
 * count is a few ms there), and its large subtree's page is read in list order from
 * `case_events_order` (search.ts, `ordered`); the county's pages meet 20 ms there without them.
 */
export const CASE_EVENTS_SUBTREE_PG = `case_events_subtree on case_events (handler_path) where archived_at is null`;
export const CASE_EVENTS_OPEN_PG = `case_events_open on case_events (handler_path, status, first_received_at, id, level, category) where status <> 'closed' and archived_at is null`;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const started = Date.now();
  const n = Number((await sql<{ n: number | string }>`select count(*) as n from case_events`.execute(db)).rows[0].n);
  for (const def of [CASE_EVENTS_SUBTREE_PG, CASE_EVENTS_OPEN_PG]) {
    if (n > 10_000) console.log(`case_events (${n}): building ${def.split(' ')[0]}…`);
    await sql.raw(`create index if not exists ${def}`).execute(db);
  }
  if (n > 10_000) console.log(`case_events (${n}): case_events_subtree and case_events_open built in ${Date.now() - started} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`drop index if exists case_events_open`.execute(db);
  await sql`drop index if exists case_events_subtree`.execute(db);
}
