import { type ExpressionBuilder, sql } from 'kysely';
import type { z } from 'zod';
import { missedPeriod, periodEnd, periodOf, type PeriodKind } from '../../../common/periods';
import type {
  ProgressView, progressCreate, Recurrence, taskAssign, taskComplete, taskCreate, TaskDueMode, taskQuery, taskReopen, TaskSource,
  TaskStatus, taskUpdate, TaskView,
} from '../../../common/tasks';
import type { Database } from '../../db';
import { builtOnce } from '../../db/batch';
import type { DB } from '../../db/schema';
import { entityHistory, writeAudit } from '../../platform/audit';
import { daysOverdue, endOfShanghaiDay, resolveDueDay, shanghaiDay, WorkCalendar } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { contains } from '../../platform/search';
import { archiver, editable, inRegisterList, pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { shanghaiDayStartUtc } from '../../platform/period';
import { emitEvents, type WorkEvent } from '../../platform/events';
import { checkCampaign } from '../campaigns/service';
import { checkResponsibleLeader } from '../people/responsible-leader';
import { getVisiblePerson } from '../people/service';
import { getActiveUnit, unitScope } from '../units/service';
import { checkAssignedFields } from './extensions';

export type TaskRow = {
  id: string; unit_id: string; owner_person_id: string | null; parent_id: string | null; title: string; content: string | null;
  source: string; basis: string | null; start_day: string; due_mode: string; due_days: number | null; due_day: string | null;
  recurrence: string | null; last_checkin_period: string | null; status: string; completed_day: string | null;
  completion_note: string | null; created_by: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
  unit_name: string; unit_path: string; owner_name: string | null; parent_unit_name: string | null;
  responsible_leader_id: string | null; leader_name: string | null; campaign_id: string | null; campaign_name: string | null;
  child_count?: number | string | null; child_done?: number | string | null;
};

export function today(): string {
  return shanghaiDay();
}

/** Overdue: an open task past its due day, or an ongoing one with an ended period lacking a check-in. */
export function overdueOf(r: Pick<TaskRow, 'status' | 'due_day' | 'recurrence' | 'start_day' | 'last_checkin_period' | 'archived_at'>, day = today()) {
  if (r.status === 'done' || r.archived_at) return { days: 0, missed: null as string | null };
  if (r.recurrence) {
    const missed = missedPeriod(r.recurrence as PeriodKind, r.start_day, r.last_checkin_period, day);
    return { days: missed ? daysOverdue(periodEnd(r.recurrence as PeriodKind, missed), day) : 0, missed };
  }
  return { days: r.due_day ? daysOverdue(r.due_day, day) : 0, missed: null };
}

/** `day`: today, when a list passes it once for all its rows. */
function toView(r: TaskRow, latest: { day: string; note: string } | null = null, day = today()): TaskView {
  const od = overdueOf(r, day);
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, ownerPersonId: r.owner_person_id, ownerPersonName: r.owner_name,
    responsibleLeaderId: r.responsible_leader_id, responsibleLeaderName: r.leader_name, campaignId: r.campaign_id, campaignName: r.campaign_name,
    parentId: r.parent_id, parentUnitName: r.parent_unit_name, title: r.title, content: r.content, source: r.source as TaskSource,
    basis: r.basis, startDay: r.start_day, dueMode: r.due_mode as TaskDueMode, dueDays: r.due_days, dueDay: r.due_day,
    recurrence: r.recurrence as Recurrence | null, lastCheckinPeriod: r.last_checkin_period, missedPeriod: od.missed,
    status: r.status as TaskStatus, completedDay: r.completed_day, completionNote: r.completion_note, overdueDays: od.days,
    childCount: Number(r.child_count ?? 0), childDone: Number(r.child_done ?? 0), latestProgress: latest,
    createdBy: r.created_by, archived: r.archived_at !== null, version: r.version,
  };
}

/** Built once per database handle (builtOnce): each list extends it. */
const selectTasks = builtOnce((db: Database) => {
  return db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .leftJoin('people as p', 'p.id', 't.owner_person_id')
    .leftJoin('people as rl', 'rl.id', 't.responsible_leader_id')
    .leftJoin('tasks as pt', 'pt.id', 't.parent_id')
    .leftJoin('units as pu', 'pu.id', 'pt.unit_id')
    .leftJoin('campaigns as cp', 'cp.id', 't.campaign_id')
    .selectAll('t')
    .select(['u.name as unit_name', 'u.path as unit_path', 'p.name as owner_name', 'pu.name as parent_unit_name', 'rl.name as leader_name', 'cp.name as campaign_name'])
    .select((eb) => [
      eb.selectFrom('tasks as c').select((e) => e.fn.countAll().as('n')).whereRef('c.parent_id', '=', 't.id').where('c.archived_at', 'is', null).as('child_count'),
      // The status is summed, not filtered: filtered, SQLite (no statistics) read every done task of the database through
      // tasks_due for each row of the page (1.5 s a page with a province's tasks) instead of the children through tasks_parent.
      eb.selectFrom('tasks as c').select(sql<number>`coalesce(sum(case when c.status = 'done' then 1 else 0 end), 0)`.as('n')).whereRef('c.parent_id', '=', 't.id').where('c.archived_at', 'is', null).as('child_done'),
    ]);
});

export async function getVisibleTask(db: Database, actor: Actor, id: string): Promise<TaskRow> {
  return visibleRow(await selectTasks(db).where('t.id', '=', id).executeTakeFirst(), actor, '任务') as TaskRow;
}

/** SQL condition for "overdue today", matching overdueOf. */
export function overdueCondition(day = today()) {
  const prevMonth = periodOf('monthly', shiftMonth(day));
  const prevQuarter = previousQuarter(day);
  return (eb: ExpressionBuilder<DB & { t: DB['tasks'] }, 't'>) =>
    eb.and([
      eb('t.status', '!=', 'done'),
      eb('t.archived_at', 'is', null),
      eb.or([
        eb.and([eb('t.recurrence', 'is', null), eb('t.due_day', '<', day)]),
        eb.and([
          eb('t.recurrence', '=', 'monthly'),
          eb('t.start_day', '<=', periodEnd('monthly', prevMonth)),
          eb.or([eb('t.last_checkin_period', 'is', null), eb('t.last_checkin_period', '<', prevMonth)]),
        ]),
        eb.and([
          eb('t.recurrence', '=', 'quarterly'),
          eb('t.start_day', '<=', periodEnd('quarterly', prevQuarter)),
          eb.or([eb('t.last_checkin_period', 'is', null), eb('t.last_checkin_period', '<', prevQuarter)]),
        ]),
      ]),
    ]);
}

/** The month before the one containing `day` (a day in it). */
function shiftMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
}

/** The quarter before the one containing `day`: the latest quarter that has ended. */
function previousQuarter(day: string): string {
  const q = periodOf('quarterly', day);
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(6));
  return n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
}

export async function listTasks(db: Database, actor: Actor, query: z.infer<typeof taskQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectTasks(db).where((eb) => inRegisterList(eb, { unitId: 't.unit_id', path: 'u.path', archivedAt: 't.archived_at' }, scope, query.archived));
  if (query.source) q = q.where('t.source', '=', query.source);
  if (query.campaignId) q = q.where('t.campaign_id', '=', query.campaignId);
  if (query.status) q = q.where('t.status', '=', query.status);
  if (query.topLevel === 'true') q = q.where('t.parent_id', 'is', null);
  if (query.overdue === 'true') q = q.where(overdueCondition() as never);
  if (query.leaf === 'true') q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))));
  if (query.span === 'period' && query.from && query.to) {
    // What the figures call "tasks of the period": started in it or due in it.
    const [from, to] = [query.from, query.to];
    q = q.where((eb) => eb.or([eb.between('t.start_day', from, to), eb.between('t.due_day', from, to)]));
  } else {
    if (query.from) q = q.where('t.start_day', '>=', query.from);
    if (query.to) q = q.where('t.start_day', '<=', query.to);
  }
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('t.title', words), contains('t.content', words), contains('t.basis', words)]));
  }
  const order = sql`case when t.status = 'done' then 1 else 0 end`;
  return pageOf(q, query, (q) => q.orderBy(order).orderBy(sql`coalesce(t.due_day, '9999-12-31')`).orderBy('t.created_at', 'desc').orderBy('t.id', 'desc'), async (rows) => {
    const latest = await latestProgress(db, rows.map((r) => r.id));
    const day = today();
    return rows.map((r) => toView(r as TaskRow, latest.get(r.id) ?? null, day));
  });
}

async function latestProgress(db: Database, ids: string[]): Promise<Map<string, { day: string; note: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('task_progress').select(['task_id', 'day', 'note', 'created_at']).where('task_id', 'in', ids).orderBy('day').orderBy('created_at').execute();
  const m = new Map<string, { day: string; note: string }>();
  for (const r of rows) m.set(r.task_id, { day: r.day, note: r.note });
  return m;
}

export async function getTask(db: Database, actor: Actor, id: string) {
  const row = await getVisibleTask(db, actor, id);
  return toView(row, (await latestProgress(db, [id])).get(id) ?? null);
}

/** The children of an assignment with their latest progress: the per-unit follow-up table. */
export async function listChildren(db: Database, actor: Actor, id: string) {
  await getVisibleTask(db, actor, id);
  const rows = (await selectTasks(db).where('t.parent_id', '=', id).where('t.archived_at', 'is', null).orderBy('u.path').execute()) as TaskRow[];
  const latest = await latestProgress(db, rows.map((r) => r.id));
  const counts = rows.length
    ? await db.selectFrom('task_progress').select(['task_id', (e) => e.fn.countAll().as('n')]).where('task_id', 'in', rows.map((r) => r.id)).groupBy('task_id').execute()
    : [];
  const countOf = new Map(counts.map((c) => [c.task_id, Number(c.n)]));
  return { items: rows.map((r) => ({ ...toView(r, latest.get(r.id) ?? null), progressCount: countOf.get(r.id) ?? 0 })) };
}

type Fields = Pick<z.infer<typeof taskCreate>, 'title' | 'content' | 'source' | 'basis' | 'ownerPersonId' | 'startDay' | 'dueMode' | 'dueDay' | 'dueDays' | 'recurrence'> & { responsibleLeaderId?: string | null; campaignId?: string | null };

function deadlineColumns(calendar: WorkCalendar, f: Fields) {
  if (f.dueMode === 'ongoing') return { due_mode: 'ongoing', due_days: null, due_day: null, recurrence: f.recurrence };
  return {
    due_mode: f.dueMode,
    due_days: f.dueMode === 'date' ? null : (f.dueDays ?? null),
    due_day: resolveDueDay(calendar, f.startDay, f.dueMode, f.dueDay, f.dueDays),
    recurrence: null,
  };
}

async function checkOwner(db: Database, actor: Actor, unitId: string, personId: string | null) {
  if (!personId) return;
  const p = await getVisiblePerson(db, actor, personId, 'ownerPersonId');
  if (p.unit_id !== unitId) throw errors.validation('责任人应是责任单位的人员', 'ownerPersonId');
  if (p.archived_at) throw errors.validation(`人员“${p.name}”已归档`, 'ownerPersonId');
}

const auditView = (v: TaskView) => ({
  title: v.title, content: v.content, source: v.source, basis: v.basis, unitName: v.unitName, ownerPersonName: v.ownerPersonName, responsibleLeaderName: v.responsibleLeaderName, campaignName: v.campaignName,
  startDay: v.startDay, dueMode: v.dueMode, dueDays: v.dueDays, dueDay: v.dueDay, recurrence: v.recurrence, status: v.status,
  completedDay: v.completedDay, completionNote: v.completionNote, archived: v.archived,
});

async function insertTask(trx: Database, ctx: ActorCtx, calendar: WorkCalendar, unit: { id: string; name: string; path: string }, f: Fields, parentId: string | null, now: string) {
  const row = {
    id: newId(), unit_id: unit.id, unit_path: unit.path, owner_person_id: f.ownerPersonId, responsible_leader_id: f.responsibleLeaderId ?? null, campaign_id: f.campaignId ?? null, parent_id: parentId, title: f.title, content: f.content,
    source: f.source, basis: f.basis, start_day: f.startDay, ...deadlineColumns(calendar, f), last_checkin_period: null,
    status: 'pending', completed_day: null, completion_note: null, created_by: `${ctx.actor.displayName}(${ctx.actor.username})`,
    archived_at: null, version: 0, created_at: now, updated_at: now,
  };
  await trx.insertInto('tasks').values(row).execute();
  return row;
}

export async function createTask(db: Database, ctx: ActorCtx, input: z.infer<typeof taskCreate>) {
  const calendar = await WorkCalendar.load(db);
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkOwner(trx, ctx.actor, unit.id, input.ownerPersonId);
    await checkResponsibleLeader(trx, unit.path, input.responsibleLeaderId);
    await checkCampaign(trx, unit.path, input.campaignId);
    const row = await insertTask(trx, ctx, calendar, unit, input, null, nowIso());
    const view = await getTask(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'task', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

/**
 * One assignment to many units below the assigning unit: a parent task there and a child per
 * receiving unit, all in one transaction (every unit or none).
 */
export async function assignTask(db: Database, ctx: ActorCtx, input: z.infer<typeof taskAssign>) {
  const calendar = await WorkCalendar.load(db);
  return inTx(db, async (trx) => {
    const from = await getActiveUnit(trx, ctx.actor, input.fromUnitId, 'fromUnitId');
    const ids = [...new Set(input.unitIds)];
    const targets = [];
    for (const uid of ids) {
      const u = await getActiveUnit(trx, ctx.actor, uid, 'unitIds');
      if (!u.path.startsWith(from.path) || u.id === from.id) throw errors.validation(`“${u.name}”不是${from.name}的下级单位，不能派发`, 'unitIds');
      targets.push(u);
    }
    const now = nowIso();
    const fields = { ...input, ownerPersonId: null, responsibleLeaderId: null };
    await checkResponsibleLeader(trx, from.path, input.responsibleLeaderId);
    await checkCampaign(trx, from.path, input.campaignId);
    const parent = await insertTask(trx, ctx, calendar, from, { ...input, ownerPersonId: input.ownerPersonId }, null, now);
    if (input.ownerPersonId) await checkOwner(trx, ctx.actor, from.id, input.ownerPersonId);
    await trx.updateTable('tasks').set({ status: 'in_progress' }).where('id', '=', parent.id).execute();
    const announced: WorkEvent[] = [];
    for (const u of targets) {
      const child = await insertTask(trx, ctx, calendar, u, fields, parent.id, now);
      await writeAudit(trx, ctx, { action: 'assign', entity: 'task', entityId: child.id, unitPath: u.path, after: { title: child.title, from: from.name, to: u.name, dueDay: child.due_day } });
      announced.push({
        kind: 'task.assigned', unitId: u.id, roles: ['staff', 'leader', 'liaison'], title: `${from.name}派发任务“${child.title}”${child.due_day ? `，${dueWords(child.due_day)}前完成` : ''}`,
        subject: child.title, link: `/tasks/${child.id}`, key: `task-assigned:${child.id}`, dueAt: child.due_day ? endOfShanghaiDay(child.due_day) : null,
      });
    }
    // Each receiving unit hears of it now, with the assignment (platform/events.ts).
    await emitEvents(trx, announced, now);
    const view = await getTask(trx, ctx.actor, parent.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'task', entityId: parent.id, unitPath: from.path, after: { ...auditView(view), assignedTo: targets.map((t) => t.name) } });
    return view;
  });
}

export async function updateTask(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof taskUpdate>) {
  const calendar = await WorkCalendar.load(db);
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleTask(trx, ctx.actor, id), input.version, '该任务已归档，请先恢复');
    await getActiveUnit(trx, ctx.actor, before.unit_id, 'unitId');
    await checkOwner(trx, ctx.actor, before.unit_id, input.ownerPersonId);
    const deadline = deadlineColumns(calendar, input);
    await checkAssignedFields(trx, ctx.actor, before, input, deadline);
    await checkResponsibleLeader(trx, before.unit_path, input.responsibleLeaderId);
    await checkCampaign(trx, before.unit_path, input.campaignId);
    await updateVersioned(trx, 'tasks', id, input.version, {
      title: input.title, content: input.content, source: input.source, basis: input.basis, owner_person_id: input.ownerPersonId,
      responsible_leader_id: input.responsibleLeaderId, campaign_id: input.campaignId,
      start_day: input.startDay, ...deadline,
    });
    const after = await getTask(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'task', entityId: id, unitPath: before.unit_path, before: auditView(toView(before)), after: auditView(after) });
    return after;
  });
}

export const setTaskArchived = archiver<TaskRow, TaskView>({
  table: 'tasks', entity: 'task', noun: '任务', load: getVisibleTask, view: (trx, actor, r) => getTask(trx, actor, r.id), audit: (r) => auditView(toView(r)),
  // Archiving an assignment archives what it sent down; restoring brings it back.
  cascade: (trx, r) => trx.updateTable('tasks').set({ archived_at: r.archived_at, updated_at: r.updated_at }).where('parent_id', '=', r.id).execute(),
});

/** Progress is reported by the owner unit or a unit above it, on tasks that are not closed. */
export async function addProgress(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof progressCreate>) {
  return inTx(db, async (trx) => {
    const task = await getVisibleTask(trx, ctx.actor, id);
    if (task.archived_at) throw errors.conflict('ARCHIVED', '该任务已归档');
    if (task.status === 'done') throw errors.conflict('TASK_DONE', '任务已完成，如需补充进展请先重新打开');
    if (input.day > today()) throw errors.validation('进展日期不能晚于今天', 'day');
    if (input.day < task.start_day) throw errors.validation('进展日期不能早于任务开始日期', 'day');
    const period = task.recurrence ? periodOf(task.recurrence as PeriodKind, input.day) : null;
    const row = {
      id: newId(), task_id: id, day: input.day, note: input.note, period, author_name: `${ctx.actor.displayName}(${ctx.actor.username})`,
      author_unit_id: ctx.actor.unitId, created_at: nowIso(),
    };
    await trx.insertInto('task_progress').values(row).execute();
    const changes: { status?: string; last_checkin_period?: string } = {};
    if (task.status === 'pending') changes.status = 'in_progress';
    if (period && (!task.last_checkin_period || period > task.last_checkin_period)) changes.last_checkin_period = period;
    // Against the version read above: a task completed or edited meanwhile is not set back to 进行中.
    await updateVersioned(trx, 'tasks', id, task.version, changes);
    await writeAudit(trx, ctx, { action: 'create', entity: 'task_progress', entityId: row.id, unitPath: task.unit_path, after: { taskId: id, day: row.day, note: row.note, period } });
    // The assigning unit follows each unit's progress: it hears of a report at once.
    const parent = task.parent_id ? await trx.selectFrom('tasks').select(['unit_id']).where('id', '=', task.parent_id).executeTakeFirst() : undefined;
    if (parent && parent.unit_id !== ctx.actor.unitId) {
      await emitEvents(trx, {
        kind: 'task.progress', unitId: parent.unit_id, roles: ['staff', 'leader'], title: `${task.unit_name}报送了任务“${task.title}”的进展`,
        subject: task.title, link: `/tasks/${task.parent_id}`, key: `task-progress:${row.id}`,
      }, row.created_at);
    }
    return { id: row.id, taskId: id, day: row.day, note: row.note, period, authorName: row.author_name, createdAt: row.created_at };
  });
}

const dueWords = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`;

/** Why the caller may not press 催办 on the task now, or null: an open assigned task, by a unit above the one it was sent to. */
export function urgeRefusal(actor: Actor, t: Pick<TaskRow, 'parent_id' | 'status' | 'archived_at' | 'unit_id' | 'unit_path' | 'unit_name'>): { state: boolean; why: string } | null {
  if (!t.parent_id) return { state: true, why: '只有派发给下级单位的任务可以催办' };
  if (t.archived_at) return { state: true, why: '该任务已归档' };
  if (t.status === 'done') return { state: true, why: '该任务已完成' };
  if (actor.unitId === t.unit_id || !t.unit_path.startsWith(actor.unitPath)) return { state: false, why: `催办由${t.unit_name}的上级单位进行` };
  return null;
}

/**
 * 催办: the assigning unit (or one above it) presses it on an open task it sent down; the
 * receiving unit's people are told at once. Once a day per task: a second press the same
 * Shanghai day is refused rather than repeated.
 */
export async function urgeTask(db: Database, ctx: ActorCtx, id: string, input: { note: string | null }) {
  return inTx(db, async (trx) => {
    const task = await getVisibleTask(trx, ctx.actor, id);
    const refused = urgeRefusal(ctx.actor, task);
    if (refused) throw refused.state ? errors.conflict('NOT_URGEABLE', refused.why) : errors.forbidden(refused.why);
    const day = today();
    const now = nowIso();
    const key = `task-urge:${id}:${day}`;
    const earlier = await trx.selectFrom('audit_log').select('seq').where('entity', '=', 'task').where('entity_id', '=', id).where('action', '=', 'urge').where('at', '>=', shanghaiDayStartUtc(day)).executeTakeFirst();
    if (earlier) throw errors.conflict('URGED_TODAY', '今天已催办过该任务');
    await writeAudit(trx, ctx, { action: 'urge', entity: 'task', entityId: id, unitPath: task.unit_path, after: { note: input.note, to: task.unit_name } });
    await emitEvents(trx, {
      kind: 'urge', unitId: task.unit_id, roles: ['staff', 'leader', 'liaison'], title: `${ctx.actor.unitName}催办任务“${task.title}”${input.note ? `：${input.note}` : ''}`,
      subject: task.title, link: `/tasks/${id}`, key, dueAt: task.due_day ? endOfShanghaiDay(task.due_day) : null,
    }, now);
    return { urgedAt: now };
  });
}

export async function listProgress(db: Database, actor: Actor, id: string): Promise<{ items: ProgressView[] }> {
  await getVisibleTask(db, actor, id);
  const rows = await db
    .selectFrom('task_progress as g')
    .innerJoin('units as u', 'u.id', 'g.author_unit_id')
    .select(['g.id', 'g.task_id', 'g.day', 'g.note', 'g.period', 'g.author_name', 'g.created_at', 'u.name as unit_name'])
    .where('g.task_id', '=', id)
    .orderBy('g.day', 'desc')
    .orderBy('g.created_at', 'desc')
    .execute();
  const files = rows.length
    ? await db
        .selectFrom('attachments as a')
        .innerJoin('file_blobs as b', 'b.sha256', 'a.sha256')
        .select(['a.id', 'a.entity_id', 'a.filename', 'b.size', 'b.mime as type'])
        .where('a.entity', '=', 'task_progress')
        .where('a.entity_id', 'in', rows.map((r) => r.id))
        .where('a.archived_at', 'is', null)
        .orderBy('a.created_at')
        .execute()
    : [];
  return {
    items: rows.map((r) => ({
      id: r.id, taskId: r.task_id, day: r.day, note: r.note, period: r.period, authorName: r.author_name, authorUnitName: r.unit_name, createdAt: r.created_at,
      attachments: files.filter((f) => f.entity_id === r.id).map((f) => ({ id: f.id, filename: f.filename, size: Number(f.size), type: f.type })),
    })),
  };
}

export async function completeTask(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof taskComplete>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleTask(trx, ctx.actor, id), input.version, '该任务已归档');
    if (before.status === 'done') throw errors.conflict('TASK_DONE', '该任务已完成');
    if (input.completedDay > today()) throw errors.validation('完成日期不能晚于今天', 'completedDay');
    if (input.completedDay < before.start_day) throw errors.validation('完成日期不能早于任务开始日期', 'completedDay');
    await updateVersioned(trx, 'tasks', id, input.version, { status: 'done', completed_day: input.completedDay, completion_note: input.note });
    const after = await getTask(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'complete', entity: 'task', entityId: id, unitPath: before.unit_path, before: auditView(toView(before)), after: auditView(after) });
    return after;
  });
}

export async function reopenTask(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof taskReopen>) {
  return inTx(db, async (trx) => {
    const before = await getVisibleTask(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    if (before.status !== 'done') throw errors.conflict('TASK_NOT_DONE', '只有已完成的任务可以重新打开');
    await updateVersioned(trx, 'tasks', id, input.version, { status: 'in_progress', completed_day: null, completion_note: null });
    const after = await getTask(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'reopen', entity: 'task', entityId: id, unitPath: before.unit_path, before: auditView(toView(before)), after: { ...auditView(after), reason: input.reason } });
    return after;
  });
}

export async function taskHistory(db: Database, actor: Actor, id: string) {
  await getVisibleTask(db, actor, id);
  const progress = await db.selectFrom('task_progress').select('id').where('task_id', '=', id).execute();
  return { items: await entityHistory(db, ['task', 'task_progress'], [id, ...progress.map((p) => p.id)]) };
}
