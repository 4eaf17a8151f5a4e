/**
 * 问责 records: visible only to leaders and inspectors of the deciding unit and the units above
 * it (the route's permission is theirs alone; the subtree rule is here), and every read is
 * written to the audit log like a change.
 */
import type { z } from 'zod';
import { type AccountabilityView, accountabilityFields, DEFAULT_SITUATIONS, situationsSave } from '../../../common/checks';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { editable, insertRecord, updateVersioned } from '../../platform/records';
import { inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getActiveUnit } from '../units/service';
import { ancestorPaths } from './frameworks';

type Row = {
  id: string; unit_id: string; situation: string; target_unit_id: string; person_name: string | null; liable: string; responsibility: string; form: string;
  decided_on: string; decision_doc: string; dissent: string | null; filed_on: string | null; receipt: string | null; no_honours: number; campaign_id: string | null;
  created_by: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
  unit_name: string; unit_path: string; target_name: string;
};

function select(db: Database) {
  return db.selectFrom('check_accountability as x').innerJoin('units as u', 'u.id', 'x.unit_id').innerJoin('units as t', 't.id', 'x.target_unit_id')
    .selectAll('x').select(['u.name as unit_name', 'u.path as unit_path', 't.name as target_name']);
}

const toView = (r: Row): AccountabilityView => ({
  id: r.id, unitId: r.unit_id, unitName: r.unit_name, situation: r.situation, targetUnitId: r.target_unit_id, targetUnitName: r.target_name,
  personName: r.person_name, liable: r.liable, responsibility: r.responsibility, form: r.form, decidedOn: r.decided_on, decisionDoc: r.decision_doc,
  dissent: r.dissent, filedOn: r.filed_on, receipt: r.receipt, noHonours: r.no_honours === 1, campaignId: r.campaign_id, version: r.version,
});

async function getVisible(db: Database, actor: Actor, id: string): Promise<Row> {
  const r = (await select(db).where('x.id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!r || r.archived_at) throw errors.notFound('问责记录');
  if (!inSubtree(actor.unitPath, r.unit_path)) throw errors.outOfScope();
  return r;
}

/** Records decided by the actor's unit or below; the read itself is audited. */
export async function listAccountability(db: Database, ctx: ActorCtx) {
  return inTx(db, async (trx) => {
    const rows = (await select(trx).where('x.archived_at', 'is', null).where((eb) => inSubtreeOf(eb, 'u.path', ctx.actor.unitPath)).orderBy('x.decided_on', 'desc').execute()) as Row[];
    await writeAudit(trx, ctx, { action: 'read', entity: 'check_accountability', entityId: null, unitPath: ctx.actor.unitPath, after: { ids: rows.map((r) => r.id) } });
    return { items: rows.map(toView) };
  });
}

export async function getAccountability(db: Database, ctx: ActorCtx, id: string) {
  return inTx(db, async (trx) => {
    const r = await getVisible(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'read', entity: 'check_accountability', entityId: id, unitPath: r.unit_path });
    return toView(r);
  });
}

type Input = z.infer<typeof accountabilityFields>;

async function checkInput(trx: Database, actor: Actor, input: Input) {
  const target = await getActiveUnit(trx, actor, input.targetUnitId, 'targetUnitId');
  if (input.campaignId) {
    const c = await trx.selectFrom('check_campaigns as c').innerJoin('units as u', 'u.id', 'c.unit_id').select('u.path').where('c.id', '=', input.campaignId).executeTakeFirst();
    if (!c || !(inSubtree(actor.unitPath, c.path) || inSubtree(c.path, actor.unitPath))) throw errors.validation('关联的考核不存在', 'campaignId');
  }
  return target;
}

const fieldsOf = (input: Input) => ({
  situation: input.situation, target_unit_id: input.targetUnitId, person_name: input.liable === '个人' ? input.personName : input.personName, liable: input.liable,
  responsibility: input.responsibility, form: input.form, decided_on: input.decidedOn, decision_doc: input.decisionDoc, dissent: input.dissent,
  filed_on: input.filedOn, receipt: input.receipt, no_honours: input.noHonours ? 1 : 0, campaign_id: input.campaignId ?? null,
});

export async function createAccountability(db: Database, ctx: ActorCtx, input: Input) {
  return inTx(db, async (trx) => {
    await checkInput(trx, ctx.actor, input);
    const row = await insertRecord(trx, 'check_accountability', { unit_id: ctx.actor.unitId, ...fieldsOf(input), created_by: `${ctx.actor.displayName}(${ctx.actor.username})` });
    const view = toView(await getVisible(trx, ctx.actor, row.id));
    await writeAudit(trx, ctx, { action: 'create', entity: 'check_accountability', entityId: row.id, unitPath: ctx.actor.unitPath, after: view });
    return view;
  });
}

export async function updateAccountability(db: Database, ctx: ActorCtx, id: string, input: Input & { version: number }) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisible(trx, ctx.actor, id), input.version, '该问责记录已归档');
    await checkInput(trx, ctx.actor, input);
    await updateVersioned(trx, 'check_accountability', id, input.version, fieldsOf(input));
    const after = toView(await getVisible(trx, ctx.actor, id));
    await writeAudit(trx, ctx, { action: 'update', entity: 'check_accountability', entityId: id, unitPath: before.unit_path, before: toView(before), after });
    return after;
  });
}

export async function accountabilityHistory(db: Database, ctx: ActorCtx, id: string) {
  await getVisible(db, ctx.actor, id);
  return { items: await entityHistory(db, 'check_accountability', id) };
}

/** The 情形 list: the nearest unit (the actor's or above) that keeps one, else the default list. */
export async function listSituations(db: Database, actor: Actor) {
  const rows = await db.selectFrom('check_situations as s').innerJoin('units as u', 'u.id', 's.unit_id').select(['s.label', 'u.path'])
    .where('u.path', 'in', ancestorPaths(actor.unitPath)).orderBy('s.sort_order').execute();
  const longest = rows.reduce((p, r) => (r.path.length > p.length ? r.path : p), '');
  const items = longest ? rows.filter((r) => r.path === longest).map((r) => r.label) : DEFAULT_SITUATIONS;
  return { items, own: longest === actor.unitPath };
}

export async function saveSituations(db: Database, ctx: ActorCtx, input: z.infer<typeof situationsSave>) {
  return inTx(db, async (trx) => {
    const before = await listSituations(trx, ctx.actor);
    await trx.deleteFrom('check_situations').where('unit_id', '=', ctx.actor.unitId).execute();
    const items = [...new Set(input.items)];
    await trx.insertInto('check_situations').values(items.map((label, i) => ({ id: newId(), unit_id: ctx.actor.unitId, label, sort_order: i }))).execute();
    await writeAudit(trx, ctx, { action: 'update', entity: 'check_situations', entityId: ctx.actor.unitId, unitPath: ctx.actor.unitPath, before: { items: before.items }, after: { items } });
    return listSituations(trx, ctx.actor);
  });
}
