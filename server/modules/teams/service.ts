/** 队伍: roles (standard and a unit's own) and the people holding them, with their training counts from the activity ledger. */
import type { z } from 'zod';
import { FORBIDDEN_ROLE_WORDS, type memberCreate, type memberQuery, type memberUpdate, type MemberView, type RoleChoice, type roleCreate, TEAM_ROLE_LABELS, TEAM_ROLES, type TeamRole } from '../../../common/teams';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { thisYear } from '../../platform/period';
import { archiver, editable, inRegisterList, insertRecord, pageOf, recordReads, updateVersioned } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getVisiblePerson } from '../people/service';
import { getActiveUnit, getVisibleUnit, unitScope } from '../units/service';

const isStandard = (k: string): k is TeamRole => (TEAM_ROLES as readonly string[]).includes(k);

/** The roles a unit's members may hold: the standard ones and those its unit or superiors added. */
export async function roleChoices(db: Database, actor: Actor, unitId: string): Promise<{ items: RoleChoice[] }> {
  const unit = await getVisibleUnit(db, actor, unitId, 'unitId');
  const chain = unit.path.split('/').filter(Boolean);
  const custom = await db.selectFrom('team_roles as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'r.name', 'r.version', 'u.name as unit_name'])
    .where('r.unit_id', 'in', chain).where('r.archived_at', 'is', null).orderBy('u.depth').orderBy('r.created_at').execute();
  return {
    items: [
      ...TEAM_ROLES.map((k) => ({ key: k, label: TEAM_ROLE_LABELS[k], custom: false, unitName: null, version: null })),
      ...custom.map((r) => ({ key: r.id, label: r.name, custom: true, unitName: r.unit_name, version: r.version })),
    ],
  };
}

async function labelOf(db: Database, actor: Actor, unitId: string, role: string): Promise<string> {
  if (isStandard(role)) return TEAM_ROLE_LABELS[role];
  const found = (await roleChoices(db, actor, unitId)).items.find((r) => r.key === role);
  if (!found) throw errors.validation('所选队伍角色不存在，或不适用于该单位', 'role');
  return found.label;
}

export async function createRole(db: Database, ctx: ActorCtx, input: z.infer<typeof roleCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const bad = FORBIDDEN_ROLE_WORDS.find((w) => input.name.includes(w));
    if (bad) throw errors.validation(`队伍不包括受指派发帖、评论或引导舆论的人员(“${bad}”)，本系统不登记此类角色`, 'name');
    const existing = (await roleChoices(trx, ctx.actor, unit.id)).items;
    if (existing.some((r) => r.label === input.name)) throw errors.validation(`已有队伍角色“${input.name}”`, 'name');
    const row = await insertRecord(trx, 'team_roles', { unit_id: unit.id, name: input.name });
    await writeAudit(trx, ctx, { action: 'create', entity: 'team_role', entityId: row.id, unitPath: unit.path, after: { name: input.name, archived: false } });
    return { key: row.id, label: row.name, custom: true, unitName: unit.name, version: row.version } satisfies RoleChoice;
  });
}

type RoleRow = { id: string; name: string; archived_at: string | null; version: number; unit_path: string };
const { getVisible: getVisibleRole } = recordReads('队伍角色', (db, id) => db.selectFrom('team_roles as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'r.name', 'r.archived_at', 'r.version', 'u.path as unit_path']).where('r.id', '=', id).executeTakeFirst() as Promise<RoleRow | undefined>, (r) => r);

export const setRoleArchived = archiver<RoleRow, { key: string; label: string; archived: boolean; version: number }>({
  table: 'team_roles', entity: 'team_role', noun: '队伍角色', load: getVisibleRole, view: (_trx, _actor, r) => ({ key: r.id, label: r.name, archived: r.archived_at !== null, version: r.version }),
});

// --- Members ------------------------------------------------------------------------------

type MemberRow = {
  id: string; unit_id: string; person_id: string; role: string; since_day: string | null; note: string | null; archived_at: string | null; version: number;
  unit_name: string; unit_path: string; person_name: string; position: string | null; role_name: string | null;
};

function selectMembers(db: Database) {
  return db.selectFrom('team_members as m').innerJoin('units as u', 'u.id', 'm.unit_id').innerJoin('people as p', 'p.id', 'm.person_id').leftJoin('team_roles as r', 'r.id', 'm.role')
    .select(['m.id', 'm.unit_id', 'm.person_id', 'm.role', 'm.since_day', 'm.note', 'm.archived_at', 'm.version', 'u.name as unit_name', 'u.path as unit_path', 'p.name as person_name', 'p.position', 'r.name as role_name']);
}

const roleLabel = (r: { role: string; role_name: string | null }) => (isStandard(r.role) ? TEAM_ROLE_LABELS[r.role] : (r.role_name ?? r.role));

/** Trainings (培训 entries, not archived) each person took part in within the period. */
export async function trainingCounts(db: Database, personIds: string[], from: string, to: string): Promise<Map<string, number>> {
  if (!personIds.length) return new Map();
  const rows = await db.selectFrom('ledger_participants as lp').innerJoin('ledger_entries as e', 'e.id', 'lp.entry_id')
    .select(['lp.person_id', (x) => x.fn.countAll().as('n')])
    .where('lp.person_id', 'in', personIds).where('e.type', '=', 'training').where('e.archived_at', 'is', null).where('e.day', '>=', from).where('e.day', '<=', to)
    .groupBy('lp.person_id').execute();
  return new Map(rows.map((r) => [r.person_id, Number(r.n)]));
}

const toView = (r: MemberRow, trainings: number): MemberView => ({
  id: r.id, unitId: r.unit_id, unitName: r.unit_name, personId: r.person_id, personName: r.person_name, position: r.position, role: r.role, roleLabel: roleLabel(r),
  sinceDay: r.since_day, note: r.note, trainingCount: trainings, archived: r.archived_at !== null, version: r.version,
});

export const { getVisible: getVisibleMember } = recordReads('队伍成员', (db, id) => selectMembers(db).where('m.id', '=', id).executeTakeFirst() as Promise<MemberRow | undefined>, (r) => r);

export async function getMember(db: Database, actor: Actor, id: string) {
  const r = await getVisibleMember(db, actor, id);
  const y = thisYear();
  return toView(r, (await trainingCounts(db, [r.person_id], y.from, y.to)).get(r.person_id) ?? 0);
}

export async function listMembers(db: Database, actor: Actor, query: z.infer<typeof memberQuery>) {
  const scope = await unitScope(db, actor, query);
  const y = thisYear();
  const from = query.from ?? y.from;
  const to = query.to ?? y.to;
  let q = selectMembers(db).where((eb) => inRegisterList(eb, { unitId: 'm.unit_id', path: 'u.path', archivedAt: 'm.archived_at' }, scope, query.archived));
  if (query.role) q = q.where('m.role', '=', query.role);
  return pageOf(q, query, (q) => q.orderBy('u.path').orderBy('m.role').orderBy('p.name').orderBy('m.id'), async (rows) => {
    const counts = await trainingCounts(db, rows.map((r) => r.person_id), from, to);
    return rows.map((r) => toView(r as MemberRow, counts.get(r.person_id) ?? 0));
  });
}

const auditView = (v: MemberView) => ({ personName: v.personName, roleLabel: v.roleLabel, sinceDay: v.sinceDay, note: v.note, archived: v.archived });

async function checkDuplicate(db: Database, personId: string, role: string, except: string | null) {
  let q = db.selectFrom('team_members').select('id').where('person_id', '=', personId).where('role', '=', role).where('archived_at', 'is', null);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst()) throw errors.validation('该人员已在这支队伍中', 'personId');
}

export async function createMember(db: Database, ctx: ActorCtx, input: z.infer<typeof memberCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const p = await getVisiblePerson(trx, ctx.actor, input.personId, 'personId');
    if (!p.unit_path.startsWith(unit.path)) throw errors.validation('队伍成员应是该单位或下级单位的人员', 'personId');
    if (p.archived_at) throw errors.validation(`人员“${p.name}”已归档`, 'personId');
    await labelOf(trx, ctx.actor, unit.id, input.role);
    await checkDuplicate(trx, p.id, input.role, null);
    const row = await insertRecord(trx, 'team_members', { unit_id: unit.id, person_id: p.id, role: input.role, since_day: input.sinceDay, note: input.note });
    const view = await getMember(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'team_member', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

export async function updateMember(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof memberUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleMember(trx, ctx.actor, id), input.version, '该成员记录已归档，请先恢复');
    await labelOf(trx, ctx.actor, before.unit_id, input.role);
    await checkDuplicate(trx, before.person_id, input.role, id);
    const beforeView = await getMember(trx, ctx.actor, id);
    await updateVersioned(trx, 'team_members', id, input.version, { role: input.role, since_day: input.sinceDay, note: input.note });
    const after = await getMember(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'team_member', entityId: id, unitPath: before.unit_path, before: auditView(beforeView), after: auditView(after) });
    return after;
  });
}

export const setMemberArchived = archiver<MemberRow, MemberView>({
  table: 'team_members', entity: 'team_member', noun: '队伍成员', load: getVisibleMember, view: (trx, actor, r) => getMember(trx, actor, r.id),
});

export async function memberHistory(db: Database, actor: Actor, id: string) {
  await getVisibleMember(db, actor, id);
  return { items: await entityHistory(db, 'team_member', id) };
}
