/**
 * The scheduler: for each live schedule, every period that has begun gets one expected
 * submission per target unit. Idempotent: the unique index on (schedule, unit, period) turns a
 * second insert (another server, a re-run) into nothing, and `created_through` remembers the
 * last period done, so a server that was down catches up on the next run. Periods already
 * created keep their timing and form version: changing a schedule changes coming periods only.
 */
import type { Cycle } from '../../../common/reporting';
import { nextPeriodKey } from '../../../common/reporting';
import { randomBytes } from 'node:crypto';
import { type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { WorkCalendar } from '../../platform/calendar';
import { newId, nowIso } from '../../platform/ids';
import type { JobDef } from '../../platform/jobs';
import { shanghaiDay } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { lockUnitTreeShared } from '../units/repo';
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

/**
 * A unique id per inserted row, made by the database: one fresh uuidv7's time and a random head
 * for the statement, and the row's number in the statement as the last 12 hex digits. Still
 * uuid-shaped and time-ordered between statements.
 */
function rowIdSql(db: Database) {
  // uuid's v7 keeps its random head within one millisecond (it counts in the tail), so two
  // statements of the same millisecond would repeat ids: the head's random digits are drawn here.
  const id = newId();
  const rand = randomBytes(3).toString('hex');
  const head = `${id.slice(0, 15)}${rand.slice(0, 3)}-${id[19]}${rand.slice(3)}-`;
  const n = sql`row_number() over (order by u.path)`;
  return dialectOf(db) === 'postgres' ? sql<string>`${head} || lpad(to_hex(${n}), 12, '0')` : sql<string>`${head} || printf('%012x', ${n})`;
}

/** Units of the schedule's targets (targets.ts says the same in JS) among `u`, as conditions. */
function targetConditions(eb: ExpressionBuilder<DB & { u: DB['units'] }, 'u'>, s: ScheduleRow, owner: { id: string; path: string }, ids: string[] | null) {
  const conds = [inSubtreeOf(eb, 'u.path', owner.path), eb('u.archived_at', 'is', null)];
  if (ids) conds.push(eb('u.id', 'in', ids));
  else {
    conds.push(eb('u.id', '!=', owner.id));
    if (s.target_mode === 'kinds') conds.push(eb('u.kind', 'in', JSON.parse(s.target_kinds_json) as string[]));
  }
  return conds;
}

/** The unit or one above it declared a watch period covering `day`. */
function inWatchOn(day: string) {
  return sql<SqlBool>`exists (select 1 from watch_periods wp inner join units w on w.id = wp.unit_id
    where wp.archived_at is null and wp.starts_on <= ${day} and wp.ends_on >= ${day}
      and u.path >= w.path and u.path < substr(w.path, 1, length(w.path) - 1) || '0')`;
}

/**
 * On PostgreSQL a period's rows and the schedule's mark are one transaction. SQLite writes one
 * statement at a time anyway (each insert reads the paths and writes the rows atomically), and a
 * transaction held across awaits would make a second connection of the same process wait on a
 * lock it cannot get (two app servers in one test): there each statement commits alone, as the
 * unique key and the forward-only mark make safe.
 */
function periodTx<T>(db: Database, fn: (trx: Database) => Promise<T>): Promise<T> {
  return dialectOf(db) === 'postgres' ? inTx(db, fn) : fn(db);
}

/**
 * Creates the expected submissions of one schedule up to `today`; returns how many rows were
 * inserted. Each period is set-based: one INSERT … SELECT from the units (one per 500 listed
 * units in list mode), never a statement per unit. On PostgreSQL the unit tree's shared lock
 * keeps a move from rewriting the path copies before these rows are visible to it.
 */
export async function runSchedule(db: Database, s: ScheduleRow, today: string, calendar: WorkCalendar): Promise<number> {
  const keys = duePeriods(s, today);
  if (!keys.length) return 0;
  const form = await db.selectFrom('report_forms').select('current_version_id').where('id', '=', s.form_id).executeTakeFirstOrThrow();
  const listed = s.target_mode === 'list' ? (JSON.parse(s.target_unit_ids_json) as string[]) : null;
  const kinds = s.target_mode === 'kinds' ? (JSON.parse(s.target_kinds_json) as string[]) : null;
  const chunks = listed ? Array.from({ length: Math.ceil(listed.length / 500) }, (_, i) => listed.slice(i * 500, i * 500 + 500)) : [null];
  const none = (listed && !listed.length) || (kinds && !kinds.length);
  let inserted = 0;
  for (const key of keys) {
    const range = rangeOfPeriod(s, key);
    const t = timingOf(s, range, calendar);
    inserted += await periodTx(db, async (trx) => {
      await lockUnitTreeShared(trx);
      const owner = await trx.selectFrom('units').select(['id', 'path']).where('id', '=', s.unit_id).executeTakeFirst();
      let n = 0;
      if (owner && !none) {
        const now = nowIso();
        for (const ids of chunks) {
          const rows = trx.selectFrom('units as u')
            .select([
              rowIdSql(trx).as('id'), sql.val(s.id).as('schedule_id'), 'u.id as unit_id', 'u.path as unit_path', sql.val(key).as('period_key'),
              sql.val(range.from).as('period_from'), sql.val(range.to).as('period_to'), sql.val(form.current_version_id).as('form_version_id'),
              sql.val(t.opensAt).as('opens_at'), sql.val(t.dueAt).as('due_at'), sql.val(t.locksAt).as('locks_at'), sql.lit('expected').as('status'),
              sql.lit(0).as('nil'), sql.lit('{}').as('values_json'), sql.lit(0).as('version'), sql.val(now).as('created_at'), sql.val(now).as('updated_at'),
            ])
            .where((eb) => eb.and([...targetConditions(eb, s, owner, ids), ...(s.watch_only ? [inWatchOn(range.from)] : [])]));
          const res = await trx.insertInto('report_submissions')
            .columns(['id', 'schedule_id', 'unit_id', 'unit_path', 'period_key', 'period_from', 'period_to', 'form_version_id', 'opens_at', 'due_at', 'locks_at', 'status', 'nil', 'values_json', 'version', 'created_at', 'updated_at'])
            .expression(rows)
            .onConflict((oc) => oc.columns(['schedule_id', 'unit_id', 'period_key']).doNothing()).executeTakeFirst();
          n += Number(res.numInsertedOrUpdatedRows ?? 0);
        }
      }
      // Only forward: a slower server finishing an older period does not move the mark back.
      await trx.updateTable('report_schedules').set({ created_through: key })
        .where('id', '=', s.id).where((eb) => eb.or([eb('created_through', 'is', null), eb('created_through', '<', key)])).execute();
      return n;
    });
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
