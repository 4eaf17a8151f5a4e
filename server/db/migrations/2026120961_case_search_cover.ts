import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * A unit's search at a province's million events (issue 16), SQLite: the full-text matches of the
 * subtree drive the list (migration 2026120940), and each match was then looked up by id in
 * `case_events` and its row read for the subtree, the archive mark, the filters and the page's
 * order: one random read of a wide row (texts, replies) per match, a county's common word about
 * 1,000 of them, twice (count and page). `case_events_search` (id, handler_path, archived_at,
 * status, first_received_at, level, category) holds what those two statements read, so each
 * match is one probe of this index and no row is read; search.ts names it (`indexed by`), since
 * the planner, without statistics, prefers the primary key. Built in seconds at a million events
 * (printed). PostgreSQL searches through its GIN index and reads no such probes: nothing there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const started = Date.now();
  await sql`create index if not exists case_events_search on case_events (id, handler_path, archived_at, status, first_received_at, level, category)`.execute(db);
  const ms = Date.now() - started;
  if (ms > 2_000) console.log(`case_events_search built in ${ms} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.schema.dropIndex('case_events_search').execute();
}
