import { CASE_LEVELS, CASE_SOURCES, LATE_CLOSURES_SHOWN, type CaseFigures, type CaseLevel, type CaseSource, type LateClosure } from '../../../common/cases';
import { type CompiledQuery, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Database, nameOnPostgres } from '../../db';
import { endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import { nowIso, shanghaiDayStartUtc } from '../../platform/ids';
import { dialectOf } from '../../db/dialect';

import type { DayRange, Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, periodColumn, rollUp } from '../../platform/subtree-batch';
import { currentInSubtree } from '../../platform/records';
import { inSubtreeOf, subtreeUpperBound } from '../../platform/scope';

export type { Range };


/**
 * The instant a period's figures are judged at: the end of its last day, or now while it runs.
 * A past period regenerated later gives the same figures: nothing after this instant counts.
 */
export function asOfInstant(r: Pick<Range, 'to'>, now = nowIso()): string {
  const end = endOfShanghaiDay(r.to);
  return now < end ? now : end;
}

/**
 * closureRate and closeOnTimeRate of caseFigures for many units at once: one query over the
 * units' subtrees, each event counted as caseFigures counts it and rolled up to every asked unit
 * above its unit.
 */
export async function caseRatesMany(db: Database, units: BatchUnit[], r: DayRange, now = nowIso()): Promise<Map<string, { closureRate: number | null; closeOnTimeRate: number | null }>> {
  const asOf = asOfInstant(r, now);
  // Counted in the database per owner unit, by caseFigures' rules (figureRows): closed by the as-of instant, its deadline the supervision one where set.
  const closedBy = sql`e.status = 'closed' and e.closed_at is not null and e.closed_at <= ${asOf}`;
  const closeBy = sql`coalesce(e.supervise_due_at, e.due_close_at)`;
  const counted = await db.selectFrom('case_events as e')
    .select([
      'e.owner_path as path',
      sql<number | string>`count(*)`.as('events'),
      sql<number | string>`sum(case when ${closedBy} then 1 else 0 end)`.as('closed'),
      sql<number | string>`sum(case when ${closedBy} and ${closeBy} is not null then 1 else 0 end)`.as('due'),
      sql<number | string>`sum(case when ${closedBy} and e.closed_at <= ${closeBy} then 1 else 0 end)`.as('on_time'),
    ])
    .where('e.archived_at', 'is', null).where((eb) => inAnySubtree(eb, 'e.owner_path', units))
    .where((eb) => eb.between(periodColumn(eb, db, 'e.first_received_at', units), shanghaiDayStartUtc(r.from), endOfShanghaiDay(r.to)))
    .groupBy('e.owner_path')
    .execute();
  const events = rollUp(units, counted, (x) => Number(x.events));
  const closed = rollUp(units, counted, (x) => Number(x.closed ?? 0));
  const due = rollUp(units, counted, (x) => Number(x.due ?? 0));
  const onTime = rollUp(units, counted, (x) => Number(x.on_time ?? 0));
  return new Map(units.map((u) => [u.id, { closureRate: rate(closed.get(u.id)!, events.get(u.id)!), closeOnTimeRate: rate(onTime.get(u.id)!, due.get(u.id)!) }]));
}

/**
 * 直报: events of the subtree first received in the period that were reported up by the period's
 * end (as of `asOfInstant`), and of those due to be reported (较大 and above) how many were
 * reported by their deadline; for many units at once (each unit's subtree), or one.
 */
export async function directReportsMany(db: Database, units: BatchUnit[], r: DayRange, now = nowIso()): Promise<Map<string, { reported: number; onTimeRate: number | null }>> {
  const asOf = asOfInstant(r, now);
  const rows = await db.selectFrom('case_events as e')
    .select(['e.owner_path as path', 'e.reported_up_at', 'e.due_report_at'])
    .where('e.archived_at', 'is', null).where((eb) => inAnySubtree(eb, 'e.owner_path', units))
    .where((eb) => eb.between(periodColumn(eb, db, 'e.first_received_at', units), shanghaiDayStartUtc(r.from), endOfShanghaiDay(r.to)))
    .where((eb) => eb.or([eb('e.reported_up_at', 'is not', null), eb('e.due_report_at', 'is not', null)]))
    .execute();
  const counted = rows.map((e) => {
    const reportedAt = e.reported_up_at && e.reported_up_at <= asOf ? e.reported_up_at : null;
    // Due and judged: reported by the as-of instant, or its deadline already past then.
    const due = !!e.due_report_at && (!!reportedAt || e.due_report_at < asOf);
    return { path: e.path, reported: reportedAt ? 1 : 0, due: due ? 1 : 0, onTime: due && reportedAt && reportedAt <= e.due_report_at! ? 1 : 0 };
  });
  const reported = rollUp(units, counted, (x) => x.reported);
  const due = rollUp(units, counted, (x) => x.due);
  const onTime = rollUp(units, counted, (x) => x.onTime);
  return new Map(units.map((u) => [u.id, { reported: reported.get(u.id)!, onTimeRate: due.get(u.id)! > 0 ? onTime.get(u.id)! / due.get(u.id)! : null }]));
}

/** The events directReportsMany counts as reported up, for one unit's subtree (the pack by checklist item files their materials). */
export async function directReportIds(db: Database, r: Range, now = nowIso()): Promise<string[]> {
  const rows = await db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id').select('e.id')
    .where('e.archived_at', 'is', null).where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath))
    .where('e.first_received_at', '>=', shanghaiDayStartUtc(r.from)).where('e.first_received_at', '<=', endOfShanghaiDay(r.to))
    .where('e.reported_up_at', 'is not', null).where('e.reported_up_at', '<=', asOfInstant(r, now)).execute();
  return rows.map((x) => x.id);
}

/**
 * The case figures pages, documents and checks use, for a unit subtree and a period, judged as of
 * the period's end (`asOfInstant`). Events count at the unit that received them (their owner
 * unit) and "in the period" means first received in it; archived events are left out.
 * - closed: closed by the as-of instant (an event closed after the period is open in it).
 * - 办结按时率 = closed within the closure deadline / closed events that had one (the supervision
 *   deadline where a superior set one, else the level's closure clock). Open events past a
 *   deadline are the separate 超期未办结 (`overdueOpen`), never merged into the rate's base;
 *   events closed after their deadline are listed in `lateClosures` for 存在的问题: the first
 *   `lateShown` of them (the export asks for more).
 * - first response = the first public information or reply, due by the earlier of the two
 *   clocks; counted once the deadline has passed or the event was answered.
 */
export async function caseFigures(db: Database, r: Range, now = nowIso(), lateShown = LATE_CLOSURES_SHOWN): Promise<CaseFigures> {
  const asOf = asOfInstant(r, now);
  const { byUnitRows, kinds, late, middle, replyRows, received, unitNames } = await figureRows(db, r, asOf, lateShown);
  const bySource = Object.fromEntries(CASE_SOURCES.map((s) => [s, 0])) as Record<CaseSource, number>;
  let receivedTotal = 0;
  for (const row of received) {
    bySource[row.source as CaseSource] += Number(row.n);
    receivedTotal += Number(row.n);
  }
  const byLevel = Object.fromEntries([...CASE_LEVELS, 'untriaged'].map((l) => [l, 0])) as CaseFigures['byLevel'];
  const byCategory: Record<string, number> = {};
  for (const [level, n] of kinds.levels) byLevel[(level as CaseLevel | null) ?? 'untriaged'] += n;
  for (const [category, n] of kinds.categories) if (category) byCategory[category] = (byCategory[category] ?? 0) + n;
  let events = 0;
  let closed = 0;
  let overdueOpen = 0;
  let firstDue = 0;
  let firstOnTime = 0;
  let closeDue = 0;
  let closeOnTime = 0;
  const byUnit: CaseFigures['byUnit'] = [];
  for (const u of byUnitRows) {
    events += Number(u.events);
    closed += Number(u.closed);
    overdueOpen += Number(u.overdue_open);
    firstDue += Number(u.first_due);
    firstOnTime += Number(u.first_on_time);
    closeDue += Number(u.close_due);
    closeOnTime += Number(u.close_on_time);
    byUnit.push({ unitId: u.unit_id, unitName: unitNames.get(u.unit_id)!, events: Number(u.events), closed: Number(u.closed) });
  }
  const lateClosures: LateClosure[] = late.map((e) => ({ eventId: e.id, title: e.title, unitName: unitNames.get(e.unit_id)!, dueAt: e.due_at!, closedAt: e.closed_at! }));
  const replies = await repliesOf(db, replyRows.map((e) => ({ id: e.id, at: e.at! })));
  const open = events - closed;
  return {
    asOfDay: shanghaiDay(asOf), received: receivedTotal, events, closed, closureRate: rate(closed, events), open, overdueOpen,
    firstResponseDue: firstDue, firstResponseOnTime: firstOnTime, firstResponseOnTimeRate: rate(firstOnTime, firstDue),
    closeDue, closedOnTime: closeOnTime, closedLate: closeDue - closeOnTime, closeOnTimeRate: rate(closeOnTime, closeDue), lateClosures,
    medianHandlingHours: medianHours(middle),
    bySource, byLevel, byCategory,
    // Units with as many events in the order of their ids (the order they were read in was the plan's).
    byUnit: byUnit.sort((a, b) => b.events - a.events || (a.unitId < b.unitId ? -1 : 1)),
    replies,
  };
}

/** caseFigures without the per-unit and per-category lists: what the annual summary and the rate figures use. */
export type CaseTotals = Omit<CaseFigures, 'byUnit' | 'byCategory'>;

/** A top-level unit's path (one segment, e.g. the province's): the units case_figure_sums and case_report_sums keep sums for. */
const TOP_LEVEL = /^\/[^/]+\/$/;
/** case_figure_sums' handling day of an event not closed (migration 2026121080). */
const NO_HANDLING = -1000000;

/**
 * caseFigures' totals (every field but byUnit and byCategory, the same values). A top-level unit
 * (the province root: half a million events a year) reads them from the sums kept by triggers
 * (`rootTotals`); any other unit from caseFigures' per-unit pass (a county's year is fast there).
 */
export async function caseTotals(db: Database, r: Range, now = nowIso(), lateShown = LATE_CLOSURES_SHOWN): Promise<CaseTotals> {
  if (TOP_LEVEL.test(r.unitPath)) {
    const fast = await rootTotals(db, r, asOfInstant(r, now), lateShown);
    if (fast) return fast;
  }
  const { byUnit: _u, byCategory: _c, ...totals } = await caseFigures(db, r, now, lateShown);
  return totals;
}

/**
 * The totals of a top-level unit's subtree from the sums of migration 2026121080, exact:
 * - events and levels: every row of the period's days (received day: the Shanghai day, as the
 *   period's bounds are);
 * - the six judgements: the rows settled before the as-of instant's UTC day (every judged time lies
 *   before the as-of instant: their bits are the judgement), plus the other events of the period
 *   judged one by one by figureRows (found by their settled instant, case_events_settled_at);
 * - the median handling time: the closed events' count per whole day of handling (settled rows, plus
 *   the unsettled events closed by the as-of instant) finds the day that holds the middle one (or
 *   two); that day's events of the period are read (case_events_handling_day) and ordered here;
 * - reports by source: case_report_sums.
 * Undefined when a check fails (the unsettled events read are not as many as the sums count, or a
 * median day's events not as many as its count): the caller then runs the full pass.
 */
export async function rootTotals(db: Database, r: Range, asOf: string, lateShown = LATE_CLOSURES_SHOWN): Promise<CaseTotals | undefined> {
  const asOfDate = asOf.slice(0, 10);
  const [sums, reports, rows] = await Promise.all([
    db.selectFrom('case_figure_sums')
      .select(['level', 'handling_day', sql<number>`case when settled_day < ${asOfDate} then 1 else 0 end`.as('settled'),
        sql<number | string>`sum(n)`.as('n'), sql<number | string>`sum(closed)`.as('closed'), sql<number | string>`sum(close_due)`.as('close_due'),
        sql<number | string>`sum(close_on_time)`.as('close_on_time'), sql<number | string>`sum(overdue_open)`.as('overdue_open'),
        sql<number | string>`sum(first_due)`.as('first_due'), sql<number | string>`sum(first_on_time)`.as('first_on_time')])
      .where('root_path', '=', r.unitPath).where('received_day', '>=', r.from).where('received_day', '<=', r.to)
      .groupBy([sql`1`, sql`2`, sql`3`]).execute(), // (by position: PostgreSQL sees two parameters in the two expressions)
    db.selectFrom('case_report_sums').select(['source', sql<number | string>`sum(n)`.as('n')])
      .where('root_path', '=', r.unitPath).where('received_day', '>=', r.from).where('received_day', '<=', r.to).groupBy('source').execute(),
    unsettledRows(db, r, asOf, lateShown, asOfDate),
  ]);
  const byLevel = Object.fromEntries([...CASE_LEVELS, 'untriaged'].map((l) => [l, 0])) as CaseFigures['byLevel'];
  const [u] = rows.byUnitRows;
  let events = 0;
  let unsettled = 0;
  const t = { closed: Number(u.closed ?? 0), close_due: Number(u.close_due ?? 0), close_on_time: Number(u.close_on_time ?? 0), overdue_open: Number(u.overdue_open ?? 0), first_due: Number(u.first_due ?? 0), first_on_time: Number(u.first_on_time ?? 0) };
  /** Closed events (by the as-of instant) per whole day of handling. */
  const perDay = new Map<number, number>();
  const addDay = (d: number, n: number) => perDay.set(d, (perDay.get(d) ?? 0) + n);
  for (const x of sums) {
    const n = Number(x.n);
    events += n;
    byLevel[(x.level === '' ? 'untriaged' : x.level) as CaseLevel] += n;
    if (!Number(x.settled)) {
      unsettled += n;
      continue;
    }
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += Number(x[k]);
    if (Number(x.handling_day) !== NO_HANDLING) addDay(Number(x.handling_day), n);
  }
  if (unsettled !== Number(u.events)) return undefined;
  for (const ms of rows.handling) addDay(Math.trunc(ms / 86400000), 1);
  // Every closed event of the period was closed after the period's start plus its shortest handling day (less a margin).
  const shortest = perDay.size ? Math.min(...perDay.keys()) : null;
  const closedSince = shortest === null ? null : new Date(Math.max(0, Date.parse(shanghaiDayStartUtc(r.from)) + (shortest - 2) * 86400000)).toISOString();
  const [late, replyRows] = await Promise.all([closedSince === null ? [] : lateClosuresSince(db, r, asOf, lateShown, closedSince), latestReplyRows(db, r, asOf, rows.replyRows)]);
  const unitIds = [...new Set(late.map((e) => e.unit_id))];
  const unitNames = new Map(unitIds.length ? (await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute()).map((x) => [x.id, x.name]) : []);
  // The middle one (or two) of the closed events' handling times, by rank: the day that holds each, then that day's times.
  const count = [...perDay.values()].reduce((a, b) => a + b, 0);
  const ranks = !count ? [] : count % 2 ? [(count - 1) / 2] : [count / 2 - 1, count / 2];
  const days = [...perDay.keys()].sort((a, b) => a - b);
  const middle: number[] = [];
  const read = new Map<number, Float64Array>();
  for (const rank of ranks) {
    let below = 0;
    let day = days[0];
    for (day of days) {
      if (rank < below + perDay.get(day)!) break;
      below += perDay.get(day)!;
    }
    if (!read.has(day)) {
      const times = await handlingDayTimes(db, r, asOf, day);
      if (times.length !== perDay.get(day)) return undefined;
      read.set(day, times);
    }
    middle.push(read.get(day)![rank - below]);
  }
  const bySource = Object.fromEntries(CASE_SOURCES.map((s) => [s, 0])) as Record<CaseSource, number>;
  let received = 0;
  for (const x of reports) {
    bySource[x.source as CaseSource] += Number(x.n);
    received += Number(x.n);
  }
  const lateClosures: LateClosure[] = late.map((e) => ({ eventId: e.id, title: e.title, unitName: unitNames.get(e.unit_id)!, dueAt: e.due_at!, closedAt: e.closed_at! }));
  const replies = await repliesOf(db, replyRows);
  return {
    asOfDay: shanghaiDay(asOf), received, events, closed: t.closed, closureRate: rate(t.closed, events), open: events - t.closed, overdueOpen: t.overdue_open,
    firstResponseDue: t.first_due, firstResponseOnTime: t.first_on_time, firstResponseOnTimeRate: rate(t.first_on_time, t.first_due),
    closeDue: t.close_due, closedOnTime: t.close_on_time, closedLate: t.close_due - t.close_on_time, closeOnTimeRate: rate(t.close_on_time, t.close_due), lateClosures,
    medianHandlingHours: medianHours(middle),
    bySource, byLevel, replies,
  };
}

/**
 * The handling times (milliseconds, ascending) of the subtree's events of the period closed by the
 * as-of instant whose handling lies in whole day `day` (case_events_handling_day: the day, then
 * the period; the same milliseconds as figureRows computes).
 */
async function handlingDayTimes(db: Database, r: Range, asOf: string, day: number): Promise<Float64Array> {
  const sqlite = dialectOf(db) === 'sqlite';
  const { col } = closureSql(db, asOf);
  const q = db.selectFrom('case_events as e')
    .where(sql<SqlBool>`e.status = 'closed'`).where('e.closed_at', 'is not', null).where('e.archived_at', 'is', null)
    .where(sqlite ? sql<SqlBool>`cast(round((julianday(e.closed_at) - julianday(e.first_received_at)) * 86400000) as integer) / 86400000 = ${day}`
      : sql<SqlBool>`(case_handling_ms(e.first_received_at, e.closed_at) / 86400000) = ${day}`)
    .where('e.first_received_at', '>=', shanghaiDayStartUtc(r.from)).where('e.first_received_at', '<=', endOfShanghaiDay(r.to))
    .where(sql<SqlBool>`e.owner_path >= ${r.unitPath} and e.owner_path < ${subtreeUpperBound(r.unitPath)}`)
    .where(sql<SqlBool>`${col('closed_at')} <= ${asOf}`);
  const times = sqlite
    ? (await q.select(sql<number>`cast(round((julianday(e.closed_at) - julianday(e.first_received_at)) * 86400000) as integer)`.as('ms')).execute()).map((x) => Number(x.ms))
    : (await q.select(['e.first_received_at', 'e.closed_at']).execute()).map((x) => Date.parse(x.closed_at!) - Date.parse(x.first_received_at));
  return Float64Array.from(times).sort();
}

/** A share, or null where there is nothing to divide by. */
const rate = (n: number, d: number) => (d > 0 ? n / d : null);

/** The median handling time in hours, to a tenth: the middle one of an odd count, the mean of the middle two of an even one (milliseconds). */
function medianHours(middle: number[]): number | null {
  if (!middle.length) return null;
  const hours = middle.map((ms) => ms / 3600_000);
  return Math.round((hours.length === 2 ? (hours[0] + hours[1]) / 2 : hours[0]) * 10) / 10;
}

/** The ten latest replies of the rows read, with their texts (as caseFigures orders and cuts them). */
async function repliesOf(db: Database, rows: { id: string; at: string }[]): Promise<CaseFigures['replies']> {
  const replies: CaseFigures['replies'] = rows.map((e) => ({ eventId: e.id, title: '', reply: '', at: e.at }));
  replies.sort(latestFirst);
  replies.length = Math.min(replies.length, 10);
  if (replies.length) {
    const texts = new Map((await db.selectFrom('case_events').select(['id', 'title', 'public_reply']).where('id', 'in', replies.map((x) => x.eventId)).execute()).map((x) => [x.id, x]));
    for (const x of replies) [x.title, x.reply] = [texts.get(x.eventId)!.title, texts.get(x.eventId)!.public_reply ?? ''];
  }
  return replies;
}
/** caseFigures' order of replies: latest first, then by id. */
const latestFirst = (a: { at: string; eventId: string }, b: { at: string; eventId: string }) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.eventId < b.eventId ? -1 : 1);

/**
 * The period's events with a reply that can be among the ten latest replies as of `asOf`: every
 * unsettled one (`unsettled`, their reply times as of `asOf`), and the settled ones read from
 * case_events_replied (events with a reply text, by the later of their two reply times, latest
 * first) until ten are at or after the time reached. A settled event's times all lie before the
 * as-of instant, so its reply time is the index's; any event's reply time as of `asOf` is at most
 * the index's. So the events not read reply before the ten kept (exact, ties included: the read
 * goes on while the tenth equals the time reached).
 */
async function latestReplyRows(db: Database, r: Range, asOf: string, unsettled: { id: string; at: string | null }[]): Promise<{ id: string; at: string }[]> {
  const sqlite = dialectOf(db) === 'sqlite';
  const key = sqlite ? sql`coalesce(e.responded_at, e.first_info_at)` : sql`coalesce(e.responded_at collate "C", e.first_info_at collate "C")`;
  const by = (x: string | null) => (x !== null && x <= asOf ? x : null);
  const exact = unsettled.filter((x): x is { id: string; at: string } => !!x.at);
  for (let limit = 64; ; limit *= 4) {
    const rows = await db.selectFrom('case_events as e')
      .select(['e.id', 'e.responded_at', 'e.first_info_at', key.as('k')])
      .where('e.archived_at', 'is', null).where(sql<SqlBool>`e.public_reply <> ''`)
      .where(sql<SqlBool>`${key} <= ${asOf}`)
      .where('e.first_received_at', '>=', shanghaiDayStartUtc(r.from)).where('e.first_received_at', '<=', endOfShanghaiDay(r.to))
      .where(sql<SqlBool>`e.owner_path >= ${r.unitPath} and e.owner_path < ${subtreeUpperBound(r.unitPath)}`)
      .orderBy(key, 'desc').limit(limit).execute();
    const seen = new Map(exact.map((x) => [x.id, x]));
    for (const x of rows) {
      const at = by(x.responded_at) ?? by(x.first_info_at);
      if (at && !seen.has(x.id)) seen.set(x.id, { id: x.id, at });
    }
    const best = [...seen.values()].map((x) => ({ eventId: x.id, at: x.at })).sort(latestFirst).slice(0, 10);
    const reached = rows.length ? (rows[rows.length - 1].k as string) : '';
    if (rows.length < limit || (best.length === 10 && best[9].at > reached)) return best.map((x) => ({ id: x.eventId, at: x.at }));
  }
}

/**
 * lateClosureRows at the top of the tree: the period's late closures in the order of their closing
 * (case_events_closed: closed events by closing time, then id), from `since` (before every closing
 * of the period's events) to the as-of instant, the first `limit` of them.
 */
async function lateClosuresSince(db: Database, r: Range, asOf: string, limit: number, since: string): Promise<LateRow[]> {
  const { col, closeBy } = closureSql(db, asOf);
  const rows = await db.selectFrom('case_events as e')
    .select(['e.id', 'e.unit_id', sql<string | null>`${closeBy}`.as('due_at'), 'e.closed_at'])
    .where(sql<SqlBool>`e.status = 'closed'`).where('e.closed_at', 'is not', null).where('e.archived_at', 'is', null)
    .where(sql<SqlBool>`${col('closed_at')} >= ${since} and ${col('closed_at')} <= ${asOf}`)
    .where(sql<SqlBool>`${col('closed_at')} > ${closeBy}`)
    .where('e.first_received_at', '>=', shanghaiDayStartUtc(r.from)).where('e.first_received_at', '<=', endOfShanghaiDay(r.to))
    .where(sql<SqlBool>`e.owner_path >= ${r.unitPath} and e.owner_path < ${subtreeUpperBound(r.unitPath)}`)
    .orderBy(col('closed_at')).orderBy(col('id')).limit(limit).execute();
  if (!rows.length) return [];
  const titles = new Map((await db.selectFrom('case_events').select(['id', 'title']).where('id', 'in', rows.map((e) => e.id)).execute()).map((e) => [e.id, e.title]));
  return rows.map((e) => ({ ...e, title: titles.get(e.id)! }));
}

// The settled time and the judgements of a settled event, as the migrations index them in
// case_events_figures: 2026121040 on SQLite, 2026121050 on PostgreSQL, where every time is compared
// `collate "C"` (bytewise, as SQLite and JavaScript compare the ISO times). Each database reads them
// from the index only where the statement writes the very same expressions (bench/cases.ts writes
// its anchor with them; test/api/cases-scale.test.ts compares them with the indexes).
const JUDGED_TIMES = ['closed_at', 'first_info_at', 'responded_at', 'reported_up_at', 'paused_at', 'due_report_at', 'due_first_info_at', 'due_response_at', 'due_close_at', 'supervise_due_at'];
function settledSql(c: (column: string) => string, latest: 'max' | 'greatest') {
  const at = `${latest}(${JUDGED_TIMES.map((x) => `coalesce(${c(x)}, '')`).join(', ')})`;
  const closed = `e.status = 'closed' and ${c('closed_at')} is not null`;
  const closeBy = `coalesce(${c('supervise_due_at')}, ${c('due_close_at')})`;
  const earlier = (x: string, y: string) => `case when ${y} is null or ${x} <= ${y} then coalesce(${x}, ${y}) else ${y} end`;
  const bit = (cond: string, k: number) => `case when ${cond} then ${1 << k} else 0 end`;
  // Each as figureRows judges it, with every time before the as-of instant: `t <= asOf` holds, `t > asOf` does not, a set deadline has passed.
  const flags = [
    bit(closed, 0),
    bit(`${closed} and ${closeBy} is not null`, 1),
    bit(`${closed} and ${c('closed_at')} <= ${closeBy}`, 2),
    bit(`not (${closed}) and ${c('paused_at')} is null and ((${c('due_report_at')} is not null and ${c('reported_up_at')} is null) or (${c('due_first_info_at')} is not null and ${c('first_info_at')} is null)
    or (${c('due_response_at')} is not null and ${c('responded_at')} is null) or ${c('due_close_at')} is not null or ${c('supervise_due_at')} is not null)`, 3),
    bit(`${c('due_first_info_at')} is not null or ${c('due_response_at')} is not null`, 4),
    bit(`${earlier(c('first_info_at'), c('responded_at'))} <= ${earlier(c('due_first_info_at'), c('due_response_at'))}`, 5),
  ].join(' + ');
  return { at, flags };
}
const SETTLED_SQLITE = settledSql((x) => `e.${x}`, 'max');
const SETTLED_PG = settledSql((x) => `e.${x} collate "C"`, 'greatest');
export const SETTLED_AT_SQL = SETTLED_SQLITE.at;
export const SETTLED_FLAGS_SQL = SETTLED_SQLITE.flags;
export const SETTLED_AT_PG_SQL = SETTLED_PG.at;
export const SETTLED_FLAGS_PG_SQL = SETTLED_PG.flags;
/**
 * A closed event's handling time in whole milliseconds (null without closed_at), as migration
 * 2026121120 stores it in case_events_figures: the same text, so that each database reads the stored
 * value (SQLite julianday's milliseconds; PostgreSQL case_handling_ms, the milliseconds Date.parse gives).
 */
export const HANDLING_MS_SQL = 'cast(round((julianday(e.closed_at) - julianday(e.first_received_at)) * 86400000) as integer)';
export const HANDLING_MS_PG_SQL = 'case_handling_ms(e.first_received_at, e.closed_at)';
const HANDLING_MS = sql.raw(HANDLING_MS_SQL);
const HANDLING_MS_PG = sql.raw(HANDLING_MS_PG_SQL);
const SETTLED_AT = sql.raw(SETTLED_AT_SQL);
const SETTLED_FLAGS = sql.raw(SETTLED_FLAGS_SQL);
const SETTLED_AT_PG = sql.raw(SETTLED_AT_PG_SQL);
const SETTLED_FLAGS_PG = sql.raw(SETTLED_FLAGS_PG_SQL);

/**
 * Distinct strings in the order `order by` gives them in the database: SQLite compares text
 * bytewise (BINARY, UTF-8: as Buffer.compare); PostgreSQL sorts them under the database's own
 * collation, which only it knows, so it is asked (one small statement).
 */
async function inDatabaseOrder(db: Database, xs: string[]): Promise<string[]> {
  if (xs.length < 2) return xs;
  if (dialectOf(db) === 'sqlite') return xs.map((x) => [x, Buffer.from(x)] as const).sort((a, b) => Buffer.compare(a[1], b[1])).map(([x]) => x);
  const rows = await sql<{ x: string }>`select x from unnest(${xs}::varchar[]) as t(x) order by x`.execute(db);
  return rows.rows.map((r) => r.x);
}

/**
 * The subtree's current events first received in the period (case_events_figures: unit_id,
 * first_received_at, …): a range on the owner's path copy would read every year of the subtree to keep one.
 */
function periodEvents(db: Database, r: Range) {
  return db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.first_received_at', '>=', shanghaiDayStartUtc(r.from))
    .where('e.first_received_at', '<=', endOfShanghaiDay(r.to));
}

/**
 * An event's closure as of `asOf`: its closing time if closed by then, and its closure deadline. On
 * PostgreSQL every time is compared under collate "C" (bytewise, as SQLite and JavaScript compare
 * the ISO times): the database's own collation (e.g. C.UTF-8) made judging a county's year most of the figures' time.
 */
function closureSql(db: Database, asOf: string) {
  const sqlite = dialectOf(db) === 'sqlite';
  const col = (c: string) => (sqlite ? sql.ref(`e.${c}`) : sql`${sql.ref(`e.${c}`)} collate "C"`);
  const closedAt = sql`case when e.status = 'closed' and ${col('closed_at')} <= ${asOf} then ${col('closed_at')} end`;
  const closeBy = sql`coalesce(${col('supervise_due_at')}, ${col('due_close_at')})`;
  return { col, closedAt, closeBy };
}

/**
 * `q` run as a named prepared statement on PostgreSQL (nameOnPostgres): each connection of the pool
 * parses and plans its text once, then binds and executes it. For the county figures' three reads of
 * case_events_figures (the per-unit pass, the late closures, the latest events with a reply time),
 * whose texts are fixed (every value a parameter): parsing and planning them (the planner matching
 * the index's expressions) was 3-8 ms of the database's 2 shared cores a call. Their generic plans
 * are the custom plans' (the province root: units read by an index, not scanned). SQLite: as `execute()`.
 */
async function executeNamed<R>(db: Database, q: { compile(): CompiledQuery<R> }): Promise<R[]> {
  const compiled = q.compile();
  if (dialectOf(db) === 'postgres') nameOnPostgres(compiled.sql);
  return (await db.executeQuery(compiled)).rows;
}

type LateRow = { id: string; title: string; unit_id: string; due_at: string | null; closed_at: string | null };

/**
 * The period's events closed after their closure deadline as of `asOf` (caseFigures' `closedLate`),
 * earliest closure first, then by id (bytewise on both databases); the first `limit` of them, or all.
 * The database orders and cuts them; the titles of the few kept are read by id. `units` (the few
 * only): the units that hold the first `limit` (figureRowsOf's lateUnits); the others are not read.
 */
async function lateClosureRows(db: Database, r: Range, asOf: string, limit?: number, units: string[] | null = null): Promise<LateRow[]> {
  const { col, closedAt, closeBy } = closureSql(db, asOf);
  if (units && !units.length) return [];
  // (`units`: the subtree's units that can hold the first `limit`, figureRowsOf's lateUnits; the order is total, closing time then id, under any plan.)
  const late = periodEvents(db, r).$if(!!units, (q) => q.where('e.unit_id', 'in', units!))
    .where(sql<SqlBool>`${closedAt} > ${closeBy}`).orderBy(col('closed_at')).orderBy(col('id'));
  // A long list (the export's) reads its titles with it, and so do the few over only the units that can
  // hold them (a few hundred rows sorted); the few over every unit read theirs by id.
  if (limit === undefined || limit > LATE_CLOSURES_SHOWN || units) {
    if (units && (limit === undefined || limit > LATE_CLOSURES_SHOWN)) throw new Error('lateClosureRows: units are for the few shown only');
    return late.select(['e.id', 'e.title', 'e.unit_id', sql<string | null>`${closeBy}`.as('due_at'), 'e.closed_at']).$if(limit !== undefined, (q) => q.limit(limit!)).execute();
  }
  const rows = await executeNamed(db, late.select(['e.id', 'e.unit_id', sql<string | null>`${closeBy}`.as('due_at'), 'e.closed_at']).limit(limit));
  if (!rows.length) return [];
  const titles = new Map((await db.selectFrom('case_events').select(['id', 'title']).where('id', 'in', rows.map((e) => e.id)).execute()).map((e) => [e.id, e.title]));
  return rows.map((e) => ({ ...e, title: titles.get(e.id)! }));
}

type RowsOf = Awaited<ReturnType<typeof figureRowsOf>>;
/** figureRowsOf's full pass (per unit). */
export async function figureRows(db: Database, r: Range, asOf: string, lateShown = LATE_CLOSURES_SHOWN) {
  return (await figureRowsOf(db, r, asOf, lateShown)) as Extract<RowsOf, { kinds: unknown }>;
}
/** figureRowsOf's totals of the events not settled before `since` (rootTotals). */
async function unsettledRows(db: Database, r: Range, asOf: string, lateShown: number, since: string) {
  return (await figureRowsOf(db, r, asOf, lateShown, since)) as Extract<RowsOf, { handling: number[] }>;
}

/**
 * What the figures are computed from, judged as of `asOf` by the rules caseFigures states: the
 * subtree's current events first received in the period, counted per unit in the database (with
 * each unit's levels, categories and closed events' handling times, in one pass), and of them only
 * the rows the figures list one by one (the late closures, the replies from the tenth latest on);
 * and its reports received in the period by source. At a county's year (some 5,000 events) the
 * time went into handing each event's twenty values to JavaScript (45-60 ms at a million), not
 * into reading them: every statement here reads case_events_figures alone (migration
 * 2026120941_case_figure_cover; `public_reply <> ''` is its expression, written literally), the
 * reports cases_current_owner alone (2026120960_case_report_owner_path). Unit names are read once.
 */
async function figureRowsOf(db: Database, r: Range, asOf: string, lateShown = LATE_CLOSURES_SHOWN, unsettledSince?: string) {
  const from = shanghaiDayStartUtc(r.from);
  const to = endOfShanghaiDay(r.to);
  const period = () => periodEvents(db, r);
  // caseFigures' rules in SQL, each value as of `asOf` (null where JavaScript has null or false).
  /** A time that had happened by the as-of instant, else null. */
  const by = (c: RawBuilder<unknown>) => sql`case when ${c} <= ${asOf} then ${c} end`;
  /** The earlier of two times either of which may be null. */
  const earlier = (x: RawBuilder<unknown>, y: RawBuilder<unknown>) => sql`case when ${y} is null or ${x} <= ${y} then coalesce(${x}, ${y}) else ${y} end`;
  // PostgreSQL: every time is compared under collate "C" (closureSql's `col`). Nulls are judged as before.
  const sqlite = dialectOf(db) === 'sqlite';
  const { col, closedAt, closeBy } = closureSql(db, asOf);
  // The list's overdue rule, judged at the as-of instant: a clock past its deadline and not met by then, not paused.
  const past = (due: string, met?: string) => (met ? sql`(${col(due)} < ${asOf} and (${col(met)} is null or ${col(met)} > ${asOf}))` : sql`${col(due)} < ${asOf}`);
  const lateOpen = sql`${closedAt} is null and (e.paused_at is null or ${col('paused_at')} > ${asOf})
    and (${past('due_report_at', 'reported_up_at')} or ${past('due_first_info_at', 'first_info_at')} or ${past('due_response_at', 'responded_at')}
      or ${past('due_close_at')} or ${past('supervise_due_at')})`;
  // First response: the first public information or reply, due by the earlier of the two clocks.
  const firstBy = earlier(col('due_first_info_at'), col('due_response_at'));
  const firstAt = earlier(by(col('first_info_at')), by(col('responded_at')));
  // SQLite: an event settled by the as-of instant (every time judged lies before it) has its judgement
  // `bit` read from the index (migration 2026121040); the others are judged here. The same counts.
  // PostgreSQL likewise (migration 2026121050), where the statement reads case_events_figures alone (below).
  const [settledAt, settledFlags] = sqlite ? [SETTLED_AT, SETTLED_FLAGS] : [SETTLED_AT_PG, SETTLED_FLAGS_PG];
  const judged = (cond: RawBuilder<unknown>, bit: number) =>
    sql<number | string>`sum(case when ${settledAt} < ${asOf} then (${settledFlags} >> ${sql.raw(String(bit))}) & 1 when ${cond} then 1 else 0 end)`;
  // A reply's time as of the as-of instant, and whether the event has a reply (below, the replies).
  const repliedAt = sql<string | null>`coalesce(${by(col('responded_at'))}, ${by(col('first_info_at'))})`;
  const hasReply = sql<boolean | number>`e.public_reply <> ''`;
  /**
   * SQLite: each unit's latest reply time, read in the per-unit pass (`public_reply <> ''` is selected
   * there, so read from the index); the replies below then read only the units that can hold the ten
   * latest (`replyUnits`). PostgreSQL: not read (an index-only scan there reads no expression of a
   * column outside the index: it would read every event's row).
   */
  // (`case x when 1`: the expression as a value; SQLite 3.40 read an indexed expression written as a condition from the table.)
  const latestReply = sql<string | null>`max(case ${hasReply} when 1 then ${repliedAt} end)`;
  // PostgreSQL replaces an expression by the index's stored value only where the aggregate reads the
  // index-only scan's output directly; a join (units) between them passes plain columns up. So there
  // the subtree's units are an array of ids (one index range each, as the join's loop read them),
  // the events grouped by unit: the same rows, one row per unit.
  const perUnit = () => (sqlite ? period().groupBy('u.path') : db.selectFrom('case_events as e')
    .where(sql<SqlBool>`e.unit_id = any(array(select u.id from units u where u.path >= ${r.unitPath} and u.path < ${subtreeUpperBound(r.unitPath)}))`)
    .where('e.archived_at', 'is', null)
    .where('e.first_received_at', '>=', from)
    .where('e.first_received_at', '<=', to)
    .groupBy('e.unit_id'));
  // One pass over the period's events gives every count per unit, and with them what the figures
  // need of every event: each closed event's handling time for the median (its whole milliseconds,
  // stored in case_events_figures by migration 2026121120 and read from there: SQLite no longer
  // computes julianday twice a row, PostgreSQL no longer hands over both times' text to be parsed
  // here), and each event's level and category. The median's sort, the grouping by level and
  // category, and their two more passes over the same rows (a temporary B-tree each on SQLite) are gone.
  const handlingMs = sqlite
    ? sql<string | null>`group_concat(case when ${closedAt} is not null then ${HANDLING_MS} end)`
    : sql<string | null>`string_agg(case when ${closedAt} is not null then (${HANDLING_MS_PG})::text end, ',')`;
  // The levels and categories: SQLite as JSON arrays (nulls kept); PostgreSQL (where json_agg cost
  // more than the statement it replaces) joined by chr(31), nulls left out, beside their counts.
  const valuesOf = (c: 'e.level' | 'e.category') => (sqlite ? sql<string | null>`json_group_array(${sql.ref(c)})` : sql<string | null>`string_agg(${sql.ref(c)}, chr(31))`);
  // SQLite: each unit's earliest late closure (its closing time, ordered as the late closures are): the late
  // closures are then read over only the units that can hold the first few (`lateUnits`). PostgreSQL reads
  // them at once with the per-unit pass, over every unit (waiting for the pass cost more than it saved there).
  const firstLate = sql<string | null>`min(case when ${closedAt} > ${closeBy} then ${col('closed_at')} end)`;
  const perUnitRows = () => executeNamed(db, perUnit()
    .select([
      sql<string>`max(e.unit_id)`.as('unit_id'), sql<number | string>`count(*)`.as('events'), judged(sql`${closedAt} is not null`, 0).as('closed'),
      judged(sql`${closedAt} is not null and ${closeBy} is not null`, 1).as('close_due'), judged(sql`${closedAt} <= ${closeBy}`, 2).as('close_on_time'),
      judged(lateOpen, 3).as('overdue_open'), judged(sql`${firstBy} is not null and (${firstAt} is not null or ${firstBy} < ${asOf})`, 4).as('first_due'),
      judged(sql`${firstAt} <= ${firstBy}`, 5).as('first_on_time'),
      handlingMs.as('handling'), valuesOf('e.level').as('levels'), valuesOf('e.category').as('categories'),
      sql<number | string>`count(e.level)`.as('leveled'), sql<number | string>`count(e.category)`.as('categorized'),
      (sqlite ? latestReply : sql<string | null>`null`).as('latest_reply'),
      (sqlite ? firstLate : sql<string | null>`null`).as('first_late'),
    ])); // each unit's events are read together (SQLite: in the order of its path): no sorting to group them
  /**
   * By level and by category, the categories in the order the database sorts them (as `order by
   * e.category` gave them before; before that, in the order the rows happened to be read).
   */
  async function kindsOf(units: Awaited<ReturnType<typeof perUnitRows>>) {
    const levels = new Map<string | null, number>();
    const categories = new Map<string | null, number>();
    const tally = (into: Map<string | null, number>, list: string | null, set: number, all: number) => {
      // PostgreSQL: a value holding the separator would split in more parts than there are values.
      const xs: (string | null)[] = sqlite ? JSON.parse(list!) : list === null ? [] : list.split('\x1f');
      if (!sqlite && xs.length !== set) return false;
      for (const x of xs) into.set(x, (into.get(x) ?? 0) + 1);
      if (all > xs.length) into.set(null, (into.get(null) ?? 0) + all - xs.length);
      return true;
    };
    for (const u of units) {
      if (!tally(levels, u.levels, Number(u.leveled), Number(u.events)) || !tally(categories, u.categories, Number(u.categorized), Number(u.events))) {
        // Such a value (PostgreSQL): grouped by the database, as before.
        const rows = await period().select(['e.level', 'e.category', sql<number | string>`count(*)`.as('n')]).groupBy(['e.level', 'e.category'])
          .orderBy('e.category').execute();
        levels.clear();
        categories.clear();
        for (const x of rows) {
          levels.set(x.level, (levels.get(x.level) ?? 0) + Number(x.n));
          categories.set(x.category, (categories.get(x.category) ?? 0) + Number(x.n));
        }
        return { levels: [...levels], categories: [...categories] };
      }
    }
    const order = await inDatabaseOrder(db, [...categories.keys()].filter((c): c is string => c !== null));
    return { levels: [...levels], categories: order.map((c) => [c, categories.get(c)!] as const) };
  }
  const lateRows = (units: string[] | null) => lateClosureRows(db, r, asOf, lateShown, lateShown > 0 && lateShown <= LATE_CLOSURES_SHOWN ? units : null);
  /**
   * SQLite: the units that can hold the first `lateShown` late closures (by closing time, then id): those
   * whose earliest late closure is at or before the lateShown-th earliest of the units' earliest (every
   * unit with one when fewer have one); null (every unit) over 1000. Exact, ties included: the lateShown
   * units with the earliest hold lateShown late closures at or before that bound, so a closure after it
   * is not among the first lateShown, and every closure at or before it lies in a unit kept.
   */
  const lateUnits = (units: Awaited<ReturnType<typeof perUnitRows>>) => {
    const k = lateShown;
    const firsts = units.map((u) => u.first_late).filter((x): x is string => x !== null).sort(); // (ISO times: as bytewise)
    const bound = k < 1 || firsts.length < k ? null : firsts[k - 1];
    const kept = units.filter((u) => u.first_late !== null && (bound === null || u.first_late <= bound)).map((u) => u.unit_id);
    return kept.length <= 1000 ? kept : null;
  };
  /** The median handling time: the middle one or two of the closed events' handling times (in milliseconds), ordered here. */
  const middleOf = (units: { handling: string | null }[]) => {
    const sorted = Float64Array.from(handlingOf(units)).sort();
    return !sorted.length ? [] : sorted.length % 2 ? [sorted[(sorted.length - 1) >> 1]] : [sorted[(sorted.length >> 1) - 1], sorted[sorted.length >> 1]];
  };
  /** The closed events' handling times (milliseconds) from the rows' `handling` lists. */
  function handlingOf(units: { handling: string | null }[]) {
    const durations: number[] = [];
    for (const u of units) if (u.handling) for (const x of u.handling.split(',')) durations.push(Number(x));
    return durations;
  }
  // The replies: those at or after the tenth latest reply time (all of them if fewer), ordered and cut
  // to ten by caseFigures. Whether there is a reply is selected or ordered by, never a condition: SQLite
  // reads the index's expression only there. (A reply that is null is no reply: last, as in SQLite, not first as PostgreSQL puts nulls.)
  const withTime = (units: string[] | null = null, filter = false) => period()
    .$if(!!units && !filter, (q) => q.where('e.unit_id', 'in', units!))
    // As a filter of the units only (SQLite's `+`: no index reads it): the subtree's units are read by path as
    // before, and the events of only those units: the plan, and with it the order of the rows, is the whole subtree's.
    .$if(!!units && filter, (q) => q.where(sql<SqlBool>`+u.id in (${sql.join(units!)})`))
    .where(sql<SqlBool>`${repliedAt} is not null`);
  /**
   * The units that can hold the ten latest replies, from each unit's latest reply time (SQLite's per-unit
   * pass); null when fewer than ten units have a reply (then every unit is read). Exact: the ten units
   * with the latest replies hold ten replies at or after the tenth of those units' latest times (the
   * bound), so the tenth latest reply is at or after the bound, and every reply at or after it lies in a
   * unit whose latest reply is at or after the bound. The tenth latest reply and the replies from it on
   * are the same read over those units (about ten of the province's 13,000 at its root) as over all.
   */
  const replyUnits = (units: Awaited<ReturnType<typeof perUnitRows>>) => {
    const latest = units.map((u) => u.latest_reply).filter((x): x is string => !!x).sort();
    if (latest.length < 10) return null;
    const bound = latest[latest.length - 10];
    const kept = units.filter((u) => u.latest_reply && u.latest_reply >= bound).map((u) => u.unit_id);
    return kept.length <= 1000 ? kept : null; // (many units' latest replies at the same time: their ids are parameters)
  };
  // PostgreSQL: the rows read from the index alone, and only the rows kept asked for a reply, by id
  // (a subquery per row, not a join: a join's plan read every event at the province root):
  // `public_reply <> ''` in the scan read the row of every event of the period (an expression is not
  // read by an index-only scan there).
  const replied = sqlite ? sql<boolean | number | null>`${hasReply}` : sql<boolean | number | null>`(select x.public_reply <> '' from case_events x where x.id = e.id)`;
  const repliesFrom = async (units: string[] | null = null, latestFirst = !sqlite) => {
    if (latestFirst) {
      const latest = await latestReplies();
      if (latest) return latest;
    }
    const since = await tenthReply(units);
    // (The units only as a filter: the rows come in the whole subtree's plan order; caseFigures orders them.)
    return (await withTime(units, true).select(['e.id', 'e.title', replied.as('has_reply'), repliedAt.as('at')])
      .$if(!!since, (q) => q.where(sql<SqlBool>`${repliedAt} >= ${since}`)).execute()).filter((e) => e.has_reply);
  };
  /** The tenth latest reply's time (over `units` only, where given); null when there are fewer than ten (then all are read). */
  async function tenthReply(units: string[] | null = null) {
    const tenth = await withTime(units).select([hasReply.as('has_reply'), repliedAt.as('at')]).orderBy(sql`has_reply desc nulls last`).orderBy(sql`at`, 'desc')
      .limit(1).offset(9).executeTakeFirst();
    return tenth?.has_reply ? tenth.at : null;
  }
  /**
   * PostgreSQL reads `public_reply <> ''` from the event rows (an expression is not read by an
   * index-only scan there): tenthReply and the replies from it read a row of every event with a time
   * (at the province root a sequential scan of the whole table, 1.2-1.9 s). Here the latest 40 events
   * with a time are read from the index in the order caseFigures shows replies (latest first, then by
   * id, bytewise), and only their 40 rows asked for a reply. When ten of them have one, those are the
   * first ten replies of the period: every reply not read comes after the 40th event. When the 40 are
   * all there is, so are their replies. Else undefined (then as SQLite: tenthReply, and the replies from it).
   */
  async function latestReplies() {
    const K = 40;
    const rows = await executeNamed(db, db.selectFrom(withTime().select(['e.id', repliedAt.as('at')]).orderBy(sql`at`, 'desc').orderBy(col('id')).limit(K).as('c'))
      .innerJoin('case_events as x', 'x.id', 'c.id').select(['c.id', 'x.title', 'c.at', sql<boolean | null>`x.public_reply <> ''`.as('has_reply')]));
    const replies = rows.filter((e) => e.has_reply);
    return replies.length >= 10 || rows.length < K ? replies : undefined;
  }
  // The subtree's reports of current events: one range of cases_current_owner (current_owner_path,
  // received_at, source), read from the index alone; the copy is null while the event is archived.
  // SQLite: one range per distinct current_owner_path of the subtree (found by a skip scan of the
  // same index, each next path one seek), bounded by received_at: only the period's reports are read
  // (a county's year: 5,194 of the 10,841 in its path range), the same rows the whole range keeps.
  const receivedRows = () => sqlite ? sql<{ source: string; n: number }>`with recursive p(x) as (
      select min(current_owner_path) from cases where current_owner_path >= ${r.unitPath} and current_owner_path < ${subtreeUpperBound(r.unitPath)}
      union all
      select (select min(c.current_owner_path) from cases c where c.current_owner_path > p.x and c.current_owner_path < ${subtreeUpperBound(r.unitPath)}) from p where p.x is not null)
    select c.source, count(*) as n from p join cases c on c.current_owner_path = p.x
    where c.received_at >= ${from} and c.received_at <= ${to} group by c.source`.execute(db).then((x) => x.rows) : db
    .selectFrom('cases as c')
    .select(['c.source', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => inSubtreeOf(eb, 'c.current_owner_path', r.unitPath))
    .where('c.received_at', '>=', from)
    .where('c.received_at', '<=', to)
    .groupBy('c.source')
    .execute();
  const names = async () => new Map((await db.selectFrom('units as u').select(['u.id', 'u.name']).where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).execute()).map((u) => [u.id, u.name]));
  if (unsettledSince !== undefined) {
    /**
     * rootTotals: the period's events not settled before `unsettledSince` (the as-of instant's UTC
     * day), judged one by one as above, in one row of totals, and those of them with a reply (their
     * reply times as of the as-of instant); found by case_events_settled_at (migration 2026121080)
     * without reading the settled ones (SQLite: `+` keeps the subtree's and the period's indexes out of the plan).
     */
    const [settledAt] = sqlite ? [SETTLED_AT] : [SETTLED_AT_PG];
    const unsettled = () => db.selectFrom('case_events as e')
      .where('e.archived_at', 'is', null)
      .where(sql<SqlBool>`${settledAt} >= ${unsettledSince}`)
      .where(sqlite ? sql<SqlBool>`+e.owner_path >= ${r.unitPath} and +e.owner_path < ${subtreeUpperBound(r.unitPath)}` : sql<SqlBool>`e.owner_path >= ${r.unitPath} and e.owner_path < ${subtreeUpperBound(r.unitPath)}`)
      .where(sqlite ? sql<SqlBool>`+e.first_received_at >= ${from} and +e.first_received_at <= ${to}` : sql<SqlBool>`e.first_received_at >= ${from} and e.first_received_at <= ${to}`);
    const [byUnitRows, replyRows] = await Promise.all([
      unsettled().select([
        sql<string>`''`.as('unit_id'), sql<number | string>`count(*)`.as('events'), judged(sql`${closedAt} is not null`, 0).as('closed'),
        judged(sql`${closedAt} is not null and ${closeBy} is not null`, 1).as('close_due'), judged(sql`${closedAt} <= ${closeBy}`, 2).as('close_on_time'),
        judged(lateOpen, 3).as('overdue_open'), judged(sql`${firstBy} is not null and (${firstAt} is not null or ${firstBy} < ${asOf})`, 4).as('first_due'),
        judged(sql`${firstAt} <= ${firstBy}`, 5).as('first_on_time'), handlingMs.as('handling'),
      ]).execute(),
      unsettled().where(sql<SqlBool>`e.public_reply <> ''`).where(sql<SqlBool>`${repliedAt} is not null`).select(['e.id', repliedAt.as('at')]).execute(),
    ]);
    return { byUnitRows, replyRows, handling: handlingOf(byUnitRows) };
  }
  if (sqlite) {
    const byUnitRows = await perUnitRows();
    const kinds = await kindsOf(byUnitRows);
    const late = await lateRows(lateUnits(byUnitRows));
    const replyRows = await repliesFrom(replyUnits(byUnitRows));
    const received = await receivedRows();
    const unitNames = await names();
    return { byUnitRows, kinds, late, middle: middleOf(byUnitRows), replyRows, received, unitNames };
  }
  // PostgreSQL: the statements are independent reads, issued at once over the pool's connections (the
  // figures' latency is then about the slowest statement's, not their sum; the work is the same). Each
  // reads its own snapshot, as each of a sequence of statements outside a transaction did; inside a
  // caller's transaction they queue on its one connection (Kysely runs a transaction's statements one at a time).
  const [[byUnitRows, kinds], late, replyRows, received, unitNames] = await Promise.all([
    perUnitRows().then(async (rows) => [rows, await kindsOf(rows)] as const), lateRows(null), repliesFrom(), receivedRows(), names()]);
  const middle = middleOf(byUnitRows);
  return { byUnitRows, kinds, late, middle, replyRows, received, unitNames };
}
