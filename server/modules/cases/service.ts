/**
 * The handling flow of an event: 登记 → 研判 → 交办 → 核实 → 处置与回应 → 办结 (a leader
 * approves from 较大 up) → 回访, with 退回, 督办, 直报 and 批示. Every step writes a timeline
 * row and an audit row in the same transaction as the change.
 */
import type { z } from 'zod';
import {
  CASE_STEP_LABELS, EVENT_STATUSES, isMajorOrAbove, type assignBody, type CaseLevel, type CaseReportView, type CaseSource,
  type CaseStep, type caseCreate, type closeBody, type EventDetailView, type EventStatus,
  type EventView, type firstInfoBody, type followUpBody, type FollowupResult, type instructBody, type pauseBody, type rejectCloseBody,
  type approveReplyBody, type respondBody, type returnBody, type returnReplyBody, type superviseBody, type triageBody, type VerificationResult, type verifyBody,
} from '../../../common/cases';
import { permits } from '../../../common/platform';
import type { Database } from '../../db';
import { hotStatement, placeholders } from '../../db/batch';
import type { CaseEventTable } from '../../db/schema';
import { writeAudit } from '../../platform/audit';
import { openText } from '../../platform/personal-data';
import { endOfShanghaiDay, shanghaiDay, WorkCalendar } from '../../platform/calendar';
import { shanghaiDayStartUtc } from '../../platform/period';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { inSubtree } from '../../platform/scope';
import { updateVersioned } from '../../platform/records';
import { inTx, updatedRows } from '../../platform/tx';
import { getActiveUnit } from '../units/service';
import { announceStep } from './events';
import { intake, removeEventBands, rescopeFts } from './intake';
import { isLateEntry, type LateEntryInput, stepTime } from './late-entry';
import { isOpen, onHandlingChain, onOwnerSide, refusals } from './policy';
import { type EventRow, getVisibleEvent, selectEvents } from './rows';
import { replyApprovalBy } from './reply-approval';
import { clockViews, computeDues, DUE_COLUMN, getCaseSettings } from './settings';

// Reads that live in their own files, exported here as before for routes and other modules.
export { listDirectReports } from './direct-reports';
export { eventRecord } from './record';
export { type EventRow, getVisibleEvent } from './rows';
export { listEvents } from './search';

const OPEN_STATUSES = EVENT_STATUSES.filter((s) => s !== 'closed');

function toView(e: EventRow, actor: Actor, policy: Awaited<ReturnType<typeof getCaseSettings>>['sla'], sources: Partial<Record<CaseSource, number>>, directReportUnit: boolean): EventView {
  const clocks = clockViews(e, policy);
  const now = nowIso();
  // 超期 as the list's overdue filter reads it: the level's clocks and supervision (the 研判 clock is shown, and reminded, on its own).
  const overdue = clocks.some((c) => c.key !== 'triage' && c.state === 'overdue') || (!!e.supervise_due_at && isOpen(e) && now > e.supervise_due_at);
  return {
    id: e.id, unitId: e.unit_id, unitName: e.unit_name, handlingUnitId: e.handling_unit_id, handlingUnitName: e.handling_name,
    assignedByUnitName: e.assigned_by_name, title: e.title, summary: e.summary, level: e.level as CaseLevel | null, category: e.category,
    status: e.status as EventStatus, reportCount: e.report_count, sources, firstReceivedAt: e.first_received_at, triagedAt: e.triaged_at,
    pausedAt: e.paused_at, pauseReason: e.pause_reason, superviseDueAt: e.supervise_due_at,
    verificationResult: e.verification_result as VerificationResult | null, verificationNote: e.verification_note, measures: e.measures,
    publicReply: e.public_reply, replyDraft: e.reply_draft, replyDraftByName: e.reply_draft_by_name, replyDraftAt: e.reply_draft_at, respondedAt: e.responded_at, closedAt: e.closed_at, closeNote: e.close_note, approvedByName: e.approved_by_name,
    followupResult: e.followup_result as FollowupResult | null, followupNote: e.followup_note, clocks, overdue,
    archived: e.archived_at !== null, version: e.version,
    ...permits(refusals(actor, e, directReportUnit)),
  };
}

/** The page's follow-up reads, run on every list request: written as SQL (one text per page length), no query built per request. */
const sourceCounts = hotStatement<{ event_id: string; source: string; n: number | string }>(
  (n) => `select event_id, source, count(*) as n from cases where event_id in (${placeholders(n)}) group by event_id, source`,
);
const directReportsTo = hotStatement<{ event_id: string }>(
  (n) => `select event_id from case_direct_reports where unit_id = ? and event_id in (${placeholders(n)})`,
);

async function sourcesOf(db: Database, eventIds: string[]) {
  const out = new Map<string, Partial<Record<CaseSource, number>>>();
  if (!eventIds.length) return out;
  const rows = await sourceCounts(db, eventIds, eventIds.length);
  for (const r of rows) {
    const m = out.get(r.event_id) ?? {};
    m[r.source as CaseSource] = Number(r.n);
    out.set(r.event_id, m);
  }
  return out;
}

async function directReportUnits(db: Database, actor: Actor, eventIds: string[]) {
  if (!eventIds.length) return new Set<string>();
  const rows = await directReportsTo(db, [actor.unitId, ...eventIds], eventIds.length);
  return new Set(rows.map((r) => r.event_id));
}

export async function views(db: Database, actor: Actor, rows: EventRow[]): Promise<EventView[]> {
  const ids = rows.map((r) => r.id);
  const [settings, sources, direct] = await Promise.all([getCaseSettings(db), sourcesOf(db, ids), directReportUnits(db, actor, ids)]);
  return rows.map((r) => toView(r, actor, settings.sla, sources.get(r.id) ?? {}, direct.has(r.id)));
}


function reportView(r: any, actor: Actor, e: EventRow): CaseReportView {
  // The submitter's contact is for the reply: shown to the handling chain and the owner side only.
  const mayContact = onOwnerSide(actor, e) || onHandlingChain(actor, e);
  return {
    id: r.id, source: r.source, via: r.via, unitId: r.unit_id, unitName: r.unit_name, channel: r.channel, url: r.url, title: r.title,
    content: r.content, receivedAt: r.received_at, contact: mayContact ? openText(r.contact) : null, trackingCode: r.tracking_code,
    distance: r.distance, createdByName: r.created_by_name,
  };
}

export async function getEventDetail(db: Database, actor: Actor, id: string, o: { afterOwnStep?: boolean } = {}): Promise<EventDetailView> {
  const e = o.afterOwnStep ? ((await selectEvents(db).where('e.id', '=', id).executeTakeFirstOrThrow()) as EventRow) : await getVisibleEvent(db, actor, id);
  const [view] = await views(db, actor, [e]);
  const reports = await db.selectFrom('cases as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.name as unit_name')
    .where('c.event_id', '=', id).orderBy('c.received_at').execute();
  const steps = await db.selectFrom('case_steps').selectAll().where('event_id', '=', id).orderBy('at').orderBy('id').execute();
  const reportViews = reports.map((r) => reportView(r, actor, e));
  // Reading a citizen's contact is itself recorded (who saw whose contact, when).
  const shown = reportViews.filter((r) => r.contact).map((r) => r.id);
  if (shown.length) {
    await inTx(db, (trx) => writeAudit(trx, { actor, requestId: null, ip: null }, { action: 'contact_read', entity: 'case_event', entityId: id, unitPath: e.unit_path ?? null, after: { caseIds: shown } }));
  }
  const direct = await db.selectFrom('case_direct_reports as d').innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.unit_id', 'u.name', 'u.depth', 'd.sent_at', 'd.read_at', 'd.read_by_name']).where('d.event_id', '=', id).orderBy('u.depth', 'desc').execute();
  const approval = await replyApprovalBy(db, e.handling_path);
  return {
    ...view,
    replyApproval: approval?.unitName ?? null,
    reports: reportViews,
    steps: steps.map((s) => ({
      id: s.id, step: s.step as CaseStep, label: CASE_STEP_LABELS[s.step as CaseStep] ?? s.step, at: s.at, actorName: s.actor_name,
      actorUnitName: s.actor_unit_name, comment: s.comment, data: s.data ? JSON.parse(s.data) : null,
      enteredAt: s.entered_at ?? s.at, lateEntered: isLateEntry(s.at, s.entered_at), lateReason: s.late_reason,
    })),
    directReports: direct.map((d) => ({ unitId: d.unit_id, unitName: d.name, sentAt: d.sent_at, readAt: d.read_at, readByName: d.read_by_name })),
  };
}

// ---------------------------------------------------------------------------------------------
// Writes

export async function registerCase(db: Database, ctx: ActorCtx, input: z.infer<typeof caseCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const receivedAt = new Date(Date.parse(input.receivedAt)).toISOString();
    if (receivedAt > new Date(Date.now() + 5 * 60_000).toISOString()) throw errors.validation('收到时间不能晚于现在', 'receivedAt');
    return intake(trx, ctx, {
      unit, source: input.source, via: 'staff', receivedAt, title: input.title, content: input.content,
      channel: input.channel, url: input.url, contact: input.contact,
    });
  });
}

type Change = Partial<Omit<CaseEventTable, 'id' | 'version'>>;

/**
 * Loads the event, checks the version the form was loaded with and the rule of the step,
 * applies the change, writes the timeline row and the audit row, in one transaction.
 */
async function step(
  db: Database, ctx: ActorCtx, id: string, version: number | null, kind: CaseStep,
  decide: (e: EventRow, trx: Database, at: string) => Promise<{ change: Change; comment?: string | null; data?: Record<string, unknown>; refusal?: string | null; then?: { step: CaseStep; comment: string; data?: unknown }[]; as?: CaseStep }>,
  late: LateEntryInput = {},
): Promise<EventDetailView> {
  await inTx(db, async (trx) => {
    const e = await getVisibleEvent(trx, ctx.actor, id);
    if (version !== null && e.version !== version) throw errors.stale();
    const now = nowIso();
    // `at`: when the step happened (补录: earlier than now); what it stamps on the event and its clocks use it.
    const { at, lateReason } = late.happenedAt ? await stepTime(trx, e, late, now, (await getCaseSettings(trx)).lateEntryReasonHours) : { at: now, lateReason: null };
    const { change, comment, data, refusal, then, as } = await decide(e, trx, at);
    const stepKind = as ?? kind;
    if (refusal) throw errors.forbidden(refusal);
    if (Object.keys(change).length || version !== null) {
      // The handler's path copy follows the handling unit (Module.unitPathCopies; not audited, it is derived).
      const handlerPath = change.handling_unit_id && change.handling_unit_id !== e.handling_unit_id
        ? { handler_path: (await trx.selectFrom('units').select('path').where('id', '=', change.handling_unit_id).executeTakeFirstOrThrow()).path }
        : {};
      await updateVersioned(trx, 'case_events', id, e.version, { ...change, ...handlerPath, updated_at: now });
      // … and so does the search row's scope (search.ts: a subtree's search matches its handling units).
      if (handlerPath.handler_path) await rescopeFts(trx, id, handlerPath.handler_path);
    }
    const stepId = newId();
    await trx.insertInto('case_steps').values({
      id: stepId, event_id: id, step: stepKind, at, actor_name: ctx.actor.displayName, actor_unit_id: ctx.actor.unitId,
      actor_unit_name: ctx.actor.unitName, comment: comment ?? null, data: data ? JSON.stringify(data) : null, entered_at: now, late_reason: lateReason,
    }).execute();
    // Consequences of the step (直报 after a triage) follow it on the timeline; ids are time-ordered.
    for (const t of then ?? []) {
      await trx.insertInto('case_steps').values({
        id: newId(), event_id: id, step: t.step, at, actor_name: '系统', actor_unit_id: e.unit_id, actor_unit_name: e.unit_name,
        comment: t.comment, data: t.data ? JSON.stringify(t.data) : null, entered_at: now, late_reason: null,
      }).execute();
    }
    // Whoever must act next hears of it now, in this transaction (cases/events.ts).
    await announceStep(trx, e, stepKind, change, { ...data, note: comment }, then ?? [], now, stepId);
    const when = isLateEntry(at, now) ? { happenedAt: at, enteredAt: now, lateReason } : {};
    await writeAudit(trx, ctx, { action: `case.${stepKind}`, entity: 'case_event', entityId: id, unitPath: e.unit_path, before: pick(e, change), after: { ...change, comment, ...when } });
  });
  // A unit that has just returned an assignment no longer sees the event; it still gets the outcome.
  return getEventDetail(db, ctx.actor, id, { afterOwnStep: true });
}

function pick(e: EventRow, change: Change) {
  return Object.fromEntries(Object.keys(change).map((k) => [k, (e as any)[k]]));
}

async function ancestorsOf(trx: Database, path: string) {
  const ids = path.split('/').filter(Boolean).slice(0, -1);
  if (!ids.length) return [];
  return trx.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function triage(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof triageBody>) {
  return step(db, ctx, id, input.version, 'triage', async (e, trx, at) => {
    const refusal = refusals(ctx.actor, e, false).triage;
    if (refusal) return { change: {}, refusal };
    const settings = await getCaseSettings(trx);
    if (!settings.categories.includes(input.category)) throw errors.validation('分类不在设置的分类列表中', 'category');
    const handling = await getActiveUnit(trx, ctx.actor, input.handlingUnitId, 'handlingUnitId');
    if (!inSubtree(e.unit_path, handling.path)) throw errors.validation(`责任单位应为${e.unit_name}或其下级单位`, 'handlingUnitId');
    const calendar = await WorkCalendar.load(trx);
    const dues = computeDues(calendar, settings.sla, input.level, e.first_received_at, Number(e.paused_ms));
    const handlingChanged = handling.id !== e.handling_unit_id;
    const change: Change = { level: input.level, category: input.category, triage_note: input.note, triaged_at: e.triaged_at ?? at, ...dues };
    if (e.status === 'registered' || handlingChanged) change.status = handling.id === e.unit_id ? 'triaged' : 'assigned';
    if (handlingChanged) {
      change.handling_unit_id = handling.id;
      change.assigned_by_unit_id = handling.id === e.unit_id ? null : e.unit_id;
      change.verification_result = null;
      change.verification_note = null;
    }
    // 直报: 较大 and above reach every superior unit at once, read receipts pending.
    let reportedTo: string[] = [];
    const then: { step: CaseStep; comment: string; data?: unknown }[] = [];
    if (isMajorOrAbove(input.level)) {
      const ancestors = await ancestorsOf(trx, e.unit_path);
      const existing = new Set((await trx.selectFrom('case_direct_reports').select('unit_id').where('event_id', '=', id).execute()).map((r) => r.unit_id));
      const fresh = ancestors.filter((a) => !existing.has(a.id));
      if (fresh.length) await trx.insertInto('case_direct_reports').values(fresh.map((a) => ({ id: newId(), event_id: id, unit_id: a.id, sent_at: at, read_at: null, read_by_name: null }))).execute();
      reportedTo = fresh.map((a) => a.name);
      if (!e.reported_up_at && ancestors.length) change.reported_up_at = at;
      if (fresh.length) then.push({ step: 'direct_report', comment: `已直报：${reportedTo.join('、')}`, data: { units: fresh.map((a) => a.id) } });
    }
    // A top-level unit has nobody above to report to: its report clock does not apply.
    if (!(await ancestorsOf(trx, e.unit_path)).length) change[DUE_COLUMN.report_up] = null;
    return {
      change, comment: input.note, then,
      data: { level: input.level, category: input.category, handlingUnitId: handling.id, handlingUnitName: handling.name },
    };
  }, input);
}

export async function assign(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof assignBody>) {
  return step(db, ctx, id, input.version, 'assign', async (e, trx) => {
    const refusal = refusals(ctx.actor, e, false).assign;
    if (refusal) return { change: {}, refusal };
    const target = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    if (target.id === e.handling_unit_id || !inSubtree(e.handling_path, target.path)) throw errors.validation(`只能交办给${e.handling_name}的下级单位`, 'unitId');
    return {
      change: { handling_unit_id: target.id, assigned_by_unit_id: e.handling_unit_id, status: 'assigned', verification_result: null, verification_note: null },
      comment: input.note, data: { from: e.handling_unit_id, fromName: e.handling_name, to: target.id, toName: target.name },
    };
  });
}

export async function returnEvent(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof returnBody>) {
  return step(db, ctx, id, input.version, 'return', async (e, trx) => {
    const refusal = refusals(ctx.actor, e, false).return;
    if (refusal) return { change: {}, refusal };
    const back = e.assigned_by_unit_id!;
    // Who had sent it to the unit it now goes back to: the assignment before, from the timeline.
    const prior = await trx.selectFrom('case_steps').select('data').where('event_id', '=', id).where('step', '=', 'assign').orderBy('at', 'desc').orderBy('id', 'desc').execute();
    const before = prior.map((p) => JSON.parse(p.data ?? '{}')).find((d) => d.to === back);
    const assignedBy = back === e.unit_id ? null : before?.from ?? e.unit_id;
    return {
      change: { handling_unit_id: back, assigned_by_unit_id: assignedBy, status: assignedBy ? 'assigned' : 'triaged' },
      comment: input.reason, data: { from: e.handling_unit_id, fromName: e.handling_name, to: back, toName: e.assigned_by_name },
    };
  });
}

export async function verify(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof verifyBody>) {
  return step(db, ctx, id, input.version, 'verify', async (e) => {
    const refusal = refusals(ctx.actor, e, false).verify;
    return { change: { verification_result: input.result, verification_note: input.note, status: 'verified' }, comment: input.note, data: { result: input.result }, refusal };
  }, input);
}

export async function firstInfo(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof firstInfoBody>) {
  return step(db, ctx, id, input.version, 'first_info', async (e, trx, at) => {
    const refusal = refusals(ctx.actor, e, false).firstInfo;
    // Where replies need a second person's approval, the first information is recorded but not shown to the citizen.
    const shown = !e.public_reply && !(await replyApprovalBy(trx, e.handling_path));
    return {
      change: { first_info_at: e.first_info_at ?? at, ...(shown ? { public_reply: input.text } : {}) },
      comment: input.text, refusal,
    };
  }, input);
}

const NO_DRAFT = { reply_draft: null, reply_draft_by: null, reply_draft_by_name: null, reply_draft_at: null } as const;

/**
 * 处置与回应. Where the unit (or one above it) requires a second person's approval of public
 * replies, the reply is kept as a draft (答复送审) that the citizen does not see; the measures are
 * saved. Otherwise the reply is published at once.
 */
export async function respond(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof respondBody>) {
  return step(db, ctx, id, input.version, 'respond', async (e, trx, at) => {
    const refusal = refusals(ctx.actor, e, false).respond;
    if (refusal) return { change: {}, refusal };
    const rule = await replyApprovalBy(trx, e.handling_path);
    if (rule) {
      return {
        as: 'reply_draft',
        change: { measures: input.measures, reply_draft: input.publicReply, reply_draft_by: ctx.actor.accountId, reply_draft_by_name: ctx.actor.displayName, reply_draft_at: at },
        comment: input.publicReply, data: { measures: input.measures, requiredBy: rule.unitName },
      };
    }
    return {
      change: { measures: input.measures, public_reply: input.publicReply, responded_at: e.responded_at ?? at, first_info_at: e.first_info_at ?? at, status: 'responded', ...NO_DRAFT },
      comment: input.publicReply, data: { measures: input.measures },
    };
  }, input);
}

/** A second person approves the draft reply: it is published to the citizen and the event counts as responded. */
export async function approveReply(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof approveReplyBody>) {
  return step(db, ctx, id, input.version, 'approve_reply', async (e, _trx, at) => {
    const refusal = refusals(ctx.actor, e, false).approveReply;
    if (refusal) return { change: {}, refusal };
    return {
      change: { public_reply: e.reply_draft, responded_at: e.responded_at ?? at, first_info_at: e.first_info_at ?? at, status: 'responded', ...NO_DRAFT },
      comment: input.note, data: { reply: e.reply_draft, authorName: e.reply_draft_by_name },
    };
  });
}

/** A second person sends the draft back with a reason; the author writes it again (处置与回应). */
export async function returnReply(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof returnReplyBody>) {
  return step(db, ctx, id, input.version, 'return_reply', async (e) => {
    const refusal = refusals(ctx.actor, e, false).returnReply;
    if (refusal) return { change: {}, refusal };
    return { change: { ...NO_DRAFT }, comment: input.reason, data: { reply: e.reply_draft, authorName: e.reply_draft_by_name } };
  });
}


export async function close(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof closeBody>) {
  return step(db, ctx, id, input.version, 'close', async (e, trx, at) => {
    const refusal = refusals(ctx.actor, e, false).close;
    if (refusal) return { change: {}, refusal };
    if (isMajorOrAbove(e.level as CaseLevel)) {
      return { as: 'request_close', change: { status: 'pending_close', close_requested_at: at, close_requested_by: ctx.actor.accountId, close_note: input.note }, comment: input.note };
    }
    await removeEventBands(trx, id);
    return { change: { status: 'closed', closed_at: at, close_note: input.note, close_requested_by: ctx.actor.accountId, close_requested_at: at }, comment: input.note };
  }, input);
}

export async function approveClose(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof closeBody>) {
  return step(db, ctx, id, input.version, 'approve_close', async (e, trx, at) => {
    const refusal = refusals(ctx.actor, e, false).approve;
    if (refusal) return { change: {}, refusal };
    await removeEventBands(trx, id);
    return { change: { status: 'closed', closed_at: at, approved_by_name: ctx.actor.displayName }, comment: input.note };
  }, input);
}

export async function rejectClose(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof rejectCloseBody>) {
  return step(db, ctx, id, input.version, 'reject_close', async (e) => {
    const refusal = refusals(ctx.actor, e, false).reject;
    return { change: { status: 'responded', close_requested_at: null, close_requested_by: null }, comment: input.reason, refusal };
  });
}

export async function followUp(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof followUpBody>) {
  return step(db, ctx, id, input.version, 'follow_up', async (e) => {
    const refusal = refusals(ctx.actor, e, false).followUp;
    return { change: { followup_result: input.result, followup_note: input.note, followup_at: nowIso() }, comment: input.note, data: { result: input.result }, refusal };
  });
}

export async function supervise(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof superviseBody>) {
  if (input.dueDay < shanghaiDay()) throw errors.validation('督办时限不能早于今天', 'dueDay');
  return step(db, ctx, id, input.version, 'supervise', async (e) => {
    const refusal = refusals(ctx.actor, e, false).supervise;
    return { change: { supervise_due_at: endOfShanghaiDay(input.dueDay) }, comment: input.note, data: { dueDay: input.dueDay }, refusal };
  });
}

/** 批示: a leader of a unit the event was reported to writes an instruction the handling unit sees. */
export async function instruct(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof instructBody>) {
  const direct = await db.selectFrom('case_direct_reports').select(['id', 'read_at']).where('event_id', '=', id).where('unit_id', '=', ctx.actor.unitId).executeTakeFirst();
  return step(db, ctx, id, null, 'instruct', async (e, trx) => {
    const refusal = refusals(ctx.actor, e, !!direct).instruct;
    if (!refusal && direct && !direct.read_at) {
      await trx.updateTable('case_direct_reports').set({ read_at: nowIso(), read_by_name: ctx.actor.displayName }).where('id', '=', direct.id).execute();
    }
    return { change: {}, comment: input.text, refusal };
  });
}

/** Read receipt of a direct report, by anyone of the receiving unit. */
export async function markRead(db: Database, ctx: ActorCtx, id: string) {
  await getVisibleEvent(db, ctx.actor, id);
  const direct = await db.selectFrom('case_direct_reports').select(['id', 'read_at']).where('event_id', '=', id).where('unit_id', '=', ctx.actor.unitId).executeTakeFirst();
  if (!direct) throw errors.forbidden('该事件未直报本单位');
  if (direct.read_at) return getEventDetail(db, ctx.actor, id);
  return step(db, ctx, id, null, 'read', async (_e, trx) => {
    const res = await trx.updateTable('case_direct_reports').set({ read_at: nowIso(), read_by_name: ctx.actor.displayName }).where('id', '=', direct.id).where('read_at', 'is', null).executeTakeFirst();
    if (updatedRows(res) === 0) throw errors.duplicateSubmit();
    return { change: {}, comment: null };
  });
}

/**
 * 催办: a unit above the handling unit presses it on an open event; the handling unit is told at
 * once. Once a day per event, as for tasks: a second press the same Shanghai day is refused.
 */
export async function urge(db: Database, ctx: ActorCtx, id: string, input: { note: string | null }) {
  return step(db, ctx, id, null, 'urge', async (e, trx) => {
    const refusal = refusals(ctx.actor, e, false).urge;
    if (refusal) return { change: {}, refusal };
    const earlier = await trx.selectFrom('case_steps').select('id').where('event_id', '=', id).where('step', '=', 'urge').where('at', '>=', shanghaiDayStartUtc(shanghaiDay())).executeTakeFirst();
    if (earlier) throw errors.conflict('URGED_TODAY', '今天已催办过该事件');
    return { change: {}, comment: input.note };
  });
}

export async function pause(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof pauseBody>) {
  const settings = await getCaseSettings(db);
  if (!settings.sla.waitStates.includes(input.reason)) throw errors.validation('请从设置的暂停计时情形中选择', 'reason');
  return step(db, ctx, id, input.version, 'pause', async (e) => {
    const refusal = refusals(ctx.actor, e, false).pause;
    return { change: { paused_at: nowIso(), pause_reason: input.reason }, comment: input.reason, refusal };
  });
}

/** Resuming moves every deadline not yet met on by the time spent waiting. */
export async function resume(db: Database, ctx: ActorCtx, id: string, input: { version: number }) {
  return step(db, ctx, id, input.version, 'resume', async (e) => {
    const refusal = refusals(ctx.actor, e, false).resume;
    if (refusal) return { change: {}, refusal };
    const waited = Date.now() - Date.parse(e.paused_at!);
    const shift = (at: string | null, met: string | null) => (at && !met ? new Date(Date.parse(at) + waited).toISOString() : at);
    return {
      change: {
        paused_at: null, pause_reason: null, paused_ms: Number(e.paused_ms) + waited,
        due_report_at: shift(e.due_report_at, e.reported_up_at), due_first_info_at: shift(e.due_first_info_at, e.first_info_at),
        due_response_at: shift(e.due_response_at, e.responded_at), due_close_at: shift(e.due_close_at, e.closed_at),
      },
      comment: `暂停 ${Math.round(waited / 60000)} 分钟(${e.pause_reason})`, data: { waitedMs: waited },
    };
  });
}

export async function setArchived(db: Database, ctx: ActorCtx, id: string, version: number, archived: boolean) {
  await inTx(db, async (trx) => {
    const e = await getVisibleEvent(trx, ctx.actor, id);
    if (e.version !== version) throw errors.stale();
    if (!onOwnerSide(ctx.actor, e)) throw errors.forbidden(`归档由受理单位${e.unit_name}或其上级进行`);
    const now = nowIso();
    await updateVersioned(trx, 'case_events', id, version, { archived_at: archived ? now : null, updated_at: now });
    // The reports' copy of the owner's path is held only while the event is current (figures.ts counts reports by it).
    await trx.updateTable('cases').set({ current_owner_path: archived ? null : e.owner_path }).where('event_id', '=', id).execute();
    await writeAudit(trx, ctx, { action: archived ? 'case.archive' : 'case.restore', entity: 'case_event', entityId: id, unitPath: e.unit_path });
  });
  return getEventDetail(db, ctx.actor, id);
}


export async function caseOptions(db: Database) {
  const s = await getCaseSettings(db);
  return { categories: s.categories, waitStates: s.sla.waitStates, groupingThreshold: s.groupingThreshold, lateEntryReasonHours: s.lateEntryReasonHours };
}

export { intake };

