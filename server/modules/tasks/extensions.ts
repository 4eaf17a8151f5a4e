/**
 * What a superior set stays set. A task a unit received from an assignment keeps the title,
 * content, source, basis and deadline the assigning unit gave it: only that unit (or one above
 * it) changes them. The receiving unit asks for more time (申请延期) with a reason; the assigning
 * unit approves (the deadline moves to the day asked for) or refuses. Every step is written to
 * the task's audit history, so both sides see it on the task.
 */
import type { z } from 'zod';
import { can } from '../../../common/roles';
import type { extensionDecision, extensionRequest, ExtensionStatus, ExtensionView, TaskExtensions, taskUpdate } from '../../../common/tasks';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { AppError, errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { updateVersioned } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getVisibleTask, type TaskRow } from './service';

/** The unit that assigned the task (the parent task's unit), or null for a unit's own task. */
export async function assignerOf(db: Database, task: Pick<TaskRow, 'parent_id'>) {
  if (!task.parent_id) return null;
  const u = await db.selectFrom('tasks as pt').innerJoin('units as u', 'u.id', 'pt.unit_id')
    .select(['u.id', 'u.name', 'u.path']).where('pt.id', '=', task.parent_id).executeTakeFirst();
  return u ?? null;
}

/** The assigning unit and the units above it change what it set; the receiving units do not. */
const setsFor = (actor: Actor, assigner: { path: string }) => assigner.path.startsWith(actor.unitPath);

/** Names of what the assigning unit set, in the words of the form. */
const LOCKED = { title: '任务名称', content: '任务内容', source: '任务来源', basis: '依据文件', start: '开始日期', deadline: '完成时限' } as const;

/**
 * Refuses an edit by a receiving unit that changes what the assigner set; the owner person,
 * the receiving unit's own choice, may change. `next`: the deadline columns the edit would write.
 */
export async function checkAssignedFields(db: Database, actor: Actor, before: TaskRow, input: z.infer<typeof taskUpdate>,
  next: { due_mode: string; due_day: string | null; due_days: number | null; recurrence: string | null }) {
  const assigner = await assignerOf(db, before);
  if (!assigner || setsFor(actor, assigner)) return;
  const changed: (keyof typeof LOCKED)[] = [];
  if (input.title !== before.title) changed.push('title');
  if ((input.content ?? null) !== before.content) changed.push('content');
  if (input.source !== before.source) changed.push('source');
  if ((input.basis ?? null) !== before.basis) changed.push('basis');
  if (input.startDay !== before.start_day) changed.push('start');
  if (next.due_mode !== before.due_mode || next.due_day !== before.due_day || (next.due_days ?? null) !== before.due_days || (next.recurrence ?? null) !== before.recurrence) changed.push('deadline');
  if (!changed.length) return;
  const field = { title: 'title', content: 'content', source: 'source', basis: 'basis', start: 'startDay', deadline: 'dueDay' }[changed[0]];
  throw new AppError(403, 'SET_BY_ASSIGNER',
    `该任务由${assigner.name}派发，${changed.map((c) => LOCKED[c]).join('、')}只能由派发单位修改${changed.includes('deadline') ? '；需要更多时间请“申请延期”' : ''}`, field);
}

type ExtRow = {
  id: string; task_id: string; from_day: string | null; due_day: string; reason: string; status: string; requested_by: string;
  requested_unit_id: string; decided_by: string | null; decision_note: string | null; decided_at: string | null; version: number; created_at: string; updated_at: string;
};

const toView = (r: ExtRow & { unit_name: string }): ExtensionView => ({
  id: r.id, taskId: r.task_id, fromDay: r.from_day, dueDay: r.due_day, reason: r.reason, status: r.status as ExtensionStatus,
  requestedBy: r.requested_by, requestedUnitName: r.unit_name, decidedBy: r.decided_by, decisionNote: r.decision_note, decidedAt: r.decided_at, createdAt: r.created_at,
});

const selectExtensions = (db: Database) =>
  db.selectFrom('task_extensions as e').innerJoin('units as u', 'u.id', 'e.requested_unit_id').selectAll('e').select('u.name as unit_name');

/** The task's requests, newest first, and what this user may do: ask (the receiving unit) or decide (the assigner). */
export async function listExtensions(db: Database, actor: Actor, taskId: string): Promise<TaskExtensions> {
  const task = await getVisibleTask(db, actor, taskId);
  const items = (await selectExtensions(db).where('e.task_id', '=', taskId).orderBy('e.created_at', 'desc').execute()).map(toView);
  const assigner = await assignerOf(db, task);
  const receiving = !!assigner && !setsFor(actor, assigner);
  const pending = items.some((i) => i.status === 'pending');
  return {
    items,
    lockedBy: receiving ? assigner.name : null,
    canRequest: receiving && can(actor.role, 'task.progress') && !pending && !task.archived_at && task.status !== 'done' && task.due_mode !== 'ongoing',
    canDecide: !!assigner && !receiving && can(actor.role, 'task.manage') && pending,
  };
}

export async function requestExtension(db: Database, ctx: ActorCtx, taskId: string, input: z.infer<typeof extensionRequest>): Promise<ExtensionView> {
  return inTx(db, async (trx) => {
    const task = await getVisibleTask(trx, ctx.actor, taskId);
    const assigner = await assignerOf(trx, task);
    if (!assigner) throw errors.conflict('NOT_ASSIGNED', '本单位自己的任务可直接修改完成时限，无需申请延期');
    if (setsFor(ctx.actor, assigner)) throw errors.conflict('ASSIGNER', `${assigner.name}是派发单位，可直接修改完成时限`);
    if (task.archived_at) throw errors.conflict('ARCHIVED', '该任务已归档');
    if (task.status === 'done') throw errors.conflict('TASK_DONE', '任务已完成，无需延期');
    if (task.due_mode === 'ongoing' || !task.due_day) throw errors.conflict('ONGOING', '长期坚持的任务没有完成时限，无需延期');
    if (input.dueDay <= task.due_day) throw errors.validation(`申请延期至的日期应晚于现在的完成时限(${task.due_day})`, 'dueDay');
    const pending = await trx.selectFrom('task_extensions').select('id').where('task_id', '=', taskId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw errors.conflict('EXTENSION_PENDING', '该任务已有一项延期申请等待派发单位审批');
    const now = nowIso();
    // Against the task's version: of two requests at once, one is written.
    await updateVersioned(trx, 'tasks', taskId, task.version, {});
    const row: ExtRow = {
      id: newId(), task_id: taskId, from_day: task.due_day, due_day: input.dueDay, reason: input.reason, status: 'pending',
      requested_by: ctx.actor.displayName, requested_unit_id: ctx.actor.unitId, decided_by: null, decision_note: null, decided_at: null,
      version: 0, created_at: now, updated_at: now,
    };
    await trx.insertInto('task_extensions').values(row).execute();
    await writeAudit(trx, ctx, {
      action: 'extension.request', entity: 'task', entityId: taskId, unitPath: task.unit_path,
      after: { extensionId: row.id, fromDay: row.from_day, dueDay: row.due_day, reason: row.reason, to: assigner.name },
    });
    return toView({ ...row, unit_name: ctx.actor.unitName });
  });
}

export async function decideExtension(db: Database, ctx: ActorCtx, taskId: string, extensionId: string, input: z.infer<typeof extensionDecision>): Promise<ExtensionView> {
  return inTx(db, async (trx) => {
    const task = await getVisibleTask(trx, ctx.actor, taskId);
    const ext = await selectExtensions(trx).where('e.id', '=', extensionId).where('e.task_id', '=', taskId).executeTakeFirst();
    if (!ext) throw errors.notFound('延期申请');
    const assigner = await assignerOf(trx, task);
    if (!assigner || !setsFor(ctx.actor, assigner)) throw errors.forbidden(`只有派发单位${assigner ? `(${assigner.name})` : ''}可以审批延期申请`);
    if (ext.status !== 'pending') throw errors.conflict('EXTENSION_DECIDED', `该申请已审批(${ext.status === 'approved' ? '已同意' : '未同意'})`);
    const now = nowIso();
    // Of two decisions at once, one is written; the other answers 409.
    await updateVersioned(trx, 'task_extensions', ext.id, ext.version, { status: input.approve ? 'approved' : 'refused', decided_by: ctx.actor.displayName, decision_note: input.note, decided_at: now, updated_at: now });
    if (input.approve) await updateVersioned(trx, 'tasks', taskId, task.version, { due_mode: 'date', due_days: null, due_day: ext.due_day });
    await writeAudit(trx, ctx, {
      action: input.approve ? 'extension.approve' : 'extension.refuse', entity: 'task', entityId: taskId, unitPath: task.unit_path,
      before: { dueDay: task.due_day }, after: { extensionId: ext.id, dueDay: input.approve ? ext.due_day : task.due_day, asked: ext.due_day, note: input.note },
    });
    const after = await selectExtensions(trx).where('e.id', '=', ext.id).executeTakeFirstOrThrow();
    return toView(after);
  });
}
