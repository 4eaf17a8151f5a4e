import type { Kysely } from 'kysely';

/**
 * 发文机关署名: the name a unit signs its documents with (e.g. 中共示例县委网信办), which is seldom
 * the unit's own name (示例县). Unset, documents sign with the unit's name and the preview says so.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').addColumn('office_name', 'varchar(60)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('office_name').execute();
}
