import { TASK_SOURCES, TASK_STATUSES, type TaskFigures, type TaskSource, type TaskStatus } from '../../../common/tasks';
import type { Database } from '../../db';
import { subtreeFilter } from '../../platform/scope';
import { overdueCondition, today } from './service';

export interface Range {
  /** Subtree root: the unit's materialised path. */
  unitPath: string;
  /** Shanghai days, inclusive. */
  from: string;
  to: string;
}

/**
 * The task counts documents and checks use, for a unit subtree and a period. Tasks "in the
 * period" are those started in it or due in it; children of an assignment count at their own
 * unit, the assignment itself (the parent) is not counted again.
 */
export async function taskFigures(db: Database, r: Range): Promise<TaskFigures> {
  const base = db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .where(subtreeFilter<any, any>('u.path', r.unitPath))
    .where('t.archived_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))));
  const inPeriod = base.where((eb) => eb.or([eb.between('t.start_day', r.from, r.to), eb.between('t.due_day', r.from, r.to)]));
  const rows = await inPeriod.select(['t.status', 't.source', 't.due_day', 't.completed_day']).execute();
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const bySource = Object.fromEntries(TASK_SOURCES.map((s) => [s, 0])) as Record<TaskSource, number>;
  let dueInPeriod = 0;
  let onTime = 0;
  let late = 0;
  for (const t of rows) {
    byStatus[t.status as TaskStatus]++;
    bySource[t.source as TaskSource]++;
    if (t.due_day && t.due_day >= r.from && t.due_day <= r.to) dueInPeriod++;
    if (t.status === 'done' && t.due_day && t.completed_day) {
      if (t.completed_day <= t.due_day) onTime++;
      else late++;
    }
  }
  const overdue = await base.where(overdueCondition(today() < r.to ? today() : r.to) as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return {
    total: rows.length, byStatus, bySource, dueInPeriod, completedOnTime: onTime, completedLate: late,
    onTimeRate: onTime + late > 0 ? onTime / (onTime + late) : null, overdueOpen: Number(overdue.n),
  };
}
