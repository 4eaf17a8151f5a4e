import type { Selectable } from 'kysely';
import type { Database } from '../../db';
import type { UnitTable } from '../../db/schema';
import { subtreeFilter, subtreeUpperBound } from '../../platform/scope';

export type UnitRow = Selectable<UnitTable>;

const COLUMNS = [
  'id', 'parent_id', 'path', 'depth', 'name', 'kind', 'code', 'sort_order', 'archived_at', 'version', 'created_at', 'updated_at',
] as const;

export function findUnit(db: Database, id: string) {
  return db.selectFrom('units').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function listSubtree(db: Database, path: string, includeArchived: boolean) {
  let q = db.selectFrom('units').select(COLUMNS).where(subtreeFilter<any, any>('path', path));
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.orderBy('depth').orderBy('sort_order').orderBy('name').execute();
}

export function countUnits(db: Database) {
  return db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
}

export async function childAndPersonCounts(db: Database, unitId: string) {
  const children = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', unitId)
    .where('archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  const people = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unitId)
    .where('archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  const accounts = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unitId)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return { children: Number(children.n), people: Number(people.n), accounts: Number(accounts.n) };
}

export async function insertUnit(db: Database, row: UnitRow) {
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
