import type { Kysely } from 'kysely';

/**
 * Two-factor sign-in (TOTP, RFC 6238): the account's secret once enrolled, the secret being
 * enrolled, the last time step used (a code works once), one-time recovery codes (hashed), and
 * the short-lived tickets between the password step and the code step.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('totp_secret', 'varchar(64)').execute();
  await db.schema.alterTable('accounts').addColumn('totp_pending', 'varchar(64)').execute();
  await db.schema.alterTable('accounts').addColumn('totp_enabled_at', 'varchar(30)').execute();
  await db.schema.alterTable('accounts').addColumn('totp_last_step', 'bigint').execute();
  await db.schema.createTable('recovery_codes')
    .addColumn('account_id', 'varchar(40)', (c) => c.notNull().references('accounts.id'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['account_id', 'code_hash'])
    .execute();
  await db.schema.createTable('login_tickets')
    .addColumn('ticket_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(40)', (c) => c.notNull().references('accounts.id'))
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_tickets').execute();
  await db.schema.dropTable('recovery_codes').execute();
  for (const c of ['totp_last_step', 'totp_enabled_at', 'totp_pending', 'totp_secret']) await db.schema.alterTable('accounts').dropColumn(c).execute();
}
