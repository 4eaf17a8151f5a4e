import { type Kysely, sql } from 'kysely';
import { unitOwned } from './columns';

/**
 * Inspection packs (迎检材料包): one row per build of a unit's pack for a period, with its
 * progress, its outcome and the finished file under the data directory.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('packs').$call(unitOwned)
    .addColumn('from_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_day', 'varchar(10)', (c) => c.notNull())
    /** queued | building | done | failed | expired */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    /** Relative to the data directory, e.g. packs/<id>.zip; null until done and after expiry. */
    .addColumn('file_path', 'varchar(200)')
    .addColumn('size', 'bigint')
    .addColumn('file_count', 'integer')
    .addColumn('created_by', 'varchar(40)', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)')
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('expires_at', 'varchar(30)')
    /** Touched while a build runs: a building row that stops being touched was interrupted. */
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('packs_unit').on('packs').columns(['unit_id', 'created_at']).execute();
  await db.schema.createIndex('packs_status').on('packs').columns(['status', 'updated_at']).execute();
  // At most one build at a time for a unit and period: a double click gets the running one.
  await sql`create unique index packs_running on packs (unit_id, from_day, to_day) where status in ('queued', 'building')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('packs').execute();
}
