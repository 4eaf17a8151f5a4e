/**
 * caseFigures as it was before the figures were read from covering indexes (d4f2623,
 * server/modules/cases/figures.ts: caseFigures and figureRows, copied unchanged but for their
 * names, and byUnit's ties: units with as many events come in the order of their ids, as they now
 * do, instead of the order the database happened to read them in; and the late closures' and
 * replies' ties: those at the same instant come in the order of their ids): test/api/cases-scale.test.ts
 * compares its answers with the current ones. Its `lateClosures` is the whole list (caseFigures
 * now carries the first LATE_CLOSURES_SHOWN of it, or as many as asked).
 */
import { sql } from 'kysely';
import { CASE_LEVELS, CASE_SOURCES, type CaseFigures, type CaseLevel, type CaseSource } from '../../common/cases';
import type { Database } from '../../server/db';
import { shanghaiDay } from '../../server/platform/calendar';
import { endOfShanghaiDay, shanghaiDayStartUtc } from '../../server/platform/period';
import { asOfInstant } from '../../server/modules/cases/figures';
import { nowIso } from '../../server/platform/ids';
import type { Range } from '../../server/platform/period';
import { currentInSubtree } from '../../server/platform/records';

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

type ClosureColumns = { status: string; closed_at: string | null; supervise_due_at: string | null; due_close_at: string | null };

function closureOf(e: ClosureColumns, asOf: string): { closedAt: string | null; closeBy: string | null } {
  return { closedAt: e.status === 'closed' && e.closed_at && e.closed_at <= asOf ? e.closed_at : null, closeBy: e.supervise_due_at ?? e.due_close_at };
}

export async function referenceCaseFigures(db: Database, r: Range, now = nowIso()): Promise<CaseFigures> {
  const asOf = asOfInstant(r, now);
  const { events, received } = await figureRowsAsBefore(db, r);
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
    const u = byUnit.get(e.unit_id) ?? { unitId: e.unit_id, unitName: e.unit_name, events: 0, closed: 0 };
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
        else lateClosures.push({ eventId: e.id, title: e.title, unitName: e.unit_name, dueAt: closeBy, closedAt });
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
    if (e.public_reply && repliedAt) replies.push({ eventId: e.id, title: e.title, reply: e.public_reply, at: repliedAt });
  }
  replies.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.eventId < b.eventId ? -1 : 1));
  lateClosures.sort((a, b) => (a.closedAt < b.closedAt ? -1 : a.closedAt > b.closedAt ? 1 : a.eventId < b.eventId ? -1 : 1));
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
  const med = median(hours);
  return {
    asOfDay: shanghaiDay(asOf), received: receivedTotal, events: events.length, closed, closureRate: rate(closed, events.length), open, overdueOpen,
    firstResponseDue: firstDue, firstResponseOnTime: firstOnTime, firstResponseOnTimeRate: rate(firstOnTime, firstDue),
    closeDue, closedOnTime: closeOnTime, closedLate: closeDue - closeOnTime, closeOnTimeRate: rate(closeOnTime, closeDue), lateClosures,
    medianHandlingHours: med === null ? null : Math.round(med * 10) / 10,
    bySource, byLevel, byCategory,
    byUnit: [...byUnit.values()].sort((a, b) => b.events - a.events || (a.unitId < b.unitId ? -1 : 1)),
    replies: replies.slice(0, 10),
  };
}

async function figureRowsAsBefore(db: Database, r: Range) {
  const from = shanghaiDayStartUtc(r.from);
  const to = endOfShanghaiDay(r.to);
  const events = await db
    .selectFrom('case_events as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select([
      'e.id', 'e.unit_id', 'u.name as unit_name', 'e.title', 'e.level', 'e.category', 'e.status', 'e.first_received_at', 'e.closed_at',
      'e.first_info_at', 'e.responded_at', 'e.due_first_info_at', 'e.due_response_at', 'e.due_close_at', 'e.supervise_due_at',
      'e.public_reply', 'e.paused_at', 'e.due_report_at', 'e.reported_up_at',
    ])
    // The period's events of each unit of the subtree (case_events_unit: unit_id, first_received_at):
    // a range on the owner's path copy would read every year of the subtree to keep one.
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.first_received_at', '>=', from)
    .where('e.first_received_at', '<=', to)
    .execute();
  const received = await db
    .selectFrom('cases as c')
    .innerJoin('case_events as e', 'e.id', 'c.event_id')
    .select(['c.source', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => currentInSubtree(eb, { path: 'e.owner_path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('c.received_at', '>=', from)
    .where('c.received_at', '<=', to)
    .groupBy('c.source')
    .execute();
  return { events, received };
}
