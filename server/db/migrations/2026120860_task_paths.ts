import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * Home's figures at province scale (issue 15). Each task keeps a copy of its unit's path
 * (`unit_path`, declared in the tasks module's `unitPathCopies` so that moving a unit rewrites
 * it): the task figures, the tasks chart and the ranking's 按期完成率 read a subtree's tasks as one
 * range on `tasks_figures`, which also holds every column they count with, instead of one lookup
 * of the unit per task (at the province root: a scan of the table checked against 16,000 unit ids).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.schema.alterTable('tasks').addColumn('unit_path', 'varchar(1000)', (c) => c.notNull().defaultTo('').modifyEnd(pg ? sql`collate "C"` : sql``)).execute();
  await sql`update tasks set unit_path = (select path from units where units.id = tasks.unit_id)`.execute(db);
  await sql`create index if not exists tasks_figures on tasks (unit_path, start_day, due_day, status, completed_day, archived_at, recurrence, last_checkin_period, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_figures').execute();
  await db.schema.alterTable('tasks').dropColumn('unit_path').execute();
}
