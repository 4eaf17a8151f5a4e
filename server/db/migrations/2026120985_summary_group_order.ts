import { type Kysely, sql } from 'kysely';

/**
 * Issue 16 (the province's annual summary): two counts grouped by a few values sorted every row
 * they read into a temporary B-tree first (SQLite groups by sorting). Both indexes lead with the
 * grouped columns, so the rows come out of the index already in group order, and hold every
 * column the counts read (the table is not read):
 * - the period's activity counts by type and topic flag (`ledgerTotals`): type, flag, day;
 * - the period's task counts by source and status (`taskFigures`): source, status, then the
 *   subtree's range on the tasks' copy of the unit path, and the days counted.
 * A province's activities and tasks are a few hundred thousand rows, built in seconds; PostgreSQL
 * can build them CONCURRENTLY beforehand (docs/operations.md "Upgrade").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists ledger_entries_type_cover on ledger_entries (type, on_topic, day, archived_at)`.execute(db);
  await sql`create index if not exists tasks_source_status on tasks (source, status, unit_path, archived_at, start_day, due_day, completed_day, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_source_status').execute();
  await db.schema.dropIndex('ledger_entries_type_cover').execute();
}
