import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * SQLite intake at a province's scale (issue 16, sqlintake3): a small table of recent band rows.
 * A list of intake writes its ~6,000 band rows here instead of into `case_event_bands`, where they
 * landed on ~6,000 random pages of a table of ~40,000, each page then written to the WAL at the
 * commit and copied by the checkpoint. The small table's pages are few and stay in the cache; every
 * so many rows intake merges it into `case_event_bands` in key order, one statement, so each page of
 * the large table is written once for many rows (cases/intake.ts, mergeRecentBands).
 *
 * Same columns and key as `case_event_bands` (2026121110). Every reader and writer of band rows
 * reads or writes both on SQLite: the lookup, removeEventBands, unit moves (unit-keys.ts rekeyMoved).
 * It is a real table in the same file: a crash loses nothing, a backup copies it with the rest.
 *
 * PostgreSQL: nothing. Its band rows are a heap and a separate index, and its intake is other work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  await sql`create table case_event_bands_recent (band integer not null, unit_key varchar(200) not null, event_id blob not null, case_id blob not null,
    constraint case_event_bands_recent_key primary key (band, unit_key, event_id, case_id)) without rowid`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  // Its rows back into the large table first: nothing is lost going down.
  await sql`insert or ignore into case_event_bands (band, unit_key, event_id, case_id)
    select band, unit_key, event_id, case_id from case_event_bands_recent order by band, unit_key, event_id, case_id`.execute(db);
  await sql`drop table case_event_bands_recent`.execute(db);
}
