import { type SelectQueryBuilder, sql } from 'kysely';
import type { z } from 'zod';
import { measureItems, type RectOrigin, type RectStatus, type RectView, type rectCreate, type rectQuery, type rectReport, type rectReturn, type rectSignOff, type rectUpdate } from '../../../common/rectification';
import { permits } from '../../../common/platform';
import type { Database } from '../../db';
import { builtOnce } from '../../db/batch';
import { entityHistory, writeAudit } from '../../platform/audit';
import { daysOverdue, endOfShanghaiDay, resolveDueDay, shanghaiDay, WorkCalendar } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { AppError, errors } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { boundScope, type BoundScope, inSubtree, inSubtreeOf, scopeOfBound } from '../../platform/scope';
import { containsPattern, likePattern } from '../../platform/search';
import { archiver, editable, inRegisterList, insertRecord, shapedPage, updateVersioned, visibleRow } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { emitEvents } from '../../platform/events';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);
import { checkResponsibleLeader } from '../people/responsible-leader';
import { getVisiblePerson } from '../people/service';
import { getActiveUnit, unitScope } from '../units/service';
import { editRefusal, refusals, reportRefusal, type Signer, signOffRefusal } from './policy';

export type RectRow = {
  id: string; unit_id: string; raised_by_unit_id: string; owner_person_id: string | null; problem: string; origin: string;
  batch: string | null; measures: string; start_day: string; due_mode: string; due_days: number | null; due_day: string; status: string;
  reported_at: string | null; reported_by: string | null; reported_by_name: string | null; report_note: string | null;
  signed_off_at: string | null; signed_off_by: string | null; signed_off_by_name: string | null; sign_off_note: string | null;
  return_count: number; last_return_reason: string | null; created_by_name: string; archived_at: string | null; version: number;
  created_at: string; updated_at: string;
  unit_name: string; unit_path: string; raised_name: string; raised_path: string; owner_name: string | null;
  responsible_leader_id: string | null; leader_name: string | null; aspect: string | null; keep_on: number;
};

async function signerOf(db: Database, actor: Actor): Promise<Signer> {
  const a = await db.selectFrom('accounts').select('person_id').where('id', '=', actor.accountId).executeTakeFirst();
  return { actor, personId: a?.person_id ?? null };
}

/** `day`: today, when a list passes it once for all its rows. */
function toView(r: RectRow, s: Signer, day = shanghaiDay()): RectView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, raisedByUnitId: r.raised_by_unit_id, raisedByUnitName: r.raised_name,
    ownerPersonId: r.owner_person_id, ownerPersonName: r.owner_name, responsibleLeaderId: r.responsible_leader_id, responsibleLeaderName: r.leader_name, problem: r.problem, origin: r.origin as RectOrigin, batch: r.batch,
    measures: r.measures, measureItems: measureItems(r.measures), aspect: r.aspect, keepOn: r.keep_on === 1, startDay: r.start_day, dueMode: r.due_mode as RectView['dueMode'], dueDays: r.due_days, dueDay: r.due_day,
    status: r.status as RectStatus, reportedAt: r.reported_at, reportedByName: r.reported_by_name, reportNote: r.report_note,
    signedOffAt: r.signed_off_at, signedOffByName: r.signed_off_by_name, signOffNote: r.sign_off_note, returnCount: r.return_count,
    lastReturnReason: r.last_return_reason,
    overdueDays: r.status === 'closed' || r.archived_at ? 0 : daysOverdue(r.due_day, day),
    ...permits(refusals(r, s)),
    createdByName: r.created_by_name, archived: r.archived_at !== null, version: r.version,
  };
}

/** Built once per database handle (builtOnce): each list extends it. */
const selectRects = builtOnce((db: Database) => {
  return db
    .selectFrom('rectifications as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('units as ru', 'ru.id', 'r.raised_by_unit_id')
    .leftJoin('people as p', 'p.id', 'r.owner_person_id')
    .leftJoin('people as rl', 'rl.id', 'r.responsible_leader_id')
    .selectAll('r')
    .select(['u.name as unit_name', 'u.path as unit_path', 'ru.name as raised_name', 'ru.path as raised_path', 'p.name as owner_name', 'rl.name as leader_name']);
});

export async function getVisibleRect(db: Database, actor: Actor, id: string): Promise<RectRow> {
  return visibleRow(await selectRects(db).where('r.id', '=', id).executeTakeFirst(), actor, '整改事项') as RectRow;
}

/** The list's count and page, compiled once per shape (shapedPage): the scope, the filters' values, today and the search pattern are bound. */
const rectPage = shapedPage(['unitId', 'path', 'upper', 'origin', 'batch', 'status', 'today', 'from', 'to', 'pattern'], (db, p: BoundScope & {
  archived?: 'true' | 'false'; origin?: string; batch?: string; status?: string; overdue?: 'true' | 'false'; today?: string; from?: string; to?: string; pattern?: string;
}) => {
  const scope = scopeOfBound(p);
  let q = selectRects(db).where((eb) => inRegisterList(eb, { unitId: 'r.unit_id', path: 'u.path', archivedAt: 'r.archived_at' }, scope, p.archived));
  if (p.origin) q = q.where('r.origin', '=', p.origin as RectOrigin);
  if (p.batch) q = q.where('r.batch', '=', p.batch);
  if (p.status) q = q.where('r.status', '=', p.status as RectStatus);
  if (p.overdue === 'true') q = q.where('r.status', '!=', 'closed').where('r.due_day', '<', p.today!);
  if (p.from) q = q.where('r.start_day', '>=', p.from);
  if (p.to) q = q.where('r.start_day', '<=', p.to);
  if (p.pattern) {
    const pattern = p.pattern;
    q = q.where((eb) => eb.or([containsPattern('r.problem', pattern), containsPattern('r.measures', pattern), containsPattern('r.batch', pattern)]));
  }
  return {
    q: q as unknown as SelectQueryBuilder<any, any, RectRow>,
    order: (q: SelectQueryBuilder<any, any, RectRow>) => q.orderBy(sql`case r.status when 'reported' then 0 when 'open' then 1 else 2 end`).orderBy('r.due_day').orderBy('r.created_at', 'desc').orderBy('r.id', 'desc'),
  };
});

/**
 * `unshaped`: the page built anew with the request's values, as before shapedPage (the tests compare the two).
 * `signerPersonId`: the caller's account's person, when the request has just read it with the session (else it is read here).
 */
export async function listRects(db: Database, actor: Actor, query: z.infer<typeof rectQuery>, opts: { unshaped?: boolean; signerPersonId?: string | null } = {}) {
  const scope = await unitScope(db, actor, query);
  const signer: Signer = opts.signerPersonId !== undefined ? { actor, personId: opts.signerPersonId } : await signerOf(db, actor);
  return (opts.unshaped ? rectPage.unshaped : rectPage)(db, {
    ...boundScope(scope),
    archived: query.archived, origin: query.origin, batch: query.batch || undefined, status: query.status, overdue: query.overdue,
    today: query.overdue === 'true' ? shanghaiDay() : undefined, from: query.from || undefined, to: query.to || undefined, pattern: query.q ? likePattern(query.q) : undefined,
  }, query, (rows) => {
    const day = shanghaiDay();
    return rows.map((r) => toView(r, signer, day));
  });
}

export async function getRect(db: Database, actor: Actor, id: string) {
  return toView(await getVisibleRect(db, actor, id), await signerOf(db, actor));
}

/** Batches (检查批次) seen in the subtree, for the filter and for 整改方案/报告 by batch; and the aspects in use, for the form's suggestions. */
export async function listBatches(db: Database, actor: Actor) {
  const rows = await db
    .selectFrom('rectifications as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.batch', (e) => e.fn.countAll().as('n')])
    .where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath))
    .where('r.batch', 'is not', null)
    .where('r.archived_at', 'is', null)
    .groupBy('r.batch')
    .orderBy('r.batch')
    .execute();
  const aspects = await db
    .selectFrom('rectifications as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select('r.aspect')
    .distinct()
    .where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath))
    .where('r.aspect', 'is not', null)
    .where('r.archived_at', 'is', null)
    .orderBy('r.aspect')
    .limit(200)
    .execute();
  return { items: rows.map((r) => ({ batch: r.batch as string, count: Number(r.n) })), aspects: aspects.map((a) => a.aspect as string) };
}

const auditView = (v: RectView) => ({
  problem: v.problem, origin: v.origin, batch: v.batch, aspect: v.aspect, measures: v.measures, keepOn: v.keepOn, unitName: v.unitName, ownerPersonName: v.ownerPersonName, responsibleLeaderName: v.responsibleLeaderName,
  startDay: v.startDay, dueMode: v.dueMode, dueDays: v.dueDays, dueDay: v.dueDay, status: v.status, archived: v.archived,
});

async function checkOwner(db: Database, actor: Actor, unitId: string, personId: string | null) {
  if (!personId) return;
  const p = await getVisiblePerson(db, actor, personId, 'ownerPersonId');
  if (p.unit_id !== unitId) throw errors.validation('整改责任人应是整改责任单位的人员', 'ownerPersonId');
  if (p.archived_at) throw errors.validation(`人员“${p.name}”已归档`, 'ownerPersonId');
}

/** What other modules (checks, netsec findings) pass: the aspect and 长期坚持 may be left out. */
type RectInput = Omit<z.infer<typeof rectCreate>, 'aspect' | 'keepOn'> & Partial<Pick<z.infer<typeof rectCreate>, 'aspect' | 'keepOn'>>;

/** Raised by the actor's own unit, for itself or a unit below it. */
export async function createRect(db: Database, ctx: ActorCtx, input: RectInput) {
  const calendar = await WorkCalendar.load(db);
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkOwner(trx, ctx.actor, unit.id, input.ownerPersonId);
    await checkResponsibleLeader(trx, unit.path, input.responsibleLeaderId);
    const row = await insertRecord(trx, 'rectifications', {
      unit_id: unit.id, raised_by_unit_id: ctx.actor.unitId, owner_person_id: input.ownerPersonId, responsible_leader_id: input.responsibleLeaderId, problem: input.problem,
      origin: input.origin, batch: input.batch, measures: input.measures, aspect: input.aspect ?? null, keep_on: input.keepOn ? 1 : 0, start_day: input.startDay, due_mode: input.dueMode,
      due_days: input.dueMode === 'date' ? null : (input.dueDays ?? null), due_day: resolveDueDay(calendar, input.startDay, input.dueMode, input.dueDay, input.dueDays),
      status: 'open', reported_at: null, reported_by: null, reported_by_name: null, report_note: null, signed_off_at: null,
      signed_off_by: null, signed_off_by_name: null, sign_off_note: null, return_count: 0, last_return_reason: null,
      created_by_name: `${ctx.actor.displayName}(${ctx.actor.username})`,
    });
    const view = await getRect(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'rectification', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

/** Edits by the raising side while the item is not yet signed off. */
export async function updateRect(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof rectUpdate>) {
  const calendar = await WorkCalendar.load(db);
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRect(trx, ctx.actor, id), input.version, '该整改事项已归档，请先恢复');
    if (before.status === 'closed') throw errors.conflict('RECT_CLOSED', '已销号的整改事项不能修改');
    const notMine = editRefusal(before, ctx.actor);
    if (notMine) throw new AppError(403, 'NOT_RAISER', notMine);
    await checkOwner(trx, ctx.actor, before.unit_id, input.ownerPersonId);
    await checkResponsibleLeader(trx, before.unit_path, input.responsibleLeaderId);
    await updateVersioned(trx, 'rectifications', id, input.version, {
      problem: input.problem, origin: input.origin, batch: input.batch, measures: input.measures, aspect: input.aspect, keep_on: input.keepOn ? 1 : 0, owner_person_id: input.ownerPersonId, responsible_leader_id: input.responsibleLeaderId,
      start_day: input.startDay, due_mode: input.dueMode, due_days: input.dueMode === 'date' ? null : (input.dueDays ?? null),
      due_day: resolveDueDay(calendar, input.startDay, input.dueMode, input.dueDay, input.dueDays),
    });
    const signer = await signerOf(trx, ctx.actor);
    const after = await getRect(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'rectification', entityId: id, unitPath: before.unit_path, before: auditView(toView(before, signer)), after: auditView(after) });
    return after;
  });
}

export async function reportRect(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof rectReport>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRect(trx, ctx.actor, id), input.version, '该整改事项已归档');
    if (before.status !== 'open') throw errors.conflict('RECT_NOT_OPEN', before.status === 'closed' ? '该事项已销号' : '已报告完成，等待销号');
    const why = reportRefusal(before, ctx.actor);
    if (why) throw new AppError(403, 'NOT_OWNER', why);
    await updateVersioned(trx, 'rectifications', id, input.version, {
      status: 'reported', reported_at: nowIso(), reported_by: ctx.actor.accountId, reported_by_name: `${ctx.actor.displayName}(${ctx.actor.username})`, report_note: input.note,
    });
    await writeAudit(trx, ctx, { action: 'report', entity: 'rectification', entityId: id, unitPath: before.unit_path, before: { status: before.status }, after: { status: 'reported', note: input.note } });
    // The raising unit's leaders and inspectors sign off: they hear of it now (same key as the reminder).
    const reported = await trx.selectFrom('rectifications').select('reported_at').where('id', '=', id).executeTakeFirstOrThrow();
    await emitEvents(trx, {
      kind: 'rect.reported', unitId: before.raised_by_unit_id, roles: ['leader', 'inspector'], title: `整改事项“${short(before.problem)}”已报告完成，待销号`,
      subject: short(before.problem), link: `/rectification/${id}`, key: `rect:${id}:reported:${reported.reported_at}`, dueAt: endOfShanghaiDay(before.due_day),
    });
    return getRect(trx, ctx.actor, id);
  });
}

async function decide(db: Database, ctx: ActorCtx, id: string, version: number, kind: 'sign_off' | 'return', text: string | null) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRect(trx, ctx.actor, id), version, '该整改事项已归档');
    if (before.status !== 'reported') throw errors.conflict('RECT_NOT_REPORTED', before.status === 'closed' ? '该事项已销号' : '整改责任单位报告完成后才能销号或退回');
    const why = signOffRefusal(before, await signerOf(trx, ctx.actor));
    if (why) throw new AppError(403, 'SIGN_OFF_REFUSED', why);
    const who = `${ctx.actor.displayName}(${ctx.actor.username})`;
    await updateVersioned(trx, 'rectifications', id, version, kind === 'sign_off'
      ? { status: 'closed', signed_off_at: nowIso(), signed_off_by: ctx.actor.accountId, signed_off_by_name: who, sign_off_note: text }
      : { status: 'open', return_count: before.return_count + 1, last_return_reason: text, reported_at: null, reported_by: null, reported_by_name: null });
    await writeAudit(trx, ctx, {
      action: kind, entity: 'rectification', entityId: id, unitPath: before.unit_path, before: { status: before.status },
      after: kind === 'sign_off' ? { status: 'closed', note: text } : { status: 'open', reason: text },
    });
    if (kind === 'return') {
      await emitEvents(trx, {
        kind: 'rect.returned', unitId: before.unit_id, roles: ['staff', 'leader', 'liaison'], title: `整改事项“${short(before.problem)}”被退回：${text ?? ''}`,
        subject: short(before.problem), link: `/rectification/${id}`, key: `rect:${id}:returned:${before.return_count + 1}`, dueAt: endOfShanghaiDay(before.due_day),
      });
    }
    return getRect(trx, ctx.actor, id);
  });
}

export const signOffRect = (db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof rectSignOff>) => decide(db, ctx, id, input.version, 'sign_off', input.note);
export const returnRect = (db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof rectReturn>) => decide(db, ctx, id, input.version, 'return', input.reason);

export const setRectArchived = archiver<RectRow, RectView>({
  table: 'rectifications', entity: 'rectification', noun: '整改事项', load: getVisibleRect, view: (trx, actor, r) => getRect(trx, actor, r.id),
  guard: (_trx, ctx, r) => {
    const notMine = editRefusal(r, ctx.actor);
    if (notMine) throw new AppError(403, 'NOT_RAISER', notMine);
  },
});

export async function rectHistory(db: Database, actor: Actor, id: string) {
  await getVisibleRect(db, actor, id);
  return { items: await entityHistory(db, 'rectification', id) };
}
