import { addDays, daysOverdue, endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { Reminder, ReminderSource } from '../../platform/reminders';

/**
 * Each unit of an open campaign that has not submitted its self-inspection on the campaign's
 * framework, as the campaign's end comes near or passes: the unit's staff and leaders. Each unit
 * of a published campaign: a notice that its result is out.
 */
export const checkReminders: ReminderSource = async ({ db, now, daysBefore }) => {
  const today = shanghaiDay(now);
  const rows = await db.selectFrom('check_assessments as a').innerJoin('check_campaigns as c', 'c.id', 'a.campaign_id')
    .select(['a.unit_id', 'c.id', 'c.name', 'c.framework_id', 'c.year', 'c.to_day', 'c.status', 'c.published_at'])
    .where('c.archived_at', 'is', null).where('a.archived_at', 'is', null)
    .where((eb) => eb.or([eb.and([eb('c.status', '=', 'open'), eb('c.to_day', '<=', addDays(today, daysBefore))]), eb('c.status', '=', 'published')]))
    .execute();
  const submitted = new Set((await db.selectFrom('check_assessments').select(['unit_id', 'framework_id', 'year']).where('kind', '=', 'self').where('status', '=', 'submitted')
    .where('archived_at', 'is', null).execute()).map((s) => `${s.unit_id}|${s.framework_id}|${s.year}`));
  const out: Reminder[] = [];
  for (const r of rows) {
    if (r.status === 'published') {
      out.push({ key: `check:${r.id}:published:${r.unit_id}`, kind: 'notice', unitId: r.unit_id, roles: ['staff', 'leader'], title: `${r.name}结果已公布`, link: `/checks/campaigns/${r.id}`, dueAt: r.published_at! });
      continue;
    }
    if (submitted.has(`${r.unit_id}|${r.framework_id}|${r.year}`)) continue;
    const late = daysOverdue(r.to_day, today);
    out.push({
      key: `check:${r.id}:self:${r.unit_id}:${late > 0 ? 'overdue' : 'due_soon'}`, kind: late > 0 ? 'overdue' : 'due_soon', unitId: r.unit_id, roles: ['staff', 'leader'],
      title: late > 0 ? `${r.name}的自查已逾期 ${late} 天，请尽快完成并报送` : `请在${Number(r.to_day.slice(5, 7))}月${Number(r.to_day.slice(8))}日前完成${r.name}的自查并报送`,
      link: '/checks?tab=self', dueAt: endOfShanghaiDay(r.to_day),
    });
  }
  return out;
};
