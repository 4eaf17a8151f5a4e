import type { Role } from '../../common/roles';
import type { Database } from '../../server/db';
import { newId, nowIso } from '../../server/platform/ids';
import { hashPassword } from '../../server/platform/passwords';

export const PASSWORD = 'Test@1234';

const hashes = new Map<string, Promise<string>>();
/** argon2 costs ~15 ms; tests reuse one hash per password. */
function cachedHash(pw: string) {
  if (!hashes.has(pw)) hashes.set(pw, hashPassword(pw));
  return hashes.get(pw)!;
}

export interface UnitRef {
  id: string;
  path: string;
  depth: number;
  name: string;
}

export async function makeUnit(db: Database, o: { parent?: UnitRef | null; name?: string; kind?: string } = {}): Promise<UnitRef> {
  const id = newId();
  const now = nowIso();
  const parent = o.parent ?? null;
  const row = {
    id, parent_id: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0,
    name: o.name ?? `单位${id.slice(-4)}`, kind: o.kind ?? (parent ? 'township' : 'county'), code: null, sort_order: 0,
    archived_at: null, version: 0, created_at: now, updated_at: now,
  };
  await db.insertInto('units').values(row).execute();
  return { id, path: row.path, depth: row.depth, name: row.name };
}

export async function makePerson(db: Database, o: { unit: UnitRef; name?: string; position?: string | null; phone?: string | null }) {
  const now = nowIso();
  const row = {
    id: newId(), unit_id: o.unit.id, name: o.name ?? '测试人员', position: o.position ?? null, phone: o.phone ?? null,
    archived_at: null, version: 0, created_at: now, updated_at: now,
  };
  await db.insertInto('people').values(row).execute();
  return row;
}

let accountSeq = 0;

export async function makeAccount(
  db: Database,
  o: { unit: UnitRef; role: Role; username?: string; password?: string; personId?: string | null; disabled?: boolean },
) {
  const now = nowIso();
  const username = o.username ?? `user${++accountSeq}_${newId().slice(-6).toLowerCase()}`;
  const row = {
    id: newId(), username, password_hash: await cachedHash(o.password ?? PASSWORD), display_name: username,
    role: o.role, unit_id: o.unit.id, person_id: o.personId ?? null, disabled: o.disabled ? 1 : 0, locked_until: null, last_login_at: null,
    password_changed_at: now, version: 0, created_at: now, updated_at: now,
  };
  await db.insertInto('accounts').values(row).execute();
  return row;
}

/**
 * 县 → 城关镇 (A) and 东山镇 (B) → one village each. Accounts of every role at the county
 * (county_<role>) and at A (a_<role>), a staff account at B (b_staff). Password for all: PASSWORD.
 */
export async function buildCounty(db: Database) {
  const county = await makeUnit(db, { name: '测试县', kind: 'county' });
  const a = await makeUnit(db, { parent: county, name: '城关镇', kind: 'township' });
  const b = await makeUnit(db, { parent: county, name: '东山镇', kind: 'township' });
  const a1 = await makeUnit(db, { parent: a, name: '城东村', kind: 'village' });
  const b1 = await makeUnit(db, { parent: b, name: '山前村', kind: 'village' });
  const people = {
    county: await makePerson(db, { unit: county, name: '县张', position: '县委书记' }),
    a: await makePerson(db, { unit: a, name: '镇李', position: '党委书记' }),
    a1: await makePerson(db, { unit: a1, name: '村王', position: '村党支部书记' }),
    b: await makePerson(db, { unit: b, name: '镇赵', position: '党委书记' }),
    b1: await makePerson(db, { unit: b1, name: '村钱', position: '联络员' }),
  };
  const accounts = {
    countyAdmin: await makeAccount(db, { unit: county, role: 'admin', username: 'county_admin' }),
    countySecadmin: await makeAccount(db, { unit: county, role: 'secadmin', username: 'county_secadmin' }),
    countyAuditadmin: await makeAccount(db, { unit: county, role: 'auditadmin', username: 'county_auditadmin' }),
    countyLeader: await makeAccount(db, { unit: county, role: 'leader', username: 'county_leader' }),
    countyStaff: await makeAccount(db, { unit: county, role: 'staff', username: 'county_staff' }),
    countyLiaison: await makeAccount(db, { unit: county, role: 'liaison', username: 'county_liaison' }),
    countyInspector: await makeAccount(db, { unit: county, role: 'inspector', username: 'county_inspector' }),
    admin: await makeAccount(db, { unit: a, role: 'admin', username: 'a_admin' }),
    secadmin: await makeAccount(db, { unit: a, role: 'secadmin', username: 'a_secadmin' }),
    auditadmin: await makeAccount(db, { unit: a, role: 'auditadmin', username: 'a_auditadmin' }),
    leader: await makeAccount(db, { unit: a, role: 'leader', username: 'a_leader' }),
    staff: await makeAccount(db, { unit: a, role: 'staff', username: 'a_staff' }),
    liaison: await makeAccount(db, { unit: a, role: 'liaison', username: 'a_liaison' }),
    inspector: await makeAccount(db, { unit: a, role: 'inspector', username: 'a_inspector' }),
    bStaff: await makeAccount(db, { unit: b, role: 'staff', username: 'b_staff' }),
  };
  return { units: { county, a, b, a1, b1 }, people, accounts };
}

/** The actor a signed-in account acts as (for services called directly, e.g. home's to-do sources). */
export async function actorOfAccount(db: Database, username: string) {
  const a = await db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.username', 'a.display_name', 'a.role', 'a.unit_id', 'u.name', 'u.path']).where('a.username', '=', username).executeTakeFirstOrThrow();
  return { accountId: a.id, username: a.username, displayName: a.display_name, role: a.role as Role, unitId: a.unit_id, unitName: a.name, unitPath: a.path };
}
