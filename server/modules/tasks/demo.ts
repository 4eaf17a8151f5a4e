/**
 * Demo 任务台账 for the demo county: a county assignment to three townships (one reported
 * progress, one finished, one silent), a county ongoing task with monthly check-ins, and
 * 城关镇's own tasks, one of them overdue. Dates are relative to today so the demo always
 * shows them. Written with plain inserts: the seed already runs inside one transaction.
 */
import { periodOf } from '../../../common/periods';
import type { TaskSource } from '../../../common/tasks';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { addDays, resolveDueDay, shanghaiDay, WorkCalendar } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { actorsFor, type DemoUnit, personAt, unitsByName, who } from '../demo/lookups';


export async function seedTaskDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff] = await actorsFor(db, ['staff', 'cg_staff']);
  const [cg, ds, xh] = await unitsByName(db, ['城关镇', '东山镇', '西河乡']);
  if (!staff || !cgStaff || !cg || !ds || !xh) return;
  const county = await db.selectFrom('units').select(['id', 'path', 'name']).where('id', '=', staff.unitId).executeTakeFirstOrThrow();
  const calendar = await WorkCalendar.load(db);
  const today = shanghaiDay();
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });

  type T = {
    unit: DemoUnit; by: Actor; title: string; content: string; source: TaskSource; basis: string | null; owner?: string | null; parentId?: string | null;
    start: number; due?: { mode: 'date'; days: number } | { mode: 'working_days' | 'calendar_days'; n: number }; recurrence?: 'monthly' | 'quarterly';
    progress?: { by: Actor | null; day: number; note: string }[]; done?: { day: number; note: string };
  };
  async function add(t: T): Promise<string> {
    const id = newId();
    const now = nowIso();
    const start = addDays(today, t.start);
    const dueDay = !t.due ? null : t.due.mode === 'date' ? addDays(today, t.due.days) : resolveDueDay(calendar, start, t.due.mode, null, t.due.n);
    const progress = t.progress ?? [];
    const periods = t.recurrence ? progress.map((p) => periodOf(t.recurrence!, addDays(today, p.day))).sort() : [];
    await db.insertInto('tasks').values({
      id, unit_id: t.unit.id, unit_path: t.unit.path, owner_person_id: t.owner ?? null, parent_id: t.parentId ?? null, title: t.title, content: t.content, source: t.source,
      basis: t.basis, start_day: start, due_mode: t.recurrence ? 'ongoing' : (t.due?.mode ?? 'date'), due_days: t.due && t.due.mode !== 'date' ? t.due.n : null,
      due_day: dueDay, recurrence: t.recurrence ?? null, last_checkin_period: periods.at(-1) ?? null,
      status: t.done ? 'done' : progress.length ? 'in_progress' : 'pending',
      completed_day: t.done ? addDays(today, t.done.day) : null, completion_note: t.done?.note ?? null, created_by: who(t.by),
      archived_at: null, version: progress.length + (t.done ? 1 : 0), created_at: now, updated_at: now,
    }).execute();
    const base = { entity: 'task', entityId: id, unitPath: t.unit.path };
    await writeAudit(db, as(t.by), { ...base, action: t.parentId ? 'assign' : 'create', after: { title: t.title, source: t.source, startDay: start, dueDay, recurrence: t.recurrence ?? null } });
    for (const p of progress) {
      const pid = newId();
      const day = addDays(today, p.day);
      const period = t.recurrence ? periodOf(t.recurrence, day) : null;
      const author = p.by ? who(p.by) : `${t.unit.name}网信专干`;
      await db.insertInto('task_progress').values({ id: pid, task_id: id, day, note: p.note, period, author_name: author, author_unit_id: p.by?.unitId ?? t.unit.id, created_at: now }).execute();
      await writeAudit(db, p.by ? as(p.by) : system, { entity: 'task_progress', entityId: pid, unitPath: t.unit.path, action: 'create', after: { taskId: id, day, note: p.note, period } });
    }
    if (t.done) await writeAudit(db, p0(t), { ...base, action: 'complete', after: { status: 'done', completedDay: addDays(today, t.done.day), completionNote: t.done.note } });
    return id;
  }
  const p0 = (t: T) => (t.progress?.[0]?.by ? as(t.progress[0].by) : system);

  // The county office assigns a self-inspection to three townships: 15 working days.
  const assignment = {
    by: staff, title: '开展网络意识形态工作责任制落实情况自查', source: 'work_plan' as const, basis: '县委网信办关于开展责任制落实情况自查的通知',
    content: '对照责任清单逐项自查，重点检查阵地管理、舆情处置和台账记录，形成自查报告并报县委网信办。',
    start: -18, due: { mode: 'working_days' as const, n: 15 },
  };
  const parentId = await add({ ...assignment, unit: county });
  await db.updateTable('tasks').set({ status: 'in_progress' }).where('id', '=', parentId).execute();
  await add({
    ...assignment, unit: cg, parentId, owner: await personAt(db, cg.id, '网信专干'),
    progress: [{ by: cgStaff, day: -6, note: '已召开专题会议部署自查，完成阵地管理和台账两项检查，正在汇总舆情处置情况' }],
  });
  await add({
    ...assignment, unit: ds, parentId, owner: await personAt(db, ds.id, '网信专干'),
    progress: [{ by: null, day: -9, note: '已逐项对照责任清单完成自查' }], done: { day: -4, note: '自查报告已经镇党委会议审定并报送县委网信办' },
  });
  await add({ ...assignment, unit: xh, parentId, owner: await personAt(db, xh.id, '网信专干') });

  // An ongoing county task with monthly check-ins; last month's is in.
  await add({
    unit: county, by: staff, title: '网络舆情监测研判', source: 'superior', basis: '市委网信办年度工作要点', recurrence: 'monthly', start: -120,
    content: '每月对涉及本县的网络舆情进行梳理研判，形成研判记录。',
    progress: [{ by: staff, day: -60, note: '完成本月舆情研判，未发现较大舆情' }, { by: staff, day: -30, note: '完成本月舆情研判，形成研判记录 1 份' }],
  });
  // 城关镇's own tasks: one overdue, one coming due.
  await add({
    unit: cg, by: cgStaff, title: '更新村(社区)宣传栏网络安全宣传内容', source: 'self_check', basis: null, start: -30, due: { mode: 'date', days: -3 },
    owner: await personAt(db, cg.id, '网信专干'), content: '各村(社区)宣传栏更换网络安全宣传内容，留存照片。',
    progress: [{ by: cgStaff, day: -12, note: '城东、城西社区已更换，其余村正在制作' }],
  });
  await add({
    unit: cg, by: cgStaff, title: '组织网信干部参加县级业务培训', source: 'superior', basis: '县委网信办培训通知', start: -2, due: { mode: 'calendar_days', n: 20 },
    content: '选派镇网信专干和各村联络员参加培训，培训后在本镇进行转训。',
  });
}
