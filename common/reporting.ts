/**
 * 报告制度: report forms, schedules, periods of every cycle, submissions and their states, and
 * the figures' shape, shared by server and web.
 */
import { z } from 'zod';
import { day, id, int, optionalDay, optionalText, page, text, version } from './fields';
import { UNIT_KINDS } from './labels';

export const FORM_KINDS = ['monthly', 'quarterly', 'half_year', 'watch_daily', 'other'] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const FORM_KIND_LABELS: Record<FormKind, string> = {
  monthly: '月度报告/零报告', quarterly: '季度报告', half_year: '半年专题汇报', watch_daily: '敏感期日报', other: '其他',
};

export const FIELD_TYPES = ['number', 'text', 'choice', 'date', 'attachment'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FIELD_TYPE_LABELS: Record<FieldType, string> = { number: '数字', text: '文字', choice: '单选', date: '日期', attachment: '附件' };

export interface FormField {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Number fields only: summed over the subtree into the superior's own submission. */
  summable?: boolean;
  /** Choice fields only. */
  options?: string[];
  hint?: string;
}

export const CYCLES = ['daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'once'] as const;
export type Cycle = (typeof CYCLES)[number];
export const CYCLE_LABELS: Record<Cycle, string> = {
  daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', half_yearly: '每半年', yearly: '每年', once: '一次性',
};

export const TARGET_MODES = ['all', 'kinds', 'list'] as const;
export type TargetMode = (typeof TARGET_MODES)[number];
export const TARGET_MODE_LABELS: Record<TargetMode, string> = { all: '下级全部单位', kinds: '按单位类型', list: '指定单位' };

export const REPORT_DUE_MODES = ['working_days', 'hours', 'date'] as const;
export type ReportDueMode = (typeof REPORT_DUE_MODES)[number];
export const REPORT_DUE_MODE_LABELS: Record<ReportDueMode, string> = { working_days: '期末后 N 个工作日', hours: '期末后 N 小时', date: '指定日期' };

/** A submission's stored status. */
export const SUBMISSION_STATUSES = ['expected', 'draft', 'submitted', 'signed', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = {
  expected: '待报送', draft: '草稿', submitted: '已报送', signed: '已签收', returned: '已退回',
};

/**
 * The state figures and the matrix count: each expected submission is in exactly one. `nil`
 * (本期无情况) is a report of its own kind, never missing; `pending` is not yet due.
 */
export const REPORT_STATES = ['on_time', 'late', 'nil', 'returned', 'missing', 'pending'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  on_time: '按时报送', late: '迟报', nil: '零报告', returned: '退回待改', missing: '未报', pending: '未到期',
};
export const REPORT_STATE_COLORS: Record<ReportState, string> = {
  on_time: '#52c41a', late: '#faad14', nil: '#1677ff', returned: '#eb2f96', missing: '#f5222d', pending: '#d9d9d9',
};

export interface ReportFigures {
  expected: number;
  /** Reported by the as-of instant: onTime + late + nil + returned (each submission in one state). */
  submitted: number;
  onTime: number;
  late: number;
  nil: number;
  returned: number;
  missing: number;
  pending: number;
  /** Reported by the due time, whatever the state now (nil and returned ones included). */
  timely: number;
  /** 报送率 = submitted / expected; null when nothing was expected. */
  reportingRate: number | null;
  /** 及时率 = timely / expected. */
  onTimeRate: number | null;
}

// ---------------------------------------------------------------------------------------------
// Periods of every cycle, as keys: 2026-11-05 (daily), 2026-W45 (weekly, ISO), 2026-11, 2026-Q4,
// 2026-H2, 2026 (yearly), once (one-off, the schedule's own dates).

function ymd(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

function isoWeekStart(y: number, w: number): string {
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const dow = jan4.getUTCDay() || 7;
  return ymd(y, 1, 4 - dow + 1 + (w - 1) * 7);
}

/** The period key of `cycle` containing `d`. */
export function periodKeyOf(cycle: Cycle, d: string): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  switch (cycle) {
    case 'daily': return d;
    case 'weekly': {
      const t = new Date(`${d}T00:00:00Z`);
      const dow = t.getUTCDay() || 7;
      const thursday = new Date(t.getTime() + (4 - dow) * 86_400_000);
      const wy = thursday.getUTCFullYear();
      const w = Math.floor((thursday.getTime() - Date.UTC(wy, 0, 1)) / 86_400_000 / 7) + 1;
      return `${wy}-W${String(w).padStart(2, '0')}`;
    }
    case 'monthly': return d.slice(0, 7);
    case 'quarterly': return `${y}-Q${Math.ceil(m / 3)}`;
    case 'half_yearly': return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'yearly': return String(y);
    case 'once': return 'once';
  }
}

/** First and last day of a period (for `once`, the schedule's own start and end). */
export function periodRange(cycle: Cycle, key: string, once?: { from: string; to: string }): { from: string; to: string } {
  const y = Number(key.slice(0, 4));
  switch (cycle) {
    case 'daily': return { from: key, to: key };
    case 'weekly': {
      const from = isoWeekStart(y, Number(key.slice(6)));
      const [fy, fm, fd] = from.split('-').map(Number);
      return { from, to: ymd(fy, fm, fd + 6) };
    }
    case 'monthly': {
      const m = Number(key.slice(5, 7));
      return { from: ymd(y, m, 1), to: ymd(y, m + 1, 0) };
    }
    case 'quarterly': {
      const q = Number(key.slice(6));
      return { from: ymd(y, q * 3 - 2, 1), to: ymd(y, q * 3 + 1, 0) };
    }
    case 'half_yearly': {
      const h = Number(key.slice(6));
      return h === 1 ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
    }
    case 'yearly': return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'once': return once ?? { from: '', to: '' };
  }
}

/** The period after `key`. */
export function nextPeriodKey(cycle: Cycle, key: string): string {
  const r = periodRange(cycle, key);
  const [y, m, d] = r.to.split('-').map(Number);
  return periodKeyOf(cycle, ymd(y, m, d + 1));
}

/** How people read a period key: 2026年11月, 2026年第4季度, 2026年第45周, 2026年下半年. */
export function periodKeyLabel(cycle: Cycle, key: string): string {
  const y = key.slice(0, 4);
  switch (cycle) {
    case 'daily': return `${y}年${Number(key.slice(5, 7))}月${Number(key.slice(8, 10))}日`;
    case 'weekly': return `${y}年第${Number(key.slice(6))}周`;
    case 'monthly': return `${y}年${Number(key.slice(5, 7))}月`;
    case 'quarterly': return `${y}年第${key.slice(6)}季度`;
    case 'half_yearly': return `${y}年${key.endsWith('1') ? '上' : '下'}半年`;
    case 'yearly': return `${y}年`;
    case 'once': return '一次性';
  }
}

// ---------------------------------------------------------------------------------------------
// Requests.

const fieldKey = z.string({ error: '请填写字段代码' }).regex(/^[a-z][a-z0-9_]{0,39}$/, { error: '字段代码应以小写字母开头，只含小写字母、数字和下划线' });

export const formField = z.object({
  key: fieldKey,
  label: text('字段名称', { max: 60 }),
  type: z.enum(FIELD_TYPES, { error: '字段类型的取值无效' }),
  required: z.boolean({ error: '请选择是否必填' }).default(false),
  summable: z.boolean().optional().default(false),
  options: z.array(text('选项', { max: 40 })).max(30, { error: '选项不能超过 30 个' }).optional(),
  hint: optionalText('填写说明', 200),
}).superRefine((f, ctx) => {
  if (f.type === 'choice' && (!f.options || f.options.length < 2)) ctx.addIssue({ code: 'custom', message: `单选字段“${f.label}”至少要有两个选项`, path: ['options'] });
  if (f.summable && f.type !== 'number') ctx.addIssue({ code: 'custom', message: `只有数字字段可以向上汇总(“${f.label}”不是数字字段)`, path: ['summable'] });
});

const formFields = z
  .array(formField, { error: '请填写报表字段' })
  .min(1, { error: '报表至少要有一个字段' })
  .max(60, { error: '报表字段不能超过 60 个' })
  .superRefine((fs, ctx) => {
    const seen = new Set<string>();
    for (const f of fs) {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', message: `字段代码“${f.key}”重复`, path: [] });
      seen.add(f.key);
    }
  });

export const formCreate = z.object({
  unitId: id('所属单位'),
  name: text('报表名称', { max: 100 }),
  kind: z.enum(FORM_KINDS, { error: '报表类别的取值无效' }),
  description: optionalText('报表说明', 1000),
  fields: formFields,
});
export const formUpdate = z.object({ name: text('报表名称', { max: 100 }), description: optionalText('报表说明', 1000), fields: formFields, version });

export const scheduleFields = {
  name: text('报送安排名称', { max: 100 }),
  formId: id('报表'),
  targetMode: z.enum(TARGET_MODES, { error: '报送范围的取值无效' }),
  targetKinds: z.array(z.enum(UNIT_KINDS, { error: '单位类型的取值无效' })).max(20).optional().default([]),
  targetUnitIds: z.array(id('报送单位')).max(2000, { error: '指定单位不能超过 2000 个' }).optional().default([]),
  cycle: z.enum(CYCLES, { error: '报送周期的取值无效' }),
  /** Daily cycle only: expected on days inside a watch period in force for the unit. */
  watchOnly: z.boolean().optional().default(false),
  startsOn: day('开始日期'),
  endsOn: optionalDay('结束日期'),
  /** The window opens N days before the period's last day; null: from the period's first day. */
  openBeforeEndDays: z.union([z.null(), int('提前开放天数', 0, 366)]).optional().transform((v) => v ?? null),
  dueMode: z.enum(REPORT_DUE_MODES, { error: '报送时限方式的取值无效' }),
  dueN: z.union([z.null(), int('时限数值', 0, 2000)]).optional().transform((v) => v ?? null),
  dueDate: optionalDay('报送截止日期'),
  /** Locked N days after the due time; null: never locks. */
  lockAfterDays: z.union([z.null(), int('锁定天数', 0, 366)]).optional().transform((v) => v ?? null),
};

type ScheduleInput = { targetMode: TargetMode; targetKinds: string[]; targetUnitIds: string[]; cycle: Cycle; watchOnly: boolean; startsOn: string; endsOn: string | null; dueMode: ReportDueMode; dueN: number | null; dueDate: string | null };
function checkSchedule(v: ScheduleInput, ctx: z.RefinementCtx) {
  if (v.targetMode === 'kinds' && v.targetKinds.length === 0) ctx.addIssue({ code: 'custom', message: '请选择报送的单位类型', path: ['targetKinds'] });
  if (v.targetMode === 'list' && v.targetUnitIds.length === 0) ctx.addIssue({ code: 'custom', message: '请选择报送单位', path: ['targetUnitIds'] });
  if (v.watchOnly && v.cycle !== 'daily') ctx.addIssue({ code: 'custom', message: '只有每日报送可以限定在敏感时期', path: ['watchOnly'] });
  if (v.cycle === 'once' && !v.endsOn) ctx.addIssue({ code: 'custom', message: '一次性报送请填写结束日期(报送所涉期间的最后一天)', path: ['endsOn'] });
  if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['endsOn'] });
  if (v.dueMode === 'date') {
    if (v.cycle !== 'once') ctx.addIssue({ code: 'custom', message: '指定截止日期只用于一次性报送；周期报送请按期末后的工作日或小时数设定时限', path: ['dueMode'] });
    else if (!v.dueDate) ctx.addIssue({ code: 'custom', message: '请填写报送截止日期', path: ['dueDate'] });
    else if (v.endsOn && v.dueDate < v.endsOn) ctx.addIssue({ code: 'custom', message: '报送截止日期不能早于结束日期', path: ['dueDate'] });
  } else if (v.dueN === null) {
    ctx.addIssue({ code: 'custom', message: v.dueMode === 'hours' ? '请填写期末后的小时数' : '请填写期末后的工作日数', path: ['dueN'] });
  } else if (v.dueMode === 'working_days' && v.dueN < 1) {
    ctx.addIssue({ code: 'custom', message: '工作日数至少为 1', path: ['dueN'] });
  }
}

export const scheduleCreate = z.object({ unitId: id('安排单位'), ...scheduleFields }).superRefine(checkSchedule);
export const scheduleUpdate = z.object({ ...scheduleFields, version }).superRefine(checkSchedule);

export const scheduleQuery = page.extend({ unitId: z.string().max(64).optional(), archived: z.enum(['true', 'false']).optional() });
export const formQuery = z.object({ archived: z.enum(['true', 'false']).optional() });

/** Opens (creates if the scheduler has not yet) a unit's submission of one period. */
export const submissionOpen = z.object({
  unitId: id('报送单位'),
  periodKey: z.string({ error: '请选择报送期' }).min(1, { error: '请选择报送期' }).max(20, { error: '报送期无效' }),
});

export const submissionValues = z.record(z.string().max(40), z.union([z.string().max(20000, { error: '填写内容不能超过 20000 个字' }), z.number(), z.null()]), { error: '填写内容无效' });
export const submissionSave = z.object({ values: submissionValues, version });
export const submissionNil = z.object({ version, note: optionalText('说明', 500) });
export const submissionReturn = z.object({ version, reason: text('退回原因', { max: 500 }) });
export const reopenRequest = z.object({ reason: text('申请重新开放的原因', { max: 500 }) });
export const reopenGrant = z.object({ version, days: int('开放天数', 1, 30).default(3) });

export const submissionQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  scheduleId: z.string().max(64).optional(),
  periodKey: z.string().max(20).optional(),
  state: z.enum(REPORT_STATES, { error: '状态的取值无效' }).optional(),
  /** Only what waits for the actor: own unit's open reports (mine) or submissions to sign (toSign). */
  view: z.enum(['mine', 'toSign', 'reopen'], { error: '视图的取值无效' }).optional(),
  /** Reports due between from and to (Shanghai days); states are then judged as of the range's end (as the figures are). */
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
  /** Reported by then (any state but missing and not yet due), or reported by the due time. */
  reported: z.enum(['true', 'false']).optional(),
  timely: z.enum(['true', 'false']).optional(),
});

export const ratesQuery = z.object({
  scheduleId: id('报送安排'),
  periodKey: z.string({ error: '请选择报送期' }).min(1).max(20),
  unitId: z.string().max(64).optional(),
});
export const matrixQuery = z.object({
  scheduleId: id('报送安排'),
  unitId: z.string().max(64).optional(),
  periods: int('期数', 1, 60).default(12),
  /** Last period shown (default: the latest one created). */
  until: z.string().max(20).optional(),
});
export const remindBody = z.object({ scheduleId: id('报送安排'), periodKey: z.string().min(1).max(20), unitId: z.string().max(64).optional() });

// ---------------------------------------------------------------------------------------------
// Views.

export interface FormView {
  id: string;
  unitId: string | null;
  unitName: string | null;
  builtin: boolean;
  name: string;
  kind: FormKind;
  description: string | null;
  versionNo: number;
  versionId: string;
  fields: FormField[];
  archived: boolean;
  version: number;
}

export interface ScheduleView {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  formId: string;
  formName: string;
  formKind: FormKind;
  targetMode: TargetMode;
  targetKinds: string[];
  targetUnitIds: string[];
  cycle: Cycle;
  watchOnly: boolean;
  startsOn: string;
  endsOn: string | null;
  openBeforeEndDays: number | null;
  dueMode: ReportDueMode;
  dueN: number | null;
  dueDate: string | null;
  lockAfterDays: number | null;
  /** Last period the scheduler has created. */
  createdThrough: string | null;
  archived: boolean;
  version: number;
}

export interface SubmissionView {
  id: string;
  scheduleId: string;
  scheduleName: string;
  scheduleUnitId: string;
  scheduleUnitName: string;
  cycle: Cycle;
  unitId: string;
  unitName: string;
  periodKey: string;
  periodLabel: string;
  periodFrom: string;
  periodTo: string;
  formName: string;
  formKind: FormKind;
  formVersionNo: number;
  fields: FormField[];
  values: Record<string, string | number | null>;
  status: SubmissionStatus;
  nil: boolean;
  state: ReportState;
  late: boolean;
  opensAt: string;
  dueAt: string;
  locksAt: string | null;
  open: boolean;
  locked: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  returnReason: string | null;
  reopenReason: string | null;
  reopenRequestedAt: string | null;
  /** What the actor may do now. */
  can: { edit: boolean; review: boolean; reopen: boolean; requestReopen: boolean };
  version: number;
}

export interface RatesRow {
  unitId: string;
  unitName: string;
  unitKind: string;
  /** Has expected units below it: the page drills down into it. */
  drillable: boolean;
  /** The unit's own row: its submission's state and id. */
  state?: ReportState;
  submissionId?: string;
  figures: ReportFigures;
}

export interface RatesView {
  schedule: { id: string; name: string; cycle: Cycle };
  periodKey: string;
  periodLabel: string;
  unit: { id: string; name: string };
  total: ReportFigures;
  /** The unit's own expected submission, then each child subtree with expected submissions. */
  rows: RatesRow[];
  /** Units of the subtree whose report is missing, by name. */
  missingUnits: { unitId: string; unitName: string; submissionId: string }[];
}

export interface MatrixView {
  periods: { key: string; label: string }[];
  units: { unitId: string; unitName: string; cells: ({ state: ReportState; submissionId: string } | null)[] }[];
}

export interface TrendView {
  points: { key: string; label: string; figures: ReportFigures }[];
}
