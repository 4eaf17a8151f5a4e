import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitIndex, unitOwned, versioned } from './columns';

/**
 * 信息报送与采用: items a unit sends up to its superior (舆情信息, 工作信息, 新闻稿件) with the
 * outcome the receiving unit records (采用, 摘报采用, 刊发 and where, 未采用), and the monthly
 * quotas superiors set for the units below them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('info_items')
    .$call(unitOwned)
    .addColumn('to_unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sent_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(20)')
    .addColumn('outcome_where', 'varchar(200)')
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_day', 'varchar(10)')
    .addColumn('outcome_by', 'varchar(100)')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'info_items');
  await db.schema.createIndex('info_items_to_unit').on('info_items').columns(['to_unit_id', 'sent_day']).execute();
  await db.schema.createIndex('info_items_sent_day').on('info_items').column('sent_day').execute();

  await db.schema.createTable('info_quotas')
    .$call(idKey)
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id').unique())
    .addColumn('set_by_unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('min_per_month', 'integer', (c) => c.notNull())
    .$call(versioned)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('info_quotas').execute();
  await db.schema.dropTable('info_items').execute();
}
