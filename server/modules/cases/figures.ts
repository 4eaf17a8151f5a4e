import { CASE_LEVELS, CASE_SOURCES, type CaseFigures, type CaseLevel, type CaseSource } from '../../../common/cases';
import { sql } from 'kysely';
import type { Database } from '../../db';
import { endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import { nowIso, shanghaiDayStartUtc } from '../../platform/ids';

import type { DayRange, Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, periodColumn, rollUp } from '../../platform/subtree-batch';
import { currentInSubtree } from '../../platform/records';
import { inSubtreeOf } from '../../platform/scope';

export type { Range };


function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The instant a period's figures are judged at: the end of its last day, or now while it runs.
 * A past period regenerated later gives the same figures: nothing after this instant counts.
 */
export function asOfInstant(r: Pick<Range, 'to'>, now = nowIso()): string {
  const end = endOfShanghaiDay(r.to);
  return now < end ? now : end;
}

type ClosureColumns = { status: string; closed_at: string | null; supervise_due_at: string | null; due_close_at: string | null };

/** An event's closure as of `asOf`: when it was closed by then (else null) and its closure deadline (the supervision one where set). */
function closureOf(e: ClosureColumns, asOf: string): { closedAt: string | null; closeBy: string | null } {
  return { closedAt: e.status === 'closed' && e.closed_at && e.closed_at <= asOf ? e.closed_at : null, closeBy: e.supervise_due_at ?? e.due_close_at };
}

/**
 * closureRate and closeOnTimeRate of caseFigures for many units at once: one query over the
 * units' subtrees, each event counted as caseFigures counts it and rolled up to every asked unit
 * above its unit.
 */
export async function caseRatesMany(db: Database, units: BatchUnit[], r: DayRange, now = nowIso()): Promise<Map<string, { closureRate: number | null; closeOnTimeRate: number | null }>> {
  const asOf = asOfInstant(r, now);
  // Counted in the database per owner unit, by closureOf's rules: closed by the as-of instant, its deadline the supervision one where set.
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
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
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
 *   events closed after their deadline are listed in `lateClosures` for 存在的问题.
 * - first response = the first public information or reply, due by the earlier of the two
 *   clocks; counted once the deadline has passed or the event was answered.
 */
export async function caseFigures(db: Database, r: Range, now = nowIso()): Promise<CaseFigures> {
  const asOf = asOfInstant(r, now);
  const { events, received, unitNames } = await figureRows(db, r);
  const bySource = Object.fromEntries(CASE_SOURCES.map((s) => [s, 0])) as Record<CaseSource, number>;
  let receivedTotal = 0;
  for (const row of received) {
    bySource[row.source as CaseSource] += Number(row.n);
    receivedTotal += Number(row.n);
  }
  const byLevel = Object.fromEntries([...CASE_LEVELS, 'untriaged'].map((l) => [l, 0])) as CaseFigures['byLevel'];
  const byCategory: Record<string, number> = {};
  const byUnit = new Map<string, { unitId: string; unitName: string; events: number; closed: number }>();
  let closed = 0;
  let open = 0;
  let overdueOpen = 0;
  let firstDue = 0;
  let firstOnTime = 0;
  let closeDue = 0;
  let closeOnTime = 0;
  const lateClosures: CaseFigures['lateClosures'] = [];
  const hours: number[] = [];
  const replies: CaseFigures['replies'] = [];
  /** A time that had happened by the as-of instant, else null. */
  const by = (at: string | null) => (at && at <= asOf ? at : null);
  for (const e of events) {
    byLevel[(e.level as CaseLevel | null) ?? 'untriaged']++;
    if (e.category) byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
    const u = byUnit.get(e.unit_id) ?? { unitId: e.unit_id, unitName: unitNames.get(e.unit_id)!, events: 0, closed: 0 };
    u.events++;
    byUnit.set(e.unit_id, u);
    const { closedAt, closeBy } = closureOf(e, asOf);
    if (closedAt) {
      closed++;
      u.closed++;
      hours.push((Date.parse(closedAt) - Date.parse(e.first_received_at)) / 3600_000);
      if (closeBy) {
        closeDue++;
        if (closedAt <= closeBy) closeOnTime++;
        else lateClosures.push({ eventId: e.id, title: e.title, unitName: unitNames.get(e.unit_id)!, dueAt: closeBy, closedAt });
      }
    } else {
      open++;
      // The list's overdue rule, judged at the as-of instant: a clock past its deadline and not met by then, not paused.
      const past = (due: string | null, met: string | null) => !!due && due < asOf && !by(met);
      const late = !by(e.paused_at) && (past(e.due_report_at, e.reported_up_at) || past(e.due_first_info_at, e.first_info_at)
        || past(e.due_response_at, e.responded_at) || past(e.due_close_at, null) || past(e.supervise_due_at, null));
      if (late) overdueOpen++;
    }
    const dues = [e.due_first_info_at, e.due_response_at].filter((d): d is string => !!d).sort();
    const first = [by(e.first_info_at), by(e.responded_at)].filter((d): d is string => !!d).sort()[0];
    if (dues.length && (first || dues[0] < asOf)) {
      firstDue++;
      if (first && first <= dues[0]) firstOnTime++;
    }
    const repliedAt = by(e.responded_at) ?? by(e.first_info_at);
    // The reply's text is read below for the ten listed (figureRows reads whether there is one).
    if (e.has_reply && repliedAt) replies.push({ eventId: e.id, title: e.title, reply: '', at: repliedAt });
  }
  replies.sort((a, b) => (a.at < b.at ? 1 : -1));
  replies.length = Math.min(replies.length, 10);
  if (replies.length) {
    const texts = new Map((await db.selectFrom('case_events').select(['id', 'public_reply']).where('id', 'in', replies.map((x) => x.eventId)).execute()).map((x) => [x.id, x.public_reply ?? '']));
    for (const x of replies) x.reply = texts.get(x.eventId)!;
  }
  lateClosures.sort((a, b) => (a.closedAt < b.closedAt ? -1 : 1));
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
  const med = median(hours);
  return {
    asOfDay: shanghaiDay(asOf), received: receivedTotal, events: events.length, closed, closureRate: rate(closed, events.length), open, overdueOpen,
    firstResponseDue: firstDue, firstResponseOnTime: firstOnTime, firstResponseOnTimeRate: rate(firstOnTime, firstDue),
    closeDue, closedOnTime: closeOnTime, closedLate: closeDue - closeOnTime, closeOnTimeRate: rate(closeOnTime, closeDue), lateClosures,
    medianHandlingHours: med === null ? null : Math.round(med * 10) / 10,
    bySource, byLevel, byCategory,
    byUnit: [...byUnit.values()].sort((a, b) => b.events - a.events),
    replies,
  };
}

/**
 * The rows the figures are computed from: the subtree's current events first received in the
 * period, and its reports received in it by source. Both are read from indexes alone
 * (migrations 2026120941_case_figure_cover, 2026120960_case_report_owner_path). The events' unit
 * names are read once (not with each of a county's 5,000 rows).
 */
export async function figureRows(db: Database, r: Range) {
  const from = shanghaiDayStartUtc(r.from);
  const to = endOfShanghaiDay(r.to);
  const events = await db
    .selectFrom('case_events as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select([
      'e.id', 'e.unit_id', 'e.title', 'e.level', 'e.category', 'e.status', 'e.first_received_at', 'e.closed_at',
      'e.first_info_at', 'e.responded_at', 'e.due_first_info_at', 'e.due_response_at', 'e.due_close_at', 'e.supervise_due_at',
      sql<boolean | number | null>`e.public_reply <> ''`.as('has_reply'), 'e.paused_at', 'e.due_report_at', 'e.reported_up_at',
    ])
    // The period's events of each unit of the subtree, read from case_events_figures alone (unit_id,
    // first_received_at, then every column selected here; the reply as the index's very expression,
    // `public_reply <> ''` written literally): a range on the owner's path copy would read every
    // year of the subtree to keep one.
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.first_received_at', '>=', from)
    .where('e.first_received_at', '<=', to)
    .execute();
  // The subtree's reports of current events: one range of cases_current_owner (current_owner_path,
  // received_at, source), read from the index alone; the copy is null while the event is archived.
  const received = await db
    .selectFrom('cases as c')
    .select(['c.source', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => inSubtreeOf(eb, 'c.current_owner_path', r.unitPath))
    .where('c.received_at', '>=', from)
    .where('c.received_at', '<=', to)
    .groupBy('c.source')
    .execute();
  const unitNames = new Map((await db.selectFrom('units as u').select(['u.id', 'u.name']).where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).execute()).map((u) => [u.id, u.name]));
  return { events, received, unitNames };
}
