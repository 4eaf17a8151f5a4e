import type { Database } from '../db';

/** Every mutating request runs in one transaction: it commits whole or not at all. */
export function inTx<T>(db: Database, fn: (trx: Database) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/** Rows updated by an UPDATE … WHERE version = ?; zero means someone else saved first. */
export function updatedRows(result: { numUpdatedRows: bigint }[] | { numUpdatedRows: bigint }): number {
  const r = Array.isArray(result) ? result[0] : result;
  return Number(r?.numUpdatedRows ?? 0);
}
