import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';
import { idKey, recordColumns, unitOwned } from './columns';

/**
 * Cases (舆情与诉求). Each report received (`cases`: from staff, a liaison, the public page,
 * an import or an accepted clue) belongs to one event (`case_events`), which is what is
 * triaged and handled once; near-duplicate reports join the open event they resemble.
 *
 * - `case_event_blocks`: the SimHash pigeonhole index of open events (one row per block of each report's fingerprint),
 *   so a new report is compared only with events sharing a block, never with all of them; keyed by
 *   the owner unit first, so a lookup only reads the subtree's rows.
 * - Full-text search: terms segmented by jieba are stored space-separated; SQLite indexes them
 *   in an FTS5 table (`case_fts`), PostgreSQL in a GIN index over `to_tsvector('simple', …)`.
 * - `case_steps`: the timeline (who, when, what, comment) of each event.
 * - `case_direct_reports`: 直报 — one row per superior unit an event was reported to, with
 *   the read receipt.
 * - `public_nonces`: challenges of the public page already answered, so none is used twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('case_events').$call(unitOwned)
    .addColumn('handling_unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('assigned_by_unit_id', 'varchar(40)', (c) => c.references('units.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('level', 'varchar(20)')
    .addColumn('category', 'varchar(50)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('print', 'varchar(16)', (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('first_received_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('triaged_at', 'varchar(30)')
    .addColumn('triage_note', 'text')
    .addColumn('paused_at', 'varchar(30)')
    .addColumn('pause_reason', 'varchar(100)')
    .addColumn('paused_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('due_report_at', 'varchar(30)')
    .addColumn('due_first_info_at', 'varchar(30)')
    .addColumn('due_response_at', 'varchar(30)')
    .addColumn('due_close_at', 'varchar(30)')
    .addColumn('supervise_due_at', 'varchar(30)')
    .addColumn('reported_up_at', 'varchar(30)')
    .addColumn('first_info_at', 'varchar(30)')
    .addColumn('responded_at', 'varchar(30)')
    .addColumn('closed_at', 'varchar(30)')
    .addColumn('verification_result', 'varchar(20)')
    .addColumn('verification_note', 'text')
    .addColumn('measures', 'text')
    .addColumn('public_reply', 'text')
    .addColumn('close_requested_at', 'varchar(30)')
    .addColumn('close_requested_by', 'varchar(40)')
    .addColumn('close_note', 'text')
    .addColumn('approved_by_name', 'varchar(200)')
    .addColumn('followup_result', 'varchar(20)')
    .addColumn('followup_note', 'text')
    .addColumn('followup_at', 'varchar(30)')
    .addColumn('search_terms', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by_name', 'varchar(200)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('case_events_unit').on('case_events').columns(['unit_id', 'first_received_at']).execute();
  await db.schema.createIndex('case_events_handling').on('case_events').columns(['handling_unit_id', 'status']).execute();
  await db.schema.createIndex('case_events_received').on('case_events').column('first_received_at').execute();

  await db.schema.createTable('cases').$call(idKey)
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('source', 'varchar(30)', (c) => c.notNull())
    .addColumn('channel', 'varchar(200)')
    .addColumn('url', 'varchar(2000)')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('contact', 'varchar(200)')
    .addColumn('tracking_code', 'varchar(20)')
    .addColumn('via', 'varchar(20)', (c) => c.notNull())
    .addColumn('clue_id', 'varchar(40)')
    .addColumn('print', 'varchar(16)', (c) => c.notNull())
    .addColumn('distance', 'integer')
    .addColumn('created_by_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_event').on('cases').columns(['event_id', 'received_at']).execute();
  await db.schema.createIndex('cases_unit').on('cases').columns(['unit_id', 'received_at']).execute();
  await db.schema.createIndex('cases_tracking').on('cases').column('tracking_code').unique().execute();

  await createCaseEventBlocks(db);
  await db.schema.createIndex('case_event_blocks_block').on('case_event_blocks').columns(['unit_id', 'block', 'event_id', 'print']).execute();
  await db.schema.createIndex('case_event_blocks_event').on('case_event_blocks').column('event_id').execute();

  await db.schema.createTable('case_steps').$call(idKey)
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('step', 'varchar(30)', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('actor_unit_id', 'varchar(40)')
    .addColumn('actor_unit_name', 'varchar(200)')
    .addColumn('comment', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('case_steps_event').on('case_steps').columns(['event_id', 'at']).execute();

  await db.schema.createTable('case_direct_reports').$call(idKey)
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(30)')
    .addColumn('read_by_name', 'varchar(200)')
    .execute();
  await db.schema.createIndex('case_direct_reports_once').on('case_direct_reports').columns(['event_id', 'unit_id']).unique().execute();
  await db.schema.createIndex('case_direct_reports_unit').on('case_direct_reports').columns(['unit_id', 'sent_at']).execute();

  await db.schema.createTable('public_nonces')
    .addColumn('nonce', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  if (dialectOf(db) === 'postgres') {
    await sql`create index case_events_fts on case_events using gin (to_tsvector('simple', search_terms))`.execute(db);
  } else {
    await sql`create virtual table case_fts using fts5(terms, event_id unindexed, tokenize = 'unicode61')`.execute(db);
    // The FTS row of each event, so that rewriting an event's terms deletes by rowid instead of
    // scanning the FTS table for the unindexed event_id (an INTEGER PRIMARY KEY survives VACUUM).
    await sql`create table case_fts_rows (id integer primary key, event_id varchar(40) not null unique references case_events(id))`.execute(db);
  }
}

/** The SimHash block index; 2026120601_case_bands drops it and its down() creates it again. */
export async function createCaseEventBlocks(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('case_event_blocks')
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    // The event's owner unit (never changes, unlike a path when a unit moves): the lookup probes
    // (unit, block) for the units of the subtree, so its cost follows the subtree, not the province.
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('block', 'varchar(24)', (c) => c.notNull())
    .addColumn('print', 'varchar(16)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`drop table if exists case_fts_rows`.execute(db);
    await sql`drop table if exists case_fts`.execute(db);
  }
  await db.schema.dropTable('public_nonces').execute();
  await db.schema.dropTable('case_direct_reports').execute();
  await db.schema.dropTable('case_steps').execute();
  await db.schema.dropTable('case_event_blocks').execute();
  await db.schema.dropTable('cases').execute();
  await db.schema.dropTable('case_events').execute();
}
