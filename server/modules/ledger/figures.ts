import { ACTIVITY_TYPES, type ActivityType, type LedgerFigures } from '../../../common/ledger';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import { subtreeFilter } from '../../platform/scope';
import type { Range } from '../tasks/figures';
import { targetProgress } from './targets';

/**
 * Activity counts for a subtree and a period (by type, and how many concern this work), target
 * attainment in the year the period ends in, plans in force and drills held.
 */
export async function ledgerFigures(db: Database, r: Range): Promise<LedgerFigures> {
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.type', 'e.on_topic', (x) => x.fn.countAll().as('n')])
    .where(subtreeFilter<any, any>('u.path', r.unitPath))
    .where('e.archived_at', 'is', null)
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .groupBy(['e.type', 'e.on_topic'])
    .execute();
  const byType = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { total: 0, onTopic: 0 }])) as LedgerFigures['byType'];
  for (const row of rows) {
    const b = byType[row.type as ActivityType];
    b.total += Number(row.n);
    if (row.on_topic === 1) b.onTopic += Number(row.n);
  }
  const year = Number(r.to.slice(0, 4));
  const today = shanghaiDay();
  const progress = await targetProgress(db, r.unitPath, year, r.to < today ? r.to : today);
  const targets = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { withTarget: 0, behind: 0 }])) as LedgerFigures['targets'];
  for (const u of progress) for (const i of u.items) {
    targets[i.type].withTarget++;
    if (i.behind) targets[i.type].behind++;
  }
  const plans = await db
    .selectFrom('emergency_plans as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select((x) => x.fn.countAll().as('n'))
    .where(subtreeFilter<any, any>('u.path', r.unitPath))
    .where('p.archived_at', 'is', null)
    .where('p.status', '=', 'current')
    .where('p.effective_day', '<=', r.to)
    .executeTakeFirstOrThrow();
  return {
    byType,
    total: Object.values(byType).reduce((a, b) => a + b.total, 0),
    onTopic: Object.values(byType).reduce((a, b) => a + b.onTopic, 0),
    targets,
    plansInForce: Number(plans.n),
    drills: byType.drill.total,
  };
}
