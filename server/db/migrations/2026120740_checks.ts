import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitIndex, unitOwned, versioned } from './columns';

/**
 * 自查与考核: checklist frameworks per unit and year (their sections and items kept as one JSON
 * document, copied whole into each campaign and self-inspection so an assessment keeps the
 * version it used), campaigns, assessments (one per unit; a self-inspection has no campaign),
 * the answers item by item, accountability records (问责) and the unit's list of 情形.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('check_frameworks')
    .$call(unitOwned)
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('total_points', 'double precision', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('based_on_id', 'varchar(40)')
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('check_frameworks_unit_year').on('check_frameworks').columns(['unit_id', 'year']).unique().execute();

  await db.schema.createTable('check_campaigns')
    .$call(unitOwned)
    .addColumn('framework_id', 'varchar(40)', (c) => c.notNull().references('check_frameworks.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('from_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('unit_kinds', 'text', (c) => c.notNull())
    .addColumn('bands', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('total_points', 'double precision', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('published_at', 'varchar(30)')
    .addColumn('created_by', 'varchar(100)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'check_campaigns');

  await db.schema.createTable('check_assessments')
    .$call(unitOwned)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('campaign_id', 'varchar(40)', (c) => c.references('check_campaigns.id'))
    .addColumn('framework_id', 'varchar(40)', (c) => c.notNull().references('check_frameworks.id'))
    .addColumn('content', 'text')
    .addColumn('total_points', 'double precision', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('from_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('submitted_at', 'varchar(30)')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'check_assessments');
  await db.schema.createIndex('check_assessments_campaign').on('check_assessments').columns(['campaign_id', 'unit_id']).unique().execute();

  await db.schema.createTable('check_answers')
    .$call(idKey)
    .addColumn('assessment_id', 'varchar(40)', (c) => c.notNull().references('check_assessments.id'))
    .addColumn('item_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('passed', 'integer')
    .addColumn('occurrences', 'integer')
    .addColumn('grade', 'varchar(20)')
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('computed', 'text')
    .addColumn('method', 'varchar(20)')
    .addColumn('note', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('answered_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('rectification_id', 'varchar(40)')
    .$call(versioned)
    .execute();
  await db.schema.createIndex('check_answers_item').on('check_answers').columns(['assessment_id', 'item_key']).unique().execute();
  await db.schema.createIndex('check_answers_rect').on('check_answers').column('rectification_id').execute();

  await db.schema.createTable('check_accountability')
    .$call(unitOwned)
    .addColumn('situation', 'varchar(200)', (c) => c.notNull())
    .addColumn('target_unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('person_name', 'varchar(50)')
    .addColumn('liable', 'varchar(10)', (c) => c.notNull())
    .addColumn('responsibility', 'varchar(20)', (c) => c.notNull())
    .addColumn('form', 'varchar(20)', (c) => c.notNull())
    .addColumn('decided_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('decision_doc', 'varchar(200)', (c) => c.notNull())
    .addColumn('dissent', 'text')
    .addColumn('filed_on', 'varchar(10)')
    .addColumn('receipt', 'varchar(200)')
    .addColumn('no_honours', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('campaign_id', 'varchar(40)')
    .addColumn('created_by', 'varchar(100)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'check_accountability');

  await db.schema.createTable('check_situations')
    .$call(idKey)
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('label', 'varchar(200)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await unitIndex(db, 'check_situations');
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['check_situations', 'check_accountability', 'check_answers', 'check_assessments', 'check_campaigns', 'check_frameworks']) {
    await db.schema.dropTable(t).execute();
  }
}
