import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitOwned } from './columns';

/** 责任清单 entries per unit and year, and 责任书 with who is to sign and who has. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('duty_items').$call(unitOwned)
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('category', 'varchar(50)')
    .addColumn('leader_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('department_ids', 'text', (c) => c.notNull())
    .addColumn('departments_text', 'varchar(200)')
    .addColumn('basis', 'varchar(300)')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('duty_items_unit_year').on('duty_items').columns(['unit_id', 'year']).execute();

  await db.schema.createTable('agreements').$call(unitOwned)
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('issued_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'text')
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('agreements_unit_year').on('agreements').columns(['unit_id', 'year']).execute();

  await db.schema.createTable('agreement_signatories').$call(idKey)
    .addColumn('agreement_id', 'varchar(40)', (c) => c.notNull().references('agreements.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.references('units.id'))
    .addColumn('person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('signed_day', 'varchar(10)')
    .addColumn('signed_by_name', 'varchar(200)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreement_signatories_agreement').on('agreement_signatories').column('agreement_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['agreement_signatories', 'agreements', 'duty_items']) await db.schema.dropTable(t).execute();
}
