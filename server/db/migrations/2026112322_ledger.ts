import type { Kysely } from 'kysely';
import { recordColumns, unitIndex, unitOwned } from './columns';

/** Activity entries (台账) with their participants, annual targets per type, emergency plans. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('emergency_plans').$call(unitOwned)
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('version_label', 'varchar(50)', (c) => c.notNull())
    .addColumn('effective_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('note', 'text')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'emergency_plans');

  await db.schema.createTable('ledger_entries').$call(unitOwned)
    .addColumn('type', 'varchar(30)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('topic', 'varchar(200)', (c) => c.notNull())
    .addColumn('on_topic', 'integer', (c) => c.notNull())
    .addColumn('others_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('host_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('summary', 'text')
    .addColumn('minutes', 'text')
    .addColumn('plan_id', 'varchar(40)', (c) => c.references('emergency_plans.id'))
    .addColumn('created_by_name', 'varchar(200)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('ledger_entries_unit_day').on('ledger_entries').columns(['unit_id', 'day']).execute();
  await db.schema.createIndex('ledger_entries_type_day').on('ledger_entries').columns(['type', 'day']).execute();
  await db.schema.createIndex('ledger_entries_plan').on('ledger_entries').column('plan_id').execute();

  await db.schema.createTable('ledger_participants')
    .addColumn('entry_id', 'varchar(40)', (c) => c.notNull().references('ledger_entries.id'))
    .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id'))
    .addPrimaryKeyConstraint('ledger_participants_pk', ['entry_id', 'person_id'])
    .execute();

  await db.schema.createTable('annual_targets').$call(unitOwned)
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scope', 'varchar(20)', (c) => c.notNull())
    .addColumn('type', 'varchar(30)', (c) => c.notNull())
    .addColumn('min_total', 'integer', (c) => c.notNull())
    .addColumn('min_on_topic', 'integer', (c) => c.notNull())
    .addColumn('min_per_quarter', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('annual_targets_key').on('annual_targets').columns(['unit_id', 'year', 'scope', 'type']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['annual_targets', 'ledger_participants', 'ledger_entries', 'emergency_plans']) await db.schema.dropTable(t).execute();
}
