/**
 * 值班表: a unit's roster for a date range, generated from a rotation of its people and edited
 * by hand shift by shift; 换班 asked by the person on duty and approved by the roster's owner,
 * or made by the owner on someone's behalf; 互换班次 (two people exchange their shifts) proposed
 * by one, accepted by the other or made by the owner for both. One person never holds two overlapping shifts; only
 * the unit's own people go on its roster; phones are sealed at rest.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { can } from '../../../common/roles';
import { SHIFT_KIND_LABELS, SHIFT_POSITION_LABELS } from '../../../common/watch';
import type {
  DutyPerson, exchangeAnswer, exchangeCreate, RosterDetail, rosterCreate, rosterQuery, rosterUpdate, RosterView, ShiftKind, ShiftMode, ShiftPosition, shiftUpdate,
  ShiftView, swapCreate, swapDecide, swapQuery, SwapStatus, SwapView,
} from '../../../common/watch';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { emitEvents } from '../../platform/events';
import { newId, nowIso } from '../../platform/ids';
import { cnDay } from '../../platform/ledger-xlsx';
import { openText, sealText } from '../../platform/personal-data';
import { archiver, editable, inRegisterList, pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getActiveUnit, unitScope } from '../units/service';
import { coverageOf } from './periods-service';
import { watchPeriodsFor } from './periods';
import { ROSTER_MANAGERS, shiftAccounts, WATCH_EVENTS } from './events';
import { daysOf, maskPhone, personOfActor, shiftSlots, shiftSpan, who } from './shared';

export type RosterRow = {
  id: string; unit_id: string; title: string; starts_on: string; ends_on: string; shift_mode: string; note: string | null; created_by: string;
  archived_at: string | null; version: number; unit_name: string; unit_path: string; shift_count?: number | string | null; gap_count?: number | string | null;
};

function selectRosters(db: Database) {
  return db.selectFrom('watch_rosters as r').innerJoin('units as u', 'u.id', 'r.unit_id')
    .selectAll('r').select(['u.name as unit_name', 'u.path as unit_path'])
    .select((eb) => [
      eb.selectFrom('watch_shifts as s').select((e) => e.fn.countAll().as('n')).whereRef('s.roster_id', '=', 'r.id').as('shift_count'),
      eb.selectFrom('watch_shifts as s').select((e) => e.fn.countAll().as('n')).whereRef('s.roster_id', '=', 'r.id')
        .where((e) => e.or([e('s.leader_person_id', 'is', null), e('s.staff_person_id', 'is', null)])).as('gap_count'),
    ]);
}

function rosterView(r: RosterRow): RosterView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, title: r.title, startsOn: r.starts_on, endsOn: r.ends_on, shiftMode: r.shift_mode as ShiftMode,
    note: r.note, createdBy: r.created_by, archived: r.archived_at !== null, version: r.version, shiftCount: Number(r.shift_count ?? 0), gapCount: Number(r.gap_count ?? 0),
  };
}

const rosterAudit = (r: RosterRow) => ({ title: r.title, unitName: r.unit_name, startsOn: r.starts_on, endsOn: r.ends_on, shiftMode: r.shift_mode, note: r.note, archived: r.archived_at !== null });

export async function getVisibleRoster(db: Database, actor: Actor, id: string): Promise<RosterRow> {
  return visibleRow((await selectRosters(db).where('r.id', '=', id).executeTakeFirst()) as RosterRow | undefined, actor, '值班表');
}

// --- shifts ---------------------------------------------------------------------------------

export type ShiftRow = {
  id: string; roster_id: string; unit_id: string; day: string; kind: string; starts_at: string; ends_at: string;
  leader_person_id: string | null; leader_phone: string | null; staff_person_id: string | null; staff_phone: string | null;
  log_opened_at: string | null; handed_over_at: string | null; handed_over_by: string | null; handover_note: string | null;
  version: number; unit_name: string; unit_path: string; roster_title: string; roster_archived_at: string | null;
  leader_name: string | null; leader_position: string | null; staff_name: string | null; staff_position: string | null; log_count?: number | string | null;
};

export function selectShifts(db: Database) {
  return db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as r', 'r.id', 's.roster_id').innerJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('people as lp', 'lp.id', 's.leader_person_id').leftJoin('people as sp', 'sp.id', 's.staff_person_id')
    .select([
      's.id', 's.roster_id', 's.unit_id', 's.day', 's.kind', 's.starts_at', 's.ends_at', 's.leader_person_id', 's.leader_phone', 's.staff_person_id', 's.staff_phone',
      's.log_opened_at', 's.handed_over_at', 's.handed_over_by', 's.handover_note', 's.version', 'u.name as unit_name', 'u.path as unit_path',
      'r.title as roster_title', 'r.archived_at as roster_archived_at', 'lp.name as leader_name', 'lp.position as leader_position', 'sp.name as staff_name', 'sp.position as staff_position',
    ])
    .select((eb) => eb.selectFrom('watch_log_entries as e').select((e) => e.fn.countAll().as('n')).whereRef('e.shift_id', '=', 's.id').as('log_count'));
}

const dutyPerson = (id: string | null, name: string | null, position: string | null, phone: string | null): DutyPerson | null =>
  id ? { personId: id, name: name ?? '', position, phone: openText(phone) } : null;

export function gapsOf(s: Pick<ShiftRow, 'leader_person_id' | 'staff_person_id'>): string[] {
  return [...(s.staff_person_id ? [] : ['值班人员']), ...(s.leader_person_id ? [] : ['带班领导'])];
}

export function shiftView(s: ShiftRow): ShiftView {
  return {
    id: s.id, rosterId: s.roster_id, unitId: s.unit_id, unitName: s.unit_name, day: s.day, kind: s.kind as ShiftKind, startsAt: s.starts_at, endsAt: s.ends_at,
    leader: dutyPerson(s.leader_person_id, s.leader_name, s.leader_position, s.leader_phone),
    staff: dutyPerson(s.staff_person_id, s.staff_name, s.staff_position, s.staff_phone),
    gaps: gapsOf(s), logOpenedAt: s.log_opened_at, handedOverAt: s.handed_over_at, handedOverBy: s.handed_over_by, handoverNote: s.handover_note,
    logCount: Number(s.log_count ?? 0), version: s.version,
  };
}

const shiftAudit = (s: ShiftRow) => ({
  day: s.day, kind: s.kind, leader: s.leader_name, leaderPhone: maskPhone(openText(s.leader_phone)), staff: s.staff_name, staffPhone: maskPhone(openText(s.staff_phone)),
});

export async function getVisibleShift(db: Database, actor: Actor, id: string): Promise<ShiftRow> {
  return visibleRow((await selectShifts(db).where('s.id', '=', id).executeTakeFirst()) as ShiftRow | undefined, actor, '班次');
}

/** A shift whose people may change: its roster is live and it has not ended. */
function changeable(s: ShiftRow, now = nowIso()): ShiftRow {
  if (s.roster_archived_at) throw errors.conflict('ARCHIVED', '该值班表已归档，请先恢复');
  if (s.ends_at <= now) throw errors.conflict('SHIFT_OVER', '该班次已结束，不能再调整人员');
  return s;
}

type Person = { id: string; name: string; phone: string | null; unit_id: string; archived_at: string | null };

/** A person of the roster's own unit, live; anyone else is refused naming the field. */
async function unitPerson(db: Database, unit: { id: string; name: string }, personId: string, field: string, what: string): Promise<Person> {
  const p = await db.selectFrom('people').select(['id', 'name', 'phone', 'unit_id', 'archived_at']).where('id', '=', personId).executeTakeFirst();
  if (!p || p.unit_id !== unit.id) throw errors.validation(`${what}只能是${unit.name}的人员`, field);
  if (p.archived_at) throw errors.validation(`人员“${p.name}”已归档`, field);
  return p;
}

/**
 * Refuses when a person of `planned` already holds a live shift overlapping one planned for them
 * (other than the shifts in `except`), or two planned shifts of theirs overlap.
 */
async function checkOverlaps(trx: Database, planned: { id?: string; personId: string; name: string; startsAt: string; endsAt: string; day: string; kind: ShiftKind }[], field: string, except: string[] = []) {
  if (!planned.length) return;
  const ids = [...new Set(planned.map((p) => p.personId))];
  const from = planned.reduce((m, p) => (p.startsAt < m ? p.startsAt : m), planned[0].startsAt);
  const to = planned.reduce((m, p) => (p.endsAt > m ? p.endsAt : m), planned[0].endsAt);
  let q = trx.selectFrom('watch_shifts as s').innerJoin('watch_rosters as r', 'r.id', 's.roster_id').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.day', 's.kind', 's.starts_at', 's.ends_at', 's.leader_person_id', 's.staff_person_id', 'u.name as unit_name'])
    .where('r.archived_at', 'is', null).where('s.starts_at', '<', to).where('s.ends_at', '>', from)
    .where((eb) => eb.or([eb('s.leader_person_id', 'in', ids), eb('s.staff_person_id', 'in', ids)]));
  if (except.length) q = q.where('s.id', 'not in', except);
  const existing = await q.execute();
  const held = [
    ...existing.flatMap((s) => [s.leader_person_id, s.staff_person_id].filter((x): x is string => !!x).map((personId) => ({ personId, startsAt: s.starts_at, endsAt: s.ends_at, day: s.day, kind: s.kind, id: s.id }))),
  ];
  const seen: typeof held = [];
  for (const p of planned) {
    const clash = [...held, ...seen].find((h) => h.personId === p.personId && h.id !== p.id && h.startsAt < p.endsAt && h.endsAt > p.startsAt);
    if (clash) throw errors.validation(`${p.name}在${cnDay(clash.day)}已有时段重叠的值班，同一人不能同时担任两个重叠的班次`, field);
    seen.push({ personId: p.personId, startsAt: p.startsAt, endsAt: p.endsAt, day: p.day, kind: p.kind, id: p.id ?? `new:${seen.length}` });
  }
}

/** Days of watch periods in force for the unit within the range. */
async function watchDaysFor(db: Database, unitId: string, from: string, to: string) {
  const periods = await watchPeriodsFor(db, unitId, { from, to });
  const days = new Set<string>();
  for (const p of periods) for (const d of daysOf(p.startsOn > from ? p.startsOn : from, p.endsOn < to ? p.endsOn : to)) days.add(d);
  return { periods, days: [...days].sort() };
}

export async function createRoster(db: Database, ctx: ActorCtx, input: z.infer<typeof rosterCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    if (input.shiftMode === 'office') {
      const w = await watchDaysFor(trx, unit.id, input.startsOn, input.endsOn);
      if (w.periods.length) throw errors.validation(`所选日期含敏感时期“${w.periods[0].name}”，须安排24小时值班(24小时一班或白班加夜班)`, 'shiftMode');
    }
    const leaders: Person[] = [];
    for (const pid of input.leaderIds) leaders.push(await unitPerson(trx, unit, pid, 'leaderIds', '带班领导'));
    const staff: Person[] = [];
    for (const pid of input.staffIds) staff.push(await unitPerson(trx, unit, pid, 'staffIds', '值班人员'));
    const now = nowIso();
    const rosterId = newId();
    const title = input.title ?? `${unit.name}值班表(${cnDay(input.startsOn)}至${cnDay(input.endsOn)})`;
    await trx.insertInto('watch_rosters').values({
      id: rosterId, unit_id: unit.id, title, starts_on: input.startsOn, ends_on: input.endsOn, shift_mode: input.shiftMode, note: input.note,
      created_by: who(ctx.actor), archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    // The rotation: staff take the shifts in turn, leaders the days in turn; nobody leads and staffs one shift.
    const slots = shiftSlots(input.startsOn, input.endsOn, input.shiftMode as ShiftMode);
    let k = 0;
    const rows = slots.map((slot) => {
      const leader = leaders.length ? leaders[slot.dayIndex % leaders.length] : null;
      let person: Person | null = null;
      for (let tries = 0; staff.length && tries < staff.length; tries++) {
        const cand = staff[(k + tries) % staff.length];
        if (cand.id !== leader?.id) { person = cand; k = k + tries + 1; break; }
      }
      const span = shiftSpan(slot.day, slot.kind);
      return {
        id: newId(), roster_id: rosterId, unit_id: unit.id, day: slot.day, kind: slot.kind, starts_at: span.startsAt, ends_at: span.endsAt,
        leader_person_id: leader?.id ?? null, leader_phone: sealText(leader?.phone ?? null), staff_person_id: person?.id ?? null, staff_phone: sealText(person?.phone ?? null),
        log_opened_at: null, handed_over_at: null, handed_over_by: null, handover_note: null, version: 0, created_at: now, updated_at: now,
        _names: { leader: leader?.name ?? null, staff: person?.name ?? null },
      };
    });
    const planned = rows.flatMap((r) => [
      ...(r.leader_person_id ? [{ id: r.id, personId: r.leader_person_id, name: r._names.leader!, startsAt: r.starts_at, endsAt: r.ends_at, day: r.day, kind: r.kind as ShiftKind }] : []),
      ...(r.staff_person_id ? [{ id: r.id, personId: r.staff_person_id, name: r._names.staff!, startsAt: r.starts_at, endsAt: r.ends_at, day: r.day, kind: r.kind as ShiftKind }] : []),
    ]);
    await checkOverlaps(trx, planned, 'staffIds');
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('watch_shifts').values(rows.slice(i, i + 200).map(({ _names, ...r }) => r)).execute();
    const row = await getVisibleRoster(trx, ctx.actor, rosterId);
    await writeAudit(trx, ctx, {
      action: 'create', entity: 'watch_roster', entityId: rosterId, unitPath: unit.path,
      after: { ...rosterAudit(row), leaders: leaders.map((p) => p.name), staff: staff.map((p) => p.name), shifts: rows.length },
    });
    return getRoster(trx, ctx.actor, rosterId);
  });
}

export async function listRosters(db: Database, actor: Actor, query: z.infer<typeof rosterQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectRosters(db).where((eb) => inRegisterList(eb, { unitId: 'r.unit_id', path: 'u.path', archivedAt: 'r.archived_at' }, scope, query.archived));
  if (query.from) q = q.where('r.ends_on', '>=', query.from);
  if (query.to) q = q.where('r.starts_on', '<=', query.to);
  if (query.gaps === 'true') {
    const from = query.from;
    q = q.where((eb) => eb.exists(eb.selectFrom('watch_shifts as g').select('g.id').whereRef('g.roster_id', '=', 'r.id')
      .where((e) => e.or([e('g.leader_person_id', 'is', null), e('g.staff_person_id', 'is', null)]))
      .$if(!!from, (qq) => qq.where('g.day', '>=', from!))));
  }
  return pageOf(q, query, (q) => q.orderBy('r.starts_on', 'desc').orderBy('u.path').orderBy('r.id'), (rows) => rows.map((r) => rosterView(r as RosterRow)));
}

export async function getRoster(db: Database, actor: Actor, id: string): Promise<RosterDetail> {
  const r = await getVisibleRoster(db, actor, id);
  const shifts = (await selectShifts(db).where('s.roster_id', '=', id).orderBy('s.starts_at').execute()) as ShiftRow[];
  const w = await watchDaysFor(db, r.unit_id, r.starts_on, r.ends_on);
  let uncoveredWatchDays: string[] = [];
  if (w.days.length && !r.archived_at) uncoveredWatchDays = (await coverageOf(db, r.unit_path, w.days)).get(r.unit_id)?.uncoveredDays ?? [];
  return {
    ...rosterView(r), shifts: shifts.map(shiftView),
    watchPeriods: w.periods.map((p) => ({ id: p.id, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn })), uncoveredWatchDays,
  };
}

export async function updateRoster(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof rosterUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleRoster(trx, ctx.actor, id), input.version, '该值班表已归档，请先恢复');
    await updateVersioned(trx, 'watch_rosters', id, input.version, { title: input.title, note: input.note });
    const after = await getVisibleRoster(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'watch_roster', entityId: id, unitPath: before.unit_path, before: rosterAudit(before), after: rosterAudit(after) });
    return getRoster(trx, ctx.actor, id);
  });
}

export const setRosterArchived = archiver<RosterRow, RosterView>({
  table: 'watch_rosters', entity: 'watch_roster', noun: '值班表', load: getVisibleRoster, view: async (trx, actor, r) => rosterView(await getVisibleRoster(trx, actor, r.id)), audit: rosterAudit,
  // Restoring puts its people back on duty: refused when one of them took an overlapping shift meanwhile.
  guard: async (trx, _ctx, r, archived) => {
    if (archived) return;
    const shifts = (await selectShifts(trx).where('s.roster_id', '=', r.id).execute()) as ShiftRow[];
    await checkOverlaps(trx, plannedOf(shifts), 'version', shifts.map((s) => s.id));
  },
});

function plannedOf(shifts: ShiftRow[]) {
  return shifts.flatMap((s) => [
    ...(s.leader_person_id ? [{ id: s.id, personId: s.leader_person_id, name: s.leader_name ?? '', startsAt: s.starts_at, endsAt: s.ends_at, day: s.day, kind: s.kind as ShiftKind }] : []),
    ...(s.staff_person_id ? [{ id: s.id, personId: s.staff_person_id, name: s.staff_name ?? '', startsAt: s.starts_at, endsAt: s.ends_at, day: s.day, kind: s.kind as ShiftKind }] : []),
  ]);
}

export async function rosterHistory(db: Database, actor: Actor, id: string) {
  await getVisibleRoster(db, actor, id);
  const shifts = await db.selectFrom('watch_shifts').select('id').where('roster_id', '=', id).execute();
  const ids = [id, ...shifts.map((s) => s.id)];
  const swaps = shifts.length ? await db.selectFrom('watch_swaps').select('id').where('shift_id', 'in', shifts.map((s) => s.id)).execute() : [];
  return { items: await entityHistory(db, ['watch_roster', 'watch_shift', 'watch_swap'], [...ids, ...swaps.map((s) => s.id)]) };
}

/** Sets who holds the shift's places (and their duty phones, the person's own by default), after every check. */
async function assignPlaces(trx: Database, before: ShiftRow, version: number, want: { leaderId: string | null; leaderPhone?: string | null; staffId: string | null; staffPhone?: string | null }, fields: { leader: string; staff: string }) {
  const unit = { id: before.unit_id, name: before.unit_name };
  const leader = want.leaderId ? await unitPerson(trx, unit, want.leaderId, fields.leader, '带班领导') : null;
  const staff = want.staffId ? await unitPerson(trx, unit, want.staffId, fields.staff, '值班人员') : null;
  if (leader && staff && leader.id === staff.id) throw errors.validation('同一人不能在一个班次中既任带班领导又任值班人员', fields.staff);
  const planned = [
    ...(leader ? [{ id: before.id, personId: leader.id, name: leader.name, startsAt: before.starts_at, endsAt: before.ends_at, day: before.day, kind: before.kind as ShiftKind }] : []),
    ...(staff ? [{ id: before.id, personId: staff.id, name: staff.name, startsAt: before.starts_at, endsAt: before.ends_at, day: before.day, kind: before.kind as ShiftKind }] : []),
  ];
  await checkOverlaps(trx, planned, fields.staff, [before.id]);
  const phoneOf = (p: Person | null, given: string | null | undefined) => (p ? sealText(given ?? p.phone) : null);
  await updateVersioned(trx, 'watch_shifts', before.id, version, {
    leader_person_id: leader?.id ?? null, leader_phone: phoneOf(leader, want.leaderPhone), staff_person_id: staff?.id ?? null, staff_phone: phoneOf(staff, want.staffPhone),
  });
}

export async function updateShift(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof shiftUpdate>) {
  return inTx(db, async (trx) => {
    const before = changeable(await getVisibleShift(trx, ctx.actor, id));
    if (before.version !== input.version) throw errors.stale();
    await assignPlaces(trx, before, input.version, { leaderId: input.leaderPersonId, leaderPhone: input.leaderPhone, staffId: input.staffPersonId, staffPhone: input.staffPhone }, { leader: 'leaderPersonId', staff: 'staffPersonId' });
    const after = await getVisibleShift(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'watch_shift', entityId: id, unitPath: before.unit_path, before: shiftAudit(before), after: shiftAudit(after) });
    return shiftView(after);
  });
}

// --- swaps ----------------------------------------------------------------------------------

type SwapRow = {
  id: string; shift_id: string; unit_id: string; position: string; from_person_id: string | null; to_person_id: string; reason: string | null; status: string;
  requested_by: string; decided_by: string | null; decided_at: string | null; decision_note: string | null; version: number; created_at: string;
  unit_name: string; unit_path: string; day: string; kind: string; from_name: string | null; to_name: string;
  other_shift_id: string | null; other_day: string | null; other_kind: string | null;
};

function selectSwaps(db: Database) {
  return db.selectFrom('watch_swaps as w').innerJoin('watch_shifts as s', 's.id', 'w.shift_id').innerJoin('units as u', 'u.id', 'w.unit_id')
    .leftJoin('people as fp', 'fp.id', 'w.from_person_id').innerJoin('people as tp', 'tp.id', 'w.to_person_id')
    .leftJoin('watch_shifts as os', 'os.id', 'w.other_shift_id')
    .select(['w.other_shift_id', 'os.day as other_day', 'os.kind as other_kind'])
    .select(['w.id', 'w.shift_id', 'w.unit_id', 'w.position', 'w.from_person_id', 'w.to_person_id', 'w.reason', 'w.status', 'w.requested_by', 'w.decided_by', 'w.decided_at',
      'w.decision_note', 'w.version', 'w.created_at', 'u.name as unit_name', 'u.path as unit_path', 's.day', 's.kind', 'fp.name as from_name', 'tp.name as to_name']);
}

/** `me`: the signed-in user's person, to tell whether a pending exchange waits for them. */
const swapView = (r: SwapRow, me: string | null = null): SwapView => ({
  id: r.id, shiftId: r.shift_id, unitId: r.unit_id, unitName: r.unit_name, day: r.day, kind: r.kind as ShiftKind, position: r.position as ShiftPosition,
  fromName: r.from_name, toName: r.to_name, reason: r.reason, status: r.status as SwapStatus, requestedBy: r.requested_by, decidedBy: r.decided_by,
  decidedAt: r.decided_at, decisionNote: r.decision_note, version: r.version, createdAt: r.created_at,
  other: r.other_shift_id ? { shiftId: r.other_shift_id, day: r.other_day!, kind: r.other_kind as ShiftKind } : null,
  toAnswer: !!r.other_shift_id && r.status === 'pending' && !!me && r.to_person_id === me,
});

/** The swaps of a shift: those asked on it and the exchanges that take it as the other shift. */
export async function swapsOfShift(db: Database, shiftId: string, me: string | null = null) {
  const rows = (await selectSwaps(db).where((eb) => eb.or([eb('w.shift_id', '=', shiftId), eb('w.other_shift_id', '=', shiftId)])).orderBy('w.created_at', 'desc').execute()) as SwapRow[];
  return rows.map((r) => swapView(r, me));
}

/** Whether the actor manages the unit's roster (the owner): a managing role in the unit or above it. */
export const managesUnit = (actor: Actor, unitPath: string) => can(actor.role, 'watch.manage') && inSubtree(actor.unitPath, unitPath);

const placeOf = (s: ShiftRow, position: ShiftPosition) => (position === 'leader' ? s.leader_person_id : s.staff_person_id);

/**
 * The person on duty asks to hand their place to someone of the unit (pending until the owner
 * approves), or the owner swaps on someone's behalf (done at once). Same checks either way.
 */
export async function requestSwap(db: Database, ctx: ActorCtx, shiftId: string, input: z.infer<typeof swapCreate>) {
  return inTx(db, async (trx) => {
    const shift = changeable(await getVisibleShift(trx, ctx.actor, shiftId));
    if (shift.starts_at <= nowIso()) throw errors.conflict('SHIFT_STARTED', '该班次已开始，不能再换班');
    const owner = managesUnit(ctx.actor, shift.unit_path);
    const from = placeOf(shift, input.position);
    if (!owner) {
      const me = await personOfActor(trx, ctx.actor);
      if (!me || me !== from) throw errors.forbidden('只有该班次的当班人员本人或值班表管理人可以申请换班');
    }
    const to = await unitPerson(trx, { id: shift.unit_id, name: shift.unit_name }, input.toPersonId, 'toPersonId', '换班人员');
    if (to.id === from) throw errors.validation('接班人员与原值班人员相同', 'toPersonId');
    const pending = await trx.selectFrom('watch_swaps').select('id').where('shift_id', '=', shiftId).where('position', '=', input.position).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw errors.conflict('SWAP_PENDING', '该班次已有待审批的换班申请');
    const want = input.position === 'leader' ? { leaderId: to.id, staffId: shift.staff_person_id } : { leaderId: shift.leader_person_id, staffId: to.id };
    const now = nowIso();
    const row = {
      id: newId(), shift_id: shiftId, unit_id: shift.unit_id, position: input.position, from_person_id: from, to_person_id: to.id, reason: input.reason,
      status: owner ? 'approved' : 'pending', requested_by: who(ctx.actor), decided_by: owner ? who(ctx.actor) : null, decided_at: owner ? now : null,
      decision_note: owner ? '值班表管理人代为换班' : null, version: 0, created_at: now, updated_at: now,
    };
    if (owner) {
      await assignPlaces(trx, shift, shift.version, { ...want, leaderPhone: input.position === 'leader' ? null : openText(shift.leader_phone), staffPhone: input.position === 'staff' ? null : openText(shift.staff_phone) }, { leader: 'toPersonId', staff: 'toPersonId' });
    } else {
      // Checked now so the person hears at once; checked again when the owner approves.
      await checkOverlaps(trx, [{ id: shift.id, personId: to.id, name: to.name, startsAt: shift.starts_at, endsAt: shift.ends_at, day: shift.day, kind: shift.kind as ShiftKind }], 'toPersonId', [shift.id]);
      if ((input.position === 'leader' ? shift.staff_person_id : shift.leader_person_id) === to.id) throw errors.validation('同一人不能在一个班次中既任带班领导又任值班人员', 'toPersonId');
    }
    await trx.insertInto('watch_swaps').values(row).execute();
    const view = swapView((await selectSwaps(trx).where('w.id', '=', row.id).executeTakeFirstOrThrow()) as SwapRow);
    await writeAudit(trx, ctx, { action: owner ? 'swap' : 'request', entity: 'watch_swap', entityId: row.id, unitPath: shift.unit_path, after: { day: view.day, kind: view.kind, position: view.position, from: view.fromName, to: view.toName, reason: view.reason, status: view.status } });
    // Asked (not made by the owner): the roster's managers hear at once; same key as the reminder, so it is not repeated.
    if (!owner) {
      const day = `${Number(view.day.slice(5, 7))}月${Number(view.day.slice(8))}日`;
      await emitEvents(trx, {
        kind: WATCH_EVENTS.swap, unitId: shift.unit_id, roles: ROSTER_MANAGERS, title: `${view.fromName ?? ''}申请${day}换班(由${view.toName}接班)${view.reason ? `：${view.reason}` : ''}，待审批`,
        subject: `${day}换班申请`, link: '/watch/swaps?status=pending', key: `watch:swap:${row.id}`, dueAt: shift.starts_at,
      }, now);
    }
    return view;
  });
}

async function getVisibleSwap(db: Database, actor: Actor, id: string): Promise<SwapRow> {
  return visibleRow((await selectSwaps(db).where('w.id', '=', id).executeTakeFirst()) as SwapRow | undefined, actor, '换班申请');
}

export async function decideSwap(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof swapDecide>, approve: boolean) {
  return inTx(db, async (trx) => {
    const swap = await getVisibleSwap(trx, ctx.actor, id);
    if (swap.version !== input.version) throw errors.stale();
    if (swap.status !== 'pending') throw errors.conflict('SWAP_DECIDED', '该换班申请已处理');
    if (!managesUnit(ctx.actor, swap.unit_path)) throw errors.forbidden('只有值班表管理人可以审批换班');
    // An exchange the owner settles for both people.
    if (swap.other_shift_id) return settleExchange(trx, ctx, swap, input, approve);
    await updateVersioned(trx, 'watch_swaps', id, input.version, { status: approve ? 'approved' : 'rejected', decided_by: who(ctx.actor), decided_at: nowIso(), decision_note: input.note });
    if (approve) {
      const shift = changeable(await getVisibleShift(trx, ctx.actor, swap.shift_id));
      if (shift.starts_at <= nowIso()) throw errors.conflict('SHIFT_STARTED', '该班次已开始，不能再换班');
      const position = swap.position as ShiftPosition;
      if (placeOf(shift, position) !== swap.from_person_id) throw errors.conflict('SHIFT_CHANGED', '申请后该班次人员已调整，请重新申请换班');
      const want = position === 'leader' ? { leaderId: swap.to_person_id, staffId: shift.staff_person_id, staffPhone: openText(shift.staff_phone) } : { leaderId: shift.leader_person_id, leaderPhone: openText(shift.leader_phone), staffId: swap.to_person_id };
      await assignPlaces(trx, shift, shift.version, want, { leader: 'toPersonId', staff: 'toPersonId' });
    }
    const view = swapView((await selectSwaps(trx).where('w.id', '=', id).executeTakeFirstOrThrow()) as SwapRow);
    await writeAudit(trx, ctx, { action: approve ? 'approve' : 'reject', entity: 'watch_swap', entityId: id, unitPath: swap.unit_path, before: { status: swap.status }, after: { status: view.status, note: view.decisionNote, to: view.toName } });
    return view;
  });
}

export async function listSwaps(db: Database, actor: Actor, query: z.infer<typeof swapQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectSwaps(db).where((eb) => ('unitId' in scope ? eb('w.unit_id', '=', scope.unitId) : inSubtreeOf(eb, 'u.path', scope.path)));
  if (query.status) q = q.where('w.status', '=', query.status);
  const me = await personOfActor(db, actor);
  return pageOf(q, query, (q) => q.orderBy(sql`case when w.status = 'pending' then 0 else 1 end`).orderBy('w.created_at', 'desc').orderBy('w.id', 'desc'), (rows) => rows.map((r) => swapView(r as SwapRow, me)));
}

// --- 互换班次 --------------------------------------------------------------------------------

const dayName = (s: { day: string; kind: string }) => `${Number(s.day.slice(5, 7))}月${Number(s.day.slice(8))}日${SHIFT_KIND_LABELS[s.kind as ShiftKind]}`;

/** A shift that may still change hands: live, not ended (SHIFT_OVER), not begun (SHIFT_STARTED). */
function exchangeable(s: ShiftRow): ShiftRow {
  changeable(s);
  if (s.starts_at <= nowIso()) throw errors.conflict('SHIFT_STARTED', `${dayName(s)}已开始，不能再换班`);
  return s;
}

/**
 * Whether A may take B's place at `position` on `other` and B A's on `mine`: both still people
 * of the unit, nobody both leader and staff of one shift, nobody on two overlapping shifts
 * (the two shifts themselves left out: each person leaves one for the other).
 */
async function checkExchange(trx: Database, mine: ShiftRow, other: ShiftRow, position: ShiftPosition, a: string, b: string) {
  const unit = { id: mine.unit_id, name: mine.unit_name };
  const what = SHIFT_POSITION_LABELS[position];
  const pa = await unitPerson(trx, unit, a, 'otherShiftId', what);
  const pb = await unitPerson(trx, unit, b, 'otherShiftId', what);
  const partner = (s: ShiftRow) => (position === 'leader' ? s.staff_person_id : s.leader_person_id);
  if (partner(mine) === b || partner(other) === a) throw errors.validation('同一人不能在一个班次中既任带班领导又任值班人员', 'otherShiftId');
  await checkOverlaps(trx, [
    { id: other.id, personId: a, name: pa.name, startsAt: other.starts_at, endsAt: other.ends_at, day: other.day, kind: other.kind as ShiftKind },
    { id: mine.id, personId: b, name: pb.name, startsAt: mine.starts_at, endsAt: mine.ends_at, day: mine.day, kind: mine.kind as ShiftKind },
  ], 'otherShiftId', [mine.id, other.id]);
  return { pa, pb };
}

/** Both places change hands in the caller's transaction, each with the person's own phone; a shift saved meanwhile is STALE. */
async function exchangePlaces(trx: Database, mine: ShiftRow, other: ShiftRow, position: ShiftPosition, a: string, b: string) {
  const { pa, pb } = await checkExchange(trx, mine, other, position, a, b);
  const place = (p: Person) => (position === 'leader' ? { leader_person_id: p.id, leader_phone: sealText(p.phone) } : { staff_person_id: p.id, staff_phone: sealText(p.phone) });
  await updateVersioned(trx, 'watch_shifts', mine.id, mine.version, place(pb));
  await updateVersioned(trx, 'watch_shifts', other.id, other.version, place(pa));
}

async function exchangeAccounts(trx: Database, personIds: (string | null)[]) {
  return shiftAccounts(trx, personIds);
}

/**
 * 互换班次: the person on duty proposes her place at `position` on this shift for the other
 * person's place at the same position on another shift of the unit (pending until that person
 * accepts), or the roster's owner exchanges them for both (done at once). Ended or begun
 * shifts can't change hands; both places change in this one transaction.
 */
export async function proposeExchange(db: Database, ctx: ActorCtx, shiftId: string, input: z.infer<typeof exchangeCreate>) {
  return inTx(db, async (trx) => {
    const mine = exchangeable(await getVisibleShift(trx, ctx.actor, shiftId));
    if (input.otherShiftId === shiftId) throw errors.validation('请选择另一个班次互换', 'otherShiftId');
    const other = await selectShifts(trx).where('s.id', '=', input.otherShiftId).executeTakeFirst() as ShiftRow | undefined;
    if (!other || other.unit_id !== mine.unit_id) throw errors.validation(`只能与${mine.unit_name}值班表中的班次互换`, 'otherShiftId');
    exchangeable(other);
    const a = placeOf(mine, input.position);
    const b = placeOf(other, input.position);
    const what = SHIFT_POSITION_LABELS[input.position];
    if (!a) throw errors.validation(`${dayName(mine)}的${what}空缺，没有可互换的人`, 'position');
    if (!b) throw errors.validation(`${dayName(other)}的${what}空缺，请改用换班`, 'otherShiftId');
    if (a === b) throw errors.validation(`两个班次的${what}是同一人，无需互换`, 'otherShiftId');
    const owner = managesUnit(ctx.actor, mine.unit_path);
    if (!owner && (await personOfActor(trx, ctx.actor)) !== a) throw errors.forbidden('只有该班次的当班人员本人或值班表管理人可以提出互换班次');
    const pending = await trx.selectFrom('watch_swaps').select('id').where('status', '=', 'pending').where('position', '=', input.position)
      .where((eb) => eb.or([eb('shift_id', 'in', [mine.id, other.id]), eb('other_shift_id', 'in', [mine.id, other.id])])).executeTakeFirst();
    if (pending) throw errors.conflict('SWAP_PENDING', '其中一个班次已有待处理的换班申请');
    const now = nowIso();
    const row = {
      id: newId(), shift_id: mine.id, other_shift_id: other.id, unit_id: mine.unit_id, position: input.position, from_person_id: a, to_person_id: b, reason: input.reason,
      status: owner ? 'approved' : 'pending', requested_by: who(ctx.actor), decided_by: owner ? who(ctx.actor) : null, decided_at: owner ? now : null,
      decision_note: owner ? '值班表管理人代为互换' : null, version: 0, created_at: now, updated_at: now,
    };
    // Made by the owner: at once. Proposed: checked now so the proposer hears at once, checked again on acceptance.
    if (owner) await exchangePlaces(trx, mine, other, input.position, a, b);
    else await checkExchange(trx, mine, other, input.position, a, b);
    await trx.insertInto('watch_swaps').values(row).execute();
    const view = swapView((await selectSwaps(trx).where('w.id', '=', row.id).executeTakeFirstOrThrow()) as SwapRow);
    await writeAudit(trx, ctx, {
      action: owner ? 'exchange' : 'propose', entity: 'watch_swap', entityId: row.id, unitPath: mine.unit_path,
      after: { day: view.day, kind: view.kind, otherDay: other.day, otherKind: other.kind, position: view.position, from: view.fromName, to: view.toName, reason: view.reason, status: view.status },
    });
    const pair = `${dayName(mine)}(${view.fromName})与${dayName(other)}(${view.toName})的${what}`;
    if (owner) {
      await emitEvents(trx, {
        kind: WATCH_EVENTS.exchange, unitId: mine.unit_id, accountIds: await exchangeAccounts(trx, [a, b]), title: `值班表管理人已将${pair}互换`,
        subject: `${dayName(mine)}与${dayName(other)}互换班次`, link: `/watch/rosters/${mine.roster_id}`, key: `watch:exchange:${row.id}:done`, dueAt: mine.starts_at < other.starts_at ? mine.starts_at : other.starts_at,
      }, now);
    } else {
      await emitEvents(trx, {
        kind: WATCH_EVENTS.exchange, unitId: mine.unit_id, accountIds: await exchangeAccounts(trx, [b]),
        title: `${view.fromName}提出互换班次：${pair}${view.reason ? `(${view.reason})` : ''}，请确认`,
        subject: `${dayName(mine)}与${dayName(other)}互换班次`, link: '/watch/swaps?status=pending', key: `watch:exchange:${row.id}:asked`, dueAt: mine.starts_at < other.starts_at ? mine.starts_at : other.starts_at,
      }, now);
    }
    return view;
  });
}

/** The other person accepts or declines an exchange proposed to them. */
export async function answerExchange(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof exchangeAnswer>, accept: boolean) {
  return inTx(db, async (trx) => {
    const swap = await getVisibleSwap(trx, ctx.actor, id);
    if (!swap.other_shift_id) throw errors.validation('这是一条换班申请，由值班表管理人审批', 'id');
    if (swap.version !== input.version) throw errors.stale();
    if (swap.status !== 'pending') throw errors.conflict('SWAP_DECIDED', '该互换已处理');
    if ((await personOfActor(trx, ctx.actor)) !== swap.to_person_id) throw errors.forbidden('只有被邀请互换的本人可以同意或不同意');
    return settleExchange(trx, ctx, swap, input, accept);
  });
}

/** Accepted (by the other person or the owner): both places change hands; declined: nothing changes. Either way both people hear. */
async function settleExchange(trx: Database, ctx: ActorCtx, swap: SwapRow, input: { version: number; note: string | null }, accept: boolean) {
  const now = nowIso();
  await updateVersioned(trx, 'watch_swaps', swap.id, input.version, { status: accept ? 'approved' : 'rejected', decided_by: who(ctx.actor), decided_at: now, decision_note: input.note });
  const position = swap.position as ShiftPosition;
  const mine = await getVisibleShift(trx, ctx.actor, swap.shift_id);
  const other = await getVisibleShift(trx, ctx.actor, swap.other_shift_id!);
  if (accept) {
    exchangeable(mine);
    exchangeable(other);
    if (placeOf(mine, position) !== swap.from_person_id || placeOf(other, position) !== swap.to_person_id) {
      throw errors.conflict('SHIFT_CHANGED', '提出互换后班次人员已调整，请重新提出互换');
    }
    await exchangePlaces(trx, mine, other, position, swap.from_person_id!, swap.to_person_id);
  }
  const view = swapView((await selectSwaps(trx).where('w.id', '=', swap.id).executeTakeFirstOrThrow()) as SwapRow);
  await writeAudit(trx, ctx, { action: accept ? 'accept' : 'decline', entity: 'watch_swap', entityId: swap.id, unitPath: swap.unit_path, before: { status: swap.status }, after: { status: view.status, note: view.decisionNote, from: view.fromName, to: view.toName } });
  const pair = `${dayName(mine)}(${swap.from_name})与${dayName(other)}(${swap.to_name})的${SHIFT_POSITION_LABELS[position]}`;
  await emitEvents(trx, {
    kind: WATCH_EVENTS.exchange, unitId: swap.unit_id, accountIds: await exchangeAccounts(trx, [swap.from_person_id, swap.to_person_id]),
    title: accept ? `${pair}已互换` : `${swap.to_name}未同意互换${pair}${input.note ? `：${input.note}` : ''}`,
    subject: `${dayName(mine)}与${dayName(other)}互换班次`, link: `/watch/rosters/${mine.roster_id}`, key: `watch:exchange:${swap.id}:${accept ? 'done' : 'declined'}`,
    dueAt: mine.starts_at < other.starts_at ? mine.starts_at : other.starts_at,
  }, now);
  return view;
}
