import { CASE_LEVELS, CASE_SOURCES, type CaseFigures, type CaseLevel, type CaseSource } from '../../../common/cases';
import type { Database } from '../../db';
import { endOfShanghaiDay } from '../../platform/calendar';
import { shanghaiDayStartUtc } from '../../platform/ids';
import { subtreeFilter } from '../../platform/scope';

import type { Range } from '../../platform/period';

export type { Range };


function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The case figures pages, documents and checks use, for a unit subtree and a period. Events
 * count at the unit that received them (their owner unit) and "in the period" means first
 * received in it; closure and on-time figures are about those events. Archived events are
 * left out. First response = the first public information or reply, due by the earlier of
 * the two clocks; closure on time = closed by the closure clock, or by the supervision deadline where a superior set one.
 */
export async function caseFigures(db: Database, r: Range): Promise<CaseFigures> {
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
    .where(subtreeFilter<any, any>('u.path', r.unitPath))
    .where('e.archived_at', 'is', null)
    .where('e.first_received_at', '>=', from)
    .where('e.first_received_at', '<=', to)
    .execute();
  const received = await db
    .selectFrom('cases as c')
    .innerJoin('case_events as e', 'e.id', 'c.event_id')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['c.source', (eb) => eb.fn.countAll().as('n')])
    .where(subtreeFilter<any, any>('u.path', r.unitPath))
    .where('e.archived_at', 'is', null)
    .where('c.received_at', '>=', from)
    .where('c.received_at', '<=', to)
    .groupBy('c.source')
    .execute();

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
  const now = new Date().toISOString();
  let firstDue = 0;
  let firstOnTime = 0;
  let closeDue = 0;
  let closeOnTime = 0;
  const hours: number[] = [];
  const replies: CaseFigures['replies'] = [];
  for (const e of events) {
    byLevel[(e.level as CaseLevel | null) ?? 'untriaged']++;
    if (e.category) byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
    const u = byUnit.get(e.unit_id) ?? { unitId: e.unit_id, unitName: e.unit_name, events: 0, closed: 0 };
    u.events++;
    if (e.status === 'closed') {
      closed++;
      u.closed++;
      hours.push((Date.parse(e.closed_at!) - Date.parse(e.first_received_at)) / 3600_000);
    }
    byUnit.set(e.unit_id, u);
    if (e.status !== 'closed') {
      open++;
      // The same rule as the list's overdue filter: a clock past its deadline and not met, not paused.
      const late = !e.paused_at && (
        (!!e.due_report_at && !e.reported_up_at && e.due_report_at < now) || (!!e.due_first_info_at && !e.first_info_at && e.due_first_info_at < now)
        || (!!e.due_response_at && !e.responded_at && e.due_response_at < now) || (!!e.due_close_at && e.due_close_at < now)
        || (!!e.supervise_due_at && e.supervise_due_at < now));
      if (late) overdueOpen++;
    }
    const dues = [e.due_first_info_at, e.due_response_at].filter((d): d is string => !!d).sort();
    if (dues.length) {
      firstDue++;
      const first = [e.first_info_at, e.responded_at].filter((d): d is string => !!d).sort()[0];
      if (first && first <= dues[0]) firstOnTime++;
    }
    const closeBy = e.supervise_due_at ?? e.due_close_at;
    if (closeBy) {
      closeDue++;
      if (e.closed_at && e.closed_at <= closeBy) closeOnTime++;
    }
    const repliedAt = e.responded_at ?? e.first_info_at;
    if (e.public_reply && repliedAt) replies.push({ eventId: e.id, title: e.title, reply: e.public_reply, at: repliedAt });
  }
  replies.sort((a, b) => (a.at < b.at ? 1 : -1));
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
  const med = median(hours);
  return {
    received: receivedTotal, events: events.length, closed, closureRate: rate(closed, events.length), open, overdueOpen,
    firstResponseDue: firstDue, firstResponseOnTime: firstOnTime, firstResponseOnTimeRate: rate(firstOnTime, firstDue),
    closeDue, closedOnTime: closeOnTime, closeOnTimeRate: rate(closeOnTime, closeDue),
    medianHandlingHours: med === null ? null : Math.round(med * 10) / 10,
    bySource, byLevel, byCategory,
    byUnit: [...byUnit.values()].sort((a, b) => b.events - a.events),
    replies: replies.slice(0, 10),
  };
}
