import { RULE_CATEGORIES, type RuleCategory, type RuleFigures } from '../../../common/rules';
import type { Database } from '../../db';
import { asOfDay, type Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';

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
