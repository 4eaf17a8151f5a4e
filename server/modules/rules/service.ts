/** 制度文件库: rules with their versions; the rules of a unit and its superiors in force on a day. */
import type { z } from 'zod';
import type { inForceQuery, ruleCreate, RuleCategory, RuleInForce, ruleQuery, ruleRevise, RuleState, ruleUpdate, RuleVersionView, RuleView } from '../../../common/rules';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import { daysOverdue, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { archiver, editable, inRegisterList, insertRecord, pageOf, recordReads, updateVersioned } from '../../platform/records';
import { contains } from '../../platform/search';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit, unitScope } from '../units/service';

type RuleRow = {
  id: string; unit_id: string; title: string; category: string; doc_number: string | null; issuer: string; adopted_day: string; effective_day: string;
  repeal_day: string | null; review_day: string | null; note: string | null; archived_at: string | null; version: number;
  unit_name: string; unit_path: string; version_count?: number | string | null;
};

/** Where a rule stands on `day`. */
export function ruleState(r: { adopted_day: string; repeal_day: string | null }, day: string): RuleState {
  if (r.repeal_day && r.repeal_day <= day) return 'repealed';
  return r.adopted_day > day ? 'pending' : 'in_force';
}

function selectRules(db: Database) {
  return db
    .selectFrom('rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.unit_id', 'r.title', 'r.category', 'r.doc_number', 'r.issuer', 'r.adopted_day', 'r.effective_day', 'r.repeal_day', 'r.review_day', 'r.note', 'r.archived_at', 'r.version', 'u.name as unit_name', 'u.path as unit_path'])
    .select((eb) => [eb.selectFrom('rule_versions as v').select((x) => x.fn.countAll().as('n')).whereRef('v.rule_id', '=', 'r.id').as('version_count')]);
}

function toView(r: RuleRow): RuleView {
  const today = shanghaiDay();
  const state = ruleState(r, today);
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, title: r.title, category: r.category as RuleCategory, docNumber: r.doc_number, issuer: r.issuer,
    adoptedDay: r.adopted_day, effectiveDay: r.effective_day, repealDay: r.repeal_day, reviewDay: r.review_day, note: r.note, state,
    reviewOverdueDays: state === 'in_force' && r.review_day && !r.archived_at ? daysOverdue(r.review_day, today) : 0,
    versionCount: Number(r.version_count ?? 0), archived: r.archived_at !== null, version: r.version,
  };
}

export const { getVisible: getVisibleRule, get: getRule } = recordReads('制度', (db, id) => selectRules(db).where('r.id', '=', id).executeTakeFirst() as Promise<RuleRow | undefined>, toView);

export async function listRules(db: Database, actor: Actor, query: Partial<Omit<z.infer<typeof ruleQuery>, 'page' | 'pageSize'>> & { page: number; pageSize: number }) {
  const scope = await unitScope(db, actor, query);
  let q = selectRules(db).where((eb) => inRegisterList(eb, { unitId: 'r.unit_id', path: 'u.path', archivedAt: 'r.archived_at' }, scope, query.archived));
  if (query.category) q = q.where('r.category', '=', query.category);
  if (query.inForceOn) {
    const d = query.inForceOn;
    q = q.where('r.adopted_day', '<=', d).where((eb) => eb.or([eb('r.repeal_day', 'is', null), eb('r.repeal_day', '>', d)]));
  }
  if (query.from) q = q.where('r.adopted_day', '>=', query.from);
  if (query.to) q = q.where('r.adopted_day', '<=', query.to);
  if (query.reviewOverdue === 'true') {
    const today = shanghaiDay();
    q = q.where('r.review_day', '<', today).where('r.adopted_day', '<=', today).where((eb) => eb.or([eb('r.repeal_day', 'is', null), eb('r.repeal_day', '>', today)]));
  }
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('r.title', words), contains('r.doc_number', words), contains('r.issuer', words)]));
  }
  return pageOf(q, query, (q) => q.orderBy('r.effective_day', 'desc').orderBy('r.title').orderBy('r.id'), (rows) => rows.map((r) => toView(r as RuleRow)));
}

/**
 * The rules of `unitId` and of its superiors in force on `day` (default today): what applies to
 * the unit. The superiors' rules lie outside a township's view, so only what a reader needs.
 */
export async function rulesInForce(db: Database, actor: Actor, query: z.infer<typeof inForceQuery>): Promise<{ day: string; items: RuleInForce[] }> {
  const unit = await getVisibleUnit(db, actor, query.unitId, 'unitId');
  const d = query.day ?? shanghaiDay();
  const chain = unit.path.split('/').filter(Boolean);
  const rows = await db
    .selectFrom('rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.title', 'r.category', 'r.doc_number', 'r.issuer', 'r.effective_day', 'r.unit_id', 'u.name as unit_name', 'u.depth'])
    .where('r.unit_id', 'in', chain)
    .where('r.archived_at', 'is', null)
    .where('r.adopted_day', '<=', d)
    .where((eb) => eb.or([eb('r.repeal_day', 'is', null), eb('r.repeal_day', '>', d)]))
    .orderBy('u.depth')
    .orderBy('r.effective_day', 'desc')
    .orderBy('r.title')
    .execute();
  return {
    day: d,
    items: rows.map((r) => ({
      id: r.id, title: r.title, category: r.category as RuleCategory, docNumber: r.doc_number, issuer: r.issuer, effectiveDay: r.effective_day,
      unitId: r.unit_id, unitName: r.unit_name, own: r.unit_id === unit.id,
    })),
  };
}

/** A rule `unitId`'s records may point to (an emergency plan implementing it): the unit's or a superior's, not archived. */
export async function checkRuleFor(db: Database, unitPath: string, ruleId: string | null, field: string): Promise<void> {
  if (!ruleId) return;
  const r = await db.selectFrom('rules').select(['unit_id', 'archived_at']).where('id', '=', ruleId).executeTakeFirst();
  const chain = unitPath.split('/').filter(Boolean);
  if (!r || r.archived_at || !chain.includes(r.unit_id)) throw errors.validation('所选制度不存在，或不是本单位及上级单位的制度', field);
}

const auditView = (v: RuleView) => ({
  title: v.title, category: v.category, docNumber: v.docNumber, issuer: v.issuer, effectiveDay: v.effectiveDay, repealDay: v.repealDay,
  reviewDay: v.reviewDay, note: v.note, archived: v.archived,
});

function versionRow(ruleId: string, seq: number, v: { docNumber: string | null; effectiveDay: string; changeNote: string | null }, who: string) {
  return { id: newId(), rule_id: ruleId, seq, doc_number: v.docNumber, effective_day: v.effectiveDay, change_note: v.changeNote, created_by_name: who, created_at: nowIso() };
}

const whoOf = (actor: Actor) => `${actor.displayName}(${actor.username})`;

export async function insertRule(trx: Database, unitId: string, input: Omit<z.infer<typeof ruleCreate>, 'unitId'>, who: string) {
  const row = await insertRecord(trx, 'rules', {
    unit_id: unitId, title: input.title, category: input.category, doc_number: input.docNumber, issuer: input.issuer, adopted_day: input.effectiveDay,
    effective_day: input.effectiveDay, repeal_day: input.repealDay, review_day: input.reviewDay, note: input.note,
  });
  await trx.insertInto('rule_versions').values(versionRow(row.id, 1, { ...input, changeNote: input.changeNote ?? null }, who)).execute();
  return row;
}

export async function createRule(db: Database, ctx: ActorCtx, input: z.infer<typeof ruleCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const row = await insertRule(trx, unit.id, input, whoOf(ctx.actor));
    const view = await getRule(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'rule', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

/** Corrects the record as it stands; the current version takes the corrected 文号 and effective day. */
export async function updateRule(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof ruleUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRule(trx, ctx.actor, id), input.version, '该制度已归档，请先恢复');
    const versions = await trx.selectFrom('rule_versions').select(['id', 'seq', 'effective_day']).where('rule_id', '=', id).orderBy('seq', 'desc').execute();
    const previous = versions[1];
    if (previous && input.effectiveDay < previous.effective_day) throw errors.validation(`施行日期不能早于上一版本的施行日期(${previous.effective_day})`, 'effectiveDay');
    await updateVersioned(trx, 'rules', id, input.version, {
      title: input.title, category: input.category, doc_number: input.docNumber, issuer: input.issuer, effective_day: input.effectiveDay,
      adopted_day: versions.length <= 1 ? input.effectiveDay : before.adopted_day, repeal_day: input.repealDay, review_day: input.reviewDay, note: input.note,
    });
    if (versions[0]) await trx.updateTable('rule_versions').set({ doc_number: input.docNumber, effective_day: input.effectiveDay }).where('id', '=', versions[0].id).execute();
    const after = await getRule(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'rule', entityId: id, unitPath: before.unit_path, before: auditView(toView(before)), after: auditView(after) });
    return after;
  });
}

/** 修订: a new version; the rule takes its 文号 and effective day, the old versions stay with their files. */
export async function reviseRule(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof ruleRevise>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRule(trx, ctx.actor, id), input.version, '该制度已归档，请先恢复');
    if (before.repeal_day && before.repeal_day <= shanghaiDay()) throw errors.conflict('RULE_REPEALED', '该制度已废止，不能再修订');
    if (input.effectiveDay <= before.effective_day) throw errors.validation(`新版本的施行日期应晚于现行版本的施行日期(${before.effective_day})`, 'effectiveDay');
    if (before.repeal_day && input.effectiveDay >= before.repeal_day) throw errors.validation('新版本的施行日期应早于废止日期', 'effectiveDay');
    const last = await trx.selectFrom('rule_versions').select((x) => x.fn.max('seq').as('n')).where('rule_id', '=', id).executeTakeFirstOrThrow();
    await updateVersioned(trx, 'rules', id, input.version, { doc_number: input.docNumber, effective_day: input.effectiveDay, review_day: input.reviewDay ?? before.review_day });
    await trx.insertInto('rule_versions').values(versionRow(id, Number(last.n ?? 0) + 1, input, whoOf(ctx.actor))).execute();
    const after = await getRule(trx, ctx.actor, id);
    await writeAudit(trx, ctx, {
      action: 'revise', entity: 'rule', entityId: id, unitPath: before.unit_path,
      before: { docNumber: before.doc_number, effectiveDay: before.effective_day, reviewDay: before.review_day },
      after: { docNumber: after.docNumber, effectiveDay: after.effectiveDay, reviewDay: after.reviewDay, changeNote: input.changeNote },
    });
    return after;
  });
}

export async function listVersions(db: Database, actor: Actor, id: string): Promise<{ items: RuleVersionView[] }> {
  await getVisibleRule(db, actor, id);
  const rows = await db.selectFrom('rule_versions').selectAll().where('rule_id', '=', id).orderBy('seq', 'desc').execute();
  return {
    items: rows.map((r) => ({ id: r.id, seq: r.seq, docNumber: r.doc_number, effectiveDay: r.effective_day, changeNote: r.change_note, createdByName: r.created_by_name, createdAt: r.created_at })),
  };
}

export const setRuleArchived = archiver<RuleRow, RuleView>({
  table: 'rules', entity: 'rule', noun: '制度', load: getVisibleRule, view: (trx, actor, r) => getRule(trx, actor, r.id),
});

export async function ruleHistory(db: Database, actor: Actor, id: string) {
  await getVisibleRule(db, actor, id);
  return { items: await entityHistory(db, 'rule', id) };
}
