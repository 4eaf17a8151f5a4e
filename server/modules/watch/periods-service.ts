/**
 * 敏感时期 declared by a unit for its subtree, the names it picks them from (the built-in list
 * and the unit's own), and how each unit in scope stands with its roster for the period's days.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { type CoverageRow, type PeriodNameView, WATCH_PERIOD_NAMES, type periodNameCreate, type watchPeriodCreate, type watchPeriodQuery, type watchPeriodUpdate, type WatchPeriodView } from '../../../common/watch';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { shanghaiDay } from '../../platform/period';
import { archiver, editable, insertRecord, updateVersioned } from '../../platform/records';
import { assertInScope, inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { expectPassedWatchDays } from '../reporting/watch-days';
import { getActiveUnit, getVisibleUnit } from '../units/service';
import { announcePeriod } from './events';
import { daysOf, who } from './shared';

type PeriodRow = {
  id: string; unit_id: string; name: string; starts_on: string; ends_on: string; note: string | null; created_by: string | null;
  archived_at: string | null; version: number; unit_name: string; unit_path: string;
};

const lineageOf = (path: string) => path.split('/').filter(Boolean);

function selectPeriods(db: Database) {
  return db.selectFrom('watch_periods as w').innerJoin('units as u', 'u.id', 'w.unit_id')
    .select(['w.id', 'w.unit_id', 'w.name', 'w.starts_on', 'w.ends_on', 'w.note', 'w.created_by', 'w.archived_at', 'w.version', 'u.name as unit_name', 'u.path as unit_path']);
}

function toView(r: PeriodRow, actor: Actor): WatchPeriodView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, note: r.note,
    createdBy: r.created_by, archived: r.archived_at !== null, version: r.version, own: inSubtree(actor.unitPath, r.unit_path),
  };
}

const auditView = (r: PeriodRow) => ({ name: r.name, unitName: r.unit_name, startsOn: r.starts_on, endsOn: r.ends_on, note: r.note, archived: r.archived_at !== null });

/** A period the actor may read: declared in its subtree, or above it (then it is in force for the actor's unit). */
export async function getReadablePeriod(db: Database, actor: Actor, id: string): Promise<PeriodRow> {
  const row = (await selectPeriods(db).where('w.id', '=', id).executeTakeFirst()) as PeriodRow | undefined;
  if (!row) throw errors.notFound('敏感时期');
  if (!inSubtree(row.unit_path, actor.unitPath)) assertInScope(actor, row.unit_path);
  return row;
}

/** A period the actor may change: declared by a unit of its subtree. */
async function getOwnPeriod(db: Database, actor: Actor, id: string): Promise<PeriodRow> {
  const row = (await selectPeriods(db).where('w.id', '=', id).executeTakeFirst()) as PeriodRow | undefined;
  if (!row) throw errors.notFound('敏感时期');
  assertInScope(actor, row.unit_path);
  return row;
}

export async function getPeriod(db: Database, actor: Actor, id: string) {
  return toView(await getReadablePeriod(db, actor, id), actor);
}

/** Periods in force for the unit (declared by it or above it) and those its subunits declared. */
export async function listPeriods(db: Database, actor: Actor, q: z.infer<typeof watchPeriodQuery>) {
  const unit = q.unitId ? await getVisibleUnit(db, actor, q.unitId) : { path: actor.unitPath };
  let query = selectPeriods(db)
    .where((eb) => eb.or([eb('w.unit_id', 'in', lineageOf(unit.path)), inSubtreeOf(eb, 'u.path', unit.path)]))
    .where('w.archived_at', q.archived === 'true' ? 'is not' : 'is', null);
  if (q.from) query = query.where('w.ends_on', '>=', q.from);
  if (q.to) query = query.where('w.starts_on', '<=', q.to);
  const rows = (await query.orderBy('w.starts_on', 'desc').orderBy('u.path').orderBy('w.id').limit(500).execute()) as PeriodRow[];
  return { items: rows.map((r) => toView(r, actor)) };
}

/** The names a unit picks from: the built-in list, then its own and its superiors' own. */
export async function listNames(db: Database, actor: Actor, unitId: string | undefined): Promise<{ items: PeriodNameView[] }> {
  const unit = unitId ? await getVisibleUnit(db, actor, unitId) : { path: actor.unitPath };
  const own = await db.selectFrom('watch_period_names as n').innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.name', 'n.version', 'u.name as unit_name'])
    .where('n.unit_id', 'in', lineageOf(unit.path)).where('n.archived_at', 'is', null).orderBy('n.created_at').execute();
  return {
    items: [
      ...WATCH_PERIOD_NAMES.map((name) => ({ id: null, name, unitName: null, builtIn: true, version: 0 })),
      ...own.map((n) => ({ id: n.id, name: n.name, unitName: n.unit_name, builtIn: false, version: n.version })),
    ],
  };
}

export async function addName(db: Database, ctx: ActorCtx, input: z.infer<typeof periodNameCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const names = (await listNames(trx, ctx.actor, unit.id)).items.map((n) => n.name);
    if (names.includes(input.name)) throw errors.validation(`名称“${input.name}”已在列表中`, 'name');
    const row = await insertRecord(trx, 'watch_period_names', { unit_id: unit.id, name: input.name });
    await writeAudit(trx, ctx, { action: 'create', entity: 'watch_period_name', entityId: row.id, unitPath: unit.path, after: { name: row.name, unitName: unit.name } });
    return { id: row.id, name: row.name, unitName: unit.name, builtIn: false, version: row.version };
  });
}

type NameRow = { id: string; name: string; unit_name: string; unit_path: string; archived_at: string | null; version: number };
async function getVisibleName(db: Database, actor: Actor, id: string): Promise<NameRow> {
  const r = await db.selectFrom('watch_period_names as n').innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.name', 'n.archived_at', 'n.version', 'u.name as unit_name', 'u.path as unit_path']).where('n.id', '=', id).executeTakeFirst();
  if (!r) throw errors.notFound('名称');
  assertInScope(actor, r.unit_path);
  return r;
}

export const setNameArchived = archiver<NameRow, PeriodNameView>({
  table: 'watch_period_names', entity: 'watch_period_name', noun: '名称', load: getVisibleName,
  view: (_t, _a, r) => ({ id: r.id, name: r.name, unitName: r.unit_name, builtIn: false, version: r.version }),
  audit: (r) => ({ name: r.name, archived: r.archived_at !== null }),
});

async function checkPeriod(trx: Database, actor: Actor, unit: { id: string; path: string }, f: { name: string; startsOn: string; endsOn: string }, selfId: string | null) {
  const names = (await listNames(trx, actor, unit.id)).items.map((n) => n.name);
  if (!names.includes(f.name)) throw errors.validation(`“${f.name}”不在敏感时期名称列表中，请先在名称列表中添加`, 'name');
  let q = trx.selectFrom('watch_periods').select(['id']).where('unit_id', '=', unit.id).where('name', '=', f.name)
    .where('archived_at', 'is', null).where('starts_on', '<=', f.endsOn).where('ends_on', '>=', f.startsOn);
  if (selfId) q = q.where('id', '!=', selfId);
  if (await q.executeTakeFirst()) throw errors.validation(`本单位已发布与这些日期重叠的“${f.name}”敏感时期`, 'startsOn');
}

export async function createPeriod(db: Database, ctx: ActorCtx, input: z.infer<typeof watchPeriodCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkPeriod(trx, ctx.actor, unit, input, null);
    const now = nowIso();
    const today = shanghaiDay(now);
    // Declared on or after its first day: the declaration below tells the units it has begun, so the start job does not repeat it.
    const row = await insertRecord(trx, 'watch_periods', {
      unit_id: unit.id, name: input.name, starts_on: input.startsOn, ends_on: input.endsOn, note: input.note, created_by: who(ctx.actor),
      announced_at: input.startsOn <= today ? now : null,
    });
    const full = await getOwnPeriod(trx, ctx.actor, row.id);
    // Days already passed: their daily reports are expected too (late or missing, never dropped).
    // Before the audit row: the scheduler takes the unit-tree lock, which a unit move holds while it waits for the audit lock.
    if (input.startsOn <= today) await expectPassedWatchDays(trx, { from: input.startsOn, to: input.endsOn }, today);
    await writeAudit(trx, ctx, { action: 'create', entity: 'watch_period', entityId: row.id, unitPath: unit.path, after: auditView(full) });
    await announcePeriod(trx, { id: row.id, name: full.name, startsOn: full.starts_on, endsOn: full.ends_on, unitName: full.unit_name, unitPath: full.unit_path }, today, now);
    return toView(full, ctx.actor);
  });
}

export async function updatePeriod(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof watchPeriodUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getOwnPeriod(trx, ctx.actor, id), input.version, '该敏感时期已归档，请先恢复');
    await checkPeriod(trx, ctx.actor, { id: before.unit_id, path: before.unit_path }, input, id);
    // Moved to start later: its start is announced when it comes (again).
    const later = input.startsOn > shanghaiDay() ? { announced_at: null } : {};
    await updateVersioned(trx, 'watch_periods', id, input.version, { name: input.name, starts_on: input.startsOn, ends_on: input.endsOn, note: input.note, ...later });
    const after = await getOwnPeriod(trx, ctx.actor, id);
    if (input.startsOn <= shanghaiDay()) await expectPassedWatchDays(trx, { from: input.startsOn, to: input.endsOn });
    await writeAudit(trx, ctx, { action: 'update', entity: 'watch_period', entityId: id, unitPath: before.unit_path, before: auditView(before), after: auditView(after) });
    return toView(after, ctx.actor);
  });
}

/**
 * Restoring a period declares it anew: refused while a live one of the same name overlaps it;
 * days already passed get their expected daily reports (before the audit row, as in
 * createPeriod); a period that has begun is told to the units at once (and marked announced), one
 * still ahead is left for the start job to announce when it comes.
 */
async function restoreAnew(trx: Database, row: PeriodRow) {
  if (row.archived_at !== null) return;
  const now = nowIso();
  const today = shanghaiDay(now);
  const begun = row.starts_on <= today;
  await trx.updateTable('watch_periods').set({ announced_at: begun ? now : null }).where('id', '=', row.id).execute();
  if (!begun) return;
  await expectPassedWatchDays(trx, { from: row.starts_on, to: row.ends_on }, today);
  await announcePeriod(trx, { id: row.id, name: row.name, startsOn: row.starts_on, endsOn: row.ends_on, unitName: row.unit_name, unitPath: row.unit_path }, today, now, { restored: row.version });
}

export const setPeriodArchived = archiver<PeriodRow, WatchPeriodView>({
  table: 'watch_periods', entity: 'watch_period', noun: '敏感时期', load: getOwnPeriod, view: (_t, actor, r) => toView(r, actor), audit: auditView,
  guard: async (trx, _ctx, row, archived) => {
    if (archived) return;
    const clash = await trx.selectFrom('watch_periods').select('id').where('unit_id', '=', row.unit_id).where('name', '=', row.name).where('id', '!=', row.id)
      .where('archived_at', 'is', null).where('starts_on', '<=', row.ends_on).where('ends_on', '>=', row.starts_on).executeTakeFirst();
    if (clash) throw errors.validation(`本单位已发布与这些日期重叠的“${row.name}”敏感时期，不能恢复`, 'id');
  },
  cascade: restoreAnew,
});

export async function periodHistory(db: Database, actor: Actor, id: string) {
  await getReadablePeriod(db, actor, id);
  return { items: await entityHistory(db, ['watch_period'], [id]) };
}

/**
 * For every live unit of the subtree at `rootPath`: which of `days` lack shifts covering all 24
 * hours (a 24-hour shift, or a day and a night shift) and how many of those days' shifts miss
 * 值班人员 or 带班领导. Only live rosters count.
 */
export async function coverageOf(db: Database, rootPath: string, days: string[]): Promise<Map<string, { uncoveredDays: string[]; gapShifts: number }>> {
  const out = new Map<string, { uncoveredDays: string[]; gapShifts: number }>();
  if (!days.length) return out;
  const units = await db.selectFrom('units as u').select(['u.id']).where((eb) => inSubtreeOf(eb, 'u.path', rootPath)).where('u.archived_at', 'is', null).execute();
  const shifts = await db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as r', 'r.id', 's.roster_id').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 's.day', 's.kind', 's.leader_person_id', 's.staff_person_id'])
    .where((eb) => inSubtreeOf(eb, 'u.path', rootPath)).where('r.archived_at', 'is', null)
    .where('s.day', '>=', days[0]).where('s.day', '<=', days[days.length - 1]).execute();
  const kinds = new Map<string, Set<string>>();
  const gaps = new Map<string, number>();
  const want = new Set(days);
  for (const s of shifts) {
    if (!want.has(s.day)) continue;
    const k = `${s.unit_id}|${s.day}`;
    if (!kinds.has(k)) kinds.set(k, new Set());
    kinds.get(k)!.add(s.kind);
    if (!s.leader_person_id || !s.staff_person_id) gaps.set(s.unit_id, (gaps.get(s.unit_id) ?? 0) + 1);
  }
  for (const u of units) {
    const uncoveredDays = days.filter((d) => {
      const k = kinds.get(`${u.id}|${d}`);
      return !k || !(k.has('full') || (k.has('day') && k.has('night')));
    });
    out.set(u.id, { uncoveredDays, gapShifts: gaps.get(u.id) ?? 0 });
  }
  return out;
}

/** How each unit in scope of the period (and in the actor's subtree) stands with its roster for the period's days. */
export async function periodCoverage(db: Database, actor: Actor, id: string): Promise<{ items: CoverageRow[]; complete: number; total: number }> {
  const p = await getReadablePeriod(db, actor, id);
  // The declaring unit's subtree, or the actor's own part of it when the period was declared above.
  const root = inSubtree(actor.unitPath, p.unit_path) ? p.unit_path : actor.unitPath;
  const cov = await coverageOf(db, root, daysOf(p.starts_on, p.ends_on));
  const units = await db.selectFrom('units as u').select(['u.id', 'u.name', 'u.depth']).where((eb) => inSubtreeOf(eb, 'u.path', root))
    .where('u.archived_at', 'is', null).orderBy('u.path').execute();
  const items = units.map((u) => {
    const c = cov.get(u.id) ?? { uncoveredDays: [], gapShifts: 0 };
    return { unitId: u.id, unitName: u.name, depth: u.depth, uncoveredDays: c.uncoveredDays, gapShifts: c.gapShifts, complete: c.uncoveredDays.length === 0 && c.gapShifts === 0 };
  });
  // Incomplete first, then in tree order.
  items.sort((a, b) => Number(a.complete) - Number(b.complete));
  return { items, complete: items.filter((i) => i.complete).length, total: items.length };
}

/** Live watch periods declared in the subtree or above it, overlapping the range: what the figures and reminders walk. */
export async function periodsTouching(db: Database, rootPath: string, from: string, to: string) {
  return db.selectFrom('watch_periods as w').innerJoin('units as u', 'u.id', 'w.unit_id')
    .select(['w.id', 'w.name', 'w.starts_on', 'w.ends_on', 'u.path as unit_path', 'u.id as unit_id'])
    .where((eb) => eb.or([eb('w.unit_id', 'in', lineageOf(rootPath)), inSubtreeOf(eb, 'u.path', rootPath)]))
    .where('w.archived_at', 'is', null).where('w.starts_on', '<=', to).where('w.ends_on', '>=', from)
    .orderBy('w.starts_on').orderBy(sql`w.id`).execute();
}
