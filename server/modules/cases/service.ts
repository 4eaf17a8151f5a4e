/**
 * The handling flow of an event: 登记 → 研判 → 交办 → 核实 → 处置与回应 → 办结 (a leader
 * approves from 较大 up) → 回访, with 退回, 督办, 直报 and 批示. Every step writes a timeline
 * row and an audit row in the same transaction as the change.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import {
  CASE_STEP_LABELS, EVENT_STATUSES, isMajorOrAbove, type assignBody, type CaseLevel, type CaseReportView, type CaseSource,
  type CaseStep, type caseCreate, type closeBody, type directReportQuery, type EventDetailView, type eventQuery, type EventStatus,
  type EventView, type firstInfoBody, type followUpBody, type FollowupResult, type instructBody, type pauseBody, type rejectCloseBody,
  type respondBody, type returnBody, type superviseBody, type triageBody, type VerificationResult, type verifyBody,
} from '../../../common/cases';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import type { CaseEventTable } from '../../db/schema';
import { writeAudit } from '../../platform/audit';
import { openText } from '../../platform/personal-data';
import { endOfShanghaiDay, shanghaiDay, WorkCalendar } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso, shanghaiDayStartUtc } from '../../platform/ids';
import { assertInScope, inSubtree, subtreeUpperBound } from '../../platform/scope';
import { inTx, updatedRows } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit } from '../units/service';
import { intake, termsOf } from './intake';
import { clockViews, computeDues, DUE_COLUMN, getCaseSettings } from './settings';

export type EventRow = CaseEventTable & {
  unit_name: string; unit_path: string; handling_name: string; handling_path: string; assigned_by_name: string | null;
};

const OPEN_STATUSES = EVENT_STATUSES.filter((s) => s !== 'closed');
const HANDLING_ROLES = new Set(['admin', 'leader', 'staff', 'liaison']);

function selectEvents(db: Database) {
  return db
    .selectFrom('case_events as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .innerJoin('units as h', 'h.id', 'e.handling_unit_id')
    .leftJoin('units as ab', 'ab.id', 'e.assigned_by_unit_id')
    .selectAll('e')
    .select(['u.name as unit_name', 'u.path as unit_path', 'h.name as handling_name', 'h.path as handling_path', 'ab.name as assigned_by_name']);
}

/** Visible to the owner unit's subtree and to the subtree of the unit it was sent to. */
function visibleTo(actor: Actor, e: Pick<EventRow, 'unit_path' | 'handling_path'>): boolean {
  return inSubtree(actor.unitPath, e.unit_path) || inSubtree(actor.unitPath, e.handling_path);
}

export async function getVisibleEvent(db: Database, actor: Actor, id: string): Promise<EventRow> {
  const row = (await selectEvents(db).where('e.id', '=', id).executeTakeFirst()) as EventRow | undefined;
  if (!row) throw errors.notFound('舆情诉求事件');
  if (!visibleTo(actor, row)) throw errors.outOfScope();
  return row;
}

// ---------------------------------------------------------------------------------------------
// Who may do what (each returns why not, or null)

const isOpen = (e: EventRow) => e.status !== 'closed' && !e.archived_at;
/** The owner unit or a unit above it: the side that registered the event and answers for it. */
const onOwnerSide = (actor: Actor, e: EventRow) => inSubtree(actor.unitPath, e.unit_path);
/** The handling unit itself, or a unit between the owner and it. */
const onHandlingChain = (actor: Actor, e: EventRow) => inSubtree(actor.unitPath, e.handling_path) && inSubtree(e.unit_path, actor.unitPath);
/** Someone who handles cases, on the handling chain or the owner side. */
const mayHandle = (actor: Actor, e: EventRow) => HANDLING_ROLES.has(actor.role) && (onHandlingChain(actor, e) || onOwnerSide(actor, e));
/** Steps whose only rule is the state and who handles: one place for the page's buttons and the API. */
const allowed = {
  firstInfo: (a: Actor, e: EventRow) => isOpen(e) && e.status !== 'registered' && mayHandle(a, e),
  followUp: (a: Actor, e: EventRow) => e.status === 'closed' && mayHandle(a, e),
  pause: (a: Actor, e: EventRow) => isOpen(e) && !e.paused_at && e.status !== 'registered' && mayHandle(a, e),
  resume: (a: Actor, e: EventRow) => isOpen(e) && !!e.paused_at && mayHandle(a, e),
};

function refusals(actor: Actor, e: EventRow, directReportUnit: boolean) {
  const handler = HANDLING_ROLES.has(actor.role);
  const closed = e.status === 'closed' ? '该事件已办结' : e.archived_at ? '该事件已归档' : null;
  const triaged = e.status === 'registered' ? '请先研判' : null;
  return {
    triage: closed ?? (actor.role === 'liaison' || !handler ? '研判由管理员、领导或工作人员进行' : !onOwnerSide(actor, e) ? `研判由受理单位${e.unit_name}或其上级进行` : ['responded', 'pending_close'].includes(e.status) ? '已回应的事件不再研判' : null),
    assign: closed ?? triaged ?? (!handler ? '督查人员不交办' : !onHandlingChain(actor, e) ? `交办由当前责任单位${e.handling_name}进行` : ['responded', 'pending_close'].includes(e.status) ? '已回应的事件不再交办' : null),
    return: closed ?? (!handler ? '督查人员不退回' : actor.unitId !== e.handling_unit_id ? `退回由当前责任单位${e.handling_name}进行` : !e.assigned_by_unit_id ? '该事件不是交办来的，无处退回' : ['responded', 'pending_close'].includes(e.status) ? '已回应的事件不能退回' : null),
    verify: closed ?? triaged ?? (!handler ? '督查人员不核实' : !onHandlingChain(actor, e) ? `核实由责任单位${e.handling_name}进行` : ['responded', 'pending_close'].includes(e.status) ? '已回应的事件不再核实' : null),
    respond: closed ?? triaged ?? (!handler ? '督查人员不回应' : !onHandlingChain(actor, e) ? `处置与回应由责任单位${e.handling_name}进行` : e.status === 'pending_close' ? '办结审批中' : !e.verification_result ? '请先核实' : null),
    close: closed ?? (!handler ? '督查人员不办结' : !onHandlingChain(actor, e) && !onOwnerSide(actor, e) ? `办结由责任单位${e.handling_name}或受理单位进行` : e.status === 'pending_close' ? '已申请办结，等待领导审批' : e.status !== 'responded' ? '处置与回应后才能办结' : null),
    approve: closed ?? (e.status !== 'pending_close' ? '没有待审批的办结申请' : actor.role !== 'leader' ? '办结由领导审批' : !onOwnerSide(actor, e) ? `办结由受理单位${e.unit_name}或其上级的领导审批` : e.close_requested_by === actor.accountId ? '申请办结的人不能审批自己的申请' : null),
    supervise: closed ?? (!['leader', 'inspector', 'staff'].includes(actor.role) ? '督办由领导、督查人员或工作人员进行' : actor.unitId === e.handling_unit_id || !inSubtree(actor.unitPath, e.handling_path) ? `督办由${e.handling_name}的上级单位进行` : null),
    instruct: actor.role !== 'leader' ? '批示由领导作出' : !directReportUnit ? '该事件未直报本单位' : null,
  };
}

function toView(e: EventRow, actor: Actor, policy: Awaited<ReturnType<typeof getCaseSettings>>['sla'], sources: Partial<Record<CaseSource, number>>, directReportUnit: boolean): EventView {
  const clocks = clockViews(e, policy);
  const now = nowIso();
  const why = refusals(actor, e, directReportUnit);
  const ok = (r: string | null) => r === null;
  const overdue = clocks.some((c) => c.state === 'overdue') || (!!e.supervise_due_at && isOpen(e) && now > e.supervise_due_at);
  return {
    id: e.id, unitId: e.unit_id, unitName: e.unit_name, handlingUnitId: e.handling_unit_id, handlingUnitName: e.handling_name,
    assignedByUnitName: e.assigned_by_name, title: e.title, summary: e.summary, level: e.level as CaseLevel | null, category: e.category,
    status: e.status as EventStatus, reportCount: e.report_count, sources, firstReceivedAt: e.first_received_at, triagedAt: e.triaged_at,
    pausedAt: e.paused_at, pauseReason: e.pause_reason, superviseDueAt: e.supervise_due_at,
    verificationResult: e.verification_result as VerificationResult | null, verificationNote: e.verification_note, measures: e.measures,
    publicReply: e.public_reply, respondedAt: e.responded_at, closedAt: e.closed_at, closeNote: e.close_note, approvedByName: e.approved_by_name,
    followupResult: e.followup_result as FollowupResult | null, followupNote: e.followup_note, clocks, overdue,
    archived: e.archived_at !== null, version: e.version,
    can: {
      triage: ok(why.triage), assign: ok(why.assign), return: ok(why.return), verify: ok(why.verify),
      firstInfo: allowed.firstInfo(actor, e),
      respond: ok(why.respond), close: ok(why.close), approve: ok(why.approve),
      followUp: allowed.followUp(actor, e),
      supervise: ok(why.supervise), instruct: ok(why.instruct),
      pause: allowed.pause(actor, e),
      resume: allowed.resume(actor, e),
    },
    why: Object.fromEntries(Object.entries(why).filter(([, v]) => v)),
  };
}

async function sourcesOf(db: Database, eventIds: string[]) {
  const out = new Map<string, Partial<Record<CaseSource, number>>>();
  if (!eventIds.length) return out;
  const rows = await db.selectFrom('cases').select(['event_id', 'source', (eb) => eb.fn.countAll().as('n')]).where('event_id', 'in', eventIds).groupBy(['event_id', 'source']).execute();
  for (const r of rows) {
    const m = out.get(r.event_id) ?? {};
    m[r.source as CaseSource] = Number(r.n);
    out.set(r.event_id, m);
  }
  return out;
}

async function directReportUnits(db: Database, actor: Actor, eventIds: string[]) {
  if (!eventIds.length) return new Set<string>();
  const rows = await db.selectFrom('case_direct_reports').select('event_id').where('unit_id', '=', actor.unitId).where('event_id', 'in', eventIds).execute();
  return new Set(rows.map((r) => r.event_id));
}

async function views(db: Database, actor: Actor, rows: EventRow[]): Promise<EventView[]> {
  const ids = rows.map((r) => r.id);
  const [settings, sources, direct] = await Promise.all([getCaseSettings(db), sourcesOf(db, ids), directReportUnits(db, actor, ids)]);
  return rows.map((r) => toView(r, actor, settings.sla, sources.get(r.id) ?? {}, direct.has(r.id)));
}

/** Full-text condition: every search term of the words must be among the event's terms. */
function searchCondition(db: Database, words: string, wholeTree: boolean) {
  const terms = termsOf(words);
  if (!terms.length) return null;
  // A short word jieba splits into single characters (占道 → 占 道) has no terms in the index,
  // which keeps only words of two or more characters: look for the words in the text itself.
  if (terms.every((t) => [...t].length === 1)) {
    const like = `%${words.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql<boolean>`(e.title like ${like} escape '\\' or e.summary like ${like} escape '\\')`;
  }
  if (dialectOf(db) === 'postgres') {
    return sql<boolean>`to_tsvector('simple', e.search_terms) @@ plainto_tsquery('simple', ${terms.join(' ')})`;
  }
  const match = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
  // Over the whole tree the matches drive the query. Under a unit, its events do, each tested
  // against the matching rowids (read from the index alone): driving from the matches read every
  // match in the province with its event_id, seconds for a common word at a million events.
  if (wholeTree) return sql<boolean>`e.id in (select event_id from case_fts where case_fts match ${match})`;
  return sql<boolean>`(select r.id from case_fts_rows r where r.event_id = e.id) in (select rowid from case_fts where case_fts match ${match})`;
}

/**
 * Owner unit or handling unit in the subtree at `root`, as conditions on the event's own unit
 * columns: each side is then an index lookup (case_events_unit, case_events_handling) for the
 * subtree's units. The same OR over the two joined units' paths read every event of the province.
 */
function visibleUnder(db: Database, root: string, wholeTree: boolean) {
  const upper = subtreeUpperBound(root);
  // Under a top-level unit the handling side adds nothing: a handling unit always lies in its
  // owner's subtree (triage, assignment and return all keep it there), so under a root both are.
  // Nearly every event matches there: one pass over the table beats an index lookup per unit
  // (SQLite's unary + keeps it off the index; PostgreSQL chooses by itself).
  if (wholeTree) {
    const column = dialectOf(db) === 'postgres' ? sql`e.unit_id` : sql`+e.unit_id`;
    return sql<boolean>`${column} in (select id from units where path >= ${root} and path < ${upper})`;
  }
  if (dialectOf(db) === 'postgres') {
    return sql<boolean>`(e.unit_id = any(array(select id from units where path >= ${root} and path < ${upper}))
      or e.handling_unit_id = any(array(select id from units where path >= ${root} and path < ${upper})))`;
  }
  return sql<boolean>`(e.unit_id in (select id from units where path >= ${root} and path < ${upper})
    or e.handling_unit_id in (select id from units where path >= ${root} and path < ${upper}))`;
}

export async function listEvents(db: Database, actor: Actor, query: z.infer<typeof eventQuery>) {
  const unit = query.unitId ? await getVisibleUnit(db, actor, query.unitId) : null;
  const root = unit?.path ?? actor.unitPath;
  const wholeTree = root.split('/').filter(Boolean).length === 1;
  // Filters, count and page order read case_events alone; the page's rows are joined to their units afterwards.
  let q = db.selectFrom('case_events as e').where(visibleUnder(db, root, wholeTree) as never);
  q = q.where('e.archived_at', query.archived === 'true' ? 'is not' : 'is', null);
  if (unit && query.includeSubunits === 'false') q = q.where('e.unit_id', '=', unit.id);
  if (query.status) q = q.where('e.status', '=', query.status);
  if (query.open === 'true') q = q.where('e.status', '!=', 'closed');
  if (query.open === 'false') q = q.where('e.status', '=', 'closed');
  if (query.level) q = q.where('e.level', '=', query.level);
  if (query.category) q = q.where('e.category', '=', query.category);
  if (query.handlingUnitId) q = q.where('e.handling_unit_id', '=', query.handlingUnitId);
  if (query.source) q = q.where((eb) => eb.exists(eb.selectFrom('cases as c').select('c.id').whereRef('c.event_id', '=', 'e.id').where('c.source', '=', query.source!)));
  if (query.from) q = q.where('e.first_received_at', '>=', shanghaiDayStartUtc(query.from));
  if (query.to) q = q.where('e.first_received_at', '<=', endOfShanghaiDay(query.to));
  if (query.overdue === 'true') {
    const now = nowIso();
    q = q.where('e.status', '!=', 'closed').where('e.paused_at', 'is', null).where((eb) => eb.or([
      eb.and([eb('e.due_report_at', '<', now), eb('e.reported_up_at', 'is', null)]),
      eb.and([eb('e.due_first_info_at', '<', now), eb('e.first_info_at', 'is', null)]),
      eb.and([eb('e.due_response_at', '<', now), eb('e.responded_at', 'is', null)]),
      eb('e.due_close_at', '<', now),
      eb('e.supervise_due_at', '<', now),
    ]));
  }
  if (query.q) {
    const cond = searchCondition(db, query.q, wholeTree);
    if (cond) q = q.where(cond as never);
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // The page's ids first, then their rows: sorting only ids and sort keys, not whole events, is
  // what keeps a large subtree's first page fast (whole rows spilled the sort to disk).
  const ids = (await q
    .select('e.id')
    .orderBy(sql`case when e.status = 'closed' then 1 else 0 end`)
    .orderBy('e.first_received_at', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute()).map((r) => r.id);
  const byId = new Map(ids.length ? ((await selectEvents(db).where('e.id', 'in', ids).execute()) as EventRow[]).map((r) => [r.id, r]) : []);
  const rows = ids.map((id) => byId.get(id)!);
  return { items: await views(db, actor, rows), total: Number(total.n), page: query.page, pageSize: query.pageSize };
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
  return {
    ...view,
    reports: reportViews,
    steps: steps.map((s) => ({
      id: s.id, step: s.step as CaseStep, label: CASE_STEP_LABELS[s.step as CaseStep] ?? s.step, at: s.at, actorName: s.actor_name,
      actorUnitName: s.actor_unit_name, comment: s.comment, data: s.data ? JSON.parse(s.data) : null,
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
  decide: (e: EventRow, trx: Database) => Promise<{ change: Change; comment?: string | null; data?: Record<string, unknown>; refusal?: string | null; then?: { step: CaseStep; comment: string; data?: unknown }[]; as?: CaseStep }>,
): Promise<EventDetailView> {
  await inTx(db, async (trx) => {
    const e = await getVisibleEvent(trx, ctx.actor, id);
    if (version !== null && e.version !== version) throw errors.stale();
    const { change, comment, data, refusal, then, as } = await decide(e, trx);
    const stepKind = as ?? kind;
    if (refusal) throw errors.forbidden(refusal);
    const now = nowIso();
    if (Object.keys(change).length || version !== null) {
      const res = await trx.updateTable('case_events').set({ ...change, version: e.version + 1, updated_at: now }).where('id', '=', id).where('version', '=', e.version).executeTakeFirst();
      if (updatedRows(res) === 0) throw errors.stale();
    }
    await trx.insertInto('case_steps').values({
      id: newId(), event_id: id, step: stepKind, at: now, actor_name: ctx.actor.displayName, actor_unit_id: ctx.actor.unitId,
      actor_unit_name: ctx.actor.unitName, comment: comment ?? null, data: data ? JSON.stringify(data) : null,
    }).execute();
    // Consequences of the step (直报 after a triage) follow it on the timeline; ids are time-ordered.
    for (const t of then ?? []) {
      await trx.insertInto('case_steps').values({
        id: newId(), event_id: id, step: t.step, at: now, actor_name: '系统', actor_unit_id: e.unit_id, actor_unit_name: e.unit_name,
        comment: t.comment, data: t.data ? JSON.stringify(t.data) : null,
      }).execute();
    }
    await writeAudit(trx, ctx, { action: `case.${stepKind}`, entity: 'case_event', entityId: id, unitPath: e.unit_path, before: pick(e, change), after: { ...change, comment } });
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
  return step(db, ctx, id, input.version, 'triage', async (e, trx) => {
    const refusal = refusals(ctx.actor, e, false).triage;
    if (refusal) return { change: {}, refusal };
    const settings = await getCaseSettings(trx);
    if (!settings.categories.includes(input.category)) throw errors.validation('分类不在设置的分类列表中', 'category');
    const handling = await getActiveUnit(trx, ctx.actor, input.handlingUnitId, 'handlingUnitId');
    if (!inSubtree(e.unit_path, handling.path)) throw errors.validation(`责任单位应为${e.unit_name}或其下级单位`, 'handlingUnitId');
    const calendar = await WorkCalendar.load(trx);
    const dues = computeDues(calendar, settings.sla, input.level, e.first_received_at, Number(e.paused_ms));
    const now = nowIso();
    const handlingChanged = handling.id !== e.handling_unit_id;
    const change: Change = { level: input.level, category: input.category, triage_note: input.note, triaged_at: e.triaged_at ?? now, ...dues };
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
      if (fresh.length) await trx.insertInto('case_direct_reports').values(fresh.map((a) => ({ id: newId(), event_id: id, unit_id: a.id, sent_at: now, read_at: null, read_by_name: null }))).execute();
      reportedTo = fresh.map((a) => a.name);
      if (!e.reported_up_at && ancestors.length) change.reported_up_at = now;
      if (fresh.length) then.push({ step: 'direct_report', comment: `已直报：${reportedTo.join('、')}`, data: { units: fresh.map((a) => a.id) } });
    }
    // A top-level unit has nobody above to report to: its report clock does not apply.
    if (!(await ancestorsOf(trx, e.unit_path)).length) change[DUE_COLUMN.report_up] = null;
    return {
      change, comment: input.note, then,
      data: { level: input.level, category: input.category, handlingUnitId: handling.id, handlingUnitName: handling.name },
    };
  });
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
  });
}

export async function firstInfo(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof firstInfoBody>) {
  return step(db, ctx, id, input.version, 'first_info', async (e) => {
    const ok = allowed.firstInfo(ctx.actor, e);
    const now = nowIso();
    return {
      change: { first_info_at: e.first_info_at ?? now, ...(e.public_reply ? {} : { public_reply: input.text }) },
      comment: input.text, refusal: ok ? null : '研判后由责任单位或受理单位发布权威信息',
    };
  });
}

export async function respond(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof respondBody>) {
  return step(db, ctx, id, input.version, 'respond', async (e) => {
    const refusal = refusals(ctx.actor, e, false).respond;
    const now = nowIso();
    return {
      change: { measures: input.measures, public_reply: input.publicReply, responded_at: e.responded_at ?? now, first_info_at: e.first_info_at ?? now, status: 'responded' },
      comment: input.publicReply, data: { measures: input.measures }, refusal,
    };
  });
}

async function removeFromIndex(trx: Database, id: string) {
  await trx.deleteFrom('case_event_blocks').where('event_id', '=', id).execute();
}

export async function close(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof closeBody>) {
  return step(db, ctx, id, input.version, 'close', async (e, trx) => {
    const refusal = refusals(ctx.actor, e, false).close;
    if (refusal) return { change: {}, refusal };
    const now = nowIso();
    if (isMajorOrAbove(e.level as CaseLevel)) {
      return { as: 'request_close', change: { status: 'pending_close', close_requested_at: now, close_requested_by: ctx.actor.accountId, close_note: input.note }, comment: input.note };
    }
    await removeFromIndex(trx, id);
    return { change: { status: 'closed', closed_at: now, close_note: input.note, close_requested_by: ctx.actor.accountId, close_requested_at: now }, comment: input.note };
  });
}

export async function approveClose(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof closeBody>) {
  return step(db, ctx, id, input.version, 'approve_close', async (e, trx) => {
    const refusal = refusals(ctx.actor, e, false).approve;
    if (refusal) return { change: {}, refusal };
    await removeFromIndex(trx, id);
    return { change: { status: 'closed', closed_at: nowIso(), approved_by_name: ctx.actor.displayName }, comment: input.note };
  });
}

export async function rejectClose(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof rejectCloseBody>) {
  return step(db, ctx, id, input.version, 'reject_close', async (e) => {
    const refusal = refusals(ctx.actor, e, false).approve;
    return { change: { status: 'responded', close_requested_at: null, close_requested_by: null }, comment: input.reason, refusal };
  });
}

export async function followUp(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof followUpBody>) {
  return step(db, ctx, id, input.version, 'follow_up', async (e) => {
    const ok = allowed.followUp(ctx.actor, e);
    return { change: { followup_result: input.result, followup_note: input.note, followup_at: nowIso() }, comment: input.note, data: { result: input.result }, refusal: ok ? null : '办结后由责任单位或受理单位回访' };
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

export async function pause(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof pauseBody>) {
  const settings = await getCaseSettings(db);
  if (!settings.sla.waitStates.includes(input.reason)) throw errors.validation('请从设置的暂停计时情形中选择', 'reason');
  return step(db, ctx, id, input.version, 'pause', async (e) => {
    const ok = allowed.pause(ctx.actor, e);
    return { change: { paused_at: nowIso(), pause_reason: input.reason }, comment: input.reason, refusal: ok ? null : e.paused_at ? '计时已暂停' : '研判后由责任单位或受理单位暂停计时' };
  });
}

/** Resuming moves every deadline not yet met on by the time spent waiting. */
export async function resume(db: Database, ctx: ActorCtx, id: string, input: { version: number }) {
  return step(db, ctx, id, input.version, 'resume', async (e) => {
    const ok = allowed.resume(ctx.actor, e);
    if (!ok) return { change: {}, refusal: '计时未暂停' };
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
    const res = await trx.updateTable('case_events').set({ archived_at: archived ? now : null, version: e.version + 1, updated_at: now }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (updatedRows(res) === 0) throw errors.stale();
    await writeAudit(trx, ctx, { action: archived ? 'case.archive' : 'case.restore', entity: 'case_event', entityId: id, unitPath: e.unit_path });
  });
  return getEventDetail(db, ctx.actor, id);
}

// ---------------------------------------------------------------------------------------------
// 直报 queue

export async function listDirectReports(db: Database, actor: Actor, query: z.infer<typeof directReportQuery>) {
  let q = db.selectFrom('case_direct_reports as d').where('d.unit_id', '=', actor.unitId);
  if (query.unread === 'true') q = q.where('d.read_at', 'is', null);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const unread = await db.selectFrom('case_direct_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', actor.unitId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  const rows = await q.select(['d.event_id', 'd.sent_at', 'd.read_at', 'd.read_by_name']).orderBy(sql`case when d.read_at is null then 0 else 1 end`).orderBy('d.sent_at', 'desc')
    .limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  const events = rows.length ? ((await selectEvents(db).where('e.id', 'in', rows.map((r) => r.event_id)).execute()) as EventRow[]) : [];
  const byId = new Map((await views(db, actor, events)).map((v) => [v.id, v]));
  const instructions = rows.length
    ? await db.selectFrom('case_steps').select(['event_id', 'comment', 'actor_name', 'actor_unit_name', 'at']).where('step', '=', 'instruct').where('event_id', 'in', rows.map((r) => r.event_id)).orderBy('at').execute()
    : [];
  return {
    items: rows.map((r) => ({
      event: byId.get(r.event_id)!, sentAt: r.sent_at, readAt: r.read_at, readByName: r.read_by_name,
      instructions: instructions.filter((i) => i.event_id === r.event_id).map((i) => ({ text: i.comment ?? '', by: i.actor_name, unitName: i.actor_unit_name, at: i.at })),
    })),
    total: Number(total.n), unread: Number(unread.n), page: query.page, pageSize: query.pageSize,
  };
}

export async function caseOptions(db: Database) {
  const s = await getCaseSettings(db);
  return { categories: s.categories, waitStates: s.sla.waitStates, groupingThreshold: s.groupingThreshold };
}

export { intake };

/**
 * One event as a document describes it (舆情专报): the event, its reports, its timeline, its
 * clocks and direct reports. No access check here: the documents module checks the draft's unit.
 */
export async function eventRecord(db: Database, id: string) {
  const e = (await selectEvents(db).where('e.id', '=', id).executeTakeFirst()) as EventRow | undefined;
  if (!e) return null;
  const settings = await getCaseSettings(db);
  const reports = await db.selectFrom('cases as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.source', 'c.channel', 'c.url', 'c.received_at', 'c.via', 'u.name as unit_name'])
    .where('c.event_id', '=', id).orderBy('c.received_at').execute();
  const steps = await db.selectFrom('case_steps').select(['step', 'at', 'actor_name', 'actor_unit_name', 'comment']).where('event_id', '=', id).orderBy('at').orderBy('id').execute();
  const direct = await db.selectFrom('case_direct_reports as d').innerJoin('units as u', 'u.id', 'd.unit_id').select(['u.name', 'd.sent_at', 'd.read_at']).where('d.event_id', '=', id).orderBy('u.depth', 'desc').execute();
  return { event: e, clocks: clockViews(e, settings.sla), reports, steps, direct };
}
