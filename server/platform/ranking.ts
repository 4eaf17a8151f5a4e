/**
 * Home's ranking of the units directly below one unit: a rate indicator may give every unit's
 * value at once (`Indicator.valuesBelow`), from one grouped query over the parent's subtree,
 * instead of a figures computation per unit. Each record is counted at the unit below whose
 * subtree holds its unit (a materialised path prefix); records of the parent itself count nowhere.
 */
import type { Database } from '../db';
import type { DayRange } from './period';

export interface RatesBelowScope extends DayRange {
  /** The parent's path: every unit of `units` lies directly under it. */
  under: string;
  units: { id: string; path: string }[];
}

/** One tally per unit below, and the tally a record of unit path `path` counts in (undefined: the parent's own, or outside). */
export function tallyBelow<T>(s: RatesBelowScope, blank: () => T): { byUnit: Map<string, T>; at(path: string): T | undefined } {
  const byUnit = new Map(s.units.map((u) => [u.id, blank()]));
  const byPath = new Map(s.units.map((u) => [u.path, byUnit.get(u.id)!]));
  return {
    byUnit,
    at(path) {
      if (!path.startsWith(s.under) || path.length <= s.under.length) return undefined;
      const end = path.indexOf('/', s.under.length);
      return byPath.get(path.slice(0, end + 1));
    },
  };
}

/**
 * One computation per ranking for the indicators of a module that share it (a module's two rates
 * from one query): keyed by the scope object, which the ranking passes to every indicator.
 */
export function oncePerRanking<V>(compute: (db: Database, s: RatesBelowScope) => Promise<V>): (db: Database, s: RatesBelowScope) => Promise<V> {
  const memo = new WeakMap<RatesBelowScope, Promise<V>>();
  return (db, s) => {
    let p = memo.get(s);
    if (!p) memo.set(s, (p = compute(db, s)));
    return p;
  };
}
