import type { Kysely } from 'kysely';
import { recordColumns, unitIndex, unitOwned } from './columns';

/**
 * 通知/通报 sent down the tree: the notice belongs to the sending unit; one receipt row per
 * receiving unit records who read it and when.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('notices')
    .$call(unitOwned)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'varchar(40)', (c) => c.notNull())
    .addColumn('sent_by_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'notices');
  await db.schema.createTable('notice_receipts')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('notice_id', 'varchar(40)', (c) => c.notNull().references('notices.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('read_at', 'varchar(30)')
    .addColumn('read_by', 'varchar(40)')
    .addColumn('read_by_name', 'varchar(100)')
    .execute();
  await db.schema.createIndex('notice_receipts_notice_unit').on('notice_receipts').columns(['notice_id', 'unit_id']).unique().execute();
  await db.schema.createIndex('notice_receipts_unit').on('notice_receipts').columns(['unit_id', 'read_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_receipts').execute();
  await db.schema.dropTable('notices').execute();
}
