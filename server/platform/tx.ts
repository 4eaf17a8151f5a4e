import type { Database } from '../db';

/**
 * Every mutating request runs in one transaction: it commits whole or not at all. Called
 * inside a transaction already (the demo seed drives services), it joins that one.
 */
export function inTx<T>(db: Database, fn: (trx: Database) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/** Rows updated by an UPDATE … WHERE version = ?; zero means someone else saved first. */
export function updatedRows(result: { numUpdatedRows: bigint }[] | { numUpdatedRows: bigint }): number {
  const r = Array.isArray(result) ? result[0] : result;
  return Number(r?.numUpdatedRows ?? 0);
}
