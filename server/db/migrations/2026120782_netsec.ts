import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitIndex, unitOwned } from './columns';

/**
 * 网络安全 basics per unit: terminals by network (内网, 外网; 涉密 networks stay outside netduty)
 * and the measures in place; maintenance contracts with third parties; findings of a security
 * inspection (an activity entry of type security_inspection), each raised as a rectification.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('netsec_profiles').$call(unitOwned)
    .addColumn('intranet_terminals', 'integer', (c) => c.notNull())
    .addColumn('internet_terminals', 'integer', (c) => c.notNull())
    .addColumn('measures', 'varchar(200)', (c) => c.notNull())
    .addColumn('other_measure', 'varchar(200)')
    .addColumn('checked_day', 'varchar(10)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('netsec_profiles_unit').on('netsec_profiles').column('unit_id').unique().execute();

  await db.schema.createTable('netsec_contracts').$call(unitOwned)
    .addColumn('vendor', 'varchar(200)', (c) => c.notNull())
    .addColumn('scope', 'varchar(500)', (c) => c.notNull())
    .addColumn('signed_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('expires_day', 'varchar(10)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'netsec_contracts');

  await db.schema.createTable('security_findings').$call(idKey)
    .addColumn('entry_id', 'varchar(40)', (c) => c.notNull().references('ledger_entries.id'))
    .addColumn('rectification_id', 'varchar(40)', (c) => c.notNull().references('rectifications.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_findings_entry').on('security_findings').column('entry_id').execute();
  await db.schema.createIndex('security_findings_rect').on('security_findings').column('rectification_id').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['security_findings', 'netsec_contracts', 'netsec_profiles']) await db.schema.dropTable(t).execute();
}
