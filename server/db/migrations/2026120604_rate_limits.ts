import type { Kysely } from 'kysely';

/**
 * Request counts of the rate limits (sign-in, the public page), kept in the database so that
 * several app servers behind one load balancer enforce one limit, not one limit each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rate_limits')
    .addColumn('key', 'varchar(300)', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_window_start').on('rate_limits').column('window_start').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
