import chineseDays from 'chinese-days';
import type { Database } from '../db';
import { addDays, endOfShanghaiDay, shanghaiDay } from './period';

// The Shanghai-day helpers live in period.ts; re-exported for the calendar's many callers.
export { addDays, endOfShanghaiDay, shanghaiDay };

/**
 * Chinese working days: public holidays and make-up workdays (调休) from the chinese-days
 * package, corrected by the admin's own entries (a local holiday, a year the package does
 * not cover yet). Dates are calendar days in Asia/Shanghai, written YYYY-MM-DD.
 */
export class WorkCalendar {
  constructor(private overrides: Map<string, boolean> = new Map()) {}

  static async load(db: Database): Promise<WorkCalendar> {
    const rows = await db.selectFrom('calendar_overrides').select(['day', 'workday']).execute();
    return new WorkCalendar(new Map(rows.map((r) => [r.day, r.workday === 1])));
  }

  isWorkday(day: string): boolean {
    const o = this.overrides.get(day);
    if (o !== undefined) return o;
    try {
      return chineseDays.isWorkday(day);
    } catch {
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      return dow !== 0 && dow !== 6;
    }
  }

  /** The day `n` working days after `day` (n ≥ 1); `day` itself never counts. */
  addWorkdays(day: string, n: number): string {
    let d = day;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to`. */
  workdaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkday(d)) n++;
    return n;
  }
}


export type DeadlineUnit = 'calendar_days' | 'working_days';

/** A deadline `n` days after a start instant, counted in calendar or working days, ending at the end of that day. */
export function deadlineAfter(calendar: WorkCalendar, start: Date | string, n: number, unit: DeadlineUnit): string {
  const day = shanghaiDay(start);
  return endOfShanghaiDay(unit === 'working_days' ? calendar.addWorkdays(day, n) : addDays(day, n));
}

/** The due day of a deadline given as a date, or as N calendar or working days after `startDay`. */
export function resolveDueDay(calendar: WorkCalendar, startDay: string, mode: 'date' | DeadlineUnit, dueDay: string | null, n: number | null | undefined): string {
  if (mode === 'date') return dueDay!;
  return mode === 'working_days' ? calendar.addWorkdays(startDay, n!) : addDays(startDay, n!);
}

/** Whole days a due day is past `today` (0 when not past). */
export function daysOverdue(dueDay: string, today: string): number {
  if (dueDay >= today) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDay}T00:00:00Z`)) / 86_400_000);
}
