/**
 * 整改方案 details kept per unit and inspection batch: the basis document (title and 文号) and the
 * 整改专班 (a leader and members). The plan generator reads them; a missing one shows in the
 * preview's missing-data list.
 */
import type { z } from 'zod';
import type { RectPlanView, rectPlanQuery, rectPlanSet } from '../../../common/rectification';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { insertRecord, updateVersioned } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit } from '../units/service';

type PlanRow = {
  id: string; unit_id: string; batch: string; basis_title: string | null; basis_doc_no: string | null; team_leader_id: string | null;
  team_member_ids: string; archived_at: string | null; version: number; unit_name: string;
};

const ids = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

async function planRow(db: Database, unitId: string, batch: string): Promise<PlanRow | undefined> {
  return db.selectFrom('rect_plans as p').innerJoin('units as u', 'u.id', 'p.unit_id').selectAll('p').select('u.name as unit_name')
    .where('p.unit_id', '=', unitId).where('p.batch', '=', batch).where('p.archived_at', 'is', null).executeTakeFirst();
}

async function toView(db: Database, r: PlanRow): Promise<RectPlanView> {
  const memberIds = ids(r.team_member_ids);
  const all = [...(r.team_leader_id ? [r.team_leader_id] : []), ...memberIds];
  const names = new Map(all.length ? (await db.selectFrom('people').select(['id', 'name']).where('id', 'in', all).execute()).map((p) => [p.id, p.name]) : []);
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, batch: r.batch, basisTitle: r.basis_title, basisDocNo: r.basis_doc_no,
    teamLeaderId: r.team_leader_id, teamLeaderName: r.team_leader_id ? (names.get(r.team_leader_id) ?? null) : null,
    teamMembers: memberIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })), version: r.version,
  };
}

/** The plan of a unit (the actor's own by default) for a batch, or null when none is kept yet. */
export async function getPlan(db: Database, actor: Actor, query: z.infer<typeof rectPlanQuery>): Promise<{ item: RectPlanView | null }> {
  const unit = await getVisibleUnit(db, actor, query.unitId ?? actor.unitId, 'unitId');
  const row = await planRow(db, unit.id, query.batch);
  return { item: row ? await toView(db, row) : null };
}

/** For the generators: the plan of the document's unit for the batch (no access check: the draft's unit was checked). */
export async function planFor(db: Database, unitId: string, batch: string): Promise<RectPlanView | null> {
  const row = await planRow(db, unitId, batch);
  return row ? toView(db, row) : null;
}

/** A 专班 member is a person (not archived) of the unit, of a superior or of a unit below it. */
async function checkPerson(db: Database, unitPath: string, personId: string, field: string) {
  const p = await db.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.name', 'p.archived_at', 'u.path']).where('p.id', '=', personId).executeTakeFirst();
  if (!p || !(unitPath.startsWith(p.path) || p.path.startsWith(unitPath))) throw errors.validation('整改专班的人员应是本单位、上级或下级单位的人员', field);
  if (p.archived_at) throw errors.validation(`人员“${p.name}”已归档`, field);
}

/** Sets the plan: creates it (version null) or updates the version loaded (409 STALE otherwise). */
export async function setPlan(db: Database, ctx: ActorCtx, input: z.infer<typeof rectPlanSet>): Promise<RectPlanView> {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    if (input.teamLeaderId) await checkPerson(trx, unit.path, input.teamLeaderId, 'teamLeaderId');
    for (const [i, m] of input.teamMemberIds.entries()) await checkPerson(trx, unit.path, m, `teamMemberIds.${i}`);
    const existing = await planRow(trx, unit.id, input.batch);
    const fields = {
      basis_title: input.basisTitle, basis_doc_no: input.basisDocNo, team_leader_id: input.teamLeaderId, team_member_ids: JSON.stringify(input.teamMemberIds),
    };
    if (existing) {
      if (input.version !== existing.version) throw errors.stale();
      await updateVersioned(trx, 'rect_plans', existing.id, existing.version, fields);
    } else {
      if (input.version !== null) throw errors.stale();
      await insertRecord(trx, 'rect_plans', { unit_id: unit.id, batch: input.batch, ...fields });
    }
    const after = await toView(trx, (await planRow(trx, unit.id, input.batch))!);
    const audit = (v: RectPlanView) => ({
      batch: v.batch, basisTitle: v.basisTitle, basisDocNo: v.basisDocNo, teamLeaderName: v.teamLeaderName, teamMembers: v.teamMembers.map((m) => m.name).join('、'),
    });
    await writeAudit(trx, ctx, { action: existing ? 'update' : 'create', entity: 'rect_plan', entityId: after.id, unitPath: unit.path, before: existing ? audit(await toView(trx, existing)) : undefined, after: audit(after) });
    return after;
  });
}
