/**
 * The scheduler: for each live schedule, every period that has begun gets one expected
 * submission per target unit. Idempotent: the unique index on (schedule, unit, period) turns a
 * second insert (another server, a re-run) into nothing, and `created_through` remembers the
 * last period done, so a server that was down catches up on the next run. Periods already
 * created keep their timing and form version: changing a schedule changes coming periods only.
 */
import type { Cycle } from '../../../common/reporting';
import { nextPeriodKey } from '../../../common/reporting';
import type { Database } from '../../db';
import { WorkCalendar } from '../../platform/calendar';
import { newId, nowIso } from '../../platform/ids';
import type { JobDef } from '../../platform/jobs';
import { shanghaiDay } from '../../platform/period';
import { targetUnits, type TargetUnit } from './targets';
import { firstPeriodKey, rangeOfPeriod, timingOf } from './timing';

type ScheduleRow = {
  id: string; unit_id: string; form_id: string; target_mode: string; target_kinds_json: string; target_unit_ids_json: string; cycle: string;
  watch_only: number; starts_on: string; ends_on: string | null; open_before_end_days: number | null; due_mode: string; due_n: number | null;
  due_date: string | null; lock_after_days: number | null; created_through: string | null;
};

/** Periods of a schedule that have begun by `today` and are not yet created. */
export function duePeriods(s: Pick<ScheduleRow, 'cycle' | 'starts_on' | 'ends_on' | 'created_through'>, today: string, max = 400): string[] {
  const cycle = s.cycle as Cycle;
  if (cycle === 'once') return !s.created_through && s.starts_on <= today ? ['once'] : [];
  const out: string[] = [];
  let key = s.created_through ? nextPeriodKey(cycle, s.created_through) : firstPeriodKey(s);
  for (;;) {
    const r = rangeOfPeriod(s, key);
    if (r.from > today || (s.ends_on && r.from > s.ends_on) || out.length >= max) break;
    out.push(key);
    key = nextPeriodKey(cycle, key);
  }
  return out;
}

/** Units whose lineage declared a watch period covering `day`. */
function watchFilter(periods: { unit_id: string; starts_on: string; ends_on: string }[], day: string) {
  const active = periods.filter((p) => p.starts_on <= day && p.ends_on >= day).map((p) => `/${p.unit_id}/`);
  return (u: TargetUnit) => active.some((seg) => u.path.includes(seg));
}

/** Creates the expected submissions of one schedule up to `today`; returns how many rows were inserted. */
export async function runSchedule(db: Database, s: ScheduleRow, today: string, calendar: WorkCalendar): Promise<number> {
  const keys = duePeriods(s, today);
  if (!keys.length) return 0;
  const form = await db.selectFrom('report_forms').select('current_version_id').where('id', '=', s.form_id).executeTakeFirstOrThrow();
  const units = await targetUnits(db, s);
  const first = rangeOfPeriod(s, keys[0]);
  const last = rangeOfPeriod(s, keys[keys.length - 1]);
  const watch = s.watch_only
    ? await db.selectFrom('watch_periods').select(['unit_id', 'starts_on', 'ends_on']).where('archived_at', 'is', null).where('starts_on', '<=', last.to).where('ends_on', '>=', first.from).execute()
    : [];
  let inserted = 0;
  for (const key of keys) {
    const range = rangeOfPeriod(s, key);
    const t = timingOf(s, range, calendar);
    const expected = s.watch_only ? units.filter(watchFilter(watch, range.from)) : units;
    const now = nowIso();
    for (let i = 0; i < expected.length; i += 500) {
      const res = await db.insertInto('report_submissions').values(expected.slice(i, i + 500).map((u) => ({
        id: newId(), schedule_id: s.id, unit_id: u.id, period_key: key, period_from: range.from, period_to: range.to, form_version_id: form.current_version_id,
        opens_at: t.opensAt, due_at: t.dueAt, locks_at: t.locksAt, status: 'expected', nil: 0, values_json: '{}', first_submitted_at: null, submitted_at: null,
        submitted_by: null, reviewed_at: null, reviewed_by: null, return_reason: null, reopen_reason: null, reopen_requested_at: null, version: 0, created_at: now, updated_at: now,
      }))).onConflict((oc) => oc.columns(['schedule_id', 'unit_id', 'period_key']).doNothing()).executeTakeFirst();
      inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    // Only forward: a slower server finishing an older period does not move the mark back.
    await db.updateTable('report_schedules').set({ created_through: key })
      .where('id', '=', s.id).where((eb) => eb.or([eb('created_through', 'is', null), eb('created_through', '<', key)])).execute();
  }
  return inserted;
}

/** One run over every live schedule. */
export async function runScheduler(db: Database, today = shanghaiDay()): Promise<{ schedules: number; created: number }> {
  const calendar = await WorkCalendar.load(db);
  const schedules = (await db.selectFrom('report_schedules').select([
    'id', 'unit_id', 'form_id', 'target_mode', 'target_kinds_json', 'target_unit_ids_json', 'cycle', 'watch_only', 'starts_on', 'ends_on',
    'open_before_end_days', 'due_mode', 'due_n', 'due_date', 'lock_after_days', 'created_through',
  ]).where('archived_at', 'is', null).execute()) as ScheduleRow[];
  let created = 0;
  for (const s of schedules) created += await runSchedule(db, s, today, calendar);
  return { schedules: schedules.length, created };
}

export function reportingSchedulerJob(): JobDef {
  return { name: 'reporting-scheduler', intervalMs: 15 * 60_000, run: async (db) => void (await runScheduler(db)) };
}
