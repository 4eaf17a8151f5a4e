import type { Kysely } from 'kysely';

/**
 * Issue 16 (documents): the year's activity counts of a subtree (summary, targets, reports) read
 * the unit's entries of the period by (unit_id, day) and then every row for its type, topic flag
 * and archive mark: a province's annual summary looked up some hundred thousand rows that way.
 * With those columns in the index the counts are read from the index alone. It replaces the
 * (unit_id, day) index, of which it is an extension (ledger_entries is a few hundred thousand
 * rows at a province: built in seconds; PostgreSQL can build it CONCURRENTLY beforehand, see
 * docs/operations.md "Upgrade").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ledger_entries_unit_day_cover').ifNotExists().on('ledger_entries').columns(['unit_id', 'day', 'type', 'on_topic', 'archived_at']).execute();
  await db.schema.dropIndex('ledger_entries_unit_day').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ledger_entries_unit_day').on('ledger_entries').columns(['unit_id', 'day']).execute();
  await db.schema.dropIndex('ledger_entries_unit_day_cover').execute();
}
