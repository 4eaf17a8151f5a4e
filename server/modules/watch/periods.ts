/**
 * 敏感时期 as other modules read them: a watch period declared by a unit applies to that unit
 * and its whole subtree, so the periods in force for a unit are those declared by it or by any
 * of its ancestors (its materialised path lists them).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { DayRange } from '../../platform/period';

export interface WatchPeriod {
  id: string;
  /** The declaring unit. */
  unitId: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** Live watch periods in force for the unit (declared by it or an ancestor) overlapping `range`. */
export async function watchPeriodsFor(db: Kysely<DB>, unitId: string, range: DayRange): Promise<WatchPeriod[]> {
  const unit = await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!unit) return [];
  const lineage = unit.path.split('/').filter(Boolean);
  const rows = await db.selectFrom('watch_periods')
    .select(['id', 'unit_id', 'name', 'starts_on', 'ends_on'])
    .where('unit_id', 'in', lineage)
    .where('archived_at', 'is', null)
    .where('starts_on', '<=', range.to)
    .where('ends_on', '>=', range.from)
    .orderBy('starts_on').orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on }));
}

/** Whether `day` falls inside a watch period in force for the unit. */
export async function inWatchPeriod(db: Kysely<DB>, unitId: string, day: string): Promise<boolean> {
  return (await watchPeriodsFor(db, unitId, { from: day, to: day })).length > 0;
}
