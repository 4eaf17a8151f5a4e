/**
 * The one figures service of 报告制度: each expected submission is in exactly one state as of an
 * instant (on time, late, nil, returned, missing, not yet due), and every count, rate, matrix,
 * trend, indicator, ledger and document paragraph is computed here from that one definition.
 * 报送率 = reported / expected; 及时率 = reported by the due time / expected. A nil report
 * (本期无情况) counts as reported and is counted apart; it is never missing.
 */
import { sql, type SqlBool } from 'kysely';
import { type Cycle, periodKeyLabel, type ReportFigures, type ReportState } from '../../../common/reporting';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { asOfDay, type DayRange, endOfShanghaiDay, instantsOf, type Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { inSubtreeOf } from '../../platform/scope';

/** The instant a period's figures are judged at: now while the range runs, its last moment once ended. */
export function asOfInstant(r: Pick<Range, 'to'>, now = new Date()): string {
  const end = endOfShanghaiDay(asOfDay(r));
  const n = now.toISOString();
  return n < end ? n : end;
}

export interface StateRow { status: string; nil: number; first_submitted_at: string | null; due_at: string }

/** A submission's state at instant `at` (ISO). */
export function stateOf(r: StateRow, at: string): ReportState {
  if (r.first_submitted_at && r.first_submitted_at <= at) {
    if (r.status === 'returned') return 'returned';
    if (r.nil) return 'nil';
    return r.first_submitted_at <= r.due_at ? 'on_time' : 'late';
  }
  return r.due_at < at ? 'missing' : 'pending';
}

export function emptyFigures(): ReportFigures {
  return { expected: 0, submitted: 0, onTime: 0, late: 0, nil: 0, returned: 0, missing: 0, pending: 0, timely: 0, reportingRate: null, onTimeRate: null };
}

/** SQL over `s` (report_submissions): the submission is in `state` at instant `at`; mirrors stateOf. */
export function stateSql(state: ReportState, at: string) {
  const reported = sql`(s.first_submitted_at is not null and s.first_submitted_at <= ${at})`;
  switch (state) {
    case 'on_time': return sql<SqlBool>`${reported} and s.status <> 'returned' and s.nil = 0 and s.first_submitted_at <= s.due_at`;
    case 'late': return sql<SqlBool>`${reported} and s.status <> 'returned' and s.nil = 0 and s.first_submitted_at > s.due_at`;
    case 'nil': return sql<SqlBool>`${reported} and s.status <> 'returned' and s.nil = 1`;
    case 'returned': return sql<SqlBool>`${reported} and s.status = 'returned'`;
    case 'missing': return sql<SqlBool>`not ${reported} and s.due_at < ${at}`;
    case 'pending': return sql<SqlBool>`not ${reported} and s.due_at >= ${at}`;
  }
}

/** The figures of disjoint parts added up (a unit's own report and each child subtree make its subtree). */
export function sumFigures(parts: ReportFigures[]): ReportFigures {
  const f = emptyFigures();
  for (const p of parts) for (const k of ['expected', 'submitted', 'onTime', 'late', 'nil', 'returned', 'missing', 'pending', 'timely'] as const) f[k] += p[k];
  return { ...f, reportingRate: f.expected ? f.submitted / f.expected : null, onTimeRate: f.expected ? f.timely / f.expected : null };
}

/** Reported by `at` (whatever the state now). */
export const reportedSql = (at: string) => sql<SqlBool>`s.first_submitted_at is not null and s.first_submitted_at <= ${at}`;
/** Reported by `at` and by the due time: what 及时率 counts. */
export const timelySql = (at: string) => sql<SqlBool>`s.first_submitted_at is not null and s.first_submitted_at <= ${at} and s.first_submitted_at <= s.due_at`;

/** The counting columns at instant `at`. */
function selectCounts(at: string) {
  const sum = (cond: ReturnType<typeof sql>) => sql<string>`sum(case when ${cond} then 1 else 0 end)`;
  return [
    sql<string>`count(*)`.as('expected'),
    sum(stateSql('on_time', at)).as('onTime'), sum(stateSql('late', at)).as('late'), sum(stateSql('nil', at)).as('nil'),
    sum(stateSql('returned', at)).as('returned'), sum(stateSql('missing', at)).as('missing'),
    sum(timelySql(at)).as('timely'),
  ] as const;
}

type Num = string | number | null;
type CountRow = { expected: Num; onTime: Num; late: Num; nil: Num; returned: Num; missing: Num; timely: Num };

function toFigures(r: CountRow | undefined): ReportFigures {
  if (!r) return emptyFigures();
  const n = (v: Num) => Number(v ?? 0);
  const f = { expected: n(r.expected), onTime: n(r.onTime), late: n(r.late), nil: n(r.nil), returned: n(r.returned), missing: n(r.missing), timely: n(r.timely) };
  const submitted = f.onTime + f.late + f.nil + f.returned;
  return { ...f, submitted, pending: f.expected - submitted - f.missing, reportingRate: f.expected ? submitted / f.expected : null, onTimeRate: f.expected ? f.timely / f.expected : null };
}

/**
 * 报送率 and 及时率 level by level: each child subtree with expected submissions. One range of
 * report_submissions_subtree (the unit's subtree below it, read from the index alone), each row
 * counted for the child its unit path passes through (the path up to the next "/" after the
 * unit's own), then each child's counts joined to its unit. The unit's own report is apart
 * (rates.ts).
 */
export async function childFigures(db: Database, scheduleId: string, periodKey: string, unit: { id: string; path: string }, at = new Date().toISOString()) {
  const after = sql`substr(s.unit_path, ${sql.lit(unit.path.length + 1)})`;
  const slash = dialectOf(db) === 'postgres' ? sql<number>`strpos(${after}, '/')` : sql<number>`instr(${after}, '/')`;
  const below = db.selectFrom('report_submissions as s')
    .select([sql<string>`substr(s.unit_path, 1, ${sql.lit(unit.path.length)} + ${slash})`.as('child_path'), 's.unit_path', 's.status', 's.nil', 's.first_submitted_at', 's.due_at'])
    .where('s.schedule_id', '=', scheduleId).where('s.period_key', '=', periodKey)
    .where((eb) => inSubtreeOf(eb, 's.unit_path', unit.path)).where('s.unit_path', '>', unit.path);
  // Counted per child first, then the few children joined to their units (not each row).
  const counted = db.selectFrom(below.as('s'))
    .select(['s.child_path', ...selectCounts(at)] as never)
    .select(sql<string>`sum(case when s.unit_path <> s.child_path then 1 else 0 end)`.as('below'))
    .groupBy('s.child_path');
  const rows = await db.selectFrom(counted.as('g')).innerJoin('units as c', 'c.path', 'g.child_path' as never)
    .select(['c.id', 'c.name', 'c.kind', 'g.expected', 'g.onTime', 'g.late', 'g.nil', 'g.returned', 'g.missing', 'g.timely', 'g.below'] as never)
    .orderBy('c.sort_order').orderBy('c.path')
    .execute() as unknown as (CountRow & { id: string; name: string; kind: string; below: string | number })[];
  return rows.map((r) => ({ unitId: r.id, unitName: r.name, unitKind: r.kind, drillable: Number(r.below) > 0, figures: toFigures(r) }));
}

export interface SubmissionStateRow extends StateRow { id: string; unit_id: string; unit_name: string; unit_path: string; period_key: string }

/** The submissions of a subtree for one schedule and some periods, with unit names, in the tree's path order. */
export async function submissionStates(db: Database, scheduleId: string, periodKeys: string[], unitPath: string): Promise<SubmissionStateRow[]> {
  if (!periodKeys.length) return [];
  // The states from the covering index alone; the names in one range of the units' path index.
  const [rows, names] = await Promise.all([
    db.selectFrom('report_submissions as s')
      .select(['s.id', 's.unit_id', 's.unit_path', 's.period_key', 's.status', 's.nil', 's.first_submitted_at', 's.due_at'])
      .where('s.schedule_id', '=', scheduleId).where('s.period_key', 'in', periodKeys)
      .where((eb) => inSubtreeOf(eb, 's.unit_path', unitPath))
      .orderBy('s.unit_path')
      .execute(),
    db.selectFrom('units').select(['id', 'name']).where((eb) => inSubtreeOf(eb, 'path', unitPath)).execute(),
  ]);
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  return rows.map((r) => ({ ...r, unit_name: nameOf.get(r.unit_id) ?? '' }));
}

/** Units whose report of the period is missing at `at`, by name, in the tree's path order. */
export async function missingUnits(db: Database, scheduleId: string, periodKey: string, unitPath: string, at = new Date().toISOString()) {
  const rows = await db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 'u.id as unit_id', 'u.name'])
    .where('s.schedule_id', '=', scheduleId).where('s.period_key', '=', periodKey)
    .where((eb) => inSubtreeOf(eb, 's.unit_path', unitPath))
    .where((eb) => eb.or([eb('s.first_submitted_at', 'is', null), eb('s.first_submitted_at', '>', at)]))
    .where('s.due_at', '<', at)
    .orderBy('s.unit_path').limit(1000)
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, unitName: r.name, submissionId: r.id }));
}

/**
 * The last `n` periods of a schedule up to `until` (default: the latest created) that have
 * submissions: each the greatest key below the one before, one seek of the index each (a loose
 * index scan), instead of reading every submission of the schedule for its distinct keys.
 */
export async function recentPeriods(db: Database, schedule: { id: string; cycle: string; created_through: string | null }, n: number, until?: string): Promise<string[]> {
  const cycle = schedule.cycle as Cycle;
  if (cycle === 'once') return schedule.created_through ? ['once'] : [];
  const last = until ?? schedule.created_through;
  if (!last) return [];
  const keys = await sql<{ k: string }>`with recursive p(k, n) as (
      select (select max(period_key) from report_submissions where schedule_id = ${schedule.id} and period_key <= ${last}), 1
      union all
      select (select max(period_key) from report_submissions where schedule_id = ${schedule.id} and period_key < p.k), p.n + 1 from p where p.k is not null and p.n < ${n}
    )
    select k from p where k is not null`.execute(db);
  return keys.rows.map((r) => r.k).reverse();
}

/** Units × periods coloured by state. */
export async function matrixOf(db: Database, schedule: { id: string; cycle: string; created_through: string | null }, unitPath: string, n: number, until?: string, at = new Date().toISOString()) {
  const periods = await recentPeriods(db, schedule, n, until);
  const rows = await submissionStates(db, schedule.id, periods, unitPath);
  const byUnit = new Map<string, { unitId: string; unitName: string; cells: ({ state: ReportState; submissionId: string } | null)[] }>();
  const col = new Map(periods.map((p, i) => [p, i]));
  for (const r of rows) {
    let u = byUnit.get(r.unit_id);
    if (!u) byUnit.set(r.unit_id, (u = { unitId: r.unit_id, unitName: r.unit_name, cells: periods.map(() => null) }));
    u.cells[col.get(r.period_key)!] = { state: stateOf(r, at), submissionId: r.id };
  }
  return { periods: periods.map((key) => ({ key, label: periodKeyLabel(schedule.cycle as Cycle, key) })), units: [...byUnit.values()] };
}

/** Figures of each of the last `n` periods for a subtree. */
export async function trendOf(db: Database, schedule: { id: string; cycle: string; created_through: string | null }, unitPath: string, n: number, at = new Date().toISOString()) {
  const periods = await recentPeriods(db, schedule, n);
  if (!periods.length) return { points: [] };
  const rows = await db.selectFrom('report_submissions as s')
    .select(['s.period_key', ...selectCounts(at)] as never)
    .where('s.schedule_id', '=', schedule.id).where('s.period_key', 'in', periods)
    .where((eb) => inSubtreeOf(eb, 's.unit_path', unitPath))
    .groupBy('s.period_key').execute() as unknown as (CountRow & { period_key: string })[];
  const by = new Map(rows.map((r) => [r.period_key, toFigures(r)]));
  return { points: periods.map((key) => ({ key, label: periodKeyLabel(schedule.cycle as Cycle, key), figures: by.get(key) ?? emptyFigures() })) };
}

export interface RangeFigures extends ReportFigures {
  /** Per schedule in force in the range, with its periods' figures. */
  bySchedule: { scheduleId: string; name: string; cycle: Cycle; periods: number; figures: ReportFigures }[];
  lateUnits: { unitId: string; unitName: string; count: number }[];
  missingUnits: { unitId: string; unitName: string; count: number }[];
}

/**
 * Figures of every submission of a subtree due within the range (so each was due by its end),
 * as of the range's as-of instant: what the summary, the indicators and the ledgers take.
 */
export async function reportingFigures(db: Database, r: Range, now = new Date()): Promise<RangeFigures> {
  const at = asOfInstant(r, now);
  const base = db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id').innerJoin('report_schedules as h', 'h.id', 's.schedule_id')
    .where((eb) => inSubtreeOf(eb, 's.unit_path', r.unitPath)).where('h.archived_at', 'is', null)
    .where('s.due_at', '>=', instantsOf(r).from).where('s.due_at', '<', instantsOf(r).toExclusive);
  const total = toFigures((await base.select(selectCounts(at) as never).executeTakeFirst()) as CountRow | undefined);
  const per = await base.select(['h.id', 'h.name', 'h.cycle', sql<string>`count(distinct s.period_key)`.as('periods'), ...selectCounts(at)] as never)
    .groupBy(['h.id', 'h.name', 'h.cycle']).orderBy('h.name').execute() as unknown as (CountRow & { id: string; name: string; cycle: string; periods: string })[];
  const units = await base.select(['u.id', 'u.name', 's.unit_path', ...selectCounts(at)] as never).groupBy(['u.id', 'u.name', 's.unit_path']).orderBy('s.unit_path').execute() as unknown as (CountRow & { id: string; name: string })[];
  const lateUnits = units.filter((u) => Number(u.late ?? 0) > 0).map((u) => ({ unitId: u.id, unitName: u.name, count: Number(u.late) }));
  const missing = units.filter((u) => Number(u.missing ?? 0) > 0).map((u) => ({ unitId: u.id, unitName: u.name, count: Number(u.missing) }));
  return {
    ...total,
    bySchedule: per.map((p) => ({ scheduleId: p.id, name: p.name, cycle: p.cycle as Cycle, periods: Number(p.periods), figures: toFigures(p) })),
    lateUnits, missingUnits: missing,
  };
}

/**
 * The range figures' totals (what the indicators read) for many units at once: one grouped query
 * over the units' subtrees, each unit's own counts rolled up to every asked unit above it.
 */
export async function reportingTotalsMany(db: Database, units: BatchUnit[], r: DayRange, now = new Date()): Promise<Map<string, ReportFigures>> {
  const at = asOfInstant(r, now);
  const span = instantsOf(r);
  const rows = await db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id').innerJoin('report_schedules as h', 'h.id', 's.schedule_id')
    .where((eb) => inAnySubtree(eb, 'u.path', units)).where('h.archived_at', 'is', null)
    .where('s.due_at', '>=', span.from).where('s.due_at', '<', span.toExclusive)
    .select(['u.path', ...selectCounts(at)] as never).groupBy('u.path').execute() as unknown as (CountRow & { path: string })[];
  const keys = ['expected', 'onTime', 'late', 'nil', 'returned', 'missing', 'timely'] as const;
  const sums = Object.fromEntries(keys.map((k) => [k, rollUp(units, rows, (x) => Number(x[k] ?? 0))]));
  return new Map(units.map((u) => [u.id, toFigures(Object.fromEntries(keys.map((k) => [k, sums[k].get(u.id)!])) as CountRow)]));
}
