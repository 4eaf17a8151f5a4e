import type { z } from 'zod';
import type { planCreate, planQuery, planUpdate, PlanStatus, PlanView } from '../../../common/ledger';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { archiver, editable, inRegisterList, insertRecord, pageOf, recordReads, updateVersioned } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { checkRuleFor } from '../rules/service';
import { getActiveUnit, getVisibleUnit, unitScope } from '../units/service';

type PlanRow = {
  id: string; unit_id: string; title: string; version_label: string; effective_day: string; status: string; note: string | null;
  archived_at: string | null; version: number; unit_name: string; unit_path: string; rule_id: string | null; rule_title: string | null; drill_count?: number | string | null; last_drill?: string | null;
};

function selectPlans(db: Database) {
  return db
    .selectFrom('emergency_plans as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('rules as rl', 'rl.id', 'p.rule_id')
    .select(['p.id', 'p.unit_id', 'p.title', 'p.version_label', 'p.effective_day', 'p.status', 'p.note', 'p.archived_at', 'p.version', 'u.name as unit_name', 'u.path as unit_path', 'p.rule_id', 'rl.title as rule_title'])
    .select((eb) => [
      eb.selectFrom('ledger_entries as e').select((x) => x.fn.countAll().as('n')).whereRef('e.plan_id', '=', 'p.id').where('e.archived_at', 'is', null).as('drill_count'),
      eb.selectFrom('ledger_entries as e').select((x) => x.fn.max('e.day').as('d')).whereRef('e.plan_id', '=', 'p.id').where('e.archived_at', 'is', null).as('last_drill'),
    ]);
}

function toView(r: PlanRow): PlanView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, title: r.title, versionLabel: r.version_label, effectiveDay: r.effective_day,
    status: r.status as PlanStatus, note: r.note, drillCount: Number(r.drill_count ?? 0), lastDrillDay: r.last_drill ?? null,
    ruleId: r.rule_id, ruleTitle: r.rule_title, archived: r.archived_at !== null, version: r.version,
  };
}

export const { getVisible: getVisiblePlan, get: getPlan } = recordReads('应急预案', (db, id) => selectPlans(db).where('p.id', '=', id).executeTakeFirst() as Promise<PlanRow | undefined>, toView);

/** Plans of the subtree (a superior's plans a township may drill come from planChoices). */
export async function listPlans(db: Database, actor: Actor, query: z.infer<typeof planQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectPlans(db).where((eb) => inRegisterList(eb, { unitId: 'p.unit_id', path: 'u.path', archivedAt: 'p.archived_at' }, scope, query.archived));
  if (query.status) q = q.where('p.status', '=', query.status);
  return pageOf(q, query, (q) => q.orderBy('p.status').orderBy('p.effective_day', 'desc').orderBy('p.id', 'desc'), (rows) => rows.map((r) => toView(r as PlanRow)));
}

/**
 * Plans a drill of `unitId` may name: the current plans of that unit and of its superiors (a
 * township drills the county's plan). Only what a dropdown needs, since the superiors' plans
 * themselves stay outside the township's view.
 */
export async function planChoices(db: Database, actor: Actor, unitId: string) {
  const unit = await getVisibleUnit(db, actor, unitId);
  const chain = unit.path.split('/').filter(Boolean);
  const rows = await db
    .selectFrom('emergency_plans as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.title', 'p.version_label', 'u.name as unit_name', 'u.depth'])
    .where('p.unit_id', 'in', chain)
    .where('p.archived_at', 'is', null)
    .where('p.status', '=', 'current')
    .orderBy('u.depth', 'desc')
    .orderBy('p.title')
    .execute();
  return { items: rows.map((r) => ({ id: r.id, title: r.title, versionLabel: r.version_label, unitName: r.unit_name })) };
}

const auditView = (v: PlanView) => ({ title: v.title, versionLabel: v.versionLabel, effectiveDay: v.effectiveDay, status: v.status, note: v.note, ruleTitle: v.ruleTitle, archived: v.archived });

export async function createPlan(db: Database, ctx: ActorCtx, input: z.infer<typeof planCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkRuleFor(trx, unit.path, input.ruleId, 'ruleId');
    const row = await insertRecord(trx, 'emergency_plans', {
      unit_id: unit.id, title: input.title, version_label: input.versionLabel, effective_day: input.effectiveDay, status: input.status, note: input.note, rule_id: input.ruleId,
    });
    const view = await getPlan(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'emergency_plan', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

export async function updatePlan(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof planUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisiblePlan(trx, ctx.actor, id), input.version, '该预案已归档，请先恢复');
    await checkRuleFor(trx, before.unit_path, input.ruleId, 'ruleId');
    await updateVersioned(trx, 'emergency_plans', id, input.version, { title: input.title, version_label: input.versionLabel, effective_day: input.effectiveDay, status: input.status, note: input.note, rule_id: input.ruleId });
    const after = await getPlan(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'emergency_plan', entityId: id, unitPath: before.unit_path, before: auditView(toView(before)), after: auditView(after) });
    return after;
  });
}

export const setPlanArchived = archiver<PlanRow, PlanView>({
  table: 'emergency_plans', entity: 'emergency_plan', noun: '预案', load: getVisiblePlan, view: (_trx, _actor, r) => toView(r),
});

export async function planHistory(db: Database, actor: Actor, id: string) {
  await getVisiblePlan(db, actor, id);
  return { items: await entityHistory(db, 'emergency_plan', id) };
}
