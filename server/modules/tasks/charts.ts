/**
 * Tasks by month: of the tasks of each month (started or due in it, as the figures count them:
 * the units' tasks of an assignment, not the assignment itself), those completed and those
 * overdue today. Each point links to the task list with the same filters (span=period, leaf).
 */
import { link } from '../../documents/content';
import type { ChartDef } from '../../platform/modules';
import { monthDays } from '../../platform/months';
import { shanghaiDay } from '../../platform/period';
import type { Database } from '../../db';
import { tasksOfSubtree } from './figures';
import { overdueCondition } from './service';
import { sql } from 'kysely';

type MonthCounts = { start_month: string; due_month: string | null; completed: number | string | null; overdue: number | string | null }[];
const running = new WeakMap<Database, Map<string, Promise<MonthCounts>>>();

/**
 * The subtree's tasks counted in the database, grouped by the months they start and fall due in
 * (a task counts in each month it has; a month outside a chart's months is not read from the
 * groups): completed, and overdue as the task list's overdue filter says it today
 * (overdueCondition, as overdueOf). Home asks for this year and last year at once: both read this
 * one pass over the subtree's range, shared while it runs (never kept after).
 */
function monthCounts(db: Database, path: string, today: string): Promise<MonthCounts> {
  let byKey = running.get(db);
  if (!byKey) running.set(db, (byKey = new Map()));
  const key = `${path}|${today}`;
  let p = byKey.get(key);
  if (!p) {
    p = tasksOfSubtree(db, path)
      .select((eb) => [
        sql<string>`substr(t.start_day, 1, 7)`.as('start_month'),
        sql<string | null>`substr(t.due_day, 1, 7)`.as('due_month'),
        eb.fn.sum<number | string>(eb.case().when('t.status', '=', 'done').then(1).else(0).end()).as('completed'),
        eb.fn.sum<number | string>(eb.case().when(overdueCondition(today)(eb as never)).then(1).else(0).end()).as('overdue'),
      ])
      .groupBy([sql`substr(t.start_day, 1, 7)`, sql`substr(t.due_day, 1, 7)`])
      .execute()
      .finally(() => byKey.delete(key));
    byKey.set(key, p);
  }
  return p;
}

export const taskChart: ChartDef = {
  key: 'tasks', title: '任务完成与逾期', permission: 'task.read', order: 20,
  series: [
    { key: 'completed', label: '已完成', type: 'bar', format: 'count' },
    { key: 'overdue', label: '逾期未完成', type: 'bar', format: 'count' },
  ],
  async build(db, unit, months) {
    if (!months.length) return { completed: [], overdue: [] };
    const rows = await monthCounts(db, unit.path, shanghaiDay());
    const by = new Map(months.map((m) => [m, { completed: 0, overdue: 0 }]));
    for (const g of rows) {
      for (const m of new Set([g.start_month, g.due_month])) {
        const b = m ? by.get(m) : undefined;
        if (!b) continue;
        b.completed += Number(g.completed ?? 0);
        b.overdue += Number(g.overdue ?? 0);
      }
    }
    const at = (m: string, extra: Record<string, string>) => link('/tasks', { unitId: unit.id, ...monthDays(m), span: 'period', leaf: 'true', ...extra });
    return {
      completed: months.map((m) => ({ value: by.get(m)!.completed, link: at(m, { status: 'done' }) })),
      overdue: months.map((m) => ({ value: by.get(m)!.overdue, link: at(m, { overdue: 'true' }) })),
    };
  },
};
