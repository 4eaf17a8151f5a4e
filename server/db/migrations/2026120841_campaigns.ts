import type { Kysely } from 'kysely';
import { recordColumns, unitIndex, unitOwned } from './columns';

/**
 * Named campaigns (专项行动, e.g. 清朗 or a local one): a unit names one for its subtree; tasks and
 * activity entries of that subtree may carry it, and figures and the summary count by it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('campaigns').$call(unitOwned)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'varchar(500)')
    .addColumn('from_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_day', 'varchar(10)')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'campaigns');
  await db.schema.alterTable('tasks').addColumn('campaign_id', 'varchar(40)', (c) => c.references('campaigns.id')).execute();
  await db.schema.alterTable('ledger_entries').addColumn('campaign_id', 'varchar(40)', (c) => c.references('campaigns.id')).execute();
  await db.schema.createIndex('tasks_campaign').on('tasks').column('campaign_id').execute();
  await db.schema.createIndex('ledger_entries_campaign').on('ledger_entries').column('campaign_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_entries_campaign').execute();
  await db.schema.dropIndex('tasks_campaign').execute();
  await db.schema.alterTable('ledger_entries').dropColumn('campaign_id').execute();
  await db.schema.alterTable('tasks').dropColumn('campaign_id').execute();
  await db.schema.dropTable('campaigns').execute();
}
