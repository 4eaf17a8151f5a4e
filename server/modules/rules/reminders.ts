import { addDays, daysOverdue, endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { ReminderSource } from '../../platform/reminders';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/** Rules in force whose review day is coming up or past: the unit's staff and leaders. */
export const ruleReminders: ReminderSource = async ({ db, now, daysBefore }) => {
  const today = shanghaiDay(now);
  const rows = await db
    .selectFrom('rules')
    .select(['id', 'unit_id', 'title', 'review_day'])
    .where('archived_at', 'is', null)
    .where('adopted_day', '<=', today)
    .where((eb) => eb.or([eb('repeal_day', 'is', null), eb('repeal_day', '>', today)]))
    .where('review_day', 'is not', null)
    .where('review_day', '<=', addDays(today, daysBefore))
    .execute();
  return rows.map((r) => {
    const day = r.review_day!;
    const late = daysOverdue(day, today);
    const base = { unitId: r.unit_id, roles: ['staff' as const, 'leader' as const], link: `/rules?ruleId=${r.id}`, dueAt: endOfShanghaiDay(day) };
    return late > 0
      ? { ...base, key: `rule:${r.id}:${day}:overdue`, kind: 'overdue' as const, title: `制度《${short(r.title)}》已过复审日期 ${late} 天，请复审(修订或废止)` }
      : { ...base, key: `rule:${r.id}:${day}:due_soon`, kind: 'due_soon' as const, title: `制度《${short(r.title)}》应于 ${Number(day.slice(5, 7))}月${Number(day.slice(8))}日 前复审` };
  });
};
