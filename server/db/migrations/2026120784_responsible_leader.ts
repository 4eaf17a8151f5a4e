import type { Kysely } from 'kysely';

/** 责任领导 beside the owner unit and person, as the units' tables have it: on tasks and rectifications (duty items have leader_person_id). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('responsible_leader_id', 'varchar(40)', (c) => c.references('people.id')).execute();
  await db.schema.alterTable('rectifications').addColumn('responsible_leader_id', 'varchar(40)', (c) => c.references('people.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rectifications').dropColumn('responsible_leader_id').execute();
  await db.schema.alterTable('tasks').dropColumn('responsible_leader_id').execute();
}
