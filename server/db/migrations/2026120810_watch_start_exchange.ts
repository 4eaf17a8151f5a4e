import type { Kysely } from 'kysely';

/**
 * A watch period's start announced once (`announced_at`, set by the conditional update that
 * claims it), and 换班 as an exchange of two shifts between two people: `other_shift_id` is the
 * second shift (null for handing one place to another person), whose place at `position` goes
 * the other way.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('watch_periods').addColumn('announced_at', 'varchar(30)').execute();
  await db.schema.alterTable('watch_swaps').addColumn('other_shift_id', 'varchar(40)', (c) => c.references('watch_shifts.id')).execute();
  await db.schema.createIndex('watch_swaps_other_shift').on('watch_swaps').column('other_shift_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('watch_swaps_other_shift').execute();
  await db.schema.alterTable('watch_swaps').dropColumn('other_shift_id').execute();
  await db.schema.alterTable('watch_periods').dropColumn('announced_at').execute();
}
