import type { Kysely } from 'kysely';

/** Admin corrections to the Chinese working-day calendar. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('calendar_overrides')
    .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('workday', 'integer', (c) => c.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(40)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_overrides').execute();
}
