import type { Kysely } from 'kysely';

/**
 * Work announces itself: which kinds of in-app notification each person switched off, and the
 * 研判 clock of an event nobody has triaged yet (set at intake from the SLA policy).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('notification_prefs')
    .addColumn('account_id', 'varchar(40)', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'varchar(60)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_prefs_pk', ['account_id', 'kind'])
    .execute();
  await db.schema.alterTable('case_events').addColumn('due_triage_at', 'varchar(30)').execute();
  await db.schema.createIndex('case_events_due_triage').on('case_events').column('due_triage_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('case_events_due_triage').execute();
  await db.schema.alterTable('case_events').dropColumn('due_triage_at').execute();
  await db.schema.dropTable('notification_prefs').execute();
}
