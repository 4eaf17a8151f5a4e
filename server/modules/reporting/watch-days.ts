/**
 * A watch period declared (or moved) onto days the scheduler has already passed: the daily
 * reports of watch-only schedules are created for those days too, through the scheduler's own
 * `runSchedule` over just those days, so they count as missing (or late once submitted) like any
 * other, instead of never existing. Exactly once: the unique key (schedule, unit, day) makes a
 * second call, or the scheduler's next run, insert nothing; the schedule's `created_through`
 * does not move (runSchedule only moves it forward, and these days lie behind it).
 */
import type { Database } from '../../db';
import { WorkCalendar } from '../../platform/calendar';
import { addDays, shanghaiDay } from '../../platform/period';
import { runSchedule } from './scheduler';

type ScheduleArg = Parameters<typeof runSchedule>[1];

/** Creates the expected daily reports of the days `from`–`to` already behind the watch-only schedules; returns how many. */
export async function expectPassedWatchDays(db: Database, days: { from: string; to: string }, today = shanghaiDay()): Promise<number> {
  const schedules = await db.selectFrom('report_schedules').selectAll().where('archived_at', 'is', null).where('watch_only', '=', 1)
    .where('created_through', 'is not', null).where('created_through', '>=', days.from).where('starts_on', '<=', days.to).execute();
  if (!schedules.length) return 0;
  const calendar = await WorkCalendar.load(db);
  let created = 0;
  for (const s of schedules) {
    const from = s.starts_on > days.from ? s.starts_on : days.from;
    const to = [days.to, s.created_through!, today, ...(s.ends_on ? [s.ends_on] : [])].sort()[0];
    if (from > to) continue;
    // The scheduler resumes after the day before `from` and stops at `to`: just the passed days of the period.
    const passed: ScheduleArg = { ...s, created_through: addDays(from, -1), ends_on: to };
    created += await runSchedule(db, passed, to, calendar);
  }
  return created;
}
