/**
 * Look-ups the modules' demo contributions share: the demo accounts as actors, units by name,
 * a unit's person by position. Only demo seeding calls these; they run inside its transaction.
 */
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';

export type DemoUnit = { id: string; path: string; name: string };

/** The demo account as an actor, or null when the org part of the demo did not create it. */
export async function actorFor(db: Database, username: string): Promise<Actor | null> {
  const a = await db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.username', 'a.display_name', 'a.role', 'a.unit_id', 'u.name', 'u.path'])
    .where('a.username', '=', username)
    .executeTakeFirst();
  return a ? { accountId: a.id, username: a.username, displayName: a.display_name, role: a.role as Actor['role'], unitId: a.unit_id, unitName: a.name, unitPath: a.path } : null;
}

export const actorsFor = (db: Database, usernames: string[]) => Promise.all(usernames.map((u) => actorFor(db, u)));

export const unitByName = (db: Database, name: string): Promise<DemoUnit | undefined> =>
  db.selectFrom('units').select(['id', 'path', 'name']).where('name', '=', name).executeTakeFirst();

export const unitsByName = (db: Database, names: string[]) => Promise.all(names.map((n) => unitByName(db, n)));

/** The id of the person holding that position in the unit, or null. */
export async function personAt(db: Database, unitId: string, position: string): Promise<string | null> {
  const p = await db.selectFrom('people').select('id').where('unit_id', '=', unitId).where('position', '=', position).executeTakeFirst();
  return p?.id ?? null;
}

/** How the demo names an actor in *_by_name columns, as the services do. */
export const who = (a: Actor) => `${a.displayName}(${a.username})`;
