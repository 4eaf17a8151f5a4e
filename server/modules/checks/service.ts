/**
 * Self-inspections and assessment campaigns: one assessment per unit, answered item by item;
 * bound items answer from the records (the indicators), the rest by hand; scores, grades,
 * vetoes and ranking follow the pure rules of common/checks.ts.
 */
import type { z } from 'zod';
import {
  type AnswerView, type AssessmentView, type CampaignView, type CheckItem, type FrameworkContent, type GradeBand, type ItemRow, type ResultRow,
  type Result, acceptAnswers, answerSave, applies, campaignCreate, findingCreate, gradeOf, isShortfall, itemsOf, pointsOf, rankOf, resultText,
  sameResult, selfCreate, selfQuery, thresholdText, totalsOf,
} from '../../../common/checks';
import { RECT_STATUS_LABELS, type RectStatus } from '../../../common/rectification';
import { can } from '../../../common/roles';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { AppError, errors, isUniqueViolation } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { insertRecord, updateVersioned } from '../../platform/records';
import { assertInScope, inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { createRect, getRect } from '../rectification/service';
import { getActiveUnit } from '../units/service';
import { ancestorPaths, getVisibleFramework, parseContent } from './frameworks';
import { type BoundValue, evaluateBound, evaluateBoundMany, indicatorByKey, indicatorViews } from './indicators';

export interface AssessmentRow {
  id: string; unit_id: string; kind: string; campaign_id: string | null; framework_id: string; content: string | null; total_points: number;
  year: number; from_day: string; to_day: string; status: string; submitted_at: string | null; archived_at: string | null; version: number;
  created_at: string; updated_at: string;
  unit_name: string; unit_path: string; unit_kind: string; framework_name: string;
  c_name: string | null; c_unit_id: string | null; c_unit_path: string | null; c_status: string | null; c_content: string | null; c_bands: string | null; c_published_at: string | null;
}

export interface AnswerRow {
  id: string; assessment_id: string; item_key: string; passed: number | null; occurrences: number | null; grade: string | null; points: number;
  value: number | null; computed: string | null; method: string | null; note: string | null; override_reason: string | null; answered_by: string;
  rectification_id: string | null; version: number; created_at: string; updated_at: string;
}

const who = (a: Actor) => `${a.displayName}(${a.username})`;
/** Who answered an item the records answered. */
const RECORDS = '系统(根据台账记录)';

function selectAssessments(db: Database) {
  return db.selectFrom('check_assessments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('check_frameworks as f', 'f.id', 'a.framework_id')
    .leftJoin('check_campaigns as c', 'c.id', 'a.campaign_id')
    .leftJoin('units as cu', 'cu.id', 'c.unit_id')
    .selectAll('a')
    .select(['u.name as unit_name', 'u.path as unit_path', 'u.kind as unit_kind', 'f.name as framework_name', 'c.name as c_name', 'c.unit_id as c_unit_id',
      'cu.path as c_unit_path', 'c.status as c_status', 'c.content as c_content', 'c.bands as c_bands', 'c.published_at as c_published_at']);
}

export const contentOf = (a: AssessmentRow): FrameworkContent => parseContent(a.content ?? a.c_content ?? '{"sections":[]}');
const resultOf = (r: Pick<AnswerRow, 'passed' | 'occurrences' | 'grade'>): Result => ({ passed: r.passed === null ? null : r.passed === 1, occurrences: r.occurrences, grade: r.grade });

/** The assessing side of a campaign: its own unit or a unit above it. */
export const isAssessingSide = (actor: Actor, campaignUnitPath: string) => inSubtree(actor.unitPath, campaignUnitPath);
/** Who may score: a leader or inspector of the campaign's unit or above. */
export const mayAssess = (actor: Actor, campaignUnitPath: string) => can(actor.role, 'check.assess') && isAssessingSide(actor, campaignUnitPath);

/**
 * An assessment the actor may read. A self-inspection: by its unit and the units above. A
 * campaign's assessment: by the assessing side; by the assessed unit (and above it) only after
 * the results are published.
 */
export async function getVisibleAssessment(db: Database, actor: Actor, id: string): Promise<AssessmentRow> {
  const a = (await selectAssessments(db).where('a.id', '=', id).executeTakeFirst()) as AssessmentRow | undefined;
  if (!a || a.archived_at) throw errors.notFound('考核记录');
  if (!inSubtree(actor.unitPath, a.unit_path)) throw errors.outOfScope();
  if (a.kind === 'campaign' && !isAssessingSide(actor, a.c_unit_path!) && a.c_status !== 'published') {
    throw errors.forbidden('考核结果公布前，被考核单位不能查看考核情况');
  }
  return a;
}

async function answersOf(db: Database, ids: string[]): Promise<Map<string, Map<string, AnswerRow>>> {
  const out = new Map<string, Map<string, AnswerRow>>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await db.selectFrom('check_answers').selectAll().where('assessment_id', 'in', ids.slice(i, i + 500)).execute()) as AnswerRow[];
    for (const r of rows) {
      if (!out.has(r.assessment_id)) out.set(r.assessment_id, new Map());
      out.get(r.assessment_id)!.set(r.item_key, r);
    }
  }
  return out;
}

async function rectOf(db: Database, actor: Actor, id: string | null): Promise<AnswerView['rectification']> {
  if (!id) return null;
  try {
    const r = await getRect(db, actor, id);
    return { id: r.id, status: r.status, statusLabel: RECT_STATUS_LABELS[r.status as RectStatus], signedOffAt: r.signedOffAt, signedOffByName: r.signedOffByName };
  } catch {
    return null;
  }
}

async function answerView(db: Database, actor: Actor, r: AnswerRow): Promise<AnswerView> {
  return {
    id: r.id, itemKey: r.item_key, passed: r.passed === null ? null : r.passed === 1, occurrences: r.occurrences, grade: r.grade, points: Number(r.points),
    value: r.value === null ? null : Number(r.value), valueText: null, link: null, computed: r.computed ? (JSON.parse(r.computed) as Result) : null,
    method: r.method, note: r.note, overrideReason: r.override_reason, answeredBy: r.answered_by, rectificationId: r.rectification_id,
    rectification: await rectOf(db, actor, r.rectification_id), version: r.version, updatedAt: r.updated_at,
  };
}

/** The unit's own self-inspection beside a campaign's assessment: same framework, same year, submitted first. */
async function selfBeside(db: Database, a: AssessmentRow): Promise<AssessmentRow | undefined> {
  return (await selectAssessments(db).where('a.kind', '=', 'self').where('a.unit_id', '=', a.unit_id).where('a.framework_id', '=', a.framework_id)
    .where('a.year', '=', a.year).where('a.archived_at', 'is', null)
    .orderBy('a.submitted_at', 'desc').orderBy('a.created_at', 'desc').executeTakeFirst()) as AssessmentRow | undefined;
}

const isOpen = (a: AssessmentRow) => (a.kind === 'self' ? a.status === 'draft' : a.c_status === 'open');

function canAnswer(actor: Actor, a: AssessmentRow): boolean {
  if (!isOpen(a)) return false;
  if (a.kind === 'self') return can(actor.role, 'check.self') && inSubtree(actor.unitPath, a.unit_path);
  return mayAssess(actor, a.c_unit_path!);
}

export async function assessmentView(db: Database, actor: Actor, a: AssessmentRow): Promise<AssessmentView> {
  const content = contentOf(a);
  const inds = new Map(indicatorViews().map((i) => [i.key, i]));
  const answers = (await answersOf(db, [a.id])).get(a.id) ?? new Map<string, AnswerRow>();
  // Open assessments show the records as they stand now; closed ones the value recorded, with the link to the records.
  const open = isOpen(a);
  const live = await evaluateBound(db, content, { id: a.unit_id, path: a.unit_path, kind: a.unit_kind }, { from: a.from_day, to: a.to_day });
  const self = a.kind === 'campaign' ? await selfBeside(db, a) : undefined;
  const selfAnswers = self ? ((await answersOf(db, [self.id])).get(self.id) ?? new Map<string, AnswerRow>()) : new Map<string, AnswerRow>();
  const items: ItemRow[] = [];
  for (const it of itemsOf(content)) {
    const ans = answers.get(it.key);
    const lb = live.get(it.key);
    const b = open ? lb : undefined;
    const ind = it.indicator ? (inds.get(it.indicator) ?? null) : null;
    const answer = ans ? await answerView(db, actor, ans) : null;
    const selfA = selfAnswers.get(it.key);
    const selfView = selfA ? await answerView(db, actor, selfA) : null;
    const value = b ? b.value : (answer?.value ?? null);
    const valueText = b ? b.valueText : answer && ind && answer.value !== null ? `${ind.format === 'rate' ? `${Math.round(answer.value * 1000) / 10}%` : `${answer.value}${ind.unitWord}`}` : null;
    const res = ans ? resultOf(ans) : undefined;
    items.push({
      item: it, applies: applies(it, a.unit_kind), indicator: ind, value, valueText, thresholdText: thresholdText(it, ind ?? undefined),
      link: lb?.link ?? null, computed: b?.computed ?? answer?.computed ?? null, answer, self: selfView,
      differs: !!(selfA && ans && !sameResult(it, resultOf(selfA), resultOf(ans))),
      shortfall: !!res && isShortfall(it, res),
    });
  }
  const results = new Map([...answers].map(([k, r]) => [k, resultOf(r)]));
  // An open campaign counts a bound item not scored yet with the records' result, as its results list does.
  if (a.kind === 'campaign' && open) for (const [k, b] of live) if (!results.has(k)) results.set(k, b.computed);
  const totals = totalsOf(content, Number(a.total_points), a.unit_kind, results);
  const bands = a.c_bands ? (JSON.parse(a.c_bands) as GradeBand[]) : undefined;
  return {
    id: a.id, kind: a.kind as 'self' | 'campaign', unitId: a.unit_id, unitName: a.unit_name, unitKind: a.unit_kind, frameworkId: a.framework_id,
    frameworkName: a.framework_name, totalPoints: Number(a.total_points), year: a.year, from: a.from_day, to: a.to_day, campaignId: a.campaign_id,
    campaignName: a.c_name, status: a.status, submittedAt: a.submitted_at, totals, grade: gradeOf(totals.score, totals.vetoFailed, bands ?? defaultBands(Number(a.total_points))),
    items, canAnswer: canAnswer(actor, a), assessing: a.kind === 'self' || isAssessingSide(actor, a.c_unit_path!), version: a.version,
  };
}

/** Bands of a self-inspection: the default shares of its total. */
function defaultBands(total: number): GradeBand[] {
  return [{ label: '优秀', min: total * 0.9 }, { label: '良好', min: total * 0.8 }, { label: '一般', min: total * 0.6 }, { label: '较差', min: 0 }];
}

export async function getAssessment(db: Database, actor: Actor, id: string) {
  return assessmentView(db, actor, await getVisibleAssessment(db, actor, id));
}

// -- self-inspection --------------------------------------------------------------------------

export async function listSelf(db: Database, actor: Actor, q: z.infer<typeof selfQuery>) {
  let query = selectAssessments(db).where('a.kind', '=', 'self').where('a.archived_at', 'is', null).where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath));
  if (q.unitId) query = query.where('a.unit_id', '=', q.unitId);
  if (q.year) query = query.where('a.year', '=', q.year);
  const rows = (await query.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute()) as AssessmentRow[];
  const answers = await answersOf(db, rows.map((r) => r.id));
  return {
    items: rows.map((a) => {
      const t = totalsOf(contentOf(a), Number(a.total_points), a.unit_kind, new Map([...(answers.get(a.id) ?? new Map<string, AnswerRow>())].map(([k, r]) => [k, resultOf(r)])));
      return { id: a.id, unitId: a.unit_id, unitName: a.unit_name, frameworkName: a.framework_name, year: a.year, from: a.from_day, to: a.to_day, status: a.status, submittedAt: a.submitted_at, score: t.score, assessed: t.assessed, applicable: t.applicable, vetoFailed: t.vetoFailed };
    }),
  };
}

/** Inserts the answers of the bound items that have none yet (self-inspections fill themselves from the records). */
export async function fillBound(trx: Database, a: AssessmentRow, by: string): Promise<number> {
  const content = contentOf(a);
  const values = await evaluateBound(trx, content, { id: a.unit_id, path: a.unit_path, kind: a.unit_kind }, { from: a.from_day, to: a.to_day });
  const have = (await answersOf(trx, [a.id])).get(a.id) ?? new Map<string, AnswerRow>();
  const byKey = new Map(itemsOf(content).map((i) => [i.key, i]));
  const now = nowIso();
  let n = 0;
  for (const [key, b] of values) {
    const it = byKey.get(key)!;
    const old = have.get(key);
    if (old?.override_reason) continue;
    const fields = {
      passed: b.computed.passed == null ? null : b.computed.passed ? 1 : 0, occurrences: b.computed.occurrences ?? null, grade: b.computed.grade ?? null,
      points: pointsOf(it, b.computed), value: b.value, computed: JSON.stringify(b.computed), answered_by: by,
    };
    if (old) {
      if (old.value === b.value && old.computed === fields.computed) continue;
      await updateVersioned(trx, 'check_answers', old.id, old.version, fields);
    } else {
      await trx.insertInto('check_answers').values({
        id: newId(), assessment_id: a.id, item_key: key, ...fields, method: a.kind === 'campaign' ? 'documents' : null, note: null, override_reason: null,
        rectification_id: null, version: 0, created_at: now, updated_at: now,
      }).execute();
    }
    n += 1;
  }
  return n;
}

/** A unit runs a framework of its own or of a unit above it on itself for a period; the bound items fill in. */
export async function createSelf(db: Database, ctx: ActorCtx, input: z.infer<typeof selfCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const f = await getVisibleFramework(trx, ctx.actor, input.frameworkId, 'frameworkId');
    if (!inSubtree(f.unit_path, unit.path)) throw errors.validation(`${f.name}由${f.unit_name}制定，不适用于${unit.name}`, 'frameworkId');
    const dup = await trx.selectFrom('check_assessments').select('id').where('kind', '=', 'self').where('unit_id', '=', unit.id).where('framework_id', '=', f.id)
      .where('from_day', '=', input.from).where('to_day', '=', input.to).where('archived_at', 'is', null).executeTakeFirst();
    if (dup) throw errors.conflict('SELF_EXISTS', `${unit.name}已有该期间的自查，请打开继续填写`, 'frameworkId');
    const row = await insertRecord(trx, 'check_assessments', {
      unit_id: unit.id, kind: 'self', campaign_id: null, framework_id: f.id, content: f.content, total_points: Number(f.total_points), year: Number(input.from.slice(0, 4)),
      from_day: input.from, to_day: input.to, status: 'draft', submitted_at: null,
    });
    const a = await getVisibleAssessment(trx, ctx.actor, row.id);
    const filled = await fillBound(trx, a, RECORDS);
    await writeAudit(trx, ctx, { action: 'create', entity: 'check_assessment', entityId: row.id, unitPath: unit.path, after: { kind: 'self', framework: f.name, from: input.from, to: input.to, filled } });
    return getAssessment(trx, ctx.actor, row.id);
  });
}

/** Brings the bound items up to the records again (answers overridden with a reason stay). */
export async function refreshBound(db: Database, ctx: ActorCtx, id: string) {
  return inTx(db, async (trx) => {
    const a = await getVisibleAssessment(trx, ctx.actor, id);
    if (!canAnswer(ctx.actor, a)) throw answerRefusal(ctx.actor, a);
    const n = await fillBound(trx, a, a.kind === 'self' ? RECORDS : who(ctx.actor));
    await writeAudit(trx, ctx, { action: 'refresh', entity: 'check_assessment', entityId: id, unitPath: a.unit_path, after: { updated: n } });
    return getAssessment(trx, ctx.actor, id);
  });
}

function answerRefusal(actor: Actor, a: AssessmentRow): AppError {
  if (a.kind === 'self') {
    if (a.status !== 'draft') return errors.conflict('SUBMITTED', '自查已报送上级，不能再修改');
    return errors.forbidden('只有自查单位及其上级的工作人员可以填写自查');
  }
  if (a.c_status !== 'open') return errors.conflict('PUBLISHED', '考核结果已公布，不能再修改评分');
  if (!isAssessingSide(actor, a.c_unit_path!)) return errors.outOfScope();
  return errors.forbidden('只有考核单位及其上级的领导或督查人员可以评分');
}

export async function submitSelf(db: Database, ctx: ActorCtx, id: string, version: number) {
  return inTx(db, async (trx) => {
    const a = await getVisibleAssessment(trx, ctx.actor, id);
    if (a.kind !== 'self') throw errors.notFound('自查');
    if (!canAnswer(ctx.actor, a)) throw answerRefusal(ctx.actor, a);
    if (a.version !== version) throw errors.stale();
    const view = await assessmentView(trx, ctx.actor, a);
    const missing = view.items.filter((r) => r.applies && !r.answer);
    if (missing.length) throw errors.validation(`还有 ${missing.length} 项未填写(第一项：${missing[0].item.text})`, 'items');
    await updateVersioned(trx, 'check_assessments', id, version, { status: 'submitted', submitted_at: nowIso() });
    await writeAudit(trx, ctx, { action: 'submit', entity: 'check_assessment', entityId: id, unitPath: a.unit_path, before: { status: 'draft' }, after: { status: 'submitted', score: view.totals.score } });
    return getAssessment(trx, ctx.actor, id);
  });
}

// -- answers ----------------------------------------------------------------------------------

/** Saves one item's answer: bound items take the records' result unless overridden with a reason. */
export async function saveAnswer(db: Database, ctx: ActorCtx, assessmentId: string, input: z.infer<typeof answerSave>) {
  return inTx(db, async (trx) => {
    const a = await getVisibleAssessment(trx, ctx.actor, assessmentId);
    await writeAnswer(trx, ctx, a, input);
    return getAssessment(trx, ctx.actor, assessmentId);
  });
}

/** One item's answer inside the caller's transaction (the demo seed and the bulk steps use it). */
export async function writeAnswer(trx: Database, ctx: ActorCtx, a: AssessmentRow, input: z.infer<typeof answerSave>) {
  if (!canAnswer(ctx.actor, a)) throw answerRefusal(ctx.actor, a);
  const item = itemsOf(contentOf(a)).find((i) => i.key === input.itemKey);
  if (!item) throw errors.validation('该项目不在考核细则中', 'itemKey');
  if (!applies(item, a.unit_kind)) throw errors.validation(`该项目不适用于${a.unit_name}`, 'itemKey');
  if (a.kind === 'campaign' && !input.method) throw errors.validation('请选择考核方式', 'method');
  let bound: BoundValue | undefined;
  if (item.indicator) {
    bound = (await evaluateBound(trx, { sections: [{ key: 's', title: '', items: [item] }] }, { id: a.unit_id, path: a.unit_path, kind: a.unit_kind }, { from: a.from_day, to: a.to_day })).get(item.key);
  }
  const given: Result = { passed: input.passed ?? null, occurrences: input.occurrences ?? null, grade: input.grade ?? null };
  const hasGiven = item.scoring === 'pass_fail' ? given.passed !== null : item.scoring === 'deduction' ? given.occurrences !== null : given.grade !== null;
  let result: Result;
  let overrideReason: string | null = null;
  if (bound && (!hasGiven || sameResult(item, given, bound.computed))) {
    result = bound.computed;
  } else {
    if (!hasGiven) {
      const field = item.scoring === 'pass_fail' ? 'passed' : item.scoring === 'deduction' ? 'occurrences' : 'grade';
      throw errors.validation(item.scoring === 'pass_fail' ? '请选择是否达标' : item.scoring === 'deduction' ? '请填写扣分次数' : '请选择档次', field);
    }
    if (item.scoring === 'graded' && !(item.grades ?? []).some((g) => g.label === given.grade)) throw errors.validation('档次的取值无效', 'grade');
    result = given;
    if (bound) {
      if (!input.overrideReason) throw errors.validation('与根据台账记录计算的结果不同，请填写调整原因', 'overrideReason');
      overrideReason = input.overrideReason;
    }
  }
  const fields = {
    passed: item.scoring === 'pass_fail' ? (result.passed ? 1 : 0) : null, occurrences: item.scoring === 'deduction' ? (result.occurrences ?? 0) : null,
    grade: item.scoring === 'graded' ? (result.grade ?? null) : null, points: pointsOf(item, result), value: bound?.value ?? null,
    computed: bound ? JSON.stringify(bound.computed) : null, method: input.method ?? null, note: input.note, override_reason: overrideReason, answered_by: who(ctx.actor),
  };
  const old = (await trx.selectFrom('check_answers').selectAll().where('assessment_id', '=', a.id).where('item_key', '=', item.key).executeTakeFirst()) as AnswerRow | undefined;
  let id: string;
  if (input.version === null) {
    // A first answer: whoever saved the same item meanwhile wins, the other gets 409.
    if (old) throw errors.stale();
    id = newId();
    const now = nowIso();
    try {
      await trx.insertInto('check_answers').values({ id, assessment_id: a.id, item_key: item.key, ...fields, rectification_id: null, version: 0, created_at: now, updated_at: now }).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.stale();
      throw e;
    }
  } else {
    if (!old || old.version !== input.version) throw errors.stale();
    id = old.id;
    await updateVersioned(trx, 'check_answers', old.id, input.version, fields);
  }
  await writeAudit(trx, ctx, {
    action: old ? 'update' : 'create', entity: 'check_answer', entityId: id, unitPath: a.unit_path,
    before: old ? { item: item.key, result: resultText(item, resultOf(old)), points: Number(old.points), method: old.method } : null,
    after: { item: item.key, result: resultText(item, result), points: fields.points, method: fields.method, overrideReason, note: input.note },
  });
}

/**
 * The assessor takes, for every item not yet scored, the records' result (bound items) or the
 * unit's own self-inspection answer (the others), with the method given; items with neither stay.
 */
export async function acceptRemaining(db: Database, ctx: ActorCtx, assessmentId: string, input: z.infer<typeof acceptAnswers>) {
  return inTx(db, async (trx) => {
    const a = await getVisibleAssessment(trx, ctx.actor, assessmentId);
    if (a.kind !== 'campaign') throw errors.validation('只有考核评分可以采纳自查结果', 'method');
    if (!canAnswer(ctx.actor, a)) throw answerRefusal(ctx.actor, a);
    const view = await assessmentView(trx, ctx.actor, a);
    let n = 0;
    for (const r of view.items) {
      if (!r.applies || r.answer) continue;
      const base = r.computed ?? (r.self ? { passed: r.self.passed, occurrences: r.self.occurrences, grade: r.self.grade } : null);
      if (!base) continue;
      await writeAnswer(trx, ctx, a, { itemKey: r.item.key, version: null, ...base, method: input.method, note: r.computed ? null : '采纳自查结果', overrideReason: null });
      n += 1;
    }
    await writeAudit(trx, ctx, { action: 'accept_answers', entity: 'check_assessment', entityId: a.id, unitPath: a.unit_path, after: { accepted: n, method: input.method } });
    return getAssessment(trx, ctx.actor, assessmentId);
  });
}

// -- campaigns --------------------------------------------------------------------------------

interface CampaignRow {
  id: string; unit_id: string; framework_id: string; name: string; year: number; from_day: string; to_day: string; unit_kinds: string; bands: string;
  content: string; total_points: number; status: string; published_at: string | null; created_by: string; archived_at: string | null; version: number;
  created_at: string; updated_at: string; unit_name: string; unit_path: string; framework_name: string;
}

function selectCampaigns(db: Database) {
  return db.selectFrom('check_campaigns as c').innerJoin('units as u', 'u.id', 'c.unit_id').innerJoin('check_frameworks as f', 'f.id', 'c.framework_id')
    .selectAll('c').select(['u.name as unit_name', 'u.path as unit_path', 'f.name as framework_name']);
}

/** A campaign the actor may see: the assessing side, or a unit it assesses (a unit below its unit). */
async function getVisibleCampaign(db: Database, actor: Actor, id: string): Promise<CampaignRow> {
  const c = (await selectCampaigns(db).where('c.id', '=', id).executeTakeFirst()) as CampaignRow | undefined;
  if (!c || c.archived_at) throw errors.notFound('考核');
  if (!inSubtree(actor.unitPath, c.unit_path) && !inSubtree(c.unit_path, actor.unitPath)) throw errors.outOfScope();
  return c;
}

export async function createCampaign(db: Database, ctx: ActorCtx, input: z.infer<typeof campaignCreate>) {
  return inTx(db, async (trx) => {
    const f = await getVisibleFramework(trx, ctx.actor, input.frameworkId, 'frameworkId');
    if (!inSubtree(f.unit_path, ctx.actor.unitPath)) throw errors.validation(`${f.name}由${f.unit_name}制定，本单位不能用它考核`, 'frameworkId');
    const units = await trx.selectFrom('units').select(['id', 'path', 'name']).where((eb) => inSubtreeOf(eb, 'path', ctx.actor.unitPath))
      .where('id', '!=', ctx.actor.unitId).where('archived_at', 'is', null).where('kind', 'in', input.unitKinds).orderBy('path').execute();
    if (units.length === 0) throw errors.validation('本单位下级没有所选类型的单位', 'unitKinds');
    const row = await insertRecord(trx, 'check_campaigns', {
      unit_id: ctx.actor.unitId, framework_id: f.id, name: input.name, year: Number(input.from.slice(0, 4)), from_day: input.from, to_day: input.to,
      unit_kinds: JSON.stringify(input.unitKinds), bands: JSON.stringify(input.bands), content: f.content, total_points: Number(f.total_points),
      status: 'open', published_at: null, created_by: who(ctx.actor),
    });
    const now = nowIso();
    for (let i = 0; i < units.length; i += 200) {
      await trx.insertInto('check_assessments').values(units.slice(i, i + 200).map((u) => ({
        id: newId(), unit_id: u.id, kind: 'campaign', campaign_id: row.id, framework_id: f.id, content: null, total_points: Number(f.total_points),
        year: row.year, from_day: input.from, to_day: input.to, status: 'open', submitted_at: null, archived_at: null, version: 0, created_at: now, updated_at: now,
      }))).execute();
    }
    await writeAudit(trx, ctx, { action: 'create', entity: 'check_campaign', entityId: row.id, unitPath: ctx.actor.unitPath, after: { name: input.name, framework: f.name, from: input.from, to: input.to, units: units.length } });
    return getCampaign(trx, ctx.actor, row.id);
  });
}

export async function listCampaigns(db: Database, actor: Actor, q: { year?: number }) {
  let query = selectCampaigns(db).where('c.archived_at', 'is', null)
    .where((eb) => eb.or([inSubtreeOf(eb, 'u.path', actor.unitPath), eb('u.path', 'in', ancestorPaths(actor.unitPath))]));
  if (q.year) query = query.where('c.year', '=', q.year);
  const rows = (await query.orderBy('c.from_day', 'desc').execute()) as CampaignRow[];
  const mine = rows.length
    ? await db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.campaign_id', 'a.id'])
      .where('a.campaign_id', 'in', rows.map((r) => r.id)).where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath)).execute()
    : [];
  return {
    items: rows.filter((c) => isAssessingSide(actor, c.unit_path) || mine.some((m) => m.campaign_id === c.id)).map((c) => ({
      id: c.id, unitName: c.unit_name, name: c.name, year: c.year, from: c.from_day, to: c.to_day, frameworkName: c.framework_name, status: c.status,
      publishedAt: c.published_at, assessing: isAssessingSide(actor, c.unit_path), canAssess: mayAssess(actor, c.unit_path),
    })),
  };
}

export interface Scored { assessmentId: string; unitId: string; unitName: string; unitPath: string; score: number; grade: string; vetoFailed: boolean; assessed: number; applicable: number }

type ScoredCampaign = Pick<CampaignRow, 'id' | 'content' | 'total_points' | 'bands' | 'status' | 'from_day' | 'to_day'>;

/** The campaign's live assessments with their units, in unit order. */
async function campaignUnits(db: Database, campaignId: string) {
  return db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.unit_id', 'u.name', 'u.path', 'u.kind'])
    .where('a.campaign_id', '=', campaignId).where('a.archived_at', 'is', null).orderBy('u.path').execute();
}

/**
 * Every bound item of every unit of a campaign from the records, in one go (each indicator once
 * for all units, evaluateBoundMany): assessment id → item key → value and result.
 */
export type CampaignBound = Map<string, Map<string, { value: number | null; computed: Result }>>;

export async function campaignBound(db: Database, c: ScoredCampaign, rows?: { id: string; unit_id: string; path: string; kind: string }[]): Promise<CampaignBound> {
  const units = rows ?? (await campaignUnits(db, c.id));
  const many = await evaluateBoundMany(db, parseContent(c.content), units.map((r) => ({ id: r.unit_id, path: r.path, kind: r.kind })), { from: c.from_day, to: c.to_day });
  return new Map(units.map((r) => [r.id, many.get(r.unit_id)!]));
}

/**
 * Every assessment of a campaign scored. Published: from its saved answers alone. Open: a bound
 * item the assessor has not scored yet counts with the records' result, every unit's bound items
 * computed in one go.
 */
export async function scoreCampaign(db: Database, c: ScoredCampaign, bound?: CampaignBound): Promise<Scored[]> {
  const content = parseContent(c.content);
  const bands = JSON.parse(c.bands) as GradeBand[];
  const rows = await campaignUnits(db, c.id);
  // The item list once for the campaign, not once per unit (it was most of the scoring's own time).
  const items = itemsOf(content);
  // One read of the campaign's answers (joined on the campaign), not one IN list per 500 assessments,
  // and only the columns a score needs: the whole rows (notes, computed JSON) cost most of the time.
  const answers = new Map<string, Map<string, Result>>();
  const all = await db.selectFrom('check_answers as x').innerJoin('check_assessments as a', 'a.id', 'x.assessment_id')
    .select(['x.assessment_id', 'x.item_key', 'x.passed', 'x.occurrences', 'x.grade'])
    .where('a.campaign_id', '=', c.id).execute();
  for (const x of all) {
    if (!answers.has(x.assessment_id)) answers.set(x.assessment_id, new Map());
    answers.get(x.assessment_id)!.set(x.item_key, resultOf(x));
  }
  if (c.status === 'open' && items.some((it) => it.indicator)) {
    for (const [aid, values] of bound ?? (await campaignBound(db, c, rows))) {
      if (!answers.has(aid)) answers.set(aid, new Map());
      const m = answers.get(aid)!;
      for (const [key, b] of values) if (!m.has(key)) m.set(key, b.computed);
    }
  }
  const none = new Map<string, Result>();
  return rows.map((r) => {
    const t = totalsOf(content, Number(c.total_points), r.kind, answers.get(r.id) ?? none, items);
    return { assessmentId: r.id, unitId: r.unit_id, unitName: r.name, unitPath: r.path, score: t.score, grade: gradeOf(t.score, t.vetoFailed, bands), vetoFailed: t.vetoFailed, assessed: t.assessed, applicable: t.applicable };
  });
}

/**
 * Publishing freezes the records' result of every bound item not scored by an assessor as the
 * answer (查阅资料, by the records), for every unit in one go, so the published scores stay.
 */
async function freezeBound(trx: Database, c: ScoredCampaign, bound: CampaignBound): Promise<number> {
  const have = new Set((await trx.selectFrom('check_answers as x').innerJoin('check_assessments as a', 'a.id', 'x.assessment_id')
    .select(['x.assessment_id', 'x.item_key']).where('a.campaign_id', '=', c.id).execute()).map((x) => `${x.assessment_id}|${x.item_key}`));
  const items = new Map(itemsOf(parseContent(c.content)).map((i) => [i.key, i]));
  const now = nowIso();
  const rows = [];
  for (const [aid, values] of bound) {
    for (const [key, b] of values) {
      if (have.has(`${aid}|${key}`)) continue;
      rows.push({
        id: newId(), assessment_id: aid, item_key: key, passed: b.computed.passed == null ? null : b.computed.passed ? 1 : 0, occurrences: b.computed.occurrences ?? null,
        grade: b.computed.grade ?? null, points: pointsOf(items.get(key)!, b.computed), value: b.value, computed: JSON.stringify(b.computed), method: 'documents',
        note: null, override_reason: null, answered_by: RECORDS, rectification_id: null, version: 0, created_at: now, updated_at: now,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('check_answers').values(rows.slice(i, i + 200)).execute();
  return rows.length;
}

async function resultsOf(db: Database, c: CampaignRow, assessing: boolean): Promise<ResultRow[]> {
  const ranked = rankOf(await scoreCampaign(db, c));
  // Last year's published campaign of the same unit: each unit's change.
  const last = (await selectCampaigns(db).where('c.unit_id', '=', c.unit_id).where('c.year', '=', c.year - 1).where('c.status', '=', 'published')
    .where('c.archived_at', 'is', null).orderBy('c.published_at', 'desc').executeTakeFirst()) as CampaignRow | undefined;
  const lastScores = new Map(last ? (await scoreCampaign(db, last)).map((s) => [s.unitId, s.score]) : []);
  const flagged = assessing
    ? new Set((await db.selectFrom('check_accountability').select('target_unit_id').where('no_honours', '=', 1).where('archived_at', 'is', null)
      .where((eb) => eb.or([eb('campaign_id', '=', c.id), eb.and([eb('decided_on', '>=', `${c.year}-01-01`), eb('decided_on', '<=', `${c.year}-12-31`)])])).execute()).map((r) => r.target_unit_id))
    : new Set<string>();
  return ranked.map((r) => {
    const ls = lastScores.get(r.unitId);
    return {
      assessmentId: r.assessmentId, unitId: r.unitId, unitName: r.unitName, score: r.score, grade: r.grade, vetoFailed: r.vetoFailed, rank: r.rank,
      assessed: r.assessed, applicable: r.applicable, lastScore: ls ?? null, change: ls === undefined ? null : Math.round((r.score - ls) * 100) / 100, noHonours: flagged.has(r.unitId),
    };
  });
}

export async function getCampaign(db: Database, actor: Actor, id: string): Promise<CampaignView> {
  const c = await getVisibleCampaign(db, actor, id);
  const assessing = isAssessingSide(actor, c.unit_path);
  const published = c.status === 'published';
  const results = assessing || published ? await resultsOf(db, c, assessing) : null;
  const own = (await db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id').select('a.id').where('a.campaign_id', '=', c.id)
    .where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath)).execute()).map((r) => r.id);
  if (!assessing && own.length === 0) throw errors.outOfScope();
  const progress = (results ?? []).reduce((p, r) => ({ assessed: p.assessed + r.assessed, applicable: p.applicable + r.applicable }), { assessed: 0, applicable: 0 });
  return {
    id: c.id, unitId: c.unit_id, unitName: c.unit_name, frameworkId: c.framework_id, frameworkName: c.framework_name, name: c.name, year: c.year,
    from: c.from_day, to: c.to_day, unitKinds: JSON.parse(c.unit_kinds), bands: JSON.parse(c.bands), status: c.status as 'open' | 'published',
    publishedAt: c.published_at, assessing, canAssess: mayAssess(actor, c.unit_path) && !published, progress,
    // After publishing, the assessed side sees the ranking, never another unit's items.
    results: results && !assessing ? results.map((r) => (own.includes(r.assessmentId) ? r : { ...r, assessmentId: '', assessed: 0, applicable: 0, noHonours: false })) : results,
    own: assessing ? [] : own, version: c.version,
  };
}

/** The assessment of one unit in a campaign; a unit outside the campaign is refused. */
async function campaignAssessmentOf(db: Database, actor: Actor, campaignId: string, unitId: string): Promise<AssessmentRow> {
  const unit = await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw errors.validation('被考核单位不存在', 'unitId');
  assertInScope(actor, unit.path);
  await getVisibleCampaign(db, actor, campaignId);
  const a = await db.selectFrom('check_assessments').select('id').where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).where('archived_at', 'is', null).executeTakeFirst();
  if (!a) throw errors.validation('该单位不在本次考核范围内', 'unitId');
  return getVisibleAssessment(db, actor, a.id);
}

export async function getCampaignAssessment(db: Database, actor: Actor, campaignId: string, unitId: string) {
  return assessmentView(db, actor, await campaignAssessmentOf(db, actor, campaignId, unitId));
}

export async function saveCampaignAnswer(db: Database, ctx: ActorCtx, campaignId: string, input: z.infer<typeof answerSave> & { unitId: string }) {
  return inTx(db, async (trx) => {
    const a = await campaignAssessmentOf(trx, ctx.actor, campaignId, input.unitId);
    await writeAnswer(trx, ctx, a, input);
    return getAssessment(trx, ctx.actor, a.id);
  });
}

export async function publishCampaign(db: Database, ctx: ActorCtx, id: string, version: number) {
  return inTx(db, async (trx) => {
    const c = await getVisibleCampaign(trx, ctx.actor, id);
    // The assessed side sees the campaign but it is not theirs to act on.
    if (!isAssessingSide(ctx.actor, c.unit_path)) throw errors.outOfScope();
    if (!mayAssess(ctx.actor, c.unit_path)) throw errors.forbidden('只有考核单位及其上级的领导或督查人员可以公布结果');
    if (c.status === 'published') throw errors.conflict('PUBLISHED', '考核结果已公布');
    if (c.version !== version) throw errors.stale();
    const bound = await campaignBound(trx, c);
    const scored = await scoreCampaign(trx, c, bound);
    const unfinished = scored.filter((s) => s.assessed < s.applicable);
    if (unfinished.length) throw errors.conflict('UNFINISHED', `还有 ${unfinished.length} 个单位未评完(${unfinished.slice(0, 3).map((s) => s.unitName).join('、')})`);
    const frozen = await freezeBound(trx, c, bound);
    await updateVersioned(trx, 'check_campaigns', id, version, { status: 'published', published_at: nowIso() });
    await trx.updateTable('check_assessments').set({ status: 'published' }).where('campaign_id', '=', id).execute();
    await writeAudit(trx, ctx, { action: 'publish', entity: 'check_campaign', entityId: id, unitPath: c.unit_path, after: { units: scored.length, boundFromRecords: frozen } });
    return getCampaign(trx, ctx.actor, id);
  });
}

// -- findings → rectification -----------------------------------------------------------------

/** A failed or deducted item becomes a rectification of the assessed unit in one step, linked both ways. */
export async function raiseFinding(db: Database, ctx: ActorCtx, assessmentId: string, itemKey: string, input: z.infer<typeof findingCreate>) {
  return inTx(db, async (trx) => {
    const a = await getVisibleAssessment(trx, ctx.actor, assessmentId);
    if (!can(ctx.actor.role, 'rectification.manage')) throw errors.forbidden('只有工作人员或领导可以提出整改');
    if (a.kind === 'campaign' && !isAssessingSide(ctx.actor, a.c_unit_path!)) throw errors.forbidden('考核发现的问题由考核单位提出整改');
    const item = itemsOf(contentOf(a)).find((i) => i.key === itemKey);
    if (!item) throw errors.validation('该项目不在考核细则中', 'itemKey');
    const ans = (await trx.selectFrom('check_answers').selectAll().where('assessment_id', '=', a.id).where('item_key', '=', itemKey).executeTakeFirst()) as AnswerRow | undefined;
    if (!ans || !isShortfall(item as CheckItem, resultOf(ans))) throw errors.validation('只有未达标或扣分的项目可以转为整改', 'itemKey');
    if (ans.rectification_id) throw errors.conflict('ALREADY_RAISED', '该项目已转为整改事项');
    const problem = input.problem ?? `${item.text}：${resultText(item as CheckItem, resultOf(ans))}${ans.note ? `(${ans.note})` : ''}`;
    const rect = await createRect(trx, ctx, {
      unitId: a.unit_id, problem: problem.slice(0, 2000), origin: a.kind === 'self' ? 'self_check' : 'assessment', batch: a.c_name ?? `${a.year}年度自查`,
      measures: input.measures, ownerPersonId: null, responsibleLeaderId: null, startDay: shanghaiDay(), dueMode: 'date', dueDay: input.dueDay, dueDays: null,
    });
    await updateVersioned(trx, 'check_answers', ans.id, ans.version, { rectification_id: rect.id });
    await writeAudit(trx, ctx, { action: 'raise_finding', entity: 'check_answer', entityId: ans.id, unitPath: a.unit_path, after: { item: itemKey, rectificationId: rect.id } });
    return getAssessment(trx, ctx.actor, assessmentId);
  });
}

/** The checklist item a rectification came from, for the rectification's page. */
export async function findingOf(db: Database, actor: Actor, rectificationId: string) {
  const ans = await db.selectFrom('check_answers').select(['assessment_id', 'item_key']).where('rectification_id', '=', rectificationId).executeTakeFirst();
  if (!ans) return { finding: null };
  const a = await getVisibleAssessment(db, actor, ans.assessment_id);
  const item = itemsOf(contentOf(a)).find((i) => i.key === ans.item_key);
  return {
    finding: {
      assessmentId: a.id, kind: a.kind, campaignId: a.campaign_id, campaignName: a.c_name, unitId: a.unit_id, unitName: a.unit_name, itemKey: ans.item_key, itemText: item?.text ?? ans.item_key,
      link: a.kind === 'self' ? `/checks/self/${a.id}` : `/checks/campaigns/${a.campaign_id}/units/${a.unit_id}`,
    },
  };
}

export { isOpen, resultOf };
