import type { Kysely } from 'kysely';
import { recordColumns, unitIndex, unitOwned } from './columns';

/**
 * Feeds a unit watches and the clues (线索) their matching items became. A clue is unique per
 * unit and item (its link, else its id in the feed), so the same item is never queued twice,
 * even when two of the unit's feeds carry it or two servers poll at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('feeds').$call(unitOwned)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('rule_any', 'text', (c) => c.notNull())
    .addColumn('rule_all', 'text', (c) => c.notNull())
    .addColumn('rule_none', 'text', (c) => c.notNull())
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('etag', 'varchar(300)')
    .addColumn('last_modified', 'varchar(100)')
    .addColumn('last_polled_at', 'varchar(30)')
    .addColumn('last_status', 'varchar(20)')
    .addColumn('last_error', 'varchar(500)')
    .addColumn('last_new_clues', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fail_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'varchar(30)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'feeds');
  await db.schema.createIndex('feeds_due').on('feeds').columns(['enabled', 'next_poll_at']).execute();

  await db.schema.createTable('clues').$call(unitOwned)
    .addColumn('feed_id', 'varchar(40)', (c) => c.notNull().references('feeds.id'))
    .addColumn('item_key', 'varchar(500)', (c) => c.notNull())
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('link', 'varchar(2000)')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('published_at', 'varchar(30)')
    .addColumn('hits', 'varchar(1000)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('handled_by', 'varchar(200)')
    .addColumn('handled_at', 'varchar(30)')
    .addColumn('note', 'varchar(500)')
    .addColumn('case_id', 'varchar(40)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clues_unit_item').on('clues').columns(['unit_id', 'item_key']).unique().execute();
  await db.schema.createIndex('clues_unit_state').on('clues').columns(['unit_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('clues_feed').on('clues').column('feed_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clues').execute();
  await db.schema.dropTable('feeds').execute();
}
