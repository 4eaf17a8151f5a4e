import type { SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type {
  AssessmentView, assessmentCreate, assessmentQuery, assessmentUpdate, Conclusion, reviewCreate, ReviewView, RiskArea, riskCreate, RiskLevel,
  riskQuery, RiskStatus, riskUpdate, RiskView,
} from '../../../common/risks';
import type { Database } from '../../db';
import { builtOnce } from '../../db/batch';
import { entityHistory, writeAudit } from '../../platform/audit';
import { daysOverdue, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { contains, containsPattern, likePattern } from '../../platform/search';
import { archiver, editable, inRegisterList, insertRecord, pageOf, recordReads, shapedPage, updateVersioned } from '../../platform/records';
import { type BoundScope, boundScope, scopeOfBound } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getVisiblePerson } from '../people/service';
import { getActiveUnit, unitScope } from '../units/service';

/** The same day `n` months later (the month's last day when it has no such day). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}

type RiskRow = {
  id: string; unit_id: string; description: string; area: string; level: string; measures: string; owner_person_id: string | null;
  review_months: number; next_review_day: string; status: string; archived_at: string | null; version: number; created_at: string;
  unit_name: string; unit_path: string; owner_name: string | null; last_review?: string | null; review_count?: number | string | null;
};

/** Built once per database handle (builtOnce): each list extends it. */
const selectRisks = builtOnce((db: Database) => {
  return db
    .selectFrom('risk_points as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('people as p', 'p.id', 'r.owner_person_id')
    .select(['r.id', 'r.unit_id', 'r.description', 'r.area', 'r.level', 'r.measures', 'r.owner_person_id', 'r.review_months', 'r.next_review_day', 'r.status', 'r.archived_at', 'r.version', 'r.created_at', 'u.name as unit_name', 'u.path as unit_path', 'p.name as owner_name'])
    .select((eb) => [
      eb.selectFrom('risk_reviews as v').select((x) => x.fn.max('v.day').as('d')).whereRef('v.risk_id', '=', 'r.id').as('last_review'),
      eb.selectFrom('risk_reviews as v').select((x) => x.fn.countAll().as('n')).whereRef('v.risk_id', '=', 'r.id').as('review_count'),
    ]);
});

/** `today`: computed once for a page, not per row (a Date and an ISO string per row showed in the list's profile). */
function toView(r: RiskRow, today = shanghaiDay()): RiskView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, description: r.description, area: r.area as RiskArea, level: r.level as RiskLevel,
    measures: r.measures, ownerPersonId: r.owner_person_id, ownerPersonName: r.owner_name, reviewMonths: r.review_months,
    nextReviewDay: r.next_review_day, lastReviewDay: r.last_review ?? null, reviewCount: Number(r.review_count ?? 0), status: r.status as RiskStatus,
    overdueDays: r.status === 'controlled' && !r.archived_at ? daysOverdue(r.next_review_day, today) : 0,
    archived: r.archived_at !== null, version: r.version, createdAt: r.created_at,
  };
}

export const { getVisible: getVisibleRisk, get: getRisk } = recordReads('风险点', (db, id) => selectRisks(db).where('r.id', '=', id).executeTakeFirst() as Promise<RiskRow | undefined>, toView);

/** The list's count and page, compiled once per shape (shapedPage): the scope, the filters' values, today and the search pattern are bound. */
const riskPage = shapedPage(['unitId', 'path', 'upper', 'area', 'level', 'status', 'today', 'pattern'], (db, p: BoundScope & {
  archived?: 'true' | 'false'; area?: string; level?: string; status?: string; overdue?: 'true' | 'false'; today?: string; pattern?: string;
}) => {
  const scope = scopeOfBound(p);
  let q = selectRisks(db).where((eb) => inRegisterList(eb, { unitId: 'r.unit_id', path: 'u.path', archivedAt: 'r.archived_at' }, scope, p.archived));
  if (p.area) q = q.where('r.area', '=', p.area as RiskArea);
  if (p.level) q = q.where('r.level', '=', p.level as RiskLevel);
  if (p.status) q = q.where('r.status', '=', p.status as RiskStatus);
  if (p.overdue === 'true') q = q.where('r.status', '=', 'controlled').where('r.next_review_day', '<', p.today!);
  if (p.pattern) {
    const pattern = p.pattern;
    q = q.where((eb) => eb.or([containsPattern('r.description', pattern), containsPattern('r.measures', pattern)]));
  }
  return { q: q as unknown as SelectQueryBuilder<any, any, RiskRow>, order: (q: SelectQueryBuilder<any, any, RiskRow>) => q.orderBy('r.status').orderBy('r.next_review_day').orderBy('r.id') };
});

/** `unshaped`: the page built anew with the request's values, as before shapedPage (the tests compare the two). */
export async function listRisks(db: Database, actor: Actor, query: z.infer<typeof riskQuery>, opts: { unshaped?: boolean } = {}) {
  const scope = await unitScope(db, actor, query);
  return (opts.unshaped ? riskPage.unshaped : riskPage)(db, {
    ...boundScope(scope),
    archived: query.archived, area: query.area, level: query.level, status: query.status, overdue: query.overdue,
    today: query.overdue === 'true' ? shanghaiDay() : undefined, pattern: query.q ? likePattern(query.q) : undefined,
  }, query, (rows) => {
    const today = shanghaiDay();
    return rows.map((r) => toView(r, today));
  });
}

async function checkOwner(db: Database, actor: Actor, unitId: string, personId: string | null) {
  if (!personId) return;
  const p = await getVisiblePerson(db, actor, personId, 'ownerPersonId');
  if (p.unit_id !== unitId) throw errors.validation('责任人应是该单位的人员', 'ownerPersonId');
}

const auditView = (v: RiskView) => ({
  description: v.description, area: v.area, level: v.level, measures: v.measures, ownerPersonName: v.ownerPersonName, reviewMonths: v.reviewMonths,
  nextReviewDay: v.nextReviewDay, status: v.status, archived: v.archived,
});

export async function insertRisk(trx: Database, unitId: string, input: Omit<z.infer<typeof riskCreate>, 'unitId'>) {
  return insertRecord(trx, 'risk_points', {
    unit_id: unitId, description: input.description, area: input.area, level: input.level, measures: input.measures,
    owner_person_id: input.ownerPersonId, review_months: input.reviewMonths, next_review_day: input.nextReviewDay, status: 'controlled',
  });
}

export async function createRisk(db: Database, ctx: ActorCtx, input: z.infer<typeof riskCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkOwner(trx, ctx.actor, unit.id, input.ownerPersonId);
    const row = await insertRisk(trx, unit.id, input);
    const view = await getRisk(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'risk_point', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

export async function updateRisk(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof riskUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRisk(trx, ctx.actor, id), input.version, '该风险点已归档，请先恢复');
    await checkOwner(trx, ctx.actor, before.unit_id, input.ownerPersonId);
    await updateVersioned(trx, 'risk_points', id, input.version, {
      description: input.description, area: input.area, level: input.level, measures: input.measures, owner_person_id: input.ownerPersonId,
      review_months: input.reviewMonths, next_review_day: input.nextReviewDay, status: input.status,
    });
    const after = await getRisk(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'risk_point', entityId: id, unitPath: before.unit_path, before: auditView(toView(before)), after: auditView(after) });
    return after;
  });
}

/** A review updates the risk point in the same transaction: its level, next review day, and whether it is eliminated. */
export async function addReview(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof reviewCreate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRisk(trx, ctx.actor, id), input.version, '该风险点已归档');
    if (before.status === 'eliminated') throw errors.conflict('RISK_ELIMINATED', '该风险已消除，无需复核');
    if (input.day > shanghaiDay()) throw errors.validation('复核日期不能晚于今天', 'day');
    if (before.last_review && input.day < before.last_review) throw errors.validation(`复核日期不能早于上次复核日期(${before.last_review})`, 'day');
    const next = input.eliminated ? null : (input.nextReviewDay ?? addMonths(input.day, before.review_months));
    if (next && next <= input.day) throw errors.validation('下次复核日期应晚于本次复核日期', 'nextReviewDay');
    const row = {
      id: newId(), risk_id: id, day: input.day, result: input.result, level_before: before.level, level_after: input.levelAfter, next_review_day: next,
      reviewer_name: `${ctx.actor.displayName}(${ctx.actor.username})`, created_at: nowIso(),
    };
    await trx.insertInto('risk_reviews').values(row).execute();
    await updateVersioned(trx, 'risk_points', id, input.version, { level: input.levelAfter, status: input.eliminated ? 'eliminated' : 'controlled', next_review_day: next ?? before.next_review_day });
    const after = await getRisk(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'review', entity: 'risk_point', entityId: id, unitPath: before.unit_path, before: { level: before.level, nextReviewDay: before.next_review_day, status: before.status }, after: { level: after.level, nextReviewDay: after.nextReviewDay, status: after.status, result: input.result, day: input.day } });
    return after;
  });
}

export async function listReviews(db: Database, actor: Actor, id: string): Promise<{ items: ReviewView[] }> {
  await getVisibleRisk(db, actor, id);
  const rows = await db.selectFrom('risk_reviews').selectAll().where('risk_id', '=', id).orderBy('day', 'desc').orderBy('created_at', 'desc').execute();
  return {
    items: rows.map((r) => ({
      id: r.id, day: r.day, result: r.result, levelBefore: r.level_before as RiskLevel, levelAfter: r.level_after as RiskLevel,
      nextReviewDay: r.next_review_day, reviewerName: r.reviewer_name, createdAt: r.created_at,
    })),
  };
}

export const setRiskArchived = archiver<RiskRow, RiskView>({
  table: 'risk_points', entity: 'risk_point', noun: '风险点', load: getVisibleRisk, view: (trx, actor, r) => getRisk(trx, actor, r.id),
});

export async function riskHistory(db: Database, actor: Actor, id: string) {
  await getVisibleRisk(db, actor, id);
  return { items: await entityHistory(db, 'risk_point', id) };
}

// --- 重大决策舆情风险评估 ------------------------------------------------------------------

type AssessmentRow = {
  id: string; unit_id: string; subject: string; decision_day: string | null; assessed_day: string; level: string; risks: string; measures: string;
  conclusion: string; assessor: string; archived_at: string | null; version: number; unit_name: string; unit_path: string;
};

function selectAssessments(db: Database) {
  return db
    .selectFrom('risk_assessments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'a.subject', 'a.decision_day', 'a.assessed_day', 'a.level', 'a.risks', 'a.measures', 'a.conclusion', 'a.assessor', 'a.archived_at', 'a.version', 'u.name as unit_name', 'u.path as unit_path']);
}

function toAssessmentView(r: AssessmentRow): AssessmentView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, subject: r.subject, decisionDay: r.decision_day, assessedDay: r.assessed_day,
    level: r.level as RiskLevel, risks: r.risks, measures: r.measures, conclusion: r.conclusion as Conclusion, assessor: r.assessor,
    archived: r.archived_at !== null, version: r.version,
  };
}

export const { getVisible: getVisibleAssessment, get: getAssessment } = recordReads('风险评估', (db, id) => selectAssessments(db).where('a.id', '=', id).executeTakeFirst() as Promise<AssessmentRow | undefined>, toAssessmentView);

export async function listAssessments(db: Database, actor: Actor, query: z.infer<typeof assessmentQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectAssessments(db).where((eb) => inRegisterList(eb, { unitId: 'a.unit_id', path: 'u.path', archivedAt: 'a.archived_at' }, scope, query.archived));
  if (query.conclusion) q = q.where('a.conclusion', '=', query.conclusion);
  if (query.level) q = q.where('a.level', '=', query.level);
  if (query.from) q = q.where('a.assessed_day', '>=', query.from);
  if (query.to) q = q.where('a.assessed_day', '<=', query.to);
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('a.subject', words), contains('a.risks', words)]));
  }
  return pageOf(q, query, (q) => q.orderBy('a.assessed_day', 'desc').orderBy('a.id', 'desc'), (rows) => rows.map((r) => toAssessmentView(r as AssessmentRow)));
}

const assessmentAudit = (v: AssessmentView) => ({ subject: v.subject, decisionDay: v.decisionDay, assessedDay: v.assessedDay, level: v.level, risks: v.risks, measures: v.measures, conclusion: v.conclusion, assessor: v.assessor, archived: v.archived });

export async function createAssessment(db: Database, ctx: ActorCtx, input: z.infer<typeof assessmentCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const row = await insertRecord(trx, 'risk_assessments', {
      unit_id: unit.id, subject: input.subject, decision_day: input.decisionDay, assessed_day: input.assessedDay, level: input.level,
      risks: input.risks, measures: input.measures, conclusion: input.conclusion, assessor: input.assessor,
    });
    const view = toAssessmentView({ ...row, unit_name: unit.name, unit_path: unit.path });
    await writeAudit(trx, ctx, { action: 'create', entity: 'risk_assessment', entityId: row.id, unitPath: unit.path, after: assessmentAudit(view) });
    return view;
  });
}

export async function updateAssessment(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof assessmentUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleAssessment(trx, ctx.actor, id), input.version, '该评估已归档，请先恢复');
    const set = await updateVersioned(trx, 'risk_assessments', id, input.version, {
      subject: input.subject, decision_day: input.decisionDay, assessed_day: input.assessedDay, level: input.level, risks: input.risks,
      measures: input.measures, conclusion: input.conclusion, assessor: input.assessor,
    });
    const after = toAssessmentView({ ...before, ...set });
    await writeAudit(trx, ctx, { action: 'update', entity: 'risk_assessment', entityId: id, unitPath: before.unit_path, before: assessmentAudit(toAssessmentView(before)), after: assessmentAudit(after) });
    return after;
  });
}

export const setAssessmentArchived = archiver<AssessmentRow, AssessmentView>({
  table: 'risk_assessments', entity: 'risk_assessment', noun: '评估', load: getVisibleAssessment, view: (_trx, _actor, r) => toAssessmentView(r),
});

export async function assessmentHistory(db: Database, actor: Actor, id: string) {
  await getVisibleAssessment(db, actor, id);
  return { items: await entityHistory(db, 'risk_assessment', id) };
}
