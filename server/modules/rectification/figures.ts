import { measureItems, RECT_ORIGINS, type RectBatchItem, type RectFigures, type RectOrigin, type RectStatus } from '../../../common/rectification';
import type { Database } from '../../db';
import { daysOverdue, shanghaiDay } from '../../platform/calendar';
import { shanghaiDayStartUtc } from '../../platform/ids';
import { inSubtreeOf } from '../../platform/scope';
import { asOfDay, type DayRange, type Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { currentInSubtree } from '../../platform/records';

/**
 * Rectification counts for a unit subtree and a period: raised in it (by origin), signed off
 * in it (and how many by their due day), and what was still open on the period's as-of day (and
 * overdue then): a past period regenerated later gives the same figures.
 */
export async function rectFigures(db: Database, r: Range): Promise<RectFigures> {
  const today = asOfDay(r);
  const closedFrom = shanghaiDayStartUtc(r.from);
  const closedTo = shanghaiDayStartUtc(r.to, 1);
  const openAfter = shanghaiDayStartUtc(today, 1);
  // One read of the subtree's rectifications for the three counts (a province's root walks its
  // 16,000 units once, not three times): raised in the period, signed off in it, open on the
  // as-of day (raised by then and not signed off by then).
  const rows = await db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'x.archived_at' }, r.unitPath))
    .where((eb) => eb.or([
      eb.and([eb('x.start_day', '>=', r.from), eb('x.start_day', '<=', r.to)]),
      eb.and([eb('x.status', '=', 'closed'), eb('x.signed_off_at', '>=', closedFrom), eb('x.signed_off_at', '<', closedTo)]),
      eb.and([eb('x.start_day', '<=', today), eb.or([eb('x.status', '!=', 'closed'), eb('x.signed_off_at', '>=', openAfter)])]),
    ]))
    .select(['x.origin', 'x.start_day', 'x.status', 'x.signed_off_at', 'x.due_day'])
    .execute();
  const byOrigin = Object.fromEntries(RECT_ORIGINS.map((o) => [o, 0])) as Record<RectOrigin, number>;
  let closed = 0;
  let onTime = 0;
  let open = 0;
  let overdueOpen = 0;
  let reported = 0;
  for (const x of rows) {
    if (x.start_day >= r.from && x.start_day <= r.to) byOrigin[x.origin as RectOrigin] = (byOrigin[x.origin as RectOrigin] ?? 0) + 1;
    const signedOff = x.signed_off_at;
    if (x.status === 'closed' && signedOff !== null && signedOff >= closedFrom && signedOff < closedTo) {
      closed++;
      if (shanghaiDay(signedOff) <= x.due_day) onTime++;
    }
    if (x.start_day <= today && (x.status !== 'closed' || (signedOff !== null && signedOff >= openAfter))) {
      open++;
      if (x.due_day < today) overdueOpen++;
      if (x.status === 'reported') reported++;
    }
  }
  return {
    opened: Object.values(byOrigin).reduce((a, b) => a + b, 0),
    byOrigin,
    closed,
    closedOnTime: onTime,
    onTimeRate: closed ? onTime / closed : null,
    open,
    overdueOpen,
    reported,
  };
}

/** `open` of rectFigures for many units at once (one grouped query, rolled up to each unit's subtree), and the records it counts. */
export async function openRectsMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number>> {
  const today = asOfDay(r);
  const rows = await openAsOf(db, today).where((eb) => inAnySubtree(eb, 'u.path', units)).select(['u.path', (e) => e.fn.countAll().as('n')]).groupBy('u.path').execute();
  return rollUp(units, rows, (x) => Number(x.n));
}

export async function openRectIds(db: Database, r: Range): Promise<string[]> {
  return (await openAsOf(db, asOfDay(r)).where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).select('x.id').execute()).map((x) => x.id);
}

/** Live rectifications raised by `today` and not signed off by then (what rectFigures.open counts). */
function openAsOf(db: Database, today: string) {
  return db.selectFrom('rectifications as x').innerJoin('units as u', 'u.id', 'x.unit_id').where('x.archived_at', 'is', null).where('x.start_day', '<=', today)
    .where((eb) => eb.or([eb('x.status', '!=', 'closed'), eb('x.signed_off_at', '>=', shanghaiDayStartUtc(today, 1))]));
}

/**
 * The items of one inspection batch in a subtree (not archived), in unit order, for the
 * 整改方案 (problems, measures, owners, deadlines) and 整改报告 (what was done, who signed off).
 */
export async function rectBatchItems(db: Database, q: { unitPath: string; batch: string }): Promise<RectBatchItem[]> {
  const rows = await db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .leftJoin('people as p', 'p.id', 'x.owner_person_id')
    .leftJoin('people as rl', 'rl.id', 'x.responsible_leader_id')
    .select([
      'x.id', 'x.problem', 'x.origin', 'u.name as unit_name', 'p.name as owner_name', 'rl.name as leader_name', 'x.measures', 'x.aspect', 'x.keep_on', 'x.start_day', 'x.due_day', 'x.status',
      'x.report_note', 'x.signed_off_by_name', 'x.signed_off_at',
    ])
    .where((eb) => inSubtreeOf(eb, 'u.path', q.unitPath))
    .where('x.batch', '=', q.batch)
    .where('x.archived_at', 'is', null)
    .orderBy('u.path')
    .orderBy('x.start_day')
    .orderBy('x.created_at')
    .execute();
  const today = shanghaiDay();
  return rows.map((r) => ({
    id: r.id, problem: r.problem, origin: r.origin as RectOrigin, unitName: r.unit_name, ownerPersonName: r.owner_name ?? null, responsibleLeaderName: r.leader_name ?? null,
    measures: r.measures, measureItems: measureItems(r.measures), aspect: r.aspect, keepOn: r.keep_on === 1, startDay: r.start_day, dueDay: r.due_day, status: r.status as RectStatus, reportNote: r.report_note, signedOffByName: r.signed_off_by_name,
    signedOffDay: r.signed_off_at ? shanghaiDay(r.signed_off_at) : null, overdueDays: r.status === 'closed' ? 0 : daysOverdue(r.due_day, today),
  }));
}

/** Open (not signed off) items of the subtree now, overdue first then by due day: next steps and problems of a summary (which counts them with rectFigures, not here). */
export async function openRects(db: Database, r: Range, limit = 50): Promise<{ items: RectBatchItem[] }> {
  const base = db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'x.archived_at' }, r.unitPath))
    .where('x.status', '!=', 'closed');
  const rows = await base
    .leftJoin('people as p', 'p.id', 'x.owner_person_id')
    .select(['x.id', 'x.problem', 'x.origin', 'u.name as unit_name', 'p.name as owner_name', 'x.measures', 'x.aspect', 'x.keep_on', 'x.start_day', 'x.due_day', 'x.status', 'x.report_note'])
    .orderBy('x.due_day')
    .orderBy('x.created_at')
    .orderBy('x.id') // ties (an import's rows share a time) in a stated order, the same in every copy of a document
    .limit(limit)
    .execute();
  const today = shanghaiDay();
  return {
    items: rows.map((x) => ({
      id: x.id, problem: x.problem, origin: x.origin as RectOrigin, unitName: x.unit_name, ownerPersonName: x.owner_name ?? null, responsibleLeaderName: null,
      measures: x.measures, measureItems: measureItems(x.measures), aspect: x.aspect, keepOn: x.keep_on === 1,
      startDay: x.start_day, dueDay: x.due_day, status: x.status as RectStatus, reportNote: x.report_note, signedOffByName: null, signedOffDay: null,
      overdueDays: daysOverdue(x.due_day, today),
    })),
  };
}

/** Evidence (attachments, not archived) per rectification, for 整改报告. */
export async function evidenceCounts(db: Database, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('attachments')
    .select(['entity_id', (e) => e.fn.countAll().as('n')])
    .where('entity', '=', 'rectification')
    .where('entity_id', 'in', ids)
    .where('archived_at', 'is', null)
    .groupBy('entity_id')
    .execute();
  return new Map(rows.map((r) => [r.entity_id, Number(r.n)]));
}
