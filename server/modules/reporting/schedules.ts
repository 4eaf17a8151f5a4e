/** Schedules (报送安排): which units of the setting unit's subtree send which form on which cycle. */
import type { z } from 'zod';
import type { Cycle, FormKind, ReportDueMode, ScheduleView, scheduleCreate, scheduleQuery, scheduleUpdate, TargetMode } from '../../../common/reporting';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { archiver, editable, inRegisterList, insertRecord, pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { inSubtree } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getActiveUnit, unitScope } from '../units/service';
import { getVisibleForm } from './forms';

export type ScheduleRow = {
  id: string; unit_id: string; name: string; form_id: string; target_mode: string; target_kinds_json: string; target_unit_ids_json: string; cycle: string;
  watch_only: number; starts_on: string; ends_on: string | null; open_before_end_days: number | null; due_mode: string; due_n: number | null; due_date: string | null;
  lock_after_days: number | null; created_through: string | null; created_by: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
  unit_name: string; unit_path: string; form_name: string; form_kind: string;
};

function selectSchedules(db: Database) {
  return db.selectFrom('report_schedules as h').innerJoin('units as u', 'u.id', 'h.unit_id').innerJoin('report_forms as f', 'f.id', 'h.form_id')
    .selectAll('h').select(['u.name as unit_name', 'u.path as unit_path', 'f.name as form_name', 'f.kind as form_kind']);
}

export function toScheduleView(r: ScheduleRow): ScheduleView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, name: r.name, formId: r.form_id, formName: r.form_name, formKind: r.form_kind as FormKind,
    targetMode: r.target_mode as TargetMode, targetKinds: JSON.parse(r.target_kinds_json), targetUnitIds: JSON.parse(r.target_unit_ids_json), cycle: r.cycle as Cycle,
    watchOnly: r.watch_only === 1, startsOn: r.starts_on, endsOn: r.ends_on, openBeforeEndDays: r.open_before_end_days, dueMode: r.due_mode as ReportDueMode,
    dueN: r.due_n, dueDate: r.due_date, lockAfterDays: r.lock_after_days, createdThrough: r.created_through, archived: r.archived_at !== null, version: r.version,
  };
}

export async function findSchedule(db: Database, id: string) {
  return (await selectSchedules(db).where('h.id', '=', id).executeTakeFirst()) as ScheduleRow | undefined;
}

export async function getVisibleSchedule(db: Database, actor: Actor, id: string): Promise<ScheduleRow> {
  return visibleRow(await findSchedule(db, id), actor, '报送安排');
}

export async function getSchedule(db: Database, actor: Actor, id: string) {
  return toScheduleView(await getVisibleSchedule(db, actor, id));
}

export async function listSchedules(db: Database, actor: Actor, query: z.infer<typeof scheduleQuery>) {
  const scope = await unitScope(db, actor, query);
  const q = selectSchedules(db).where((eb) => inRegisterList(eb, { unitId: 'h.unit_id', path: 'u.path', archivedAt: 'h.archived_at' }, scope, query.archived));
  return pageOf(q, query, (q) => q.orderBy('u.path').orderBy('h.name').orderBy('h.id'), (rows) => (rows as ScheduleRow[]).map(toScheduleView));
}

type Fields = z.infer<typeof scheduleCreate> | z.infer<typeof scheduleUpdate>;

async function checkFields(trx: Database, actor: Actor, unit: { id: string; path: string; name: string }, f: Fields) {
  const form = await getVisibleForm(trx, actor, f.formId, 'formId');
  if (form.archived_at) throw errors.validation(`报表“${form.name}”已归档`, 'formId');
  if (form.unit_id && !inSubtree(form.unit_path, unit.path)) throw errors.validation(`报表“${form.name}”不是${unit.name}或其上级的报表`, 'formId');
  const ids = [...new Set(f.targetUnitIds)];
  if (f.targetMode === 'list') {
    for (const id of ids) {
      const u = await trx.selectFrom('units').select(['name', 'path', 'archived_at']).where('id', '=', id).executeTakeFirst();
      if (!u) throw errors.validation('所选报送单位不存在', 'targetUnitIds');
      if (!inSubtree(unit.path, u.path)) throw errors.validation(`“${u.name}”不是${unit.name}或其下级单位，不能安排报送`, 'targetUnitIds');
      if (u.archived_at) throw errors.validation(`单位“${u.name}”已归档`, 'targetUnitIds');
    }
  }
  return {
    name: f.name, form_id: f.formId, target_mode: f.targetMode, target_kinds_json: JSON.stringify(f.targetMode === 'kinds' ? f.targetKinds : []),
    target_unit_ids_json: JSON.stringify(f.targetMode === 'list' ? ids : []), cycle: f.cycle, watch_only: f.watchOnly ? 1 : 0, starts_on: f.startsOn, ends_on: f.endsOn,
    open_before_end_days: f.openBeforeEndDays, due_mode: f.dueMode, due_n: f.dueMode === 'date' ? null : f.dueN, due_date: f.dueMode === 'date' ? f.dueDate : null,
    lock_after_days: f.lockAfterDays,
  };
}

const auditSchedule = (v: ScheduleView) => ({
  name: v.name, formName: v.formName, targetMode: v.targetMode, targetKinds: v.targetKinds, targetUnitIds: v.targetUnitIds, cycle: v.cycle, watchOnly: v.watchOnly,
  startsOn: v.startsOn, endsOn: v.endsOn, openBeforeEndDays: v.openBeforeEndDays, dueMode: v.dueMode, dueN: v.dueN, dueDate: v.dueDate, lockAfterDays: v.lockAfterDays, archived: v.archived,
});

export async function createSchedule(db: Database, ctx: ActorCtx, input: z.infer<typeof scheduleCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const cols = await checkFields(trx, ctx.actor, unit, input);
    const row = await insertRecord(trx, 'report_schedules', { unit_id: unit.id, ...cols, created_through: null, created_by: `${ctx.actor.displayName}(${ctx.actor.username})` });
    const view = await getSchedule(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'report_schedule', entityId: row.id, unitPath: unit.path, after: auditSchedule(view) });
    return view;
  });
}

/**
 * Changes apply to periods the scheduler has not created yet; submissions already expected keep
 * their window, due time, lock and form version. The cycle of a schedule with periods created
 * cannot change (its period keys would no longer mean one thing): a new schedule is made instead.
 */
export async function updateSchedule(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof scheduleUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleSchedule(trx, ctx.actor, id), input.version, '该报送安排已归档，请先恢复');
    if (before.created_through && before.cycle !== input.cycle) throw errors.validation('已开始报送的安排不能更改报送周期；请归档后新建一项安排', 'cycle');
    const unit = await getActiveUnit(trx, ctx.actor, before.unit_id, 'unitId');
    const cols = await checkFields(trx, ctx.actor, unit, input);
    await updateVersioned(trx, 'report_schedules', id, input.version, cols);
    const after = await getSchedule(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'report_schedule', entityId: id, unitPath: before.unit_path, before: auditSchedule(toScheduleView(before)), after: auditSchedule(after) });
    return after;
  });
}

export const setScheduleArchived = archiver<ScheduleRow, ScheduleView>({
  table: 'report_schedules', entity: 'report_schedule', noun: '报送安排', load: getVisibleSchedule, view: (trx, actor, r) => getSchedule(trx, actor, r.id),
  audit: (r) => ({ name: r.name, archived: r.archived_at !== null }),
});

export async function scheduleHistory(db: Database, actor: Actor, id: string) {
  await getVisibleSchedule(db, actor, id);
  return { items: await entityHistory(db, 'report_schedule', id) };
}

/** Schedules in force for a unit's subtree on a day (the work plan's reporting paragraph). */
export async function schedulesInForce(db: Database, unitPath: string, from: string, to: string) {
  const rows = (await selectSchedules(db)
    .where((eb) => eb.and([eb('u.path', '>=', unitPath), eb('u.path', '<', `${unitPath.slice(0, -1)}0`)]))
    .where('h.archived_at', 'is', null).where('h.starts_on', '<=', to)
    .where((eb) => eb.or([eb('h.ends_on', 'is', null), eb('h.ends_on', '>=', from)]))
    .orderBy('u.path').orderBy('h.name').execute()) as ScheduleRow[];
  return rows.map(toScheduleView);
}
