import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitIndex, unitOwned } from './columns';

/**
 * 制度文件库: the rules a unit issues (title, 文号, issuing body, effective, repeal and review
 * days) with their versions (each revision with its file), and an emergency plan's link to the
 * rule it implements.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rules').$call(unitOwned)
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('category', 'varchar(30)', (c) => c.notNull())
    .addColumn('doc_number', 'varchar(100)')
    .addColumn('issuer', 'varchar(200)', (c) => c.notNull())
    .addColumn('adopted_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('effective_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('repeal_day', 'varchar(10)')
    .addColumn('review_day', 'varchar(10)')
    .addColumn('note', 'text')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'rules');
  await db.schema.createIndex('rules_days').on('rules').columns(['effective_day', 'repeal_day']).execute();

  await db.schema.createTable('rule_versions').$call(idKey)
    .addColumn('rule_id', 'varchar(40)', (c) => c.notNull().references('rules.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('doc_number', 'varchar(100)')
    .addColumn('effective_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('created_by_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rule_versions_seq').on('rule_versions').columns(['rule_id', 'seq']).unique().execute();

  await db.schema.alterTable('emergency_plans').addColumn('rule_id', 'varchar(40)', (c) => c.references('rules.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('emergency_plans').dropColumn('rule_id').execute();
  for (const t of ['rule_versions', 'rules']) await db.schema.dropTable(t).execute();
}
