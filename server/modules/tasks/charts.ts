/**
 * Tasks by month: of the tasks of each month (started or due in it, as the figures count them:
 * the units' tasks of an assignment, not the assignment itself), those completed and those
 * overdue today. Each point links to the task list with the same filters (span=period, leaf).
 */
import { link } from '../../documents/content';
import type { ChartDef } from '../../platform/modules';
import { monthDays } from '../../platform/months';
import { shanghaiDay } from '../../platform/period';
import { unitIdInSubtree } from '../../platform/scope';
import { dialectOf } from '../../db/dialect';
import { overdueOf } from './service';

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
    const rows = await db.selectFrom('tasks as t')
      .select(['t.status', 't.start_day', 't.due_day', 't.recurrence', 't.last_checkin_period', 't.archived_at'])
      .where((eb) => unitIdInSubtree(eb, dialectOf(db), 't.unit_id', unit.path))
      .where('t.archived_at', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))))
      .where((eb) => eb.or([eb.between('t.start_day', first, last), eb.between('t.due_day', first, last)]))
      .execute();
    const today = shanghaiDay();
    const by = new Map(months.map((m) => [m, { completed: 0, overdue: 0 }]));
    for (const t of rows) {
      const overdue = overdueOf(t, today);
      const late = overdue.days > 0 || !!overdue.missed;
      for (const m of new Set([t.start_day.slice(0, 7), t.due_day?.slice(0, 7)])) {
        const b = m ? by.get(m) : undefined;
        if (!b) continue;
        if (t.status === 'done') b.completed++;
        else if (late) b.overdue++;
      }
    }
    const at = (m: string, extra: Record<string, string>) => link('/tasks', { unitId: unit.id, ...monthDays(m), span: 'period', leaf: 'true', ...extra });
    return {
      completed: months.map((m) => ({ value: by.get(m)!.completed, link: at(m, { status: 'done' }) })),
      overdue: months.map((m) => ({ value: by.get(m)!.overdue, link: at(m, { overdue: 'true' }) })),
    };
  },
};
