import { TASK_SOURCES, TASK_STATUSES, type TaskFigures, type TaskSource, type TaskStatus } from '../../../common/tasks';
import type { Database } from '../../db';
import { inSubtreeOf } from '../../platform/scope';
import { sql } from 'kysely';
import { overdueCondition, overdueOf, today } from './service';

import type { Range } from '../../platform/period';

export type { Range };

/**
 * The task counts documents and checks use, for a unit subtree and a period. Tasks "in the
 * period" are those started in it or due in it; children of an assignment count at their own
 * unit, the assignment itself (the parent) is not counted again.
 */
export async function taskFigures(db: Database, r: Range): Promise<TaskFigures> {
  const base = db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath))
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

/** The day overdue is judged on for a period: today, or the period's last day when it has ended. */
export function asOfDay(r: Range): string {
  return today() < r.to ? today() : r.to;
}

export interface OpenTaskItem {
  id: string;
  title: string;
  unitName: string;
  ownerName: string | null;
  dueDay: string | null;
  recurrence: string | null;
  overdueDays: number;
}

/**
 * Open tasks of the subtree (not done, not archived, children of an assignment at their own
 * unit), overdue first then by due day, with how late each is on the period's as-of day. The
 * same tasks `overdueOpen` counts are the ones with overdueDays > 0 (plus ongoing ones that
 * missed a check-in, which count 0 days when the period they missed has not ended a day ago).
 */
export async function openTasks(db: Database, r: Range, limit = 50): Promise<{ items: OpenTaskItem[]; total: number; overdue: OpenTaskItem[] }> {
  const day = asOfDay(r);
  const base = db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .leftJoin('people as p', 'p.id', 't.owner_person_id')
    .where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath))
    .where('t.archived_at', 'is', null)
    .where('t.status', '!=', 'done')
    .where('t.start_day', '<=', r.to)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))));
  const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const overdueRows = await base
    .where(overdueCondition(day) as never)
    .select(['t.id', 't.title', 'u.name as unit_name', 'p.name as owner_name', 't.due_day', 't.recurrence', 't.status', 't.start_day', 't.last_checkin_period', 't.archived_at'])
    .orderBy('t.due_day')
    .limit(limit)
    .execute();
  const rows = await base
    .select(['t.id', 't.title', 'u.name as unit_name', 'p.name as owner_name', 't.due_day', 't.recurrence', 't.status', 't.start_day', 't.last_checkin_period', 't.archived_at'])
    .orderBy(sql`coalesce(t.due_day, '9999-12-31')`)
    .orderBy('t.title')
    .limit(limit)
    .execute();
  const toItem = (t: (typeof rows)[number]): OpenTaskItem => ({
    id: t.id, title: t.title, unitName: t.unit_name, ownerName: t.owner_name ?? null, dueDay: t.due_day, recurrence: t.recurrence,
    overdueDays: overdueOf(t, day).days,
  });
  return { items: rows.map(toItem), total: Number(total.n), overdue: overdueRows.map(toItem) };
}
