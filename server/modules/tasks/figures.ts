import { TASK_SOURCES, TASK_STATUSES, type TaskFigures, type TaskSource, type TaskStatus } from '../../../common/tasks';
import type { Database } from '../../db';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { overdueCondition, overdueOf, today } from './service';

import { asOfDay, type DayRange, type Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { type RatesBelowScope, tallyBelow } from '../../platform/ranking';
import { currentInSubtree } from '../../platform/records';
import { unitIdInSubtree } from '../../platform/scope';
import { dialectOf } from '../../db/dialect';

export type { Range };

/**
 * The task counts documents and checks use, for a unit subtree and a period, judged on the
 * period's as-of day (`asOfDay`): a task completed after it counts as not yet done, so a past
 * period regenerated later gives the same figures. Tasks "in the period" are those started in
 * it or due in it; children of an assignment count at their own unit, the assignment itself
 * (the parent) is not counted again. 按期完成率 = completed on time / completed.
 */
export async function taskFigures(db: Database, r: Range, day = asOfDay(r)): Promise<TaskFigures> {
  const base = db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 't.archived_at' }, r.unitPath))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))));
  // Counted in the statement, by the rules of `timingOf` (a province's period is tens of thousands of tasks).
  const doneByThen = sql`t.status = 'done' and t.completed_day is not null and t.completed_day <> '' and t.completed_day <= ${day}`;
  const timed = sql`${doneByThen} and t.due_day is not null and t.due_day <> ''`;
  const rows = await tasksInPeriod(db, r.unitPath, r)
    .select([
      't.source',
      sql<string>`case when t.status = 'done' and not (${doneByThen}) then 'in_progress' else t.status end`.as('status'),
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when t.due_day is not null and t.due_day <> '' and t.due_day >= ${r.from} and t.due_day <= ${r.to} then 1 else 0 end)`.as('due'),
      sql<number>`sum(case when ${timed} and t.completed_day <= t.due_day then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when ${timed} and t.completed_day > t.due_day then 1 else 0 end)`.as('late'),
    ])
    // By position: PostgreSQL would take the bound day in a repeated expression for another expression.
    .groupBy([sql`1`, sql`2`])
    .execute();
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const bySource = Object.fromEntries(TASK_SOURCES.map((s) => [s, 0])) as Record<TaskSource, number>;
  let total = 0;
  let dueInPeriod = 0;
  let onTime = 0;
  let late = 0;
  for (const t of rows) {
    const n = Number(t.n);
    total += n;
    byStatus[t.status as TaskStatus] += n;
    bySource[t.source as TaskSource] += n;
    dueInPeriod += Number(t.due ?? 0);
    onTime += Number(t.on_time ?? 0);
    late += Number(t.late ?? 0);
  }
  const overdue = await base.where(overdueAsOf(day) as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return {
    total, byStatus, bySource, dueInPeriod, completedOnTime: onTime, completedLate: late,
    onTimeRate: onTime + late > 0 ? onTime / (onTime + late) : null, overdueOpen: Number(overdue.n),
  };
}

/** A task completed by `day` with a due day: on time or late; else null (not counted in 按期完成率). */
function timingOf(t: { status: string; due_day: string | null; completed_day: string | null }, day: string): 'on_time' | 'late' | null {
  if (t.status !== 'done' || !t.completed_day || t.completed_day > day || !t.due_day) return null;
  return t.completed_day <= t.due_day ? 'on_time' : 'late';
}

/** The tasks of a subtree (or several) that the figures count for a period: not archived, not an assignment's parent, started or due in it. */
function tasksInPeriod(db: Database, path: string, r: DayRange) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .where((eb) => unitIdInSubtree(eb, dialectOf(db), 't.unit_id', path))
    .where('t.archived_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))))
    .where((eb) => eb.or([eb.between('t.start_day', r.from, r.to), eb.between('t.due_day', r.from, r.to)]));
}

/**
 * 任务按期完成率 of each of several units' subtrees under `under` (home's ranking): one query
 * over `under`'s tasks of the period, each counted at the unit below that holds it, by the rule
 * taskFigures counts with (`timingOf`), so each unit gets taskFigures' onTimeRate.
 */
export async function taskOnTimeBelow(db: Database, s: RatesBelowScope, day = asOfDay(s)): Promise<Map<string, number | null>> {
  const rows = await tasksInPeriod(db, s.under, s).select(['u.path', 't.status', 't.due_day', 't.completed_day']).execute();
  const tally = tallyBelow(s, () => ({ onTime: 0, late: 0 }));
  for (const t of rows) {
    const c = tally.at(t.path);
    const timing = timingOf(t, day);
    if (!c || !timing) continue;
    if (timing === 'on_time') c.onTime++;
    else c.late++;
  }
  return new Map([...tally.byUnit].map(([id, c]) => [id, c.onTime + c.late > 0 ? c.onTime / (c.onTime + c.late) : null]));
}

/**
 * The two figures the indicators read (overdueOpen, onTimeRate) for many units at once, counted
 * exactly as taskFigures counts them: one query per figure over the units' subtrees, each row
 * rolled up to every asked unit above it.
 */
export async function taskIndicatorsMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, { overdueOpen: number; onTimeRate: number | null }>> {
  const day = asOfDay(r);
  const base = db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .where('t.archived_at', 'is', null)
    .where((eb) => inAnySubtree(eb, 'u.path', units))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))));
  const overdue = await base.where(overdueAsOf(day) as never).select(['u.path', (eb) => eb.fn.countAll().as('n')]).groupBy('u.path').execute();
  const done = await base.where((eb) => eb.or([eb.between('t.start_day', r.from, r.to), eb.between('t.due_day', r.from, r.to)]))
    .where('t.status', '=', 'done').where('t.completed_day', '<=', day).where('t.due_day', 'is not', null)
    .select(['u.path', (eb) => eb.fn.countAll().as('n'), sql<number>`sum(case when t.completed_day <= t.due_day then 1 else 0 end)`.as('on_time')])
    .groupBy('u.path').execute();
  const overdueOpen = rollUp(units, overdue, (x) => Number(x.n));
  const onTime = rollUp(units, done, (x) => Number(x.on_time));
  const completed = rollUp(units, done, (x) => Number(x.n));
  return new Map(units.map((u) => [u.id, { overdueOpen: overdueOpen.get(u.id)!, onTimeRate: completed.get(u.id)! > 0 ? onTime.get(u.id)! / completed.get(u.id)! : null }]));
}

/**
 * Overdue on `day` as the task list says it today, plus tasks with a due day that were overdue
 * then and completed only later: on a past day they were still open.
 */
function overdueAsOf(day: string) {
  return (eb: ExpressionBuilder<DB & { t: DB['tasks'] }, 't'>) => eb.or([
    overdueCondition(day)(eb),
    eb.and([eb('t.status', '=', 'done'), eb('t.completed_day', '>', day), eb('t.recurrence', 'is', null), eb('t.due_day', '<', day)]),
  ]);
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
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 't.archived_at' }, r.unitPath))
    // Open on the as-of day: not done, or done only after it.
    .where((eb) => eb.or([eb('t.status', '!=', 'done'), eb('t.completed_day', '>', day)]))
    .where('t.start_day', '<=', r.to)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))));
  const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const overdueRows = await base
    .where(overdueAsOf(day) as never)
    .select(['t.id', 't.title', 'u.name as unit_name', 'p.name as owner_name', 't.due_day', 't.recurrence', 't.status', 't.start_day', 't.last_checkin_period', 't.archived_at', 't.completed_day'])
    .orderBy('t.due_day')
    .limit(limit)
    .execute();
  const rows = await base
    .select(['t.id', 't.title', 'u.name as unit_name', 'p.name as owner_name', 't.due_day', 't.recurrence', 't.status', 't.start_day', 't.last_checkin_period', 't.archived_at', 't.completed_day'])
    .orderBy(sql`coalesce(t.due_day, '9999-12-31')`)
    .orderBy('t.title')
    .limit(limit)
    .execute();
  const toItem = (t: (typeof rows)[number]): OpenTaskItem => ({
    id: t.id, title: t.title, unitName: t.unit_name, ownerName: t.owner_name ?? null, dueDay: t.due_day, recurrence: t.recurrence,
    overdueDays: overdueOf({ ...t, status: t.status === 'done' && (t.completed_day ?? '') > day ? 'in_progress' : t.status }, day).days,
  });
  return { items: rows.map(toItem), total: Number(total.n), overdue: overdueRows.map(toItem) };
}
