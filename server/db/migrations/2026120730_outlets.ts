import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitIndex, unitOwned } from './columns';

/**
 * 阵地 and 信息发布审核: the registry of a unit's own outlets and their lifecycle steps; posts
 * with their revisions, review steps, proofreading hits, publication per outlet and corrections;
 * the units' own proofreading rules (the starter set lives in code).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('outlets').$call(unitOwned)
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('platform', 'varchar(50)')
    .addColumn('account', 'varchar(300)')
    .addColumn('host_unit', 'varchar(100)')
    .addColumn('ops_unit', 'varchar(100)')
    .addColumn('manager_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('editors', 'varchar(300)')
    .addColumn('icp_no', 'varchar(40)')
    .addColumn('psb_no', 'varchar(40)')
    .addColumn('domain', 'varchar(200)')
    .addColumn('domain_expires', 'varchar(10)')
    .addColumn('filing_expires', 'varchar(10)')
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mlps_grade', 'integer')
    .addColumn('mlps_assessed_on', 'varchar(10)')
    .addColumn('contract_expires', 'varchar(10)')
    .addColumn('purpose', 'varchar(300)')
    .addColumn('rules', 'text')
    .addColumn('terminal_count', 'integer')
    .addColumn('quiet_days', 'integer')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('status_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by_name', 'varchar(200)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'outlets');

  await db.schema.createTable('outlet_events').$call(idKey)
    .addColumn('outlet_id', 'varchar(40)', (c) => c.notNull().references('outlets.id'))
    .addColumn('from_status', 'varchar(20)')
    .addColumn('to_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence', 'varchar(500)')
    .addColumn('actor_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outlet_events_outlet').on('outlet_events').column('outlet_id').execute();

  await db.schema.createTable('proof_rules').$call(unitOwned)
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('pattern', 'varchar(200)', (c) => c.notNull())
    .addColumn('correct', 'varchar(200)', (c) => c.notNull())
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('severity', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('must_match', 'text', (c) => c.notNull())
    .addColumn('must_not_match', 'text', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'proof_rules');

  await db.schema.createTable('posts').$call(unitOwned)
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('important', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('planned_at', 'varchar(10)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('step_index', 'integer')
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('author_account_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('author_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('last_reject_reason', 'text')
    .addColumn('submitted_at', 'varchar(30)')
    .addColumn('approved_at', 'varchar(30)')
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('posts_unit').on('posts').columns(['unit_id', 'status']).execute();

  await db.schema.createTable('post_revisions').$call(idKey)
    .addColumn('post_id', 'varchar(40)', (c) => c.notNull().references('posts.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_revisions_post').on('post_revisions').columns(['post_id', 'revision']).unique().execute();

  await db.schema.createTable('post_steps').$call(idKey)
    .addColumn('post_id', 'varchar(40)', (c) => c.notNull().references('posts.id'))
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('step_key', 'varchar(20)', (c) => c.notNull())
    .addColumn('label', 'varchar(20)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('decision', 'varchar(10)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('actor_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('read_through', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_secret', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_steps_post').on('post_steps').column('post_id').execute();

  await db.schema.createTable('post_hits').$call(idKey)
    .addColumn('post_id', 'varchar(40)', (c) => c.notNull().references('posts.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'varchar(60)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('pattern', 'varchar(200)', (c) => c.notNull())
    .addColumn('start_pos', 'integer', (c) => c.notNull())
    .addColumn('end_pos', 'integer', (c) => c.notNull())
    .addColumn('matched', 'varchar(400)', (c) => c.notNull())
    .addColumn('correct', 'varchar(200)', (c) => c.notNull())
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('severity', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('ack_by_name', 'varchar(200)')
    .addColumn('ack_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('post_hits_post').on('post_hits').columns(['post_id', 'revision']).execute();

  await db.schema.createTable('post_targets').$call(idKey)
    .addColumn('post_id', 'varchar(40)', (c) => c.notNull().references('posts.id'))
    .addColumn('outlet_id', 'varchar(40)', (c) => c.notNull().references('outlets.id'))
    .addColumn('published_on', 'varchar(10)')
    .addColumn('url', 'varchar(500)')
    .addColumn('published_by_name', 'varchar(200)')
    .addColumn('published_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('post_targets_post').on('post_targets').columns(['post_id', 'outlet_id']).unique().execute();
  await db.schema.createIndex('post_targets_outlet').on('post_targets').columns(['outlet_id', 'published_on']).execute();

  await db.schema.createTable('post_corrections').$call(unitOwned)
    .addColumn('post_id', 'varchar(40)', (c) => c.notNull().references('posts.id'))
    .addColumn('wrong', 'text', (c) => c.notNull())
    .addColumn('severity', 'varchar(10)', (c) => c.notNull())
    .addColumn('found_by', 'varchar(20)', (c) => c.notNull())
    .addColumn('found_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('fixed_on', 'varchar(10)')
    .addColumn('note', 'text')
    .addColumn('created_by_name', 'varchar(200)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('post_corrections_post').on('post_corrections').column('post_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['post_corrections', 'post_targets', 'post_hits', 'post_steps', 'post_revisions', 'posts', 'proof_rules', 'outlet_events', 'outlets']) {
    await db.schema.dropTable(t).execute();
  }
}
