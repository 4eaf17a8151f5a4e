/**
 * Tasks by month: of the tasks of each month (started or due in it, as the figures count them:
 * the units' tasks of an assignment, not the assignment itself), those completed and those
 * overdue today. Each point links to the task list with the same filters (span=period, leaf).
 */
import { link } from '../../documents/content';
import type { ChartDef } from '../../platform/modules';
import { monthDays } from '../../platform/months';
import { shanghaiDay } from '../../platform/period';
import { tasksInPeriod } from './figures';
import { overdueCondition } from './service';
import { sql } from 'kysely';

export const taskChart: ChartDef = {
  key: 'tasks', title: '任务完成与逾期', permission: 'task.read', order: 20,
  series: [
    { key: 'completed', label: '已完成', type: 'bar', format: 'count' },
    { key: 'overdue', label: '逾期未完成', type: 'bar', format: 'count' },
  ],
  async build(db, unit, months) {
    if (!months.length) return { completed: [], overdue: [] };
    const first = monthDays(months[0]).from;
    const last = monthDays(months[months.length - 1]).to;
    // Counted in the database, grouped by the months started and due (a task counts in each):
    // overdue as the task list's overdue filter says it today (overdueCondition, as overdueOf).
    const rows = await tasksInPeriod(db, unit.path, { from: first, to: last })
      .select((eb) => [
        sql<string>`substr(t.start_day, 1, 7)`.as('start_month'),
        sql<string | null>`substr(t.due_day, 1, 7)`.as('due_month'),
        eb.fn.sum<number | string>(eb.case().when('t.status', '=', 'done').then(1).else(0).end()).as('completed'),
        eb.fn.sum<number | string>(eb.case().when(overdueCondition(shanghaiDay())(eb as never)).then(1).else(0).end()).as('overdue'),
      ])
      .groupBy([sql`substr(t.start_day, 1, 7)`, sql`substr(t.due_day, 1, 7)`])
      .execute();
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
