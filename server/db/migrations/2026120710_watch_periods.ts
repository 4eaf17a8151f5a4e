import type { Kysely } from 'kysely';
import { recordColumns, unitIndex, unitOwned } from './columns';

/**
 * 敏感时期: named date ranges a superior declares for its subtree (元旦, 春节, 全国两会, 国庆,
 * its own). The reporting module expects the daily report from every unit in scope on each of
 * their days; the watch module requires a complete 24-hour duty roster for them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('watch_periods')
    .$call(unitOwned)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'varchar(40)')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'watch_periods');
  await db.schema.createIndex('watch_periods_days').on('watch_periods').columns(['starts_on', 'ends_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('watch_periods').execute();
}
