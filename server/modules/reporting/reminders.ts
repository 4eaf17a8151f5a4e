/**
 * Reminders of 报告制度, escalating while a report stays missing: before the due time the unit's
 * reporters; once past due the reporters again; two working days later the unit's leader; five
 * working days later the receiving unit (its staff and leaders, and its home page's to-dos).
 * The reminders job announces them as events: the escalation steps are about 催报
 * (reporting.remind), so group robots subscribed to 催报 or to 已逾期 receive each step once, and
 * a person who switched 催报 off is not chased by them either.
 */
import { type Cycle, periodKeyLabel } from '../../../common/reporting';
import type { Reminder, ReminderSource } from '../../platform/reminders';
import { endOfShanghaiDay, shanghaiDay } from '../../platform/period';
import type { WorkCalendar } from '../../platform/calendar';
import { REPORTING_EVENTS } from './events';

export const ESCALATE_LEADER_WORKDAYS = 2;
export const ESCALATE_SUPERIOR_WORKDAYS = 5;

/** The instants at which a missing report escalates to the leader and to the receiving unit. */
export function escalationTimes(calendar: WorkCalendar, dueAt: string) {
  const dueDay = shanghaiDay(dueAt);
  return {
    leader: endOfShanghaiDay(calendar.addWorkdays(dueDay, ESCALATE_LEADER_WORKDAYS)),
    superior: endOfShanghaiDay(calendar.addWorkdays(dueDay, ESCALATE_SUPERIOR_WORKDAYS)),
  };
}

export const reportingReminders: ReminderSource = async ({ db, now, calendar, daysBefore }) => {
  const at = now.toISOString();
  const horizon = new Date(now.getTime() + daysBefore * 86_400_000).toISOString();
  const since = new Date(now.getTime() - 60 * 86_400_000).toISOString();
  const rows = await db.selectFrom('report_submissions as s')
    .innerJoin('report_schedules as h', 'h.id', 's.schedule_id')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 's.period_key', 's.due_at', 's.opens_at', 'h.name', 'h.cycle', 'h.unit_id as owner_id', 'u.name as unit_name'])
    .where('h.archived_at', 'is', null)
    .where('s.first_submitted_at', 'is', null)
    .where('s.opens_at', '<=', at)
    .where('s.due_at', '>=', since).where('s.due_at', '<=', horizon)
    .execute();
  const out: Reminder[] = [];
  for (const r of rows) {
    const what = `${r.name}(${periodKeyLabel(r.cycle as Cycle, r.period_key)})`;
    const link = `/reporting/submissions/${r.id}`;
    if (r.due_at >= at) {
      out.push({ key: `reporting:${r.id}:due_soon`, kind: 'due_soon', subject: what, unitId: r.unit_id, roles: ['liaison', 'staff'], title: `${what}待报送`, link, dueAt: r.due_at });
      continue;
    }
    out.push({ key: `reporting:${r.id}:missing:reporters`, kind: 'overdue', about: REPORTING_EVENTS.remind, subject: what, unitId: r.unit_id, roles: ['liaison', 'staff'], title: `${what}已过报送时限，尚未报送`, link, dueAt: r.due_at });
    const esc = escalationTimes(calendar, r.due_at);
    if (esc.leader < at) out.push({ key: `reporting:${r.id}:missing:leader`, kind: 'overdue', about: REPORTING_EVENTS.remind, subject: what, unitId: r.unit_id, roles: ['leader'], title: `本单位${what}逾期未报`, link, dueAt: r.due_at });
    if (esc.superior < at && r.owner_id !== r.unit_id) {
      out.push({ key: `reporting:${r.id}:missing:superior`, kind: 'overdue', about: REPORTING_EVENTS.remind, subject: `${r.unit_name}${what}`, unitId: r.owner_id, roles: ['staff', 'leader'], title: `${r.unit_name}${what}逾期未报`, link, dueAt: r.due_at });
    }
  }
  return out;
};
