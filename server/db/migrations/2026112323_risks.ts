import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitOwned } from './columns';

/** Risk points with their reviews, and 重大决策舆情风险评估 records. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('risk_points').$call(unitOwned)
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('area', 'varchar(30)', (c) => c.notNull())
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('owner_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('review_months', 'integer', (c) => c.notNull())
    .addColumn('next_review_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('risk_points_unit').on('risk_points').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('risk_points_review').on('risk_points').columns(['status', 'next_review_day']).execute();

  await db.schema.createTable('risk_reviews').$call(idKey)
    .addColumn('risk_id', 'varchar(40)', (c) => c.notNull().references('risk_points.id'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('level_before', 'varchar(20)', (c) => c.notNull())
    .addColumn('level_after', 'varchar(20)', (c) => c.notNull())
    .addColumn('next_review_day', 'varchar(10)')
    .addColumn('reviewer_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_reviews_risk').on('risk_reviews').columns(['risk_id', 'day']).execute();

  await db.schema.createTable('risk_assessments').$call(unitOwned)
    .addColumn('subject', 'varchar(200)', (c) => c.notNull())
    .addColumn('decision_day', 'varchar(10)')
    .addColumn('assessed_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addColumn('risks', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('conclusion', 'varchar(20)', (c) => c.notNull())
    .addColumn('assessor', 'varchar(100)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('risk_assessments_unit').on('risk_assessments').columns(['unit_id', 'assessed_day']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['risk_assessments', 'risk_reviews', 'risk_points']) await db.schema.dropTable(t).execute();
}
