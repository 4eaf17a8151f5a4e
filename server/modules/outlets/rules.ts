/**
 * 校对规则: the starter set (in code, read-only) and each unit's own rules, which apply to its
 * posts and those of the units below it. A rule is saved only when its pattern is usable and its
 * own examples pass; the proofreader for a post is built from the rules of its unit and above.
 */
import type { z } from 'zod';
import type { RuleCategory, RuleSeverity, RuleView, ruleSave, ruleTest, ruleUpdate } from '../../../common/publishing';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { archiver, editable, insertRecord, updateVersioned, visibleRow } from '../../platform/records';
import { inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { exampleProblem, patternProblem, type ProofRule, Proofreader } from '../../text/proofread';
import { getActiveUnit } from '../units/service';
import { STARTER_RULES } from './starter-rules';

type RuleRow = {
  id: string; unit_id: string; kind: string; pattern: string; correct: string; category: string; severity: string; note: string | null;
  must_match: string; must_not_match: string; archived_at: string | null; version: number; unit_name: string; unit_path: string;
};

export const builtinViews: RuleView[] = STARTER_RULES.map((r) => ({
  id: `builtin:${r.key}`, builtin: true, unitId: null, unitName: null, kind: r.kind, pattern: r.pattern, correct: r.correct, category: r.category,
  severity: r.severity, note: r.note, mustMatch: r.mustMatch, mustNotMatch: r.mustNotMatch, archived: false, version: 0,
}));

function toView(r: RuleRow): RuleView {
  return {
    id: r.id, builtin: false, unitId: r.unit_id, unitName: r.unit_name, kind: r.kind as RuleView['kind'], pattern: r.pattern, correct: r.correct,
    category: r.category as RuleCategory, severity: r.severity as RuleSeverity, note: r.note, mustMatch: JSON.parse(r.must_match), mustNotMatch: JSON.parse(r.must_not_match),
    archived: r.archived_at !== null, version: r.version,
  };
}

const selectRules = (db: Database) => db.selectFrom('proof_rules as r').innerJoin('units as u', 'u.id', 'r.unit_id').selectAll('r').select(['u.name as unit_name', 'u.path as unit_path']);

const ancestorIds = (path: string) => path.split('/').filter(Boolean);

/** Rules that apply to posts of a unit: the starter set and those of the unit and the units above it. */
export async function rulesFor(db: Database, unitPath: string): Promise<RuleView[]> {
  const own = await selectRules(db).where('r.unit_id', 'in', ancestorIds(unitPath)).where('r.archived_at', 'is', null).orderBy('r.created_at').execute();
  return [...builtinViews, ...own.map((r) => toView(r as RuleRow))];
}

/** The rules the actor sees: the starter set, those above that apply to them, and their subtree's own. */
export async function listRules(db: Database, actor: Actor, archived: boolean) {
  const rows = await selectRules(db)
    .where((eb) => eb.or([eb('r.unit_id', 'in', ancestorIds(actor.unitPath)), inSubtreeOf(eb, 'u.path', actor.unitPath)]))
    .where('r.archived_at', archived ? 'is not' : 'is', null).orderBy('u.path').orderBy('r.created_at').execute();
  return { items: [...(archived ? [] : builtinViews), ...rows.map((r) => toView(r as RuleRow))] };
}

export async function getVisibleRule(db: Database, actor: Actor, id: string): Promise<RuleRow> {
  return visibleRow(await selectRules(db).where('r.id', '=', id).executeTakeFirst(), actor, '校对规则') as RuleRow;
}

function check(input: Omit<z.infer<typeof ruleUpdate>, 'version'>) {
  const why = patternProblem(input.kind, input.pattern);
  if (why) throw errors.validation(why, 'pattern');
  const ex = exampleProblem(input, input.mustMatch, input.mustNotMatch);
  if (ex) throw errors.validation(`${ex}，规则不能保存`, ex.startsWith('应命中') ? 'mustMatch' : 'mustNotMatch');
}

const cols = (i: Omit<z.infer<typeof ruleUpdate>, 'version'>) => ({
  kind: i.kind, pattern: i.pattern, correct: i.correct, category: i.category, severity: i.severity, note: i.note,
  must_match: JSON.stringify(i.mustMatch), must_not_match: JSON.stringify(i.mustNotMatch),
});

export async function createRule(db: Database, ctx: ActorCtx, input: z.infer<typeof ruleSave>) {
  check(input);
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const row = await insertRecord(trx, 'proof_rules', { unit_id: unit.id, ...cols(input) });
    await writeAudit(trx, ctx, { action: 'create', entity: 'proof_rule', entityId: row.id, unitPath: unit.path, after: cols(input) });
    return toView((await getVisibleRule(trx, ctx.actor, row.id)));
  });
}

export async function updateRule(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof ruleUpdate>) {
  check(input);
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRule(trx, ctx.actor, id), input.version, '该校对规则已归档，请先恢复');
    await updateVersioned(trx, 'proof_rules', id, input.version, cols(input));
    await writeAudit(trx, ctx, { action: 'update', entity: 'proof_rule', entityId: id, unitPath: before.unit_path, before: { pattern: before.pattern, correct: before.correct }, after: cols(input) });
    return toView(await getVisibleRule(trx, ctx.actor, id));
  });
}

export const setRuleArchived = archiver<RuleRow, RuleView>({
  table: 'proof_rules', entity: 'proof_rule', noun: '校对规则', load: getVisibleRule, view: (_t, _a, r) => toView(r),
});

/** Tries a rule before saving: whether its examples pass, and its hits on a sample text. */
export function testRule(input: z.infer<typeof ruleTest>) {
  const problem = exampleProblem(input, input.mustMatch, input.mustNotMatch);
  const hits = !patternProblem(input.kind, input.pattern) && input.text ? new Proofreader([{ id: 'r', kind: input.kind, pattern: input.pattern, correct: input.correct }]).check(input.text) : [];
  return { ok: problem === null, problem, hits };
}

export const asProofRules = (rules: RuleView[]): ProofRule[] => rules.map((r) => ({ id: r.id, kind: r.kind, pattern: r.pattern, correct: r.correct }));
