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
  const base = db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'x.archived_at' }, r.unitPath));
  const opened = await base.select(['x.origin', (e) => e.fn.countAll().as('n')]).where('x.start_day', '>=', r.from).where('x.start_day', '<=', r.to).groupBy('x.origin').execute();
  const byOrigin = Object.fromEntries(RECT_ORIGINS.map((o) => [o, 0])) as Record<RectOrigin, number>;
  for (const o of opened) byOrigin[o.origin as RectOrigin] = Number(o.n);
  const closed = await base
    .select(['x.signed_off_at', 'x.due_day'])
    .where('x.status', '=', 'closed')
    .where('x.signed_off_at', '>=', shanghaiDayStartUtc(r.from))
    .where('x.signed_off_at', '<', shanghaiDayStartUtc(r.to, 1))
    .execute();
  const onTime = closed.filter((c) => shanghaiDay(c.signed_off_at!) <= c.due_day).length;
  const today = asOfDay(r);
  // Open on the as-of day: raised by then and not signed off by then.
  const open = await base.select(['x.due_day', 'x.status']).where('x.start_day', '<=', today)
    .where((eb) => eb.or([eb('x.status', '!=', 'closed'), eb('x.signed_off_at', '>=', shanghaiDayStartUtc(today, 1))])).execute();
  return {
    opened: Object.values(byOrigin).reduce((a, b) => a + b, 0),
    byOrigin,
    closed: closed.length,
    closedOnTime: onTime,
    onTimeRate: closed.length ? onTime / closed.length : null,
    open: open.length,
    overdueOpen: open.filter((o) => o.due_day < today).length,
    reported: open.filter((o) => o.status === 'reported').length,
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

/** Open (not signed off) items of the subtree now, overdue first then by due day: next steps and problems of a summary. */
export async function openRects(db: Database, r: Range, limit = 50): Promise<{ items: RectBatchItem[]; total: number }> {
  const base = db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'x.archived_at' }, r.unitPath))
    .where('x.status', '!=', 'closed');
  const total = await base.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('people as p', 'p.id', 'x.owner_person_id')
    .select(['x.id', 'x.problem', 'x.origin', 'u.name as unit_name', 'p.name as owner_name', 'x.measures', 'x.aspect', 'x.keep_on', 'x.start_day', 'x.due_day', 'x.status', 'x.report_note'])
    .orderBy('x.due_day')
    .orderBy('x.created_at')
    .limit(limit)
    .execute();
  const today = shanghaiDay();
  return {
    total: Number(total.n),
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
