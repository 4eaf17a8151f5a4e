import { periodEnd, periodLabel, type PeriodKind } from '../../../common/periods';
import { addDays, endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { Reminder, ReminderSource } from '../../platform/reminders';
import { overdueOf, type TaskRow } from './service';

/**
 * Open tasks due within the reminder window, overdue tasks, and ongoing tasks whose check-in
 * is missing: the owner unit's staff and leaders are told, and for an assigned task also the
 * assigning unit (it follows each unit's progress).
 */
export const taskReminders: ReminderSource = async ({ db, now, daysBefore }) => {
  const today = shanghaiDay(now);
  const horizon = addDays(today, daysBefore);
  const rows = (await db
    .selectFrom('tasks as t')
    .leftJoin('tasks as pt', 'pt.id', 't.parent_id')
    .select(['t.id', 't.unit_id', 't.title', 't.status', 't.due_day', 't.recurrence', 't.start_day', 't.last_checkin_period', 't.archived_at', 'pt.unit_id as parent_unit_id'])
    .where('t.status', '!=', 'done')
    .where('t.archived_at', 'is', null)
    .where((eb) => eb.or([eb('t.due_day', '<=', horizon), eb('t.recurrence', 'is not', null)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))))
    .execute()) as (Pick<TaskRow, 'id' | 'unit_id' | 'title' | 'status' | 'due_day' | 'recurrence' | 'start_day' | 'last_checkin_period' | 'archived_at'> & { parent_unit_id: string | null })[];
  const out: Reminder[] = [];
  for (const t of rows) {
    const od = overdueOf(t, today);
    let r: Omit<Reminder, 'unitId'> | null = null;
    if (t.recurrence) {
      if (od.missed) {
        const end = periodEnd(t.recurrence as PeriodKind, od.missed);
        r = { key: `task:${t.id}:checkin:${od.missed}`, kind: 'overdue', title: `任务“${t.title}”缺少${periodLabel(od.missed)}的进展`, link: `/tasks/${t.id}`, dueAt: endOfShanghaiDay(end) };
      }
    } else if (t.due_day) {
      if (od.days > 0) r = { key: `task:${t.id}:${t.due_day}:overdue`, kind: 'overdue', title: `任务“${t.title}”已逾期 ${od.days} 天`, link: `/tasks/${t.id}`, dueAt: endOfShanghaiDay(t.due_day) };
      else r = { key: `task:${t.id}:${t.due_day}:due_soon`, kind: 'due_soon', title: `任务“${t.title}”将于 ${Number(t.due_day.slice(5, 7))}月${Number(t.due_day.slice(8))}日 到期`, link: `/tasks/${t.id}`, dueAt: endOfShanghaiDay(t.due_day) };
    }
    if (!r) continue;
    out.push({ ...r, unitId: t.unit_id, roles: ['staff', 'leader'] });
    if (t.parent_unit_id && r.kind === 'overdue') out.push({ ...r, unitId: t.parent_unit_id, roles: ['staff'] });
  }
  return out;
};
