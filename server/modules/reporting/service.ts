/**
 * Submissions: one per schedule, unit and period. A unit's reporters (any of them) fill, save a
 * draft, attach files and submit, or tap 本期无情况 (a nil report); the receiving unit signs or
 * returns; after the lock the unit asks to reopen. Every step is audited on the submission.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import {
  type Cycle, type FormField, type FormKind, periodKeyLabel, type ReportState, type SubmissionStatus, type SubmissionView, type reopenGrant, type reopenRequest,
  type submissionNil, type submissionOpen, type submissionQuery, type submissionReturn, type submissionSave,
} from '../../../common/reporting';
import type { Database } from '../../db';
import { builtOnce } from '../../db/batch';
import { entityHistory, writeAudit } from '../../platform/audit';
import { WorkCalendar } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { emitEvents } from '../../platform/events';
import { newId, nowIso } from '../../platform/ids';
import { formatShanghaiDateTime, shanghaiDayStartUtc } from '../../platform/period';
import { pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getActiveUnit, unitScope } from '../units/service';
import { inWatchPeriod } from '../watch/periods';
import { asOfInstant, reportedSql, stateOf, stateSql, timelySql } from './figures';
import { REPORTING_EVENTS } from './events';
import { findSchedule } from './schedules';
import { targetUnits } from './targets';
import { rangeOfPeriod, timingOf, validPeriodKey } from './timing';

export type SubmissionRow = {
  id: string; schedule_id: string; unit_id: string; period_key: string; period_from: string; period_to: string; form_version_id: string; opens_at: string;
  due_at: string; locks_at: string | null; status: string; nil: number; values_json: string; first_submitted_at: string | null; submitted_at: string | null;
  submitted_by: string | null; reviewed_at: string | null; reviewed_by: string | null; return_reason: string | null; reopen_reason: string | null;
  reopen_requested_at: string | null; version: number; created_at: string; updated_at: string;
  unit_name: string; unit_path: string; schedule_name: string; schedule_unit_id: string; schedule_unit_name: string; schedule_unit_path: string; cycle: string;
  form_name: string; form_kind: string; version_no: number; fields_json: string;
};

/** Built once per database handle (builtOnce): each list extends it. */
export const selectSubmissions = builtOnce((db: Database) => {
  return db.selectFrom('report_submissions as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .innerJoin('report_schedules as h', 'h.id', 's.schedule_id')
    .innerJoin('units as hu', 'hu.id', 'h.unit_id')
    .innerJoin('report_form_versions as v', 'v.id', 's.form_version_id')
    .innerJoin('report_forms as f', 'f.id', 'v.form_id')
    .selectAll('s')
    .select(['u.name as unit_name', 'u.path as unit_path', 'h.name as schedule_name', 'h.unit_id as schedule_unit_id', 'hu.name as schedule_unit_name', 'hu.path as schedule_unit_path',
      'h.cycle', 'f.name as form_name', 'f.kind as form_kind', 'v.version_no', 'v.fields_json']);
});

const OPEN_STATUSES: SubmissionStatus[] = ['expected', 'draft', 'returned'];

/** Any reporter of the unit; a superior's staff, leaders and admins may also report on a unit's behalf (代报). Liaisons report for their own unit only. */
export function mayEdit(actor: Actor, r: Pick<SubmissionRow, 'unit_id' | 'unit_path'>): boolean {
  if (actor.unitId === r.unit_id) return true;
  return actor.role !== 'liaison' && inSubtree(actor.unitPath, r.unit_path);
}

/** The receiving side: the schedule's unit or one above it, never the reporting unit itself. */
export function mayReview(actor: Actor, r: Pick<SubmissionRow, 'unit_id' | 'schedule_unit_path'>): boolean {
  return actor.unitId !== r.unit_id && inSubtree(actor.unitPath, r.schedule_unit_path) && ['admin', 'leader', 'staff'].includes(actor.role);
}

const isLocked = (r: Pick<SubmissionRow, 'locks_at'>, now: string) => !!r.locks_at && r.locks_at < now;

export function toSubmissionView(r: SubmissionRow, actor: Actor, now = nowIso()): SubmissionView {
  const state: ReportState = stateOf(r, now);
  const open = r.opens_at <= now;
  const locked = isLocked(r, now);
  const editableNow = OPEN_STATUSES.includes(r.status as SubmissionStatus);
  return {
    id: r.id, scheduleId: r.schedule_id, scheduleName: r.schedule_name, scheduleUnitId: r.schedule_unit_id, scheduleUnitName: r.schedule_unit_name, cycle: r.cycle as Cycle,
    unitId: r.unit_id, unitName: r.unit_name, periodKey: r.period_key, periodLabel: periodKeyLabel(r.cycle as Cycle, r.period_key), periodFrom: r.period_from, periodTo: r.period_to,
    formName: r.form_name, formKind: r.form_kind as FormKind, formVersionNo: r.version_no, fields: JSON.parse(r.fields_json) as FormField[],
    values: JSON.parse(r.values_json), status: r.status as SubmissionStatus, nil: r.nil === 1, state, late: !!r.first_submitted_at && r.first_submitted_at > r.due_at,
    opensAt: r.opens_at, dueAt: r.due_at, locksAt: r.locks_at, open, locked, firstSubmittedAt: r.first_submitted_at, submittedAt: r.submitted_at, submittedBy: r.submitted_by,
    reviewedAt: r.reviewed_at, reviewedBy: r.reviewed_by, returnReason: r.return_reason, reopenReason: r.reopen_reason, reopenRequestedAt: r.reopen_requested_at,
    can: {
      edit: editableNow && open && !locked && mayEdit(actor, r),
      review: r.status === 'submitted' && mayReview(actor, r),
      reopen: locked && editableNow && mayReview(actor, r),
      requestReopen: locked && editableNow && mayEdit(actor, r),
    },
    version: r.version,
  };
}

export async function getVisibleSubmission(db: Database, actor: Actor, id: string): Promise<SubmissionRow> {
  return visibleRow((await selectSubmissions(db).where('s.id', '=', id).executeTakeFirst()) as SubmissionRow | undefined, actor, '报告');
}

export async function getSubmission(db: Database, actor: Actor, id: string) {
  return toSubmissionView(await getVisibleSubmission(db, actor, id), actor);
}

export async function listSubmissions(db: Database, actor: Actor, query: z.infer<typeof submissionQuery>) {
  const now = nowIso();
  let q = selectSubmissions(db);
  if (query.view === 'mine') {
    q = q.where('s.unit_id', '=', actor.unitId).where('s.opens_at', '<=', now).where((eb) => eb.or([eb('s.status', 'in', OPEN_STATUSES), eb('s.updated_at', '>=', new Date(Date.now() - 40 * 86_400_000).toISOString())]));
  } else {
    const scope = await unitScope(db, actor, query);
    q = q.where((eb) => ('unitId' in scope ? eb('s.unit_id', '=', scope.unitId) : inSubtreeOf(eb, 'u.path', scope.path)));
  }
  if (query.view === 'toSign') {
    q = q.where('s.status', '=', 'submitted').where('s.unit_id', '!=', actor.unitId).where((eb) => inSubtreeOf(eb, 'hu.path', actor.unitPath));
  }
  if (query.view === 'reopen') {
    q = q.where('s.reopen_requested_at', 'is not', null).where('s.unit_id', '!=', actor.unitId).where((eb) => inSubtreeOf(eb, 'hu.path', actor.unitPath));
  }
  q = q.where('h.archived_at', 'is', null);
  if (query.scheduleId) q = q.where('s.schedule_id', '=', query.scheduleId);
  if (query.periodKey) q = q.where('s.period_key', '=', query.periodKey);
  if (query.from) q = q.where('s.due_at', '>=', shanghaiDayStartUtc(query.from));
  if (query.to) q = q.where('s.due_at', '<', shanghaiDayStartUtc(query.to, 1));
  const at = query.to ? asOfInstant({ to: query.to }) : now;
  if (query.state) q = q.where(stateSql(query.state, at));
  if (query.reported === 'true') q = q.where(reportedSql(at));
  if (query.timely === 'true') q = q.where(timelySql(at));
  const order = sql`case when s.status in ('expected', 'draft', 'returned') then 0 else 1 end`;
  return pageOf(q, query, (q) => (query.view === 'mine' ? q.orderBy(order).orderBy('s.due_at').orderBy('s.id') : q.orderBy('s.period_to', 'desc').orderBy('u.path').orderBy('s.id')), (rows) => (rows as SubmissionRow[]).map((r) => toSubmissionView(r, actor, now)));
}

/**
 * The unit's submission of a period, created now if the scheduler has not yet: refused for a
 * unit outside the schedule, a period that is not one of the schedule's, or one not yet open.
 */
export async function openSubmission(db: Database, ctx: ActorCtx, scheduleId: string, input: z.infer<typeof submissionOpen>) {
  const calendar = await WorkCalendar.load(db);
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const s = await findSchedule(trx, scheduleId);
    if (!s) throw errors.notFound('报送安排');
    if (s.archived_at) throw errors.conflict('ARCHIVED', '该报送安排已归档');
    if (!mayEdit(ctx.actor, { unit_id: unit.id, unit_path: unit.path })) throw errors.forbidden('联络员只能为本单位报送');
    if (!(await targetUnits(trx, s)).some((u) => u.id === unit.id)) throw errors.validation(`${unit.name}不在“${s.name}”的报送范围内`, 'unitId');
    if (!validPeriodKey(s, input.periodKey)) throw errors.validation(`报送期“${input.periodKey}”不是该安排的报送期`, 'periodKey');
    const existing = await trx.selectFrom('report_submissions').select('id').where('schedule_id', '=', s.id).where('unit_id', '=', unit.id).where('period_key', '=', input.periodKey).executeTakeFirst();
    if (existing) return getSubmission(trx, ctx.actor, existing.id);
    const range = rangeOfPeriod(s, input.periodKey);
    const t = timingOf(s, range, calendar);
    const now = nowIso();
    if (t.opensAt > now) throw errors.validation(`${periodKeyLabel(s.cycle as Cycle, input.periodKey)}的报送尚未开始(${formatShanghaiDateTime(t.opensAt)} 开放)`, 'periodKey');
    if (s.watch_only && !(await inWatchPeriod(trx, unit.id, range.from))) throw errors.validation(`${range.from}不在${unit.name}的敏感时期内，无需报送日报`, 'periodKey');
    const form = await trx.selectFrom('report_forms').select('current_version_id').where('id', '=', s.form_id).executeTakeFirstOrThrow();
    const id = newId();
    await trx.insertInto('report_submissions').values({
      id, schedule_id: s.id, unit_id: unit.id, unit_path: unit.path, period_key: input.periodKey, period_from: range.from, period_to: range.to, form_version_id: form.current_version_id,
      opens_at: t.opensAt, due_at: t.dueAt, locks_at: t.locksAt, status: 'expected', nil: 0, values_json: '{}', first_submitted_at: null, submitted_at: null, submitted_by: null,
      reviewed_at: null, reviewed_by: null, return_reason: null, reopen_reason: null, reopen_requested_at: null, version: 0, created_at: now, updated_at: now,
    }).onConflict((oc) => oc.columns(['schedule_id', 'unit_id', 'period_key']).doNothing()).execute();
    const row = await trx.selectFrom('report_submissions').select('id').where('schedule_id', '=', s.id).where('unit_id', '=', unit.id).where('period_key', '=', input.periodKey).executeTakeFirstOrThrow();
    return getSubmission(trx, ctx.actor, row.id);
  });
}

/** The checks before a unit writes: its own (or 代报), still open to it, window open, not locked, at the version seen. */
function editableSubmission(r: SubmissionRow, actor: Actor, version: number, now: string): SubmissionRow {
  if (!mayEdit(actor, r)) throw errors.forbidden('联络员只能为本单位报送');
  if (r.version !== version) throw errors.stale();
  if (r.status === 'submitted' || r.status === 'signed') throw errors.conflict('ALREADY_SUBMITTED', r.status === 'signed' ? '本期报告已签收，不能再修改' : '本期报告已报送；如需修改请联系上级退回');
  if (r.opens_at > now) throw errors.conflict('NOT_OPEN', `本期报送尚未开始(${formatShanghaiDateTime(r.opens_at)} 开放)`);
  if (isLocked(r, now)) throw errors.conflict('LOCKED', `本期报送已于 ${formatShanghaiDateTime(r.locks_at!)} 锁定，请向上级申请重新开放`);
  return r;
}

/**
 * Attaching a file to (or removing one from) a submission: the same check as submitting — the
 * unit's own reporters or 代报 from above (never a liaison of another unit), while the report is
 * still open to the unit. Throws the reason; true when allowed (the attachable's `writableBy`).
 */
export async function mayAttach(db: Database, actor: Actor, id: string): Promise<boolean> {
  const r = await db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 'u.path as unit_path', 's.status', 's.opens_at', 's.locks_at', 's.version']).where('s.id', '=', id).executeTakeFirst();
  if (!r) return false;
  editableSubmission(r as SubmissionRow, actor, r.version, nowIso());
  return true;
}

const isEmpty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** The values as stored: numbers as numbers, each checked against its field; `final` also requires the required ones. */
export function checkValues(fields: FormField[], values: Record<string, string | number | null>, final: boolean, attachments: number): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const f of fields) {
    const v = values[f.key];
    const field = `values.${f.key}`;
    if (f.type === 'attachment') {
      if (final && f.required && attachments === 0) throw errors.validation(`请上传“${f.label}”`, field);
      continue;
    }
    if (isEmpty(v)) {
      if (final && f.required) throw errors.validation(`请填写“${f.label}”`, field);
      continue;
    }
    switch (f.type) {
      case 'number': {
        const n = typeof v === 'number' ? v : Number(String(v).trim());
        if (!Number.isFinite(n) || (typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v.trim()))) throw errors.validation(`“${f.label}”应填写数字`, field);
        if (n < 0) throw errors.validation(`“${f.label}”不能为负数`, field);
        out[f.key] = n;
        break;
      }
      case 'text': {
        const s = String(v).trim();
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)) throw errors.validation(`“${f.label}”不能包含不可见的控制字符`, field);
        if (s.length > 20000) throw errors.validation(`“${f.label}”不能超过 20000 个字`, field);
        out[f.key] = s;
        break;
      }
      case 'choice':
        if (!f.options?.includes(String(v))) throw errors.validation(`“${f.label}”的取值无效`, field);
        out[f.key] = String(v);
        break;
      case 'date': {
        const s = String(v);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) throw errors.validation(`“${f.label}”应为 YYYY-MM-DD 格式的日期`, field);
        out[f.key] = s;
        break;
      }
    }
  }
  return out;
}

async function attachmentCount(db: Database, id: string): Promise<number> {
  const r = await db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).where('entity', '=', 'report_submission').where('entity_id', '=', id).where('archived_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

const who = (actor: Actor) => `${actor.displayName}(${actor.username})`;

async function step(trx: Database, ctx: ActorCtx, before: SubmissionRow, action: string, changes: Parameters<typeof updateVersioned<'report_submissions', Record<string, unknown>>>[4], extra: Record<string, unknown> = {}) {
  await updateVersioned(trx, 'report_submissions', before.id, before.version, changes as never);
  const after = await getSubmission(trx, ctx.actor, before.id);
  await writeAudit(trx, ctx, {
    action, entity: 'report_submission', entityId: before.id, unitPath: before.unit_path,
    before: { status: before.status, nil: before.nil === 1, values: JSON.parse(before.values_json) },
    after: { status: after.status, nil: after.nil, values: after.values, ...extra },
  });
  return after;
}

export async function saveDraft(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof submissionSave>) {
  return inTx(db, async (trx) => {
    const now = nowIso();
    const r = editableSubmission(await getVisibleSubmission(trx, ctx.actor, id), ctx.actor, input.version, now);
    const { fields } = { fields: JSON.parse(r.fields_json) as FormField[] };
    const values = checkValues(fields, input.values, false, 0);
    return step(trx, ctx, r, 'save', { values_json: JSON.stringify(values), status: r.status === 'returned' ? 'returned' : 'draft' });
  });
}

export async function submit(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof submissionSave>) {
  return inTx(db, async (trx) => {
    const now = nowIso();
    const r = editableSubmission(await getVisibleSubmission(trx, ctx.actor, id), ctx.actor, input.version, now);
    const values = checkValues(JSON.parse(r.fields_json) as FormField[], input.values, true, await attachmentCount(trx, id));
    const late = (r.first_submitted_at ?? now) > r.due_at;
    return step(trx, ctx, r, r.status === 'returned' ? 'resubmit' : 'submit', {
      values_json: JSON.stringify(values), status: 'submitted', nil: 0, first_submitted_at: r.first_submitted_at ?? now, submitted_at: now, submitted_by: who(ctx.actor),
    }, { late, onBehalf: ctx.actor.unitId !== r.unit_id ? ctx.actor.unitName : undefined });
  });
}

/** 本期无情况: one tap, stored as a nil report (its own state, never counted as missing). */
export async function submitNil(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof submissionNil>) {
  return inTx(db, async (trx) => {
    const now = nowIso();
    const r = editableSubmission(await getVisibleSubmission(trx, ctx.actor, id), ctx.actor, input.version, now);
    const values = input.note ? { note: input.note } : {};
    const late = (r.first_submitted_at ?? now) > r.due_at;
    return step(trx, ctx, r, 'nil', {
      values_json: JSON.stringify(values), status: 'submitted', nil: 1, first_submitted_at: r.first_submitted_at ?? now, submitted_at: now, submitted_by: who(ctx.actor),
    }, { late });
  });
}

function reviewable(r: SubmissionRow, actor: Actor, version: number) {
  if (!mayReview(actor, r)) throw errors.forbidden('只有接收报告的上级单位可以签收或退回');
  if (r.version !== version) throw errors.stale();
  if (r.status !== 'submitted') throw errors.conflict('NOT_SUBMITTED', r.status === 'signed' ? '该报告已签收' : r.status === 'returned' ? '该报告已退回，等待重新报送' : '该报告尚未报送');
  return r;
}

export async function sign(db: Database, ctx: ActorCtx, id: string, input: { version: number }) {
  return inTx(db, async (trx) => {
    const r = reviewable(await getVisibleSubmission(trx, ctx.actor, id), ctx.actor, input.version);
    return step(trx, ctx, r, 'receive', { status: 'signed', reviewed_at: nowIso(), reviewed_by: who(ctx.actor) });
  });
}

/** 退回 with a reason; a lock that would fall within three days moves so the unit can correct. */
export async function returnSubmission(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof submissionReturn>) {
  return inTx(db, async (trx) => {
    const r = reviewable(await getVisibleSubmission(trx, ctx.actor, id), ctx.actor, input.version);
    const minLock = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const now = nowIso();
    const after = await step(trx, ctx, r, 'return', {
      status: 'returned', return_reason: input.reason, reviewed_at: now, reviewed_by: who(ctx.actor), locks_at: r.locks_at && r.locks_at < minLock ? minLock : r.locks_at,
    }, { reason: input.reason });
    // The unit's reporters hear at once: the bell and the unit's group robots, in this transaction.
    const what = `${r.schedule_name}(${periodKeyLabel(r.cycle as Cycle, r.period_key)})`;
    await emitEvents(trx, {
      kind: REPORTING_EVENTS.returned, unitId: r.unit_id, roles: ['liaison', 'staff'], title: `${ctx.actor.unitName}退回了${what}：${input.reason}`,
      subject: what, link: `/reporting/submissions/${r.id}`, key: `reporting:${r.id}:returned:${after.version}`, dueAt: after.locksAt,
    }, now);
    return after;
  });
}

export async function requestReopen(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof reopenRequest>) {
  return inTx(db, async (trx) => {
    const r = await getVisibleSubmission(trx, ctx.actor, id);
    if (!mayEdit(ctx.actor, r)) throw errors.forbidden('联络员只能为本单位报送');
    if (!OPEN_STATUSES.includes(r.status as SubmissionStatus)) throw errors.conflict('ALREADY_SUBMITTED', '本期报告已报送');
    if (!isLocked(r, nowIso())) throw errors.conflict('NOT_LOCKED', '本期报送尚未锁定，可以直接报送');
    return step(trx, ctx, r, 'reopen_request', { reopen_reason: input.reason, reopen_requested_at: nowIso() }, { reason: input.reason });
  });
}

export async function grantReopen(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof reopenGrant>) {
  return inTx(db, async (trx) => {
    const r = await getVisibleSubmission(trx, ctx.actor, id);
    if (!mayReview(ctx.actor, r)) throw errors.forbidden('只有接收报告的上级单位可以重新开放');
    if (r.version !== input.version) throw errors.stale();
    if (!isLocked(r, nowIso()) || !OPEN_STATUSES.includes(r.status as SubmissionStatus)) throw errors.conflict('NOT_LOCKED', '该报告未锁定，无需重新开放');
    const until = new Date(Date.now() + input.days * 86_400_000).toISOString();
    return step(trx, ctx, r, 'reopen', { locks_at: until, reopen_requested_at: null }, { reopenedUntil: until, reason: r.reopen_reason });
  });
}

export async function submissionHistory(db: Database, actor: Actor, id: string) {
  await getVisibleSubmission(db, actor, id);
  return { items: await entityHistory(db, 'report_submission', id) };
}

/**
 * 汇总: each summable number field of the submissions below the unit for the same schedule and
 * period, summed into the unit's own. Only the nearest reporting units count (a township's own
 * total already holds its villages'), so nothing is counted twice; each sum lists its sources.
 */
export async function consolidation(db: Database, actor: Actor, id: string) {
  const r = await getVisibleSubmission(db, actor, id);
  const fields = (JSON.parse(r.fields_json) as FormField[]).filter((f) => f.type === 'number' && f.summable);
  const below = await db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 'u.name', 's.unit_path as path', 's.values_json', 's.nil', 's.status'])
    .where('s.schedule_id', '=', r.schedule_id).where('s.period_key', '=', r.period_key)
    .where((eb) => inSubtreeOf(eb, 's.unit_path', r.unit_path)).where('s.unit_id', '!=', r.unit_id)
    .orderBy('s.unit_path').execute();
  const reported = below.filter((b) => b.status === 'submitted' || b.status === 'signed');
  const all = new Set(below.map((b) => b.path));
  // Nearest: no expected unit between the consolidating unit and this one.
  const nearest = reported.filter((b) => ![...all].some((p) => p !== b.path && b.path.startsWith(p) && p.startsWith(r.unit_path) && p !== r.unit_path));
  return {
    sources: nearest.length,
    expectedBelow: below.filter((b) => ![...all].some((p) => p !== b.path && b.path.startsWith(p))).length,
    fields: fields.map((f) => {
      const items = nearest.map((b) => ({ submissionId: b.id, unitId: b.unit_id, unitName: b.name, nil: b.nil === 1, value: b.nil ? 0 : Number((JSON.parse(b.values_json) as Record<string, unknown>)[f.key] ?? 0) }));
      return { key: f.key, label: f.label, total: items.reduce((a, b) => a + b.value, 0), items };
    }),
  };
}
