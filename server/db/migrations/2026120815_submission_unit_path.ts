import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * Each submission keeps its unit's path (a copy of units.path, declared in reporting's
 * module.ts `unitPathCopies`, rewritten when a unit moves), so a subtree's submissions of one
 * schedule and period are one range of one index: the province root's rates read about 13,000
 * index entries in order instead of probing the units table once per unit. The index covers
 * what the figures read (state columns, and the ids for the matrix and the missing units); it
 * replaces report_submissions_period, whose (schedule, period, unit) order served nothing the
 * unique key (schedule, unit, period) does not.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_submissions').addColumn('unit_path', 'varchar(400)').execute();
  await sql`update report_submissions set unit_path = (select u.path from units u where u.id = report_submissions.unit_id)`.execute(db);
  // SQLite cannot add NOT NULL to an existing column; there the schema's type keeps every insert honest.
  if (dialectOf(db) === 'postgres') {
    await db.schema.alterTable('report_submissions').alterColumn('unit_path', (c) => c.setNotNull()).execute();
  }
  await db.schema.dropIndex('report_submissions_period').execute();
  await db.schema.createIndex('report_submissions_subtree').on('report_submissions')
    .columns(['schedule_id', 'period_key', 'unit_path', 'status', 'nil', 'first_submitted_at', 'due_at', 'unit_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('report_submissions_subtree').execute();
  await db.schema.createIndex('report_submissions_period').on('report_submissions').columns(['schedule_id', 'period_key', 'unit_id', 'status', 'nil', 'first_submitted_at', 'due_at']).execute();
  await db.schema.alterTable('report_submissions').dropColumn('unit_path').execute();
}
