/**
 * What the activity-count indicators share: the value for many units at once (one grouped
 * query, rolled up to each unit's subtree) and the records behind it, both counting exactly what
 * ledgerFigures counts (live entries of the subtree, by type, dated in the period).
 */
import type { ActivityType } from '../../../common/ledger';
import type { Indicator } from '../../platform/modules';
import { inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { inSubtreeOf } from '../../platform/scope';

export function activityCount(types: readonly ActivityType[], onTopicOnly = false): Pick<Indicator, 'valuesFor' | 'records'> {
  return {
    async valuesFor(db, units, r) {
      let q = db.selectFrom('ledger_entries as e').innerJoin('units as u', 'u.id', 'e.unit_id')
        .select(['u.path', (x) => x.fn.countAll().as('n')])
        .where('e.archived_at', 'is', null).where('e.day', '>=', r.from).where('e.day', '<=', r.to).where('e.type', 'in', [...types])
        .where((eb) => inAnySubtree(eb, 'u.path', units));
      if (onTopicOnly) q = q.where('e.on_topic', '=', 1);
      const rows = await q.groupBy('u.path').execute();
      return rollUp(units, rows, (row) => Number(row.n));
    },
    async records(db, s) {
      let q = db.selectFrom('ledger_entries as e').innerJoin('units as u', 'u.id', 'e.unit_id').select('e.id')
        .where('e.archived_at', 'is', null).where('e.day', '>=', s.from).where('e.day', '<=', s.to).where('e.type', 'in', [...types])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath));
      if (onTopicOnly) q = q.where('e.on_topic', '=', 1);
      return { entity: 'ledger_entry', ids: (await q.execute()).map((r) => r.id) };
    },
  };
}
