/**
 * Upkeep of the unit-path copies modules keep on their records (Module.unitPathCopies): a record
 * carrying its unit's path lets a subtree be read as one index range in the list's own order,
 * instead of one lookup per unit. The copies must follow the unit when it moves.
 */
import { sql } from 'kysely';
import type { Database } from '../db';
import { unitPathCopies } from './modules';
import { subtreeUpperBound } from './scope';

/** Rewrites every declared copy under `oldPath` to lie under `newPath`; call inside the move's transaction. */
export async function rewriteUnitPathCopies(trx: Database, oldPath: string, newPath: string): Promise<number> {
  let rows = 0;
  for (const copy of unitPathCopies()) {
    const col = sql.ref(copy.column);
    const result = await sql`
      update ${sql.table(copy.table)}
         set ${col} = ${newPath} || substr(${col}, ${oldPath.length + 1})
       where ${col} >= ${oldPath} and ${col} < ${subtreeUpperBound(oldPath)}`.execute(trx);
    rows += Number(result.numAffectedRows ?? 0n);
    if (copy.rewritten) await copy.rewritten(trx, newPath);
  }
  return rows;
}
