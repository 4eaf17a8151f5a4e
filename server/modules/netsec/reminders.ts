import { addDays, daysOverdue, endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { ReminderSource } from '../../platform/reminders';

/** Maintenance contracts expiring within the reminder window, or expired: the unit's staff and leaders. */
export const contractReminders: ReminderSource = async ({ db, now, daysBefore }) => {
  const today = shanghaiDay(now);
  const rows = await db.selectFrom('netsec_contracts').select(['id', 'unit_id', 'vendor', 'expires_day'])
    .where('archived_at', 'is', null).where('expires_day', '<=', addDays(today, Math.max(daysBefore, 30))).where('expires_day', '>=', addDays(today, -30)).execute();
  return rows.map((r) => {
    const late = daysOverdue(r.expires_day, today);
    const base = { unitId: r.unit_id, roles: ['staff' as const, 'leader' as const], link: '/netsec', dueAt: endOfShanghaiDay(r.expires_day) };
    return late > 0
      ? { ...base, key: `netsec-contract:${r.id}:${r.expires_day}:overdue`, kind: 'overdue' as const, title: `与${r.vendor}的运维服务合同已到期 ${late} 天，请续签或另行安排` }
      : { ...base, key: `netsec-contract:${r.id}:${r.expires_day}:due_soon`, kind: 'due_soon' as const, title: `与${r.vendor}的运维服务合同将于 ${Number(r.expires_day.slice(5, 7))}月${Number(r.expires_day.slice(8))}日 到期` };
  });
};
