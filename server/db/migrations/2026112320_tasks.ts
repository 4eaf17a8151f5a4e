import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitOwned } from './columns';

/**
 * Tasks (任务台账) and their progress notes. An assignment to many units is a parent task in
 * the assigning unit with one child per receiving unit. An ongoing task (长期坚持) has no due
 * day but a check-in each month or quarter; `last_checkin_period` keeps the latest one so a
 * missed check-in can be found with an index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('tasks').$call(unitOwned)
    .addColumn('owner_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('parent_id', 'varchar(40)', (c) => c.references('tasks.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('source', 'varchar(30)', (c) => c.notNull())
    .addColumn('basis', 'varchar(300)')
    .addColumn('start_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('due_days', 'integer')
    .addColumn('due_day', 'varchar(10)')
    .addColumn('recurrence', 'varchar(20)')
    .addColumn('last_checkin_period', 'varchar(10)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('completed_day', 'varchar(10)')
    .addColumn('completion_note', 'text')
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('tasks_unit').on('tasks').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('tasks_parent').on('tasks').column('parent_id').execute();
  await db.schema.createIndex('tasks_due').on('tasks').columns(['status', 'due_day']).execute();

  await db.schema.createTable('task_progress').$call(idKey)
    .addColumn('task_id', 'varchar(40)', (c) => c.notNull().references('tasks.id'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('period', 'varchar(10)')
    .addColumn('author_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('author_unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_progress_task').on('task_progress').columns(['task_id', 'day']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('task_progress').execute();
  await db.schema.dropTable('tasks').execute();
}
