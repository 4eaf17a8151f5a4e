import type { Kysely } from 'kysely';

/**
 * A public reply waiting for a second person's approval (a unit's setting, cases/reply-approval.ts):
 * the text, who wrote it and when. The reply reaches the citizen (public_reply) only when
 * someone else approves it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_events').addColumn('reply_draft', 'text').execute();
  await db.schema.alterTable('case_events').addColumn('reply_draft_by', 'varchar(40)').execute();
  await db.schema.alterTable('case_events').addColumn('reply_draft_by_name', 'varchar(100)').execute();
  await db.schema.alterTable('case_events').addColumn('reply_draft_at', 'varchar(30)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_events').dropColumn('reply_draft_at').execute();
  await db.schema.alterTable('case_events').dropColumn('reply_draft_by_name').execute();
  await db.schema.alterTable('case_events').dropColumn('reply_draft_by').execute();
  await db.schema.alterTable('case_events').dropColumn('reply_draft').execute();
}
