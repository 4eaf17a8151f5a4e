import type { WatchFigures } from '../../../common/watch';
import type { Database } from '../../db';
import type { DayRange, Range } from '../../platform/period';
import { inSubtree, inSubtreeOf } from '../../platform/scope';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { coverageOf, periodsTouching } from './periods-service';
import { daysOf } from './shared';

/**
 * Duty figures of a subtree for a period: watch periods in force, rosters and shifts of the
 * period's days (live rosters only), shifts missing 值班人员 or 带班领导, log entries and handovers,
 * and roster completeness during watch periods: of the unit-days of watch periods within the
 * period (every live unit in a period's scope), how many had shifts covering all 24 hours
 * with nobody missing.
 */
export async function watchFigures(db: Database, r: Range): Promise<WatchFigures> {
  const shifts = db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as ro', 'ro.id', 's.roster_id').innerJoin('units as u', 'u.id', 's.unit_id')
    .where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).where('ro.archived_at', 'is', null).where('s.day', '>=', r.from).where('s.day', '<=', r.to);
  const counts = await shifts.select((eb) => [
    eb.fn.countAll().as('n'),
    eb.fn.sum(eb.case().when(eb.or([eb('s.leader_person_id', 'is', null), eb('s.staff_person_id', 'is', null)])).then(1).else(0).end()).as('gaps'),
    eb.fn.sum(eb.case().when('s.handed_over_at', 'is not', null).then(1).else(0).end()).as('handovers'),
  ]).executeTakeFirstOrThrow();
  const entries = await shifts.innerJoin('watch_log_entries as e', 'e.shift_id', 's.id').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rosters = await db.selectFrom('watch_rosters as ro').innerJoin('units as u', 'u.id', 'ro.unit_id').select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).where('ro.archived_at', 'is', null).where('ro.starts_on', '<=', r.to).where('ro.ends_on', '>=', r.from)
    .executeTakeFirstOrThrow();

  const periods = await periodsTouching(db, r.unitPath, r.from, r.to);
  const names = new Map((await db.selectFrom('units as u').select(['u.id', 'u.name']).where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).where('u.archived_at', 'is', null).execute()).map((u) => [u.id, u.name]));
  let unitDays = 0;
  let covered = 0;
  const incomplete: WatchFigures['incompleteUnits'] = [];
  for (const p of periods) {
    const root = inSubtree(p.unit_path, r.unitPath) ? r.unitPath : p.unit_path;
    const days = daysOf(p.starts_on > r.from ? p.starts_on : r.from, p.ends_on < r.to ? p.ends_on : r.to);
    const cov = await coverageOf(db, root, days);
    for (const [unitId, c] of cov) {
      if (!names.has(unitId)) continue;
      unitDays += days.length;
      covered += days.length - c.uncoveredDays.length;
      if (c.uncoveredDays.length || c.gapShifts) incomplete.push({ unitId, unitName: names.get(unitId)!, periodName: p.name, uncoveredDays: c.uncoveredDays.length });
    }
  }
  return {
    watchPeriods: periods.length, rosters: Number(rosters.n), shifts: Number(counts.n), gapShifts: Number(counts.gaps ?? 0), logEntries: Number(entries.n),
    handovers: Number(counts.handovers ?? 0), watchUnitDays: unitDays, watchUnitDaysCovered: covered,
    rosterCompleteness: unitDays ? covered / unitDays : null, incompleteUnits: incomplete.slice(0, 50),
  };
}

/** watchFigures' gap shifts (shifts of live rosters in the period missing 值班人员 or 带班领导) for many units at once: one grouped query, rolled up. */
export async function gapShiftsMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number>> {
  const rows = await db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as ro', 'ro.id', 's.roster_id').innerJoin('units as u', 'u.id', 's.unit_id')
    .select((eb) => ['u.path', eb.fn.sum(eb.case().when(eb.or([eb('s.leader_person_id', 'is', null), eb('s.staff_person_id', 'is', null)])).then(1).else(0).end()).as('gaps')])
    .where((eb) => inAnySubtree(eb, 'u.path', units)).where('ro.archived_at', 'is', null).where('s.day', '>=', r.from).where('s.day', '<=', r.to)
    .groupBy('u.path').execute();
  return rollUp(units, rows, (x) => Number(x.gaps ?? 0));
}
