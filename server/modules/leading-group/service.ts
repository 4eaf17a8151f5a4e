import { sql } from 'kysely';
import type { z } from 'zod';
import { DUTY_KIND_LABELS, type DutyKind, GROUP_ROLE_LABELS } from '../../../common/labels';
import { ledgerWorkbook } from '../../platform/ledger-xlsx';
import type { dutyAssignmentCreate, dutyAssignmentUpdate, groupMemberCreate, groupMemberUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { type Archiving, insertRecord, setArchived, updateVersioned, visibleRow } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getVisiblePerson } from '../people/service';
import { getActiveUnit, getVisibleUnit } from '../units/service';
import { leadingGroupOf } from './figures';

/** The leading group and responsibility roles of one unit (the page and the documents read the same function). */
export async function getLeadingGroup(db: Database, actor: Actor, unitId: string) {
  await getVisibleUnit(db, actor, unitId);
  return leadingGroupOf(db, unitId);
}

/**
 * 领导小组名单 as .xlsx, the first thing an inspector asks for: the group's members (组长 first)
 * with their posts and what each takes charge of, then the responsibility roles and their scope.
 */
export async function leadingGroupRoster(db: Database, actor: Actor, unitId: string): Promise<{ buffer: Buffer; filename: string }> {
  const unit = await getVisibleUnit(db, actor, unitId);
  const g = await leadingGroupOf(db, unitId);
  const rows = [
    ...g.members.map((m) => ({ part: '领导小组', role: GROUP_ROLE_LABELS[m.groupRole], name: m.personName, position: m.position, duty: m.duties })),
    ...g.duties.map((d) => ({ part: '责任分工', role: DUTY_KIND_LABELS[d.kind], name: d.personName, position: d.position, duty: [d.note, d.scopeUnits.length ? `负责：${d.scopeUnits.map((u) => u.name).join('、')}` : null].filter(Boolean).join('；') })),
  ];
  const buffer = await ledgerWorkbook({
    title: '领导小组与责任分工', unitName: unit.name, period: '现任',
    columns: [
      { header: '类别', width: 10, value: (r) => r.part },
      { header: '组内职务/责任', width: 14, value: (r) => r.role },
      { header: '姓名', width: 12, value: (r) => r.name },
      { header: '职务', width: 26, value: (r) => r.position },
      { header: '分工', width: 50, value: (r) => r.duty },
    ],
    rows,
  });
  return { buffer, filename: `${unit.name}领导小组名单.xlsx` };
}

/** Members and responsible persons are people of the unit itself or of its subtree. */
async function checkPerson(db: Database, actor: Actor, unitPath: string, personId: string) {
  const person = await getVisiblePerson(db, actor, personId, 'personId');
  if (person.archived_at) throw errors.validation('所选人员已归档', 'personId');
  if (!person.unit_path.startsWith(unitPath)) throw errors.validation('所选人员不属于该单位或其下级单位', 'personId');
  return person;
}

async function getMember(db: Database, actor: Actor, id: string) {
  const columns = ['g.id', 'g.unit_id', 'g.person_id', 'g.group_role', 'g.duties', 'g.archived_at', 'g.version', 'u.path as unit_path'] as const;
  const row = await db.selectFrom('group_members as g').innerJoin('units as u', 'u.id', 'g.unit_id').select(columns).where('g.id', '=', id).executeTakeFirst();
  return visibleRow(row, actor, '领导小组成员');
}

function memberAudit(m: { unit_id: string; person_id: string; group_role: string; duties: string | null; archived_at: string | null }) {
  return { unitId: m.unit_id, personId: m.person_id, groupRole: m.group_role, duties: m.duties, archived: m.archived_at !== null };
}

export async function addMember(db: Database, ctx: ActorCtx, input: z.infer<typeof groupMemberCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkPerson(trx, ctx.actor, unit.path, input.personId);
    const dup = await trx.selectFrom('group_members').select('id').where('unit_id', '=', unit.id).where('person_id', '=', input.personId).where('archived_at', 'is', null).executeTakeFirst();
    if (dup) throw errors.conflict('ALREADY_MEMBER', '该人员已在领导小组中', 'personId');
    if (input.groupRole === 'leader') await refuseSecondLeader(trx, unit.id, null);
    const row = await insertRecord(trx, 'group_members', {
      unit_id: unit.id, person_id: input.personId, group_role: input.groupRole, duties: input.duties, sort_order: 0,
    });
    await writeAudit(trx, ctx, { action: 'create', entity: 'group_member', entityId: row.id, unitPath: unit.path, after: memberAudit(row) });
    return { id: row.id, version: 0 };
  });
}

/**
 * PostgreSQL: serialises changes to one unit's leading group and responsibility roles until
 * the transaction ends, so two requests cannot both see "no 组长 yet" and both add one.
 */
async function lockUnitRoles(db: Database, unitId: string) {
  if (dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`unit-roles:${unitId}`}))`.execute(db);
}

/** A leading group has one 组长. */
async function refuseSecondLeader(db: Database, unitId: string, exceptId: string | null) {
  await lockUnitRoles(db, unitId);
  let q = db.selectFrom('group_members').select('id').where('unit_id', '=', unitId).where('group_role', '=', 'leader').where('archived_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw errors.conflict('LEADER_EXISTS', '领导小组已有组长，请先调整原组长', 'groupRole');
}

export async function updateMember(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof groupMemberUpdate>) {
  return inTx(db, async (trx) => {
    const before = await getMember(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    if (before.archived_at) throw errors.conflict('ALREADY_ARCHIVED', '该成员已移出领导小组');
    if (input.groupRole === 'leader') await refuseSecondLeader(trx, before.unit_id, id);
    const set = await updateVersioned(trx, 'group_members', id, input.version, { group_role: input.groupRole, duties: input.duties });
    await writeAudit(trx, ctx, { action: 'update', entity: 'group_member', entityId: id, unitPath: before.unit_path, before: memberAudit(before), after: memberAudit({ ...before, ...set }) });
    return { id, version: set.version };
  });
}

/** Members and assignments are archived, never restored: the answer is the new version. */
const idAndVersion = (_trx: Database, _actor: Actor, r: { id: string; version: number }) => ({ id: r.id, version: r.version });

const memberArchiving: Archiving<Awaited<ReturnType<typeof getMember>>, { id: string; version: number }> = {
  table: 'group_members', entity: 'group_member', noun: '成员', alreadyArchived: '该成员已移出领导小组', load: getMember, view: idAndVersion, audit: memberAudit,
};

export const archiveMember = (db: Database, ctx: ActorCtx, id: string, version: number) => setArchived(db, ctx, memberArchiving, id, version, true);

async function getAssignment(db: Database, actor: Actor, id: string) {
  const columns = ['d.id', 'd.unit_id', 'd.person_id', 'd.kind', 'd.note', 'd.archived_at', 'd.version', 'u.path as unit_path'] as const;
  const row = await db.selectFrom('duty_assignments as d').innerJoin('units as u', 'u.id', 'd.unit_id').select(columns).where('d.id', '=', id).executeTakeFirst();
  return visibleRow(row, actor, '责任分工');
}

/** 一岗双责 scopes are units inside the unit's own subtree (its departments, townships, bureaus). */
async function checkScopes(db: Database, actor: Actor, unitPath: string, kind: DutyKind, ids: string[]) {
  const unique = [...new Set(ids)];
  if (kind === 'dual_duty' && unique.length === 0) throw errors.validation('一岗双责请至少选择一个分管单位', 'scopeUnitIds');
  for (const uid of unique) {
    const u = await getVisibleUnit(db, actor, uid, 'scopeUnitIds');
    if (!u.path.startsWith(unitPath)) throw errors.validation(`分管单位“${u.name}”不在本单位范围内`, 'scopeUnitIds');
  }
  return unique;
}

async function writeScopes(db: Database, assignmentId: string, unitIds: string[]) {
  await db.deleteFrom('duty_scopes').where('assignment_id', '=', assignmentId).execute();
  if (unitIds.length) await db.insertInto('duty_scopes').values(unitIds.map((unit_id) => ({ assignment_id: assignmentId, unit_id }))).execute();
}

export async function addAssignment(db: Database, ctx: ActorCtx, input: z.infer<typeof dutyAssignmentCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkPerson(trx, ctx.actor, unit.path, input.personId);
    const scopeIds = await checkScopes(trx, ctx.actor, unit.path, input.kind, input.scopeUnitIds);
    if (input.kind === 'primary') {
      await lockUnitRoles(trx, unit.id);
      const existing = await trx.selectFrom('duty_assignments').select('id').where('unit_id', '=', unit.id).where('kind', '=', 'primary').where('archived_at', 'is', null).executeTakeFirst();
      if (existing) throw errors.conflict('PRIMARY_EXISTS', '该单位已有第一责任人，请先调整', 'kind');
    }
    const row = await insertRecord(trx, 'duty_assignments', { unit_id: unit.id, person_id: input.personId, kind: input.kind, note: input.note });
    await writeScopes(trx, row.id, scopeIds);
    await writeAudit(trx, ctx, { action: 'create', entity: 'duty_assignment', entityId: row.id, unitPath: unit.path, after: { ...input, scopeUnitIds: scopeIds } });
    return { id: row.id, version: 0 };
  });
}

export async function updateAssignment(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof dutyAssignmentUpdate>) {
  return inTx(db, async (trx) => {
    const before = await getAssignment(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    if (before.archived_at) throw errors.conflict('ALREADY_ARCHIVED', '该责任分工已撤销');
    const scopeIds = await checkScopes(trx, ctx.actor, before.unit_path, input.kind, input.scopeUnitIds);
    if (input.kind === 'primary' && before.kind !== 'primary') {
      await lockUnitRoles(trx, before.unit_id);
      const existing = await trx.selectFrom('duty_assignments').select('id').where('unit_id', '=', before.unit_id).where('kind', '=', 'primary').where('archived_at', 'is', null).executeTakeFirst();
      if (existing) throw errors.conflict('PRIMARY_EXISTS', '该单位已有第一责任人，请先调整', 'kind');
    }
    const oldScopes = (await trx.selectFrom('duty_scopes').select('unit_id').where('assignment_id', '=', id).execute()).map((s) => s.unit_id);
    const set = await updateVersioned(trx, 'duty_assignments', id, input.version, { kind: input.kind, note: input.note });
    await writeScopes(trx, id, scopeIds);
    await writeAudit(trx, ctx, {
      action: 'update', entity: 'duty_assignment', entityId: id, unitPath: before.unit_path,
      before: { kind: before.kind, note: before.note, scopeUnitIds: oldScopes }, after: { kind: set.kind, note: set.note, scopeUnitIds: scopeIds },
    });
    return { id, version: set.version };
  });
}

const assignmentArchiving: Archiving<Awaited<ReturnType<typeof getAssignment>>, { id: string; version: number }> = {
  table: 'duty_assignments', entity: 'duty_assignment', noun: '责任分工', alreadyArchived: '该责任分工已撤销', load: getAssignment, view: idAndVersion,
  audit: (r) => (r.archived_at ? { archived: true } : { kind: r.kind }),
};

export const archiveAssignment = (db: Database, ctx: ActorCtx, id: string, version: number) => setArchived(db, ctx, assignmentArchiving, id, version, true);
