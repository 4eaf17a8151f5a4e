import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * PostgreSQL: room on case_events' pages for the updates intake makes (issue 16). A report that joins
 * an open event updates its row: report_count, updated_at and version change; search_terms and first_received_at
 * are written too but change only when the report adds a word or is older. Where no indexed column changed and the row's page has room, PostgreSQL
 * writes the new version on the same page and adds no index entry (a HOT update); on a full page it
 * writes the row elsewhere and adds an entry to each of the table's 17 indexes.
 * `fillfactor = 80` leaves that room on the pages written from now on (new events, and a
 * table rewritten by VACUUM FULL or pg_repack); the pages already written keep theirs, which is why
 * it is a setting here and not a rewrite: the statement reads nothing, and its lock (share update exclusive) lets reads and writes go on.
 * bench/README.md (issue 16, pgintake4) has the measurements.
 * SQLite: nothing. Its rows are stored in the table's b-tree by rowid and an update that changes no
 * indexed column touches no index there anyway.
 */
export const CASE_EVENTS_FILLFACTOR = 80;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql.raw(`alter table case_events set (fillfactor = ${CASE_EVENTS_FILLFACTOR})`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`alter table case_events reset (fillfactor)`.execute(db);
}
