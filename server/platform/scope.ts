import { type Expression, type ExpressionBuilder, type SqlBool, sql, type StringReference } from 'kysely';
import type { Actor } from './context';
import { errors } from './errors';

/**
 * 一级抓一级: a user sees their unit and everything below it. Paths look like
 * "/a/b/c/", so a subtree is every path in [p, p with its trailing "/" turned into "0").
 */
export function subtreeUpperBound(path: string): string {
  return `${path.slice(0, -1)}0`;
}

export function inSubtree(rootPath: string, path: string): boolean {
  return path.startsWith(rootPath);
}

/**
 * Kysely condition: `column` lies in the subtree at `path`. One index range scan. Written
 * `q.where((eb) => inSubtreeOf(eb, 'u.path', path))`: the column is checked against the
 * query's own tables, so the security filter cannot name a column the query lacks.
 */
export function inSubtreeOf<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>, column: StringReference<DB, TB>, path: string, upper: string = subtreeUpperBound(path),
): Expression<SqlBool> {
  const ref = eb.ref(column);
  return eb.and([sql<SqlBool>`${ref} >= ${path}`, sql<SqlBool>`${ref} < ${upper}`]);
}

/**
 * `column` (a record's own unit id, e.g. 'e.unit_id') names a unit of the subtree at `root`, as
 * an IN over the subtree's unit ids: each unit then probes the record's (unit_id, …) index, so a
 * county's read costs its own rows, not a scan of the province's by date. Under a top-level unit
 * nearly every row matches: there SQLite's unary + keeps it to one pass over the table instead
 * (PostgreSQL chooses by itself). What `inSubtreeOf` on the joined unit's path selects, planned
 * by the subtree's size.
 */
export function unitIdInSubtree<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, dialect: 'sqlite' | 'postgres', column: StringReference<DB, TB>, root: string): Expression<SqlBool> {
  const topLevel = root.split('/').filter(Boolean).length === 1;
  const ref = topLevel && dialect === 'sqlite' ? sql`+${eb.ref(column)}` : eb.ref(column);
  return sql<SqlBool>`${ref} in (select id from units where path >= ${root} and path < ${subtreeUpperBound(root)})`;
}

/** The units a list covers: one unit alone, or every unit of a subtree. */
/** `upper`: the subtree's upper bound when the caller has it (a list compiled once per shape binds it as a value of its own). */
export type UnitScope = { unitId: string } | { path: string; upper?: string };

/** A list's scope as values a statement compiled once binds (shapedPage): the unit, or the subtree's path and upper bound. */
export type BoundScope = { unitId?: string; path?: string; upper?: string };
export const boundScope = (scope: UnitScope): BoundScope =>
  'unitId' in scope ? { unitId: scope.unitId } : { path: scope.path, upper: subtreeUpperBound(scope.path) };
/** The scope back from its bound values, inside a shapedPage builder. */
export const scopeOfBound = (p: BoundScope): UnitScope => (p.unitId !== undefined ? { unitId: p.unitId } : { path: p.path!, upper: p.upper });

/** Kysely condition: the row's unit is in `scope`; columns checked against the query's tables like `inSubtreeOf`. */
export function inUnitScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>, columns: { unitId: StringReference<DB, TB>; path: StringReference<DB, TB> }, scope: UnitScope,
): Expression<SqlBool> {
  return 'unitId' in scope ? sql<SqlBool>`${eb.ref(columns.unitId)} = ${scope.unitId}` : inSubtreeOf(eb, columns.path, scope.path, scope.upper);
}

/** Refuse unless the record's unit lies in the actor's subtree. */
export function assertInScope(actor: Actor, unitPath: string | null | undefined): void {
  if (!unitPath || !inSubtree(actor.unitPath, unitPath)) throw errors.outOfScope();
}
