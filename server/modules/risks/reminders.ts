import { addDays, daysOverdue, endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { ReminderSource } from '../../platform/reminders';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/** Risk points whose review is coming up or overdue: the unit's staff and leaders. */
export const riskReminders: ReminderSource = async ({ db, now, daysBefore }) => {
  const today = shanghaiDay(now);
  const rows = await db
    .selectFrom('risk_points')
    .select(['id', 'unit_id', 'description', 'next_review_day'])
    .where('archived_at', 'is', null)
    .where('status', '=', 'controlled')
    .where('next_review_day', '<=', addDays(today, daysBefore))
    .execute();
  return rows.map((r) => {
    const late = daysOverdue(r.next_review_day, today);
    const base = { unitId: r.unit_id, roles: ['staff' as const, 'leader' as const], link: `/risks/${r.id}`, dueAt: endOfShanghaiDay(r.next_review_day) };
    return late > 0
      ? { ...base, key: `risk:${r.id}:${r.next_review_day}:overdue`, kind: 'overdue' as const, title: `风险点“${short(r.description)}”复核已逾期 ${late} 天` }
      : { ...base, key: `risk:${r.id}:${r.next_review_day}:due_soon`, kind: 'due_soon' as const, title: `风险点“${short(r.description)}”应于 ${Number(r.next_review_day.slice(5, 7))}月${Number(r.next_review_day.slice(8))}日 前复核` };
  });
};
