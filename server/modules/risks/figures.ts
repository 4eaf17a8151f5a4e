import { sql } from 'kysely';
import { CONCLUSIONS, type Conclusion, RISK_LEVELS, type RiskFigures, type RiskLevel } from '../../../common/risks';
import type { Database } from '../../db';
import { inSubtreeOf } from '../../platform/scope';
import { asOfDay, type DayRange, type Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { currentInSubtree } from '../../platform/records';

/** Risk points by level and status (now), reviews in the period, overdue reviews, assessments in the period by conclusion. */
export async function riskFigures(db: Database, r: Range): Promise<RiskFigures> {
  const today = asOfDay(r); // reviews due by the period's end, not by today
  // Counted in the statement by level and status (a province has tens of thousands of risk points).
  const points = await db
    .selectFrom('risk_points as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.level', 'p.status', sql<number>`count(*)`.as('n'), sql<number>`sum(case when p.next_review_day < ${today} then 1 else 0 end)`.as('overdue')])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'p.archived_at' }, r.unitPath))
    .groupBy(['p.level', 'p.status'])
    .execute();
  const byLevel = Object.fromEntries(RISK_LEVELS.map((l) => [l, 0])) as Record<RiskLevel, number>;
  const controlledByLevel = { ...byLevel };
  let overdue = 0;
  let controlled = 0;
  let eliminated = 0;
  for (const p of points) {
    const n = Number(p.n);
    byLevel[p.level as RiskLevel] += n;
    if (p.status === 'controlled') {
      controlledByLevel[p.level as RiskLevel] += n;
      overdue += Number(p.overdue ?? 0);
      controlled += n;
    }
    if (p.status === 'eliminated') eliminated += n;
  }
  const reviews = await db
    .selectFrom('risk_reviews as v')
    .innerJoin('risk_points as p', 'p.id', 'v.risk_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select((x) => x.fn.countAll().as('n'))
    .where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath))
    .where('v.day', '>=', r.from)
    .where('v.day', '<=', r.to)
    .executeTakeFirstOrThrow();
  const assessments = await db
    .selectFrom('risk_assessments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.conclusion', (x) => x.fn.countAll().as('n')])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'a.archived_at' }, r.unitPath))
    .where('a.assessed_day', '>=', r.from)
    .where('a.assessed_day', '<=', r.to)
    .groupBy('a.conclusion')
    .execute();
  const byConclusion = Object.fromEntries(CONCLUSIONS.map((c) => [c, 0])) as Record<Conclusion, number>;
  for (const a of assessments) byConclusion[a.conclusion as Conclusion] = Number(a.n);
  return {
    byLevel,
    controlledByLevel,
    controlled,
    eliminated,
    reviewsInPeriod: Number(reviews.n),
    overdueReviews: overdue,
    assessmentsInPeriod: Object.values(byConclusion).reduce((a, b) => a + b, 0),
    assessmentsByConclusion: byConclusion,
  };
}

/** reviewsInPeriod of riskFigures for many units at once (one grouped query, rolled up to each unit's subtree). */
export async function riskReviewsMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number>> {
  const rows = await db.selectFrom('risk_reviews as v').innerJoin('risk_points as p', 'p.id', 'v.risk_id').innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['u.path', (x) => x.fn.countAll().as('n')]).where((eb) => inAnySubtree(eb, 'u.path', units))
    .where('v.day', '>=', r.from).where('v.day', '<=', r.to).groupBy('u.path').execute();
  return rollUp(units, rows, (x) => Number(x.n));
}
