import { RULE_CATEGORIES, type RuleCategory, type RuleFigures } from '../../../common/rules';
import { sql } from 'kysely';
import type { Database } from '../../db';
import { asOfDay, type DayRange, type Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';

/**
 * Rules of the subtree: in force as of the period's end (by category), first adopted in the
 * period, revisions taking effect in it, and those in force but past their review day.
 */
export async function ruleFigures(db: Database, r: Range): Promise<RuleFigures> {
  const asOf = asOfDay(r);
  const rows = await db
    .selectFrom('rules as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select(['x.id', 'x.title', 'x.category', 'x.adopted_day', 'x.effective_day', 'x.repeal_day', 'x.review_day'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'x.archived_at' }, r.unitPath))
    .orderBy('x.effective_day', 'desc')
    .orderBy('x.title')
    .execute();
  const inForce = rows.filter((x) => x.adopted_day <= asOf && !(x.repeal_day && x.repeal_day <= asOf));
  const inForceByCategory = Object.fromEntries(RULE_CATEGORIES.map((c) => [c, 0])) as Record<RuleCategory, number>;
  for (const x of inForce) inForceByCategory[x.category as RuleCategory]++;
  const revisions = await db
    .selectFrom('rule_versions as v')
    .innerJoin('rules as x', 'x.id', 'v.rule_id')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select((x) => x.fn.countAll().as('n'))
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'x.archived_at' }, r.unitPath))
    .where('v.seq', '>', 1)
    .where('v.effective_day', '>=', r.from)
    .where('v.effective_day', '<=', r.to)
    .executeTakeFirstOrThrow();
  return {
    inForce: inForce.length,
    inForceByCategory,
    adopted: rows.filter((x) => x.adopted_day >= r.from && x.adopted_day <= r.to).length,
    revised: Number(revisions.n),
    reviewOverdue: inForce.filter((x) => x.review_day && x.review_day < asOf).length,
    titles: inForce.slice(0, 5).map((x) => x.title),
  };
}

/**
 * The indicator counts of ruleFigures (in force at the period's end, first adopted in the period)
 * for many units at once: one grouped query, rolled up to each unit's subtree.
 */
export async function ruleCountsMany(db: Database, units: BatchUnit[], r: DayRange) {
  const asOf = asOfDay(r);
  const rows = await db.selectFrom('rules as x').innerJoin('units as u', 'u.id', 'x.unit_id')
    .select([
      'u.path',
      sql<number>`sum(case when x.adopted_day <= ${asOf} and (coalesce(x.repeal_day, '') = '' or x.repeal_day > ${asOf}) then 1 else 0 end)`.as('in_force'),
      sql<number>`sum(case when x.adopted_day >= ${r.from} and x.adopted_day <= ${r.to} then 1 else 0 end)`.as('adopted'),
    ])
    .where('x.archived_at', 'is', null).where((eb) => inAnySubtree(eb, 'u.path', units)).groupBy('u.path').execute();
  return { inForce: rollUp(units, rows, (x) => Number(x.in_force)), adopted: rollUp(units, rows, (x) => Number(x.adopted)) };
}
