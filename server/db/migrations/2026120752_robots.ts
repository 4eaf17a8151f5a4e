import type { Kysely } from 'kysely';
import { recordColumns, unitIndex, unitOwned } from './columns';

/**
 * Group robots (WeCom, DingTalk, Feishu) of a unit, the outbox of messages written in the same
 * transaction as the event that caused them, and the log of every delivery with the platform's
 * returned code. Webhook URLs and secrets are stored sealed (SM4, DATA_KEY).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('robots')
    .$call(unitOwned)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('provider', 'varchar(20)', (c) => c.notNull())
    .addColumn('webhook_sealed', 'text', (c) => c.notNull())
    .addColumn('webhook_hint', 'varchar(200)', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('keyword', 'varchar(50)')
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('with_titles', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('quiet_from', 'varchar(5)')
    .addColumn('quiet_to', 'varchar(5)')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'robots');
  await db.schema.createTable('robot_outbox')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('robot_id', 'varchar(40)', (c) => c.notNull().references('robots.id'))
    .addColumn('kind', 'varchar(60)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(60)')
    .addColumn('claimed_at', 'varchar(30)')
    .addColumn('delivery_id', 'varchar(40)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('robot_outbox_due').on('robot_outbox').columns(['status', 'next_at']).execute();
  await db.schema.createIndex('robot_outbox_robot').on('robot_outbox').columns(['robot_id', 'status']).execute();
  await db.schema.createTable('robot_deliveries')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('robot_id', 'varchar(40)', (c) => c.notNull().references('robots.id'))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('errcode', 'integer')
    .addColumn('errmsg', 'varchar(500)')
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('test', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('robot_deliveries_robot_at').on('robot_deliveries').columns(['robot_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('robot_deliveries').execute();
  await db.schema.dropTable('robot_outbox').execute();
  await db.schema.dropTable('robots').execute();
}
