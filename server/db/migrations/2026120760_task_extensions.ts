import type { Kysely } from 'kysely';
import { idKey, versioned } from './columns';

/**
 * 申请延期: a unit that received an assigned task asks the assigning unit for a later deadline;
 * the assigner approves or refuses. One row per request, kept after the decision.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('task_extensions')
    .$call(idKey)
    .addColumn('task_id', 'varchar(40)', (c) => c.notNull().references('tasks.id'))
    .addColumn('from_day', 'varchar(10)')
    .addColumn('due_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('requested_unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('decided_by', 'varchar(100)')
    .addColumn('decision_note', 'text')
    .addColumn('decided_at', 'varchar(30)')
    .$call(versioned)
    .execute();
  await db.schema.createIndex('task_extensions_task').on('task_extensions').column('task_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('task_extensions').execute();
}
