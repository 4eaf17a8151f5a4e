/**
 * 阵地管理 figures for a unit subtree and a period, judged as of the period's as-of day: outlets
 * by type and state, quiet ones and expiring filings then; posts submitted, published, rejected,
 * review turnaround, proofreading hits by category; corrections, the accuracy rate (published
 * posts of the period without a correction / published posts of the period), serious errors.
 */
import { OUTLET_STATUSES, OUTLET_TYPES } from '../../../common/outlets';
import { type PublishingFigures, RULE_CATEGORIES, type RuleCategory } from '../../../common/publishing';
import type { Database } from '../../db';
import { sql } from 'kysely';
import { asOfDay, type DayRange, instantsOf, type Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { inSubtreeOf } from '../../platform/scope';
import { expiries, lastPostDays, quietState, quietThresholds } from './quiet';

export async function publishingFigures(db: Database, r: Range): Promise<PublishingFigures> {
  const asOf = asOfDay(r);
  const { from, toExclusive } = instantsOf(r);
  const outlets = await db.selectFrom('outlets as o').innerJoin('units as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.type', 'o.status', 'o.start_day', 'o.quiet_days', 'o.domain_expires', 'o.filing_expires', 'o.contract_expires'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'o.archived_at' }, r.unitPath)).where('o.start_day', '<=', asOf).execute();
  const byType = Object.fromEntries(OUTLET_TYPES.map((t) => [t, 0]));
  const byStatus = Object.fromEntries(OUTLET_STATUSES.map((s) => [s, 0]));
  const last = await lastPostDays(db, outlets.map((o) => o.id), asOf);
  const thresholds = await quietThresholds(db);
  let late = 0, dormant = 0, expiring = 0;
  for (const o of outlets) {
    byType[o.type]++;
    byStatus[o.status]++;
    const q = quietState({ ...o, lastPostDay: last.get(o.id) ?? null }, thresholds, asOf).state;
    if (q === 'late') late++;
    if (q === 'dormant') dormant++;
    if (expiries(o, asOf).length) expiring++;
  }

  const posts = db.selectFrom('posts as p').innerJoin('units as u', 'u.id', 'p.unit_id').where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'p.archived_at' }, r.unitPath));
  const submitted = await posts.select((e) => e.fn.countAll().as('n')).where('p.submitted_at', '>=', from).where('p.submitted_at', '<', toExclusive).executeTakeFirstOrThrow();
  const approved = await posts.select(['p.submitted_at', 'p.approved_at']).where('p.approved_at', '>=', from).where('p.approved_at', '<', toExclusive).execute();
  const firstPub = await posts.innerJoin('post_targets as t', 't.post_id', 'p.id').select(['p.id', (e) => e.fn.min('t.published_on').as('day')])
    .where('t.published_on', 'is not', null).groupBy('p.id').execute();
  const published = new Set(firstPub.filter((x) => (x.day as string) >= r.from && (x.day as string) <= asOf).map((x) => x.id));
  const corrected = published.size ? await db.selectFrom('post_corrections').select('post_id').distinct()
    .where('post_id', 'in', [...published]).where('archived_at', 'is', null).where('found_on', '<=', asOf).execute() : [];
  const rejections = await db.selectFrom('post_steps as s').innerJoin('posts as p', 'p.id', 's.post_id').innerJoin('units as u', 'u.id', 'p.unit_id')
    .select((e) => e.fn.countAll().as('n')).where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).where('s.decision', '=', 'reject').where('s.at', '>=', from).where('s.at', '<', toExclusive).executeTakeFirstOrThrow();
  const hits = await db.selectFrom('post_hits as h').innerJoin('posts as p', 'p.id', 'h.post_id').innerJoin('units as u', 'u.id', 'p.unit_id').innerJoin('post_revisions as v', (j) => j.onRef('v.post_id', '=', 'h.post_id').onRef('v.revision', '=', 'h.revision'))
    .select(['h.category', (e) => e.fn.countAll().as('n')]).where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'p.archived_at' }, r.unitPath))
    .where('v.created_at', '>=', from).where('v.created_at', '<', toExclusive).groupBy('h.category').execute();
  const hitsByCategory = Object.fromEntries(RULE_CATEGORIES.map((c) => [c, 0])) as Record<RuleCategory, number>;
  for (const h of hits) hitsByCategory[h.category as RuleCategory] = Number(h.n);
  const corrections = await db.selectFrom('post_corrections as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.severity', 'c.fixed_on'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'c.archived_at' }, r.unitPath)).where('c.found_on', '>=', r.from).where('c.found_on', '<=', asOf).execute();
  const serious = corrections.filter((c) => c.severity === 'serious');
  const hours = approved.filter((a) => a.submitted_at).map((a) => (Date.parse(a.approved_at!) - Date.parse(a.submitted_at!)) / 3_600_000);
  return {
    outletsByType: byType, outletsByStatus: byStatus, outletsTotal: outlets.length, quietLate: late, quietDormant: dormant, expiringFilings: expiring,
    postsSubmitted: Number(submitted.n), postsPublished: published.size, rejections: Number(rejections.n),
    avgReviewHours: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null,
    hitsByCategory, corrections: corrections.length, postsCorrected: corrected.length,
    accuracyRate: published.size ? (published.size - corrected.length) / published.size : null,
    seriousFound: serious.length, seriousFixed: serious.filter((c) => c.fixed_on && c.fixed_on <= asOf).length,
  };
}

/**
 * publishingFigures' posts published in the period (first published by the as-of day), the
 * accuracy rate (those without a correction found by then) and the serious errors found and
 * fixed, for many units at once: two grouped queries, rolled up to each unit's subtree.
 */
export async function publishingCountsMany(db: Database, units: BatchUnit[], r: DayRange) {
  const asOf = asOfDay(r);
  const posts = await db.selectFrom('posts as p').innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['u.path', (e) => e.fn.countAll().as('published'),
      sql<number>`sum(case when exists (select 1 from post_corrections c where c.post_id = p.id and c.archived_at is null and c.found_on <= ${asOf}) then 1 else 0 end)`.as('corrected')])
    .where('p.archived_at', 'is', null).where((eb) => inAnySubtree(eb, 'u.path', units))
    .where(sql<boolean>`(select min(t.published_on) from post_targets t where t.post_id = p.id and t.published_on is not null) between ${r.from} and ${asOf}`)
    .groupBy('u.path').execute();
  const serious = await db.selectFrom('post_corrections as c').innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['u.path', (e) => e.fn.countAll().as('found'), sql<number>`sum(case when c.fixed_on is not null and c.fixed_on <> '' and c.fixed_on <= ${asOf} then 1 else 0 end)`.as('fixed')])
    .where('c.archived_at', 'is', null).where('c.severity', '=', 'serious').where('c.found_on', '>=', r.from).where('c.found_on', '<=', asOf)
    .where((eb) => inAnySubtree(eb, 'u.path', units)).groupBy('u.path').execute();
  const published = rollUp(units, posts, (x) => Number(x.published));
  const corrected = rollUp(units, posts, (x) => Number(x.corrected));
  return {
    published,
    accuracyRate: new Map(units.map((u) => { const n = published.get(u.id)!; return [u.id, n ? (n - corrected.get(u.id)!) / n : null]; })),
    seriousFound: rollUp(units, serious, (x) => Number(x.found)),
    seriousFixed: rollUp(units, serious, (x) => Number(x.fixed)),
  };
}

/**
 * publishingFigures' quiet outlets (未按期更新 and 睡眠 on the as-of day) for many units at once:
 * one query of the outlets with their last publication, judged by the same quietState, rolled up.
 */
export async function quietMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number>> {
  const asOf = asOfDay(r);
  const rows = await db.selectFrom('outlets as o').innerJoin('units as u', 'u.id', 'o.unit_id')
    .select(['u.path', 'o.type', 'o.status', 'o.start_day', 'o.quiet_days',
      (eb) => eb.selectFrom('post_targets as t').select((e) => e.fn.max('t.published_on').as('last')).whereRef('t.outlet_id', '=', 'o.id')
        .where('t.published_on', 'is not', null).where('t.published_on', '<=', asOf).as('last')])
    .where('o.archived_at', 'is', null).where('o.start_day', '<=', asOf).where((eb) => inAnySubtree(eb, 'u.path', units)).execute();
  const thresholds = await quietThresholds(db);
  return rollUp(units, rows, (o) => {
    const q = quietState({ ...o, lastPostDay: (o.last as string | null) ?? null }, thresholds, asOf).state;
    return q === 'late' || q === 'dormant' ? 1 : 0;
  });
}
