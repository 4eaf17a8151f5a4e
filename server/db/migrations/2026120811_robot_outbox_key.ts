import type { Kysely } from 'kysely';

/**
 * The event key on each robot message, unique per robot: an event or reminder announced again
 * (the reminders job's next run, a second server) adds no second message for the same group.
 * Rows written before have no key (null keys never clash).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('robot_outbox').addColumn('key', 'varchar(200)').execute();
  await db.schema.createIndex('robot_outbox_robot_key').on('robot_outbox').columns(['robot_id', 'key']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('robot_outbox_robot_key').execute();
  await db.schema.alterTable('robot_outbox').dropColumn('key').execute();
}
