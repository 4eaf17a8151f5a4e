import { addDays, daysOverdue, endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { Reminder, ReminderSource } from '../../platform/reminders';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/**
 * Open items coming due or overdue: the owner unit's staff and leaders; reported items waiting
 * for sign-off: the raising unit's leaders and inspectors.
 */
export const rectReminders: ReminderSource = async ({ db, now, daysBefore }) => {
  const today = shanghaiDay(now);
  const rows = await db
    .selectFrom('rectifications')
    .select(['id', 'unit_id', 'raised_by_unit_id', 'problem', 'due_day', 'status', 'reported_at'])
    .where('archived_at', 'is', null)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'open'), eb('due_day', '<=', addDays(today, daysBefore))]), eb('status', '=', 'reported')]))
    .execute();
  const out: Reminder[] = [];
  for (const r of rows) {
    const link = `/rectification/${r.id}`;
    if (r.status === 'reported') {
      out.push({ key: `rect:${r.id}:reported:${r.reported_at}`, kind: 'notice', about: 'rect.reported', unitId: r.raised_by_unit_id, roles: ['leader', 'inspector'], title: `整改事项“${short(r.problem)}”已报告完成，待销号`, link, dueAt: endOfShanghaiDay(r.due_day) });
      continue;
    }
    const late = daysOverdue(r.due_day, today);
    out.push(late > 0
      ? { key: `rect:${r.id}:${r.due_day}:overdue`, kind: 'overdue', unitId: r.unit_id, roles: ['staff', 'leader'], title: `整改事项“${short(r.problem)}”已逾期 ${late} 天`, link, dueAt: endOfShanghaiDay(r.due_day) }
      : { key: `rect:${r.id}:${r.due_day}:due_soon`, kind: 'due_soon', unitId: r.unit_id, roles: ['staff', 'leader'], title: `整改事项“${short(r.problem)}”将于 ${Number(r.due_day.slice(5, 7))}月${Number(r.due_day.slice(8))}日 到期`, link, dueAt: endOfShanghaiDay(r.due_day) });
  }
  return out;
};
