import { TASK_SOURCES, TASK_STATUSES, type TaskFigures, type TaskSource, type TaskStatus } from '../../../common/tasks';
import type { Database } from '../../db';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { overdueCondition, overdueOf, today } from './service';

import { asOfDay, type DayRange, type Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { currentInSubtree } from '../../platform/records';

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
    .where((eb) => currentInSubtree(eb, { path: 't.unit_path', archivedAt: 't.archived_at' }, r.unitPath))
    .where(notAnAssignment);
  // Counted in the statement (a province's period is tens of thousands of tasks), grouped by the
  // stored source and status, the order `tasks_source_status` holds them in (each pair one range of
  // the subtree: no sort). A task done after the as-of day counts as in progress: `later` says how
  // many of a group those are.
  const { doneByThen, timed } = timingRule(day);
  const rows = await tasksInPeriod(db, r.unitPath, r)
    .where('t.source', 'in', [...TASK_SOURCES].sort())
    .where('t.status', 'in', [...TASK_STATUSES].sort())
    .select([
      't.source',
      't.status',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when t.status = 'done' and not (${doneByThen}) then 1 else 0 end)`.as('later'),
      sql<number>`sum(case when t.due_day is not null and t.due_day <> '' and t.due_day >= ${r.from} and t.due_day <= ${r.to} then 1 else 0 end)`.as('due'),
      sql<number>`sum(case when ${timed} and t.completed_day <= t.due_day then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when ${timed} and t.completed_day > t.due_day then 1 else 0 end)`.as('late'),
    ])
    .groupBy(['t.source', 't.status'])
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
    const later = Number(t.later ?? 0);
    byStatus[t.status as TaskStatus] += n - later;
    byStatus.in_progress += later;
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

/**
 * 按期完成率's one rule, as SQL: a task done by the as-of `day` (doneByThen) with a due day is
 * timed: on time if completed by its due day, else late; other tasks are not counted in the rate.
 */
function timingRule(day: string) {
  const doneByThen = sql`t.status = 'done' and t.completed_day is not null and t.completed_day <> '' and t.completed_day <= ${day}`;
  return { doneByThen, timed: sql`${doneByThen} and t.due_day is not null and t.due_day <> ''` };
}

/**
 * Not an assignment's parent (a task some unit's task was split from): the figures count the
 * units' tasks, not the assignment again. One set of parent ids per query, not a lookup per task.
 */
export function notAnAssignment(eb: ExpressionBuilder<DB & { t: DB['tasks'] }, 't'>) {
  return eb('t.id', 'not in', eb.selectFrom('tasks as c').select('c.parent_id').where('c.parent_id', 'is not', null) as never);
}

/**
 * The tasks the figures count, of one subtree: not archived, not an assignment's parent. The
 * subtree is a range on the tasks' copy of their unit's path (index `tasks_figures`, which holds
 * every column counted, the id included: the table is not read), no unit looked up.
 */
export function tasksOfSubtree(db: Database, path: string) {
  return db
    .selectFrom('tasks as t')
    .where((eb) => currentInSubtree(eb, { path: 't.unit_path', archivedAt: 't.archived_at' }, path))
    .where(notAnAssignment);
}

/** The tasks the figures count for a period, of one subtree (`tasksOfSubtree`): started or due in it. */
export function tasksInPeriod(db: Database, path: string, r: DayRange) {
  return tasksOfSubtree(db, path).where((eb) => eb.or([eb.between('t.start_day', r.from, r.to), eb.between('t.due_day', r.from, r.to)]));
}

/**
 * taskFigures' overdueOpen (逾期未完成任务数) for many units at once, counted exactly as taskFigures
 * counts it (`overdueAsOf` the period's as-of day): one query over the units' subtrees' tasks,
 * grouped by unit, each group rolled up to every asked unit above it.
 */
export async function taskOverdueMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number>> {
  const counted = await db
    .selectFrom('tasks as t')
    .where('t.archived_at', 'is', null)
    .where((eb) => inAnySubtree(eb, 't.unit_path', units))
    .where(notAnAssignment)
    .where(overdueAsOf(asOfDay(r)) as never)
    .select(['t.unit_path as path', (eb) => eb.fn.countAll().as('n')])
    .groupBy('t.unit_path').execute();
  return rollUp(units, counted, (x) => Number(x.n));
}

/**
 * taskFigures' onTimeRate (按期完成率) for many units at once, alone (home's ranking asks for no
 * other task figure): one query over the units' subtrees' tasks of the period, grouped by unit,
 * each group rolled up to every asked unit above it, counted by taskFigures' rule.
 */
export async function taskOnTimeMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number | null>> {
  const { timed } = timingRule(asOfDay(r));
  const counted = await db
    .selectFrom('tasks as t')
    .where('t.archived_at', 'is', null)
    .where((eb) => inAnySubtree(eb, 't.unit_path', units))
    .where(notAnAssignment)
    .where((eb) => eb.or([eb.between('t.start_day', r.from, r.to), eb.between('t.due_day', r.from, r.to)]))
    .select([
      't.unit_path as path',
      sql<number | string>`sum(case when ${timed} then 1 else 0 end)`.as('done'),
      sql<number | string>`sum(case when ${timed} and t.completed_day <= t.due_day then 1 else 0 end)`.as('on_time'),
    ])
    .groupBy('t.unit_path').execute();
  const onTime = rollUp(units, counted, (x) => Number(x.on_time ?? 0));
  const completed = rollUp(units, counted, (x) => Number(x.done ?? 0));
  return new Map(units.map((u) => [u.id, completed.get(u.id)! > 0 ? onTime.get(u.id)! / completed.get(u.id)! : null]));
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
  const total = await openAsOf(db, r).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { ...(await openTaskLists(db, r, limit)), total: Number(total.n) };
}

/** The open tasks `openTasks` counts: a range of the tasks' copy of their unit's path (`tasksOfSubtree`), no unit looked up per task. */
function openAsOf(db: Database, r: Range) {
  const day = asOfDay(r);
  return tasksOfSubtree(db, r.unitPath)
    // Open on the as-of day: not done, or done only after it.
    .where((eb) => eb.or([eb('t.status', '!=', 'done'), eb('t.completed_day', '>', day)]))
    .where('t.start_day', '<=', r.to);
}

/**
 * `openTasks` without the count (a summary states none): the first `limit` open tasks by due day
 * (ties by title, then id) and the first `limit` overdue ones (by due day, then id). The unit's
 * and the owner's names are looked up for those rows alone, not joined to every open task of a
 * province.
 */
export async function openTaskLists(db: Database, r: Range, limit = 50): Promise<{ items: OpenTaskItem[]; overdue: OpenTaskItem[] }> {
  const day = asOfDay(r);
  const base = openAsOf(db, r);
  const columns = ['t.id', 't.title', 't.unit_id', 't.owner_person_id', 't.due_day', 't.recurrence', 't.status', 't.start_day', 't.last_checkin_period', 't.archived_at', 't.completed_day'] as const;
  const overdueRows = await base.where(overdueAsOf(day) as never).select(columns).orderBy('t.due_day').orderBy('t.id').limit(limit).execute();
  const rows = await base.select(columns).orderBy(sql`coalesce(t.due_day, '9999-12-31')`).orderBy('t.title').orderBy('t.id').limit(limit).execute();
  const unitIds = [...new Set([...rows, ...overdueRows].map((t) => t.unit_id))];
  const personIds = [...new Set([...rows, ...overdueRows].map((t) => t.owner_person_id).filter((x): x is string => !!x))];
  const unitNames = new Map(unitIds.length ? (await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u.name]) : []);
  const ownerNames = new Map(personIds.length ? (await db.selectFrom('people').select(['id', 'name']).where('id', 'in', personIds).execute()).map((p) => [p.id, p.name]) : []);
  const toItem = (t: (typeof rows)[number]): OpenTaskItem => ({
    id: t.id, title: t.title, unitName: unitNames.get(t.unit_id) ?? '', ownerName: (t.owner_person_id && ownerNames.get(t.owner_person_id)) ?? null, dueDay: t.due_day, recurrence: t.recurrence,
    overdueDays: overdueOf({ ...t, status: t.status === 'done' && (t.completed_day ?? '') > day ? 'in_progress' : t.status }, day).days,
  });
  return { items: rows.map(toItem), overdue: overdueRows.map(toItem) };
}
