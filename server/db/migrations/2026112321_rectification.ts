import type { Kysely } from 'kysely';
import { recordColumns, unitOwned } from './columns';

/**
 * Rectification items: a problem, its measures and deadline, the owner's completion report
 * and the sign-off (销号) by someone else. Each step's detail (return reasons included) is in
 * the audit log; the row keeps the current state and the last report and sign-off.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rectifications').$call(unitOwned)
    .addColumn('raised_by_unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('owner_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('origin', 'varchar(20)', (c) => c.notNull())
    .addColumn('batch', 'varchar(100)')
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('start_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('due_days', 'integer')
    .addColumn('due_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('reported_at', 'varchar(30)')
    .addColumn('reported_by', 'varchar(40)')
    .addColumn('reported_by_name', 'varchar(200)')
    .addColumn('report_note', 'text')
    .addColumn('signed_off_at', 'varchar(30)')
    .addColumn('signed_off_by', 'varchar(40)')
    .addColumn('signed_off_by_name', 'varchar(200)')
    .addColumn('sign_off_note', 'text')
    .addColumn('return_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_return_reason', 'text')
    .addColumn('created_by_name', 'varchar(200)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('rectifications_unit').on('rectifications').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('rectifications_raised').on('rectifications').column('raised_by_unit_id').execute();
  await db.schema.createIndex('rectifications_due').on('rectifications').columns(['status', 'due_day']).execute();
  await db.schema.createIndex('rectifications_batch').on('rectifications').column('batch').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectifications').execute();
}
