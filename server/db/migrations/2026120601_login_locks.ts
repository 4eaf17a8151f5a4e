import type { Kysely } from 'kysely';

/**
 * Sign-in locks per (login name, client address): failures from one address lock that address
 * out of that name only, so anyone can no longer keep the administrator locked out, and an
 * unknown name locks exactly like a real one. Failures are also looked up per address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('login_locks')
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    /** '' when the address is unknown. */
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('locked_until', 'varchar(30)', (c) => c.notNull())
    /** Failures within the last day when the lock was set, which sets its length (backoff). */
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_locks_pk', ['username', 'ip'])
    .execute();
  await db.schema.createIndex('login_failures_user_ip_at').on('login_failures').columns(['username', 'ip', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_failures_user_ip_at').execute();
  await db.schema.dropTable('login_locks').execute();
}
