/**
 * When a period of a schedule opens, is due and locks, in Asia/Shanghai on the working-day
 * calendar. Written onto each submission when it is created, so changing a schedule later
 * changes coming periods only.
 */
import { type Cycle, periodKeyOf, periodRange, type ReportDueMode } from '../../../common/reporting';
import type { ReportScheduleTable } from '../../db/schema';
import type { WorkCalendar } from '../../platform/calendar';
import { addDays, endOfShanghaiDay, shanghaiDayStartUtc } from '../../platform/period';

export type ScheduleTiming = Pick<ReportScheduleTable, 'cycle' | 'starts_on' | 'ends_on' | 'open_before_end_days' | 'due_mode' | 'due_n' | 'due_date' | 'lock_after_days'>;

export function rangeOfPeriod(s: Pick<ScheduleTiming, 'cycle' | 'starts_on' | 'ends_on'>, key: string) {
  return periodRange(s.cycle as Cycle, key, { from: s.starts_on, to: s.ends_on ?? s.starts_on });
}

export function firstPeriodKey(s: Pick<ScheduleTiming, 'cycle' | 'starts_on'>): string {
  return periodKeyOf(s.cycle as Cycle, s.starts_on);
}

/** Whether `key` is a well-formed period of the schedule's cycle inside its dates. */
export function validPeriodKey(s: Pick<ScheduleTiming, 'cycle' | 'starts_on' | 'ends_on'>, key: string): boolean {
  const cycle = s.cycle as Cycle;
  if (cycle === 'once') return key === 'once';
  const r = periodRange(cycle, key);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.from) || Number.isNaN(Date.parse(r.from)) || periodKeyOf(cycle, r.from) !== key) return false;
  return r.to >= s.starts_on && (!s.ends_on || r.from <= s.ends_on);
}

export function timingOf(s: ScheduleTiming, range: { from: string; to: string }, calendar: WorkCalendar) {
  const openDay = s.open_before_end_days === null ? range.from : [range.from, addDays(range.to, -s.open_before_end_days)].sort()[1];
  const opensAt = shanghaiDayStartUtc(openDay);
  let dueAt: string;
  switch (s.due_mode as ReportDueMode) {
    case 'working_days': dueAt = endOfShanghaiDay(calendar.addWorkdays(range.to, s.due_n ?? 1)); break;
    case 'hours': dueAt = new Date(Date.parse(shanghaiDayStartUtc(range.to, 1)) + (s.due_n ?? 0) * 3600_000).toISOString(); break;
    case 'date': dueAt = endOfShanghaiDay(s.due_date ?? range.to); break;
  }
  const locksAt = s.lock_after_days === null ? null : new Date(Date.parse(dueAt) + s.lock_after_days * 86_400_000).toISOString();
  return { opensAt, dueAt, locksAt };
}
