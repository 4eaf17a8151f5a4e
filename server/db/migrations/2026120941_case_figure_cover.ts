import { type Kysely, sql } from 'kysely';

/**
 * A county's year figures at a province's million events (issue 16): the figures read each
 * event of the subtree's period (some 5,000 for a county's year) and each report received in it,
 * and the time went into reading those rows from the table, one random page each (a case row
 * holds its texts; 0.35 s for the events, 0.25 s for the reports by source at a million). Three
 * indexes hold what the figures read, so they are read from the indexes alone:
 * - `case_events_figures` (unit_id, first_received_at, …): every column caseFigures judges, the
 *   title (late closures) and whether a public reply exists; the reply's text is read for the ten
 *   replies the figures list. It extends `case_events_unit` (unit_id, first_received_at), dropped.
 * - `case_events_owner_cover` (owner_path, first_received_at, archived_at, id): a subtree's events
 *   for the reports-by-source count; extends `case_events_owner`, dropped.
 * - `cases_event_source` (event_id, received_at, source): the reports of each event by time and
 *   source; extends `cases_event`, dropped.
 * No derived table to keep: every write keeps the indexes. At a million events SQLite builds them
 * in about a minute (printed). On PostgreSQL, docs/operations.md ("Upgrade") has the statements
 * to build them CONCURRENTLY beforehand, which this migration then finds in place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const started = Date.now();
  const n = Number((await sql<{ n: number | string }>`select count(*) as n from case_events`.execute(db)).rows[0].n);
  const say = (what: string) => n > 10_000 && console.log(`case_events (${n}): ${what} in ${Date.now() - started} ms`);
  await sql`create index if not exists case_events_figures on case_events (unit_id, first_received_at, archived_at, id, status, level, category,
    closed_at, first_info_at, responded_at, due_first_info_at, due_response_at, due_close_at, supervise_due_at, paused_at, due_report_at,
    reported_up_at, title, (public_reply <> ''))`.execute(db);
  say('case_events_figures built');
  await db.schema.dropIndex('case_events_unit').ifExists().execute();
  await sql`create index if not exists case_events_owner_cover on case_events (owner_path, first_received_at, archived_at, id)`.execute(db);
  await db.schema.dropIndex('case_events_owner').ifExists().execute();
  say('case_events_owner_cover built');
  await sql`create index if not exists cases_event_source on cases (event_id, received_at, source)`.execute(db);
  await db.schema.dropIndex('cases_event').ifExists().execute();
  say('cases_event_source built');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_event').on('cases').columns(['event_id', 'received_at']).execute();
  await db.schema.dropIndex('cases_event_source').execute();
  await sql`create index case_events_owner on case_events (owner_path, first_received_at)`.execute(db);
  await db.schema.dropIndex('case_events_owner_cover').execute();
  await db.schema.createIndex('case_events_unit').on('case_events').columns(['unit_id', 'first_received_at']).execute();
  await db.schema.dropIndex('case_events_figures').execute();
}
