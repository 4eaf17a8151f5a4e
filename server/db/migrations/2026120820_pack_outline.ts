import { type Kysely, sql } from 'kysely';

/**
 * A pack may be arranged by a checklist framework (one folder per item) instead of the topic
 * folders: the framework's id on the pack. One running build per unit, period and arrangement.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('packs').addColumn('outline_id', 'varchar(40)').execute();
  await db.schema.dropIndex('packs_running').execute();
  await sql`create unique index packs_running on packs (unit_id, from_day, to_day, coalesce(outline_id, '')) where status in ('queued', 'building')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('packs_running').execute();
  await db.schema.alterTable('packs').dropColumn('outline_id').execute();
  await sql`create unique index packs_running on packs (unit_id, from_day, to_day) where status in ('queued', 'building')`.execute(db);
}
