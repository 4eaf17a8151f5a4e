/**
 * Compact subtree keys for intake's band index (migration 2026120950_case_band_keys). Each unit
 * gets a small integer code once (never changed, never reused); its key is its ancestors' codes
 * and its own, base 36, each followed by "/": "/3/2p/b7k/" where its path is three 36-character
 * ids. A subtree is still one range of keys ([key, subtreeUpperBound(key)), as of paths), and a
 * band row holds about 12 characters instead of the owner's 139-character path. A unit's key
 * changes when it moves exactly as its path does: the cases module's `unitPathCopies` rewrites
 * the keys under it (`rekeyMoved`).
 */
import { sql } from 'kysely';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { subtreeUpperBound } from '../../platform/scope';
import { bandTables } from './band-ids';

/** Intake's lock (intake.ts): codes are given under it on PostgreSQL, so two writers never give the same. */
export const INTAKE_LOCK_KEY = 727010;

async function lockIntake(trx: Database) {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${INTAKE_LOCK_KEY})`.execute(trx);
}

const idsOf = (path: string) => path.split('/').filter(Boolean);

/**
 * The keys of the units at `paths` (units.path), by path; units on them without one get their
 * code and key now (their ancestors first). One statement when every unit has its key.
 */
export async function unitKeysOf(trx: Database, paths: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(paths)];
  const ids = [...new Set(wanted.flatMap(idsOf))];
  const keyOf = new Map<string, string>();
  await readKeys(trx, ids, keyOf);
  if (keyOf.size < ids.length) await giveKeys(trx, wanted, keyOf);
  return new Map(wanted.map((p) => [p, keyOf.get(idsOf(p).at(-1)!)!]));
}

/** The stored keys of units `ids`, into `keyOf`. */
async function readKeys(trx: Database, ids: string[], keyOf: Map<string, string>) {
  for (let i = 0; i < ids.length; i += 500) {
    const found = await sql<{ unit_id: string; unit_key: string }>`select unit_id, unit_key from case_unit_keys where unit_id in (${sql.join(ids.slice(i, i + 500))})`.execute(trx);
    for (const r of found.rows) keyOf.set(r.unit_id, r.unit_key);
  }
}

/** Codes and keys for the units on `paths` that have none yet, in `keyOf` as well. */
async function giveKeys(trx: Database, paths: string[], keyOf: Map<string, string>) {
  await lockIntake(trx);
  // Read again under the lock: another writer may have given some meanwhile.
  await readKeys(trx, [...new Set(paths.flatMap(idsOf))].filter((id) => !keyOf.has(id)), keyOf);
  let next = Number((await sql<{ m: number | null }>`select max(code) as m from case_unit_keys`.execute(trx)).rows[0].m ?? 0) + 1;
  for (const path of paths) {
    let parent = '/';
    for (const id of idsOf(path)) {
      let key = keyOf.get(id);
      if (key === undefined) {
        const code = next++;
        key = `${parent}${code.toString(36)}/`;
        await sql`insert into case_unit_keys (unit_id, code, unit_key) values (${id}, ${code}, ${key})`.execute(trx);
        keyOf.set(id, key);
      }
      parent = key;
    }
  }
}

/**
 * A unit moved to `newPath` (Module.unitPathCopies `rewritten`, in the move's transaction): its
 * key and every key under it take the new parent's key as prefix, in the unit keys and in the
 * band rows, as the path copies do.
 */
export async function rekeyMoved(trx: Database, newPath: string): Promise<void> {
  const ids = idsOf(newPath);
  const id = ids.at(-1)!;
  await lockIntake(trx);
  const row = (await sql<{ code: number; unit_key: string }>`select code, unit_key from case_unit_keys where unit_id = ${id}`.execute(trx)).rows[0];
  if (!row) return; // no key yet: nothing under it has one either (ancestors get theirs first)
  const parentPath = ids.length > 1 ? `/${ids.slice(0, -1).join('/')}/` : null;
  const parentKey = parentPath ? (await unitKeysOf(trx, [parentPath])).get(parentPath)! : '/';
  const oldKey = row.unit_key;
  const newKey = `${parentKey}${Number(row.code).toString(36)}/`;
  if (newKey === oldKey) return;
  for (const table of ['case_unit_keys', ...bandTables(dialectOf(trx) === 'postgres')]) {
    await sql`update ${sql.table(table)} set unit_key = ${newKey} || substr(unit_key, ${oldKey.length + 1})
      where unit_key >= ${oldKey} and unit_key < ${subtreeUpperBound(oldKey)}`.execute(trx);
  }
}
