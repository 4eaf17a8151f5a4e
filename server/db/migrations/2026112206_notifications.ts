import type { Kysely } from 'kysely';
import { idKey } from './columns';

/** In-app notifications: one row per account and dedupe key, so a reminder reaches a person once. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('notifications').$call(idKey)
    .addColumn('account_id', 'varchar(40)', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('link', 'varchar(500)')
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('due_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(30)')
    .execute();
  // The dedupe guarantee: the same reminder never reaches the same account twice, even from two servers.
  await db.schema.createIndex('notifications_account_key').on('notifications').columns(['account_id', 'key']).unique().execute();
  await db.schema.createIndex('notifications_key').on('notifications').column('key').execute();
  await db.schema.createIndex('notifications_account_created').on('notifications').columns(['account_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
}
