import type { Kysely } from 'kysely';

/**
 * A session of an account that must use two factors but has not enrolled yet: it may only bind
 * an authenticator (and sign out) until it has.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('two_factor_pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('two_factor_pending').execute();
}
