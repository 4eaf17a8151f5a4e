/** Tasks (任务台账): sources, states, schemas and views shared by server and web. */
import { z } from 'zod';
import { checkDeadline, day, deadline, type DueMode, id, optionalDay, optionalText, page, text, version } from './fields';

export const TASK_SOURCES = ['superior', 'work_plan', 'inspection', 'self_check', 'assessment', 'other'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];
export const TASK_SOURCE_LABELS: Record<TaskSource, string> = {
  superior: '上级部署', work_plan: '工作方案', inspection: '巡视督查反馈', self_check: '自查发现', assessment: '考核扣分', other: '其他',
};

export const TASK_STATUSES = ['pending', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { pending: '未开始', in_progress: '进行中', done: '已完成' };

export const RECURRENCES = ['monthly', 'quarterly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
export const RECURRENCE_LABELS: Record<Recurrence, string> = { monthly: '每月报进展', quarterly: '每季度报进展' };

/** A task's deadline: a date, N calendar/working days from the start, or ongoing (长期坚持) with check-ins. */
export const TASK_DUE_MODES = ['date', 'calendar_days', 'working_days', 'ongoing'] as const;
export type TaskDueMode = (typeof TASK_DUE_MODES)[number];
export const TASK_DUE_MODE_LABELS: Record<TaskDueMode, string> = { date: '指定日期', calendar_days: '自然日', working_days: '工作日', ongoing: '长期坚持' };

const taskFields = {
  title: text('任务名称', { max: 200 }),
  content: optionalText('任务内容', 5000),
  source: z.enum(TASK_SOURCES, { error: '任务来源的取值无效' }),
  basis: optionalText('依据文件', 300),
  ownerPersonId: z.string().max(64).optional().nullable().transform((v) => v || null),
  /** 责任领导: a person of the unit or a superior. */
  responsibleLeaderId: z.string().max(64).optional().nullable().transform((v) => v || null),
  startDay: day('开始日期'),
  dueMode: z.enum(TASK_DUE_MODES, { error: '时限方式的取值无效' }),
  dueDay: deadline.dueDay,
  dueDays: deadline.dueDays,
  recurrence: z.enum(RECURRENCES, { error: '进展报送周期的取值无效' }).optional().nullable().transform((v) => v ?? null),
  /** 专项行动 named by the unit or a superior. */
  campaignId: z.string().max(64).optional().nullable().transform((v) => v || null),
};

type DeadlineInput = { dueMode: TaskDueMode; dueDay: string | null; dueDays?: number | null; recurrence: Recurrence | null; startDay: string };
function checkTaskDeadline(v: DeadlineInput, ctx: z.RefinementCtx) {
  if (v.dueMode === 'ongoing') {
    if (!v.recurrence) ctx.addIssue({ code: 'custom', message: '长期坚持的任务请选择进展报送周期(每月或每季度)', path: ['recurrence'] });
    return;
  }
  checkDeadline({ ...v, dueMode: v.dueMode as DueMode }, ctx);
  if (v.dueMode === 'date' && v.dueDay && v.dueDay < v.startDay) ctx.addIssue({ code: 'custom', message: '完成时限不能早于开始日期', path: ['dueDay'] });
}

export const taskCreate = z.object({ unitId: id('责任单位'), ...taskFields }).superRefine(checkTaskDeadline);
export const taskUpdate = z.object({ ...taskFields, version }).superRefine(checkTaskDeadline);

export const taskAssign = z
  .object({
    ...taskFields,
    fromUnitId: id('派发单位'),
    unitIds: z.array(id('承办单位'), { error: '请选择承办单位' }).min(1, { error: '请至少选择一个承办单位' }).max(500, { error: '一次最多派发给 500 个单位' }),
  })
  .superRefine(checkTaskDeadline);

export const taskQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  source: z.enum(TASK_SOURCES, { error: '任务来源的取值无效' }).optional(),
  status: z.enum(TASK_STATUSES, { error: '状态的取值无效' }).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  /** Only top-level tasks (assignments and own tasks), not the children of an assignment. */
  topLevel: z.enum(['true', 'false']).optional(),
  /** Only tasks without children: an assignment counts at its units, as the figures count it. */
  leaf: z.enum(['true', 'false']).optional(),
  /** from/to on the start day (default), or span=period: started or due between from and to. */
  span: z.enum(['start', 'period'], { error: '期间方式的取值无效' }).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
  campaignId: z.string().max(64).optional(),
});

/** Preview of a deadline given in days: the day it resolves to on the working-day calendar. */
export const dueDayQuery = z.object({
  startDay: day('开始日期'),
  dueMode: z.enum(['calendar_days', 'working_days'], { error: '时限方式的取值无效' }),
  dueDays: z.coerce.number({ error: '天数应为整数' }).int({ error: '天数应为整数' }).min(1, { error: '天数至少为 1' }).max(3650, { error: '天数不能超过 3650' }),
});

export const progressCreate = z.object({
  day: day('进展日期'),
  note: text('进展情况', { max: 5000 }),
});

export const taskComplete = z.object({
  version,
  completedDay: day('完成日期'),
  note: text('完成情况', { max: 5000 }),
});

export const taskReopen = z.object({ version, reason: text('重新打开的原因', { max: 500 }) });

export interface TaskView {
  id: string;
  unitId: string;
  unitName: string;
  ownerPersonId: string | null;
  responsibleLeaderId: string | null;
  responsibleLeaderName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  ownerPersonName: string | null;
  parentId: string | null;
  parentUnitName: string | null;
  title: string;
  content: string | null;
  source: TaskSource;
  basis: string | null;
  startDay: string;
  dueMode: TaskDueMode;
  dueDays: number | null;
  dueDay: string | null;
  recurrence: Recurrence | null;
  lastCheckinPeriod: string | null;
  /** For ongoing tasks: the period whose check-in is missing, if any. */
  missedPeriod: string | null;
  status: TaskStatus;
  completedDay: string | null;
  completionNote: string | null;
  /** Days past the due day (or past the missed check-in period's end); 0 when on time. */
  overdueDays: number;
  childCount: number;
  childDone: number;
  latestProgress: { day: string; note: string } | null;
  createdBy: string;
  archived: boolean;
  version: number;
}

export interface ProgressView {
  id: string;
  taskId: string;
  day: string;
  note: string;
  period: string | null;
  authorName: string;
  authorUnitName: string;
  createdAt: string;
  attachments: { id: string; filename: string; size: number; type: string }[];
}

export interface TaskFigures {
  total: number;
  byStatus: Record<TaskStatus, number>;
  bySource: Record<TaskSource, number>;
  /** Tasks with a due day inside the period. */
  dueInPeriod: number;
  completedOnTime: number;
  completedLate: number;
  /** completedOnTime / (completedOnTime + completedLate), null when none completed. */
  onTimeRate: number | null;
  overdueOpen: number;
}

/**
 * 申请延期: the unit a superior assigned a task to cannot move its deadline; it asks the assigning
 * unit, which approves (the deadline becomes the day asked for) or refuses, with a note.
 */
export const extensionRequest = z.object({ dueDay: day('申请延期至'), reason: text('延期理由', { max: 500 }) });
export const extensionDecision = z.object({ approve: z.boolean({ error: '请选择同意或不同意' }), note: optionalText('审批意见', 500) });

export const EXTENSION_STATUS_LABELS = { pending: '待审批', approved: '已同意', refused: '未同意' } as const;
export type ExtensionStatus = keyof typeof EXTENSION_STATUS_LABELS;

export interface ExtensionView {
  id: string;
  taskId: string;
  fromDay: string | null;
  dueDay: string;
  reason: string;
  status: ExtensionStatus;
  requestedBy: string;
  requestedUnitName: string;
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** What the task's page shows about its deadline: who set it, and what this user may do about it. */
export interface TaskExtensions {
  items: ExtensionView[];
  /** The assigning unit, when this user's unit received the task and so cannot change what it set. */
  lockedBy: string | null;
  canRequest: boolean;
  canDecide: boolean;
}
