/**
 * Batched indicator values (Indicator.valuesFor): one grouped query per unit of the records'
 * own units, then each row counted for every asked unit whose subtree holds it. Many units'
 * subtree figures then cost one query instead of one per unit.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, type StringReference, sql } from 'kysely';
import type { Database } from '../db';
import { dialectOf } from '../db/dialect';
import type { DayRange } from './period';
import { inSubtreeOf } from './scope';

export interface BatchUnit { id: string; path: string }

/**
 * The path ranges a batched query reads: few units, their subtrees; siblings (home's ranking of
 * the units below one unit), their parent's subtree as one range (the rows of the parent itself
 * are read too and counted nowhere: the roll-ups count rows only for the asked units); many, null:
 * every row of the period (cheaper than a long OR).
 */
function rangesOf(units: BatchUnit[]): string[] | null {
  if (units.length > 50) return null;
  const parents = new Set(units.map((u) => u.path.slice(0, u.path.lastIndexOf('/', u.path.length - 2) + 1)));
  if (units.length > 1 && parents.size === 1) return [...parents];
  return units.map((u) => u.path);
}

/** The rows a batched query reads for `units` (`rangesOf`); callers count each row only for the asked units whose subtree holds it. */
export function inAnySubtree<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: StringReference<DB, TB>, units: BatchUnit[]): Expression<SqlBool> {
  const ranges = rangesOf(units);
  if (!ranges) return sql<SqlBool>`1 = 1`;
  return eb.or(ranges.map((p) => inSubtreeOf(eb, column, p)));
}

/**
 * A record's period column (e.g. the day received) for the condition on the period, in a query
 * that also selects `inAnySubtree(units)` on an index of the record's path copy: on SQLite kept
 * off the column's own index (unary +) while the path ranges lie below the top-level units, so the
 * planner (without table statistics) reads the subtrees' range, not the province's rows of the
 * period; PostgreSQL plans by itself.
 */
export function periodColumn<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, db: Database, column: StringReference<DB, TB>, units: BatchUnit[]): Expression<string> {
  const ranges = rangesOf(units);
  const narrow = !!ranges && ranges.every((p) => p.split('/').filter(Boolean).length > 1);
  return narrow && dialectOf(db) === 'sqlite' ? sql<string>`+${eb.ref(column)}` : (eb.ref(column) as unknown as Expression<string>);
}

/** Walks a unit path and every path above it: "/a/b/c/" → "/a/b/c/", "/a/b/", "/a/". */
function* pathsUp(path: string): Generator<string> {
  for (let end = path.length - 1; end > 0; end = path.lastIndexOf('/', end - 1)) yield path.slice(0, end + 1);
}

/**
 * Counts, for each asked unit, the distinct keys of the rows whose unit lies in its subtree (a
 * person counted once however many of the subtree's units list them). Every asked unit gets a
 * count, 0 when nothing counts.
 */
export function rollUpDistinct<R extends { path: string }>(units: BatchUnit[], rows: R[], key: (r: R) => string): Map<string, number> {
  const byPath = new Map(units.map((u) => [u.path, u.id]));
  const sets = new Map(units.map((u) => [u.id, new Set<string>()]));
  for (const r of rows) {
    for (const p of pathsUp(r.path)) {
      const id = byPath.get(p);
      if (id !== undefined) sets.get(id)!.add(key(r));
    }
  }
  return new Map([...sets].map(([id, s]) => [id, s.size]));
}

/**
 * Sums, for each asked unit, `value(row)` over the rows whose unit lies in its subtree (the row's
 * unit path starts with the unit's path). Every asked unit gets a total, 0 when nothing counts.
 */
export function rollUp<R extends { path: string }>(units: BatchUnit[], rows: R[], value: (r: R) => number): Map<string, number> {
  const byPath = new Map(units.map((u) => [u.path, u.id]));
  const out = new Map(units.map((u) => [u.id, 0]));
  for (const r of rows) {
    const v = value(r);
    if (!v) continue;
    for (const p of pathsUp(r.path)) {
      const id = byPath.get(p);
      if (id !== undefined) out.set(id, out.get(id)! + v);
    }
  }
  return out;
}

/**
 * One computation per batch for the indicators of a module that share it (a module's two rates
 * from one query): keyed by the units array and the period, so the ranking, which passes the
 * same array to every indicator, runs the query once.
 */
export function oncePerBatch<V>(compute: (db: Database, units: BatchUnit[], r: DayRange) => Promise<V>): (db: Database, units: BatchUnit[], r: DayRange) => Promise<V> {
  const memo = new WeakMap<BatchUnit[], Map<string, Promise<V>>>();
  return (db, units, r) => {
    let byRange = memo.get(units);
    if (!byRange) memo.set(units, (byRange = new Map()));
    const key = `${r.from}|${r.to}`;
    let p = byRange.get(key);
    if (!p) byRange.set(key, (p = compute(db, units, r)));
    return p;
  };
}
