import { type Selectable, sql } from 'kysely';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import type { UnitTable } from '../../db/schema';
import type { Attachable } from '../../platform/attachable';
import { errors } from '../../platform/errors';
import { inSubtreeOf, subtreeUpperBound } from '../../platform/scope';

/** A unit's row; office_name (发文机关署名) is read where documents need it. */
export type UnitRow = Omit<Selectable<UnitTable>, 'office_name'> & { office_name?: string | null };

const COLUMNS = [
  'id', 'parent_id', 'path', 'depth', 'name', 'kind', 'code', 'sort_order', 'archived_at', 'version', 'created_at', 'updated_at',
] as const;

const UNIT_TREE_LOCK_KEY = 727003;

/**
 * Serialises changes to the shape of the tree (new units, moves, archiving, first setup) on PostgreSQL,
 * where several app servers write at once: a move must see every unit created under the
 * moved subtree, and two crossing moves must not both pass the cycle check. Held until the
 * transaction ends. SQLite runs one write transaction at a time, so it needs nothing.
 */
export async function lockUnitTree(trx: Database): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${UNIT_TREE_LOCK_KEY})`.execute(trx);
}

/**
 * The shared side of {@link lockUnitTree}: paths stay as read until the transaction ends, for
 * writing many rows that keep a copy of their unit's path (Module.unitPathCopies) without
 * a move rewriting the copies before these rows are visible to it. Take it before writing the
 * audit row (a move holds the tree lock while it waits for the audit lock).
 */
export async function lockUnitTreeShared(trx: Database): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock_shared(${UNIT_TREE_LOCK_KEY})`.execute(trx);
}

/**
 * `lock`: on PostgreSQL, 'share' keeps the unit from being archived or changed until the
 * transaction ends (for attaching a record to it; take it before writing the audit row, like
 * every row lock, so transactions meet the audit lock last); 'update' is taken by whoever
 * archives it, before counting what still hangs off it. SQLite needs neither.
 */
export function findUnit(db: Database, id: string, lock?: 'share' | 'update') {
  let q = db.selectFrom('units').select(COLUMNS).where('id', '=', id);
  if (lock && dialectOf(db) === 'postgres') q = lock === 'share' ? q.forShare() : q.forUpdate();
  return q.executeTakeFirst();
}

export function listSubtree(db: Database, path: string, includeArchived: boolean) {
  let q = db.selectFrom('units').select(COLUMNS).where((eb) => inSubtreeOf(eb, 'path', path));
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('depth').orderBy('sort_order').orderBy('name').execute();
}

export function countUnits(db: Database) {
  return db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
}

export async function childAndPersonCounts(db: Database, unitId: string) {
  const r = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('units').select((e) => e.fn.countAll<number>().as('n')).where('parent_id', '=', unitId).where('archived_at', 'is', null).as('children'),
      eb.selectFrom('people').select((e) => e.fn.countAll<number>().as('n')).where('unit_id', '=', unitId).where('archived_at', 'is', null).as('people'),
      eb.selectFrom('accounts').select((e) => e.fn.countAll<number>().as('n')).where('unit_id', '=', unitId).where('disabled', '=', 0).as('accounts'),
    ])
    .executeTakeFirstOrThrow();
  return { children: Number(r.children), people: Number(r.people), accounts: Number(r.accounts) };
}

/**
 * Inserts a unit under the tree lock, after checking that its parent is still where the
 * caller saw it and still active: a move or archive that committed in between makes the
 * caller's path stale (409, try again) instead of leaving a unit outside its parent's subtree.
 */
export async function insertUnit(db: Database, row: UnitRow) {
  await lockUnitTree(db);
  if (row.parent_id !== null) {
    const parent = await findUnit(db, row.parent_id);
    if (!parent || parent.archived_at || `${parent.path}${row.id}/` !== row.path || parent.depth + 1 !== row.depth) throw errors.stale();
  }
  await db.insertInto('units').values(row).execute();
}

/** Rewrites the path prefix of a whole subtree in one statement (move). */
export async function rewriteSubtreePaths(db: Database, oldPath: string, newPath: string, depthDelta: number) {
  const units = await db
    .selectFrom('units')
    .select(['id', 'path', 'depth'])
    .where('path', '>=', oldPath)
    .where('path', '<', subtreeUpperBound(oldPath))
    .execute();
  for (const u of units) {
    await db
      .updateTable('units')
      .set({ path: newPath + u.path.slice(oldPath.length), depth: u.depth + depthDelta })
      .where('id', '=', u.id)
      .execute();
  }
  return units.length;
}

/** Files kept with a unit itself (单位文件): the unit decides access, managing units may attach. */
export const unitAttachable: Attachable = {
  label: '单位文件',
  writePermission: 'unit.manage',
  async findUnit(db, id) {
    const u = await findUnit(db, id);
    return u ? { unitId: u.id, unitPath: u.path } : null;
  },
};
