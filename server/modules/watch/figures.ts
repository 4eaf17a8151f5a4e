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

/**
 * watchFigures' roster completeness (of the unit-days of watch periods within the period, those
 * with shifts covering all 24 hours) for many units at once, counted as watchFigures counts it:
 * for each unit, the periods declared at it or above it cover its whole live subtree, those
 * declared below it their own subtree. One query each for the periods, the live units and the
 * shifts of every asked subtree.
 */
export async function rosterCompletenessMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>(units.map((u) => [u.id, null]));
  if (!units.length) return out;
  const above = [...new Set(units.flatMap((u) => u.path.split('/').filter(Boolean)))];
  const periods = await db.selectFrom('watch_periods as w').innerJoin('units as u', 'u.id', 'w.unit_id')
    .select(['w.starts_on', 'w.ends_on', 'u.path as unit_path'])
    .where((eb) => (units.length > 50 ? inAnySubtree(eb, 'u.path', units) : eb.or([eb('w.unit_id', 'in', above), inAnySubtree(eb, 'u.path', units)])))
    .where('w.archived_at', 'is', null).where('w.starts_on', '<=', r.to).where('w.ends_on', '>=', r.from).execute();
  // Each asked unit's periods: the root whose live units count, and the period's days within the range.
  const spans = units.map((u) => ({
    unit: u,
    spans: periods.filter((p) => inSubtree(p.unit_path, u.path) || inSubtree(u.path, p.unit_path))
      .map((p) => ({ root: inSubtree(p.unit_path, u.path) ? u.path : p.unit_path, days: daysOf(p.starts_on > r.from ? p.starts_on : r.from, p.ends_on < r.to ? p.ends_on : r.to) })),
  }));
  const allDays = spans.flatMap((s) => s.spans.flatMap((x) => x.days)).sort();
  if (!allDays.length) return out;
  const live = await db.selectFrom('units as u').select(['u.id', 'u.path']).where((eb) => inAnySubtree(eb, 'u.path', units)).where('u.archived_at', 'is', null).execute();
  const shifts = await db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as ro', 'ro.id', 's.roster_id').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 's.day', 's.kind'])
    .where((eb) => inAnySubtree(eb, 'u.path', units)).where('ro.archived_at', 'is', null)
    .where('s.day', '>=', allDays[0]).where('s.day', '<=', allDays[allDays.length - 1]).execute();
  const kinds = new Map<string, Set<string>>();
  for (const s of shifts) {
    const k = `${s.unit_id}|${s.day}`;
    if (!kinds.has(k)) kinds.set(k, new Set());
    kinds.get(k)!.add(s.kind);
  }
  const covered = (unitId: string, day: string) => {
    const k = kinds.get(`${unitId}|${day}`);
    return !!k && (k.has('full') || (k.has('day') && k.has('night')));
  };
  for (const { unit, spans: list } of spans) {
    let unitDays = 0;
    let coveredDays = 0;
    for (const { root, days } of list) {
      for (const x of live) {
        if (!inSubtree(root, x.path)) continue;
        unitDays += days.length;
        coveredDays += days.filter((d) => covered(x.id, d)).length;
      }
    }
    out.set(unit.id, unitDays ? coveredDays / unitDays : null);
  }
  return out;
}
