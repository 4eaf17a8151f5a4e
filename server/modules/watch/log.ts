/**
 * 值班日志 and 今日值班: the person on duty opens the shift's log, records what happened and what
 * was done (optionally linked to a case of the unit), and hands over to the next shift; the
 * superior sees today's duty of its whole subtree on one page.
 */
import type { z } from 'zod';
import type { handoverBody, logEntryCreate, LogEntryView, logQuery, ShiftDetail, ShiftKind, TodayRow } from '../../../common/watch';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { emitEvents } from '../../platform/events';
import { newId, nowIso } from '../../platform/ids';
import { shanghaiDay } from '../../platform/period';
import { pageOf } from '../../platform/records';
import { inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getVisibleEvent } from '../cases/service';
import { getVisibleUnit, unitScope } from '../units/service';
import { getVisibleShift, managesUnit, selectShifts, type ShiftRow, shiftView, swapsOfShift } from './rosters';
import { shiftAccounts, WATCH_EVENTS } from './events';
import { personOfActor, who } from './shared';

type EntryRow = {
  id: string; shift_id: string; at: string; matter: string; handling: string | null; case_event_id: string | null; author_name: string; created_at: string;
  unit_name: string; day: string; kind: string; case_title: string | null;
};

function selectEntries(db: Database) {
  return db.selectFrom('watch_log_entries as e').innerJoin('watch_shifts as s', 's.id', 'e.shift_id').innerJoin('watch_rosters as r', 'r.id', 's.roster_id')
    .innerJoin('units as u', 'u.id', 'e.unit_id').leftJoin('case_events as c', 'c.id', 'e.case_event_id')
    .select(['e.id', 'e.shift_id', 'e.at', 'e.matter', 'e.handling', 'e.case_event_id', 'e.author_name', 'e.created_at', 'u.name as unit_name', 's.day', 's.kind', 'c.title as case_title']);
}

const entryView = (r: EntryRow): LogEntryView => ({
  id: r.id, shiftId: r.shift_id, unitName: r.unit_name, day: r.day, kind: r.kind as ShiftKind, at: r.at, matter: r.matter, handling: r.handling,
  caseId: r.case_event_id, caseTitle: r.case_title, authorName: r.author_name, createdAt: r.created_at,
});

/** Whether the signed-in user holds a place on the shift. */
async function onShift(db: Database, actor: Actor, s: ShiftRow): Promise<boolean> {
  const me = await personOfActor(db, actor);
  return !!me && (me === s.leader_person_id || me === s.staff_person_id);
}

export async function getShift(db: Database, actor: Actor, id: string): Promise<ShiftDetail> {
  const s = await getVisibleShift(db, actor, id);
  const entries = ((await selectEntries(db).where('e.shift_id', '=', id).orderBy('e.at').orderBy('e.created_at').execute()) as EntryRow[]).map(entryView);
  const live = (q: ReturnType<typeof selectShifts>) => q.where('s.unit_id', '=', s.unit_id).where('r.archived_at', 'is', null);
  const prev = (await live(selectShifts(db)).where('s.starts_at', '<', s.starts_at).orderBy('s.starts_at', 'desc').limit(1).executeTakeFirst()) as ShiftRow | undefined;
  const next = (await live(selectShifts(db)).where('s.starts_at', '>', s.starts_at).orderBy('s.starts_at').limit(1).executeTakeFirst()) as ShiftRow | undefined;
  return {
    ...shiftView(s), rosterTitle: s.roster_title, entries,
    previous: prev ? { id: prev.id, day: prev.day, kind: prev.kind as ShiftKind, handoverNote: prev.handover_note, handedOverAt: prev.handed_over_at, handedOverBy: prev.handed_over_by } : null,
    next: next ? { id: next.id, day: next.day, kind: next.kind as ShiftKind, names: [next.leader_name, next.staff_name].filter((x): x is string => !!x) } : null,
    swaps: await swapsOfShift(db, id, await personOfActor(db, actor)), mine: await onShift(db, actor, s),
  };
}

/** Who may write the shift's log: the people on it, or the managers of its own unit (补录). */
async function mayWrite(db: Database, actor: Actor, s: ShiftRow) {
  if (await onShift(db, actor, s)) return;
  if (managesUnit(actor, s.unit_path) && actor.unitId === s.unit_id) return;
  throw errors.forbidden('只有本班次的当班人员可以填写值班日志和交班');
}

function writable(s: ShiftRow, now: string) {
  if (s.roster_archived_at) throw errors.conflict('ARCHIVED', '该值班表已归档');
  if (s.starts_at > now) throw errors.conflict('SHIFT_NOT_STARTED', '该班次尚未开始');
  if (s.handed_over_at) throw errors.conflict('HANDED_OVER', '该班次已交班，不能再填写值班日志');
}

/** The person on duty opens the log: noted once (a shift whose log was never opened is reminded). */
export async function openLog(db: Database, ctx: ActorCtx, id: string) {
  return inTx(db, async (trx) => {
    const s = await getVisibleShift(trx, ctx.actor, id);
    const mine = await onShift(trx, ctx.actor, s);
    if (mine && !s.log_opened_at && s.starts_at <= nowIso()) {
      const at = nowIso();
      const res = await trx.updateTable('watch_shifts').set({ log_opened_at: at }).where('id', '=', id).where('log_opened_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) await writeAudit(trx, ctx, { action: 'open_log', entity: 'watch_shift', entityId: id, unitPath: s.unit_path, after: { logOpenedAt: at } });
    }
    return getShift(trx, ctx.actor, id);
  });
}

export async function addEntry(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof logEntryCreate>) {
  return inTx(db, async (trx) => {
    const s = await getVisibleShift(trx, ctx.actor, id);
    const now = nowIso();
    writable(s, now);
    await mayWrite(trx, ctx.actor, s);
    const at = input.at ? new Date(input.at.length === 16 ? `${input.at}:00+08:00` : input.at).toISOString() : now;
    if (Number.isNaN(Date.parse(at))) throw errors.validation('时间无效', 'at');
    if (at < s.starts_at || at > (s.ends_at < now ? s.ends_at : now)) throw errors.validation('时间应在本班次开始之后、不晚于现在和班次结束', 'at');
    if (input.caseId) {
      const ev = await getVisibleEvent(trx, ctx.actor, input.caseId).catch((e) => {
        throw errors.validation(e?.status === 404 ? '所选舆情诉求事件不存在' : '所选舆情诉求事件不在本单位的范围内', 'caseId');
      });
      if (!inSubtree(s.unit_path, ev.unit_path) && !inSubtree(s.unit_path, ev.handling_path)) throw errors.validation('所选舆情诉求事件不属于值班单位', 'caseId');
    }
    const row = { id: newId(), shift_id: id, unit_id: s.unit_id, at, matter: input.matter, handling: input.handling, case_event_id: input.caseId, author_name: who(ctx.actor), created_at: now };
    await trx.insertInto('watch_log_entries').values(row).execute();
    await trx.updateTable('watch_shifts').set({ log_opened_at: now }).where('id', '=', id).where('log_opened_at', 'is', null).execute();
    await writeAudit(trx, ctx, { action: 'create', entity: 'watch_log_entry', entityId: row.id, unitPath: s.unit_path, after: { shiftDay: s.day, kind: s.kind, at, matter: row.matter, handling: row.handling, caseId: row.case_event_id } });
    return entryView((await selectEntries(trx).where('e.id', '=', row.id).executeTakeFirstOrThrow()) as EntryRow);
  });
}

export async function handover(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof handoverBody>) {
  return inTx(db, async (trx) => {
    const s = await getVisibleShift(trx, ctx.actor, id);
    if (s.version !== input.version) throw errors.stale();
    const now = nowIso();
    writable(s, now);
    await mayWrite(trx, ctx.actor, s);
    const res = await trx.updateTable('watch_shifts')
      .set({ handed_over_at: now, handed_over_by: who(ctx.actor), handover_note: input.note, log_opened_at: s.log_opened_at ?? now, version: s.version + 1, updated_at: now })
      .where('id', '=', id).where('version', '=', input.version).where('handed_over_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
    await writeAudit(trx, ctx, { action: 'handover', entity: 'watch_shift', entityId: id, unitPath: s.unit_path, after: { day: s.day, kind: s.kind, note: input.note } });
    const detail = await getShift(trx, ctx.actor, id);
    // The next shift's people hear of the handover at once (the unit's staff when neither has an account).
    if (detail.next) {
      const next = (await getVisibleShift(trx, ctx.actor, detail.next.id));
      const accountIds = await shiftAccounts(trx, [next.leader_person_id, next.staff_person_id]);
      await emitEvents(trx, {
        kind: WATCH_EVENTS.handover, unitId: s.unit_id, roles: accountIds.length ? [] : ['staff'], accountIds,
        title: `${who(ctx.actor)}已交班${input.note ? `：${input.note}` : ''}`, subject: `${Number(s.day.slice(5, 7))}月${Number(s.day.slice(8))}日值班交班`,
        link: `/watch/shifts/${next.id}`, key: `watch:handover:${id}`, dueAt: next.starts_at,
      }, now);
    }
    return detail;
  });
}

export async function listLog(db: Database, actor: Actor, query: z.infer<typeof logQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectEntries(db).where('r.archived_at', 'is', null)
    .where((eb) => ('unitId' in scope ? eb('e.unit_id', '=', scope.unitId) : inSubtreeOf(eb, 'u.path', scope.path)));
  if (query.from) q = q.where('s.day', '>=', query.from);
  if (query.to) q = q.where('s.day', '<=', query.to);
  return pageOf(q, query, (q) => q.orderBy('e.at', 'desc').orderBy('e.created_at', 'desc').orderBy('e.id', 'desc'), (rows) => rows.map((r) => entryView(r as EntryRow)));
}

/** 今日值班: every live unit of the subtree with today's shifts (and last night's still running). */
export async function todayDuty(db: Database, actor: Actor, unitId: string | undefined): Promise<{ day: string; items: TodayRow[] }> {
  const root = unitId ? await getVisibleUnit(db, actor, unitId) : { path: actor.unitPath };
  const day = shanghaiDay();
  const now = nowIso();
  const units = await db.selectFrom('units as u').select(['u.id', 'u.name', 'u.depth']).where((eb) => inSubtreeOf(eb, 'u.path', root.path))
    .where('u.archived_at', 'is', null).orderBy('u.path').limit(2000).execute();
  const shifts = (await selectShifts(db).where((eb) => inSubtreeOf(eb, 'u.path', root.path)).where('r.archived_at', 'is', null)
    .where((eb) => eb.or([eb('s.day', '=', day), eb.and([eb('s.starts_at', '<=', now), eb('s.ends_at', '>', now)])]))
    .orderBy('s.starts_at').execute()) as ShiftRow[];
  const byUnit = new Map<string, ShiftRow[]>();
  for (const s of shifts) byUnit.set(s.unit_id, [...(byUnit.get(s.unit_id) ?? []), s]);
  return { day, items: units.map((u) => ({ unitId: u.id, unitName: u.name, depth: u.depth, shifts: (byUnit.get(u.id) ?? []).map(shiftView) })) };
}

/** The signed-in user's own shifts from yesterday on (what 我的值班 lists). */
export async function myShifts(db: Database, actor: Actor) {
  const me = await personOfActor(db, actor);
  if (!me) return { linked: false, items: [] };
  const rows = (await selectShifts(db).where('r.archived_at', 'is', null).where('s.ends_at', '>', new Date(Date.now() - 86_400_000).toISOString())
    .where((eb) => eb.or([eb('s.leader_person_id', '=', me), eb('s.staff_person_id', '=', me)])).orderBy('s.starts_at').limit(30).execute()) as ShiftRow[];
  return { linked: true, items: rows.map(shiftView) };
}
