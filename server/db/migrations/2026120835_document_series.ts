import type { Kysely } from 'kysely';
import { versioned } from './columns';

/**
 * 舆情专报 as a numbered series, and a unit's document settings:
 * - `document_serials`: the last number given in a unit's series for a year (第N期), raised by one
 *   conditional UPDATE inside the draft's transaction, so two briefs generated at once get two numbers;
 * - `document_drafts.serial_year/serial_no`: the number a brief was given, once (unique per unit and year);
 * - `document_settings`: per unit, the handling mark printed on documents and packs (内部资料, 注意保存),
 *   whether exports carry a watermark, and the brief's 报头 and 报送范围.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('document_serials')
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('series', 'varchar(20)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('document_serials_pk', ['unit_id', 'series', 'year'])
    .execute();
  await db.schema.alterTable('document_drafts').addColumn('serial_year', 'integer').execute();
  await db.schema.alterTable('document_drafts').addColumn('serial_no', 'integer').execute();
  await db.schema.createIndex('document_drafts_serial').on('document_drafts').columns(['unit_id', 'serial_year', 'serial_no']).unique().execute();
  await db.schema.createTable('document_settings')
    .addColumn('unit_id', 'varchar(40)', (c) => c.primaryKey().references('units.id'))
    .addColumn('mark', 'varchar(40)')
    .addColumn('watermark', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('brief_masthead', 'varchar(40)')
    .addColumn('brief_distribution', 'varchar(300)')
    .addColumn('updated_by_name', 'varchar(100)', (c) => c.notNull())
    .$call(versioned)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document_settings').execute();
  await db.schema.dropIndex('document_drafts_serial').execute();
  await db.schema.alterTable('document_drafts').dropColumn('serial_no').execute();
  await db.schema.alterTable('document_drafts').dropColumn('serial_year').execute();
  await db.schema.dropTable('document_serials').execute();
}
