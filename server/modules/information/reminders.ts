import type { Reminder, ReminderSource } from '../../platform/reminders';
import { addDays, shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { countsByUnit, monthOf, monthRange } from './service';

/**
 * 1. An item received and not yet given an outcome: the receiving unit's staff are told once.
 * 2. In the last five days of a month, a unit with a quota that has sent fewer items: its staff
 *    and liaisons are told once for the month.
 */
export const infoReminders: ReminderSource = async ({ db, now }) => {
  const today = shanghaiDay(now);
  const out: Reminder[] = [];
  const pending = await db.selectFrom('info_items as i').innerJoin('units as u', 'u.id', 'i.unit_id').select(['i.id', 'i.to_unit_id', 'i.title', 'i.sent_at', 'u.name'])
    .where('i.outcome', 'is', null).where('i.archived_at', 'is', null).where('i.sent_day', '>=', addDays(today, -30)).execute();
  for (const i of pending) {
    out.push({ key: `info:${i.id}:received`, kind: 'notice', unitId: i.to_unit_id, roles: ['staff'], link: `/information/${i.id}`, title: `${i.name}报送了信息“${i.title.slice(0, 30)}”，请登记采用情况`, dueAt: i.sent_at });
  }
  const month = monthOf(today);
  const { to } = monthRange(month);
  if (today >= addDays(to, -4)) {
    const quotas = await db.selectFrom('info_quotas as q').innerJoin('units as u', 'u.id', 'q.unit_id').select(['q.unit_id', 'q.min_per_month'])
      .where('q.min_per_month', '>', 0).where('u.archived_at', 'is', null).execute();
    const counts = await countsByUnit(db, quotas.map((q) => q.unit_id), month);
    for (const q of quotas) {
      const sent = counts.get(q.unit_id)?.sent ?? 0;
      if (sent >= q.min_per_month) continue;
      out.push({
        key: `info:quota:${q.unit_id}:${month}`, kind: 'due_soon', unitId: q.unit_id, roles: ['staff', 'liaison'], link: `/information?unitId=${q.unit_id}&includeSubunits=false&from=${month}-01&to=${to}`,
        title: `本月信息报送任务为${q.min_per_month}条，已报送${sent}条`, dueAt: shanghaiDayStartUtc(to, 1),
      });
    }
  }
  return out;
};
