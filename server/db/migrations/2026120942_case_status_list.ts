import { type Kysely, sql } from 'kysely';

/**
 * A status filter at the top of the tree (issue 16): the province's `status=assigned` read its
 * page in list order, but counted its first 10,001 matches through a skip-scan of
 * `case_events_list` over every handler path (13,049 of them at a province): 240–520 ms at a
 * million events. `case_events_status` (status, archived_at, handler_path) makes that count one
 * range of the index. About 20 s at a million events on SQLite; on PostgreSQL build it
 * CONCURRENTLY beforehand (docs/operations.md, "Upgrade").
 */
export async function up(db: Kysely<any>): Promise<void> {
  const started = Date.now();
  await sql`create index if not exists case_events_status on case_events (status, archived_at, handler_path)`.execute(db);
  const ms = Date.now() - started;
  if (ms > 2_000) console.log(`case_events_status built in ${ms} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('case_events_status').execute();
}
