/** Cases (舆情与诉求): sources, levels, states, the SLA policy, schemas and views shared by server and web. */
import { z } from 'zod';
import { day, id, optionalDay, optionalText, page, text, version } from './fields';
import type { Permits } from './platform';

export const CASE_SOURCES = ['superior_notice', 'online_petition', 'media_tip', 'hotline', 'monitoring', 'internal', 'other'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_LABELS: Record<CaseSource, string> = {
  superior_notice: '上级通报', online_petition: '网络问政/市长信箱', media_tip: '媒体报料', hotline: '举报电话',
  monitoring: '监测发现', internal: '内部报送', other: '其他',
};

/** How a report reached netduty. */
export const CASE_VIAS = ['staff', 'public', 'import', 'clue'] as const;
export type CaseVia = (typeof CASE_VIAS)[number];
export const CASE_VIA_LABELS: Record<CaseVia, string> = { staff: '人工登记', public: '公众提交', import: '表格导入', clue: '线索转入' };

export const CASE_LEVELS = ['general', 'major', 'serious', 'critical'] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];
export const CASE_LEVEL_LABELS: Record<CaseLevel, string> = { general: '一般', major: '较大', serious: '重大', critical: '特别重大' };
/** 较大 and above are reported upward at once (直报) and need a leader's approval to close. */
export const isMajorOrAbove = (l: CaseLevel | null | undefined) => l === 'major' || l === 'serious' || l === 'critical';

export const EVENT_STATUSES = ['registered', 'triaged', 'assigned', 'verified', 'responded', 'pending_close', 'closed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  registered: '待研判', triaged: '已研判', assigned: '已交办', verified: '已核实', responded: '已回应', pending_close: '待审批办结', closed: '已办结',
};
/** What the submitter of a public concern sees for each state: plain words, nothing internal. */
export const PUBLIC_STATUS_LABELS: Record<EventStatus, string> = {
  registered: '已受理', triaged: '办理中', assigned: '办理中', verified: '办理中', responded: '已答复', pending_close: '已答复', closed: '已办结',
};

export const VERIFICATION_RESULTS = ['true', 'partly', 'false', 'unable'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];
export const VERIFICATION_LABELS: Record<VerificationResult, string> = { true: '属实', partly: '部分属实', false: '不属实', unable: '无法核实' };

export const FOLLOWUP_RESULTS = ['satisfied', 'basically', 'unsatisfied', 'unreachable'] as const;
export type FollowupResult = (typeof FOLLOWUP_RESULTS)[number];
export const FOLLOWUP_LABELS: Record<FollowupResult, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意', unreachable: '未能联系' };

export const CASE_STEPS = [
  'register', 'join', 'triage', 'direct_report', 'assign', 'return', 'verify', 'first_info', 'respond', 'request_close',
  'approve_close', 'reject_close', 'close', 'follow_up', 'supervise', 'instruct', 'read', 'pause', 'resume', 'reopen_public', 'urge',
  'reply_draft', 'approve_reply', 'return_reply',
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];
export const CASE_STEP_LABELS: Record<CaseStep, string> = {
  register: '登记', join: '同一事件的新报告', triage: '研判', direct_report: '直报上级', assign: '交办', return: '退回',
  verify: '核实', first_info: '发布权威信息', respond: '处置与回应', request_close: '申请办结', approve_close: '批准办结',
  reject_close: '不同意办结', close: '办结', follow_up: '回访', supervise: '督办', instruct: '批示', read: '已阅',
  pause: '暂停计时', resume: '恢复计时', reopen_public: '公开答复更新', urge: '催办',
  reply_draft: '答复送审', approve_reply: '答复审核通过并公开', return_reply: '答复退回修改',
};

/** What a user may do with an event: one entry a button (不同意办结 is its own button, with 批准办结's rule). */
export const CASE_ACTIONS = [
  'triage', 'assign', 'return', 'verify', 'firstInfo', 'respond', 'close', 'approve', 'reject', 'followUp', 'supervise', 'instruct', 'pause', 'resume', 'urge',
  'approveReply', 'returnReply',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The next steps of each state: the page shows them even when disabled, with the reason; other actions only when allowed. */
export const CASE_NEXT_ACTIONS: Record<EventStatus, readonly CaseAction[]> = {
  registered: ['triage'],
  triaged: ['assign', 'verify'],
  assigned: ['verify', 'return'],
  verified: ['respond'],
  responded: ['close'],
  pending_close: ['approve', 'reject'],
  closed: [],
};

// ---------------------------------------------------------------------------------------------
// SLA policy

export const CLOCK_KEYS = ['report_up', 'first_info', 'response', 'close'] as const;
export type ClockKey = (typeof CLOCK_KEYS)[number];
export const CLOCK_LABELS: Record<ClockKey, string> = { report_up: '向上级报告', first_info: '首次发布权威信息', response: '公开回应', close: '办结' };
export const CLOCK_UNITS = ['hours', 'working_days'] as const;
export type ClockUnit = (typeof CLOCK_UNITS)[number];
export const CLOCK_UNIT_LABELS: Record<ClockUnit, string> = { hours: '小时', working_days: '工作日' };

const clock = z.object({
  key: z.enum(CLOCK_KEYS, { error: '时限种类的取值无效' }),
  amount: z.number({ error: '时限应为数字' }).int({ error: '时限应为整数' }).min(1, { error: '时限至少为 1' }).max(720, { error: '时限不能超过 720' }),
  unit: z.enum(CLOCK_UNITS, { error: '时限单位的取值无效' }),
});
export type SlaClock = z.infer<typeof clock>;

export const slaPolicy = z.object({
  levels: z.object(
    Object.fromEntries(CASE_LEVELS.map((l) => [l, z.array(clock).max(4)])) as Record<CaseLevel, z.ZodArray<typeof clock>>,
  ).superRefine((v, ctx) => {
    for (const l of CASE_LEVELS) {
      const keys = v[l].map((c) => c.key);
      if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: `${CASE_LEVEL_LABELS[l]}级的时限种类重复`, path: [l] });
    }
  }),
  /** 研判: how soon an event nobody has triaged must be (from its first report); absent in policies saved before it existed (default 24 hours). */
  triage: clock.omit({ key: true }).optional(),
  /** Named states in which the clocks stop: the case waits on something outside the unit. */
  waitStates: z.array(text('暂停计时的情形', { max: 50 })).max(20, { error: '暂停计时的情形最多 20 项' }),
});
export type SlaPolicy = z.infer<typeof slaPolicy>;

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  levels: {
    general: [{ key: 'response', amount: 48, unit: 'hours' }, { key: 'close', amount: 5, unit: 'working_days' }],
    major: [{ key: 'response', amount: 48, unit: 'hours' }, { key: 'close', amount: 5, unit: 'working_days' }],
    // 重大 and 特别重大 have stricter clocks for everything, closure included.
    serious: [{ key: 'report_up', amount: 1, unit: 'hours' }, { key: 'first_info', amount: 5, unit: 'hours' }, { key: 'response', amount: 24, unit: 'hours' }, { key: 'close', amount: 3, unit: 'working_days' }],
    critical: [{ key: 'report_up', amount: 1, unit: 'hours' }, { key: 'first_info', amount: 5, unit: 'hours' }, { key: 'response', amount: 24, unit: 'hours' }, { key: 'close', amount: 2, unit: 'working_days' }],
  },
  triage: { amount: 24, unit: 'hours' },
  waitStates: ['等待上级或其他部门答复', '等待检测鉴定结果', '等待当事人补充材料'],
};

/** The 研判 clock when a stored policy predates it. */
export const DEFAULT_TRIAGE_CLOCK = { amount: 24, unit: 'hours' } as const;

/** Events a case announces (server/platform/events.ts). */
export const CASE_EVENT_KINDS = [
  { key: 'case.submitted', label: '收到群众反映' },
  { key: 'case.assigned', label: '交办给本单位' },
  { key: 'case.returned', label: '事件被退回' },
  { key: 'case.direct_report', label: '收到直报' },
  { key: 'case.close_requested', label: '办结待审批' },
  { key: 'case.instructed', label: '收到批示' },
  { key: 'case.reply_review', label: '公开答复待审核' },
];

export const urgeCaseBody = z.object({
  note: z.string({ error: '催办说明应为文字' }).trim().max(200, { error: '催办说明不能超过 200 字' }).nullish().transform((v) => v || null),
});

export const DEFAULT_CATEGORIES = ['城乡建设', '交通出行', '教育', '医疗卫生', '生态环境', '社会保障', '市场监管', '政务服务', '农业农村', '其他'];

export const caseSettings = z.object({
  categories: z.array(text('分类名称', { max: 30 })).min(1, { error: '至少保留一个分类' }).max(50, { error: '分类最多 50 个' }),
  /** How different two reports may be and still be taken as the same event: 0 (identical) to 16; the least similarity is 1 − 0.03 × this. */
  groupingThreshold: z.number({ error: '归并阈值应为数字' }).int({ error: '归并阈值应为整数' }).min(0, { error: '归并阈值不能小于 0' }).max(16, { error: '归并阈值不能大于 16' }),
  sla: slaPolicy,
  /** A step entered more than this many hours after it happened (补录) needs a reason. */
  lateEntryReasonHours: z.number({ error: '补录须说明原因的小时数应为数字' }).int({ error: '补录须说明原因的小时数应为整数' })
    .min(1, { error: '补录须说明原因的小时数不能小于 1' }).max(720, { error: '补录须说明原因的小时数不能大于 720' }).default(24),
});
export type CaseSettings = z.infer<typeof caseSettings>;

// ---------------------------------------------------------------------------------------------
// Requests

const isoTime = (label: string) =>
  z.string({ error: `请填写${label}` }).refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}/.test(v), { error: `${label}不是有效的时间` });

const urlField = z
  .string({ error: '网址应为文字' })
  .trim()
  .max(2000, { error: '网址不能超过 2000 个字' })
  .refine((v) => !v || /^https?:\/\/[^\s]+$/i.test(v), { error: '网址应以 http:// 或 https:// 开头' })
  .optional()
  .nullable()
  .transform((v) => (v ? v : null));

export const caseCreate = z.object({
  unitId: id('受理单位'),
  source: z.enum(CASE_SOURCES, { error: '来源的取值无效' }),
  receivedAt: isoTime('收到时间'),
  title: text('标题', { max: 200 }),
  content: text('内容', { max: 20000 }),
  channel: optionalText('发现渠道', 200),
  url: urlField,
  contact: optionalText('反映人联系方式', 200),
});

/**
 * 补录: when a step happened, if earlier than now (work done by phone on Friday, entered on
 * Monday). Not in the future, not before the previous step; a reason when long ago.
 */
const lateEntry = {
  happenedAt: isoTime('发生时间').optional().nullable(),
  lateReason: optionalText('补录原因', 500).optional(),
};

export const triageBody = z.object({
  version,
  level: z.enum(CASE_LEVELS, { error: '请选择事件等级' }),
  category: text('分类', { max: 50 }),
  handlingUnitId: id('责任单位'),
  note: optionalText('研判意见', 2000),
  ...lateEntry,
});
export const assignBody = z.object({ version, unitId: id('交办单位'), note: optionalText('交办意见', 2000) });
export const returnBody = z.object({ version, reason: text('退回原因', { max: 2000 }) });
export const verifyBody = z.object({ version, result: z.enum(VERIFICATION_RESULTS, { error: '请选择核实结果' }), note: text('核实情况', { max: 5000 }), ...lateEntry });
export const firstInfoBody = z.object({ version, text: text('权威信息内容', { max: 5000 }), ...lateEntry });
export const respondBody = z.object({ version, measures: text('处置措施', { max: 5000 }), publicReply: text('公开答复', { max: 5000 }), ...lateEntry });
/** Approving a public reply another person wrote publishes it to the citizen. */
export const approveReplyBody = z.object({ version, note: optionalText('审核意见', 2000) });
export const returnReplyBody = z.object({ version, reason: text('退回修改的理由', { max: 2000 }) });
/** A unit's setting: its public replies (and those of the units below it) need a second person's approval. */
export const replyApprovalBody = z.object({ required: z.boolean({ error: '请选择是否需要审核' }), version });
export interface ReplyApprovalView {
  unitId: string;
  unitName: string;
  /** This unit's own setting. */
  required: boolean;
  /** A unit above that requires it for its whole subtree (then this unit's replies need approval whatever it sets). */
  requiredBy: string | null;
  version: number;
  updatedByName: string | null;
  updatedAt: string | null;
}
export const closeBody = z.object({ version, note: optionalText('办结说明', 2000), ...lateEntry });
export const rejectCloseBody = z.object({ version, reason: text('不同意办结的理由', { max: 2000 }) });
export const followUpBody = z.object({ version, result: z.enum(FOLLOWUP_RESULTS, { error: '请选择回访结果' }), note: optionalText('回访情况', 2000) });
export const superviseBody = z.object({ version, dueDay: day('督办时限'), note: text('督办意见', { max: 2000 }) });
export const instructBody = z.object({ text: text('批示内容', { max: 2000 }) });
export const pauseBody = z.object({ version, reason: text('暂停计时的情形', { max: 100 }) });

export const eventQuery = page.extend({
  unitId: z.string().max(64).optional(),
  /** 'false': only events the unit itself received (not its subunits'). */
  includeSubunits: z.enum(['true', 'false']).optional(),
  status: z.enum(EVENT_STATUSES, { error: '状态的取值无效' }).optional(),
  open: z.enum(['true', 'false']).optional(),
  level: z.enum(CASE_LEVELS, { error: '等级的取值无效' }).optional(),
  source: z.enum(CASE_SOURCES, { error: '来源的取值无效' }).optional(),
  category: z.string().trim().max(50).optional(),
  handlingUnitId: z.string().max(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** 'true': only events reported up (直报). */
  reportedUp: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});

export const directReportQuery = page.extend({ unread: z.enum(['true', 'false']).optional() });

// Public page
export const publicSubmit = z.object({
  unitId: id('反映对象单位'),
  title: text('标题', { max: 100 }),
  content: text('反映内容', { min: 10, max: 3000 }),
  contact: optionalText('联系方式', 100),
  challenge: z.string({ error: '请先获取验证题' }).min(10).max(400, { error: '验证题无效' }),
  answer: z.string({ error: '请填写验证题答案' }).trim().min(1, { error: '请填写验证题答案' }).max(10, { error: '验证题答案无效' }),
});
export const trackingParams = z.object({ code: z.string().trim().max(40) });

// ---------------------------------------------------------------------------------------------
// Views

export interface ClockView {
  /** A level's clock, or the 研判 clock every submission starts with (`sla.triage`). */
  key: ClockKey | 'triage';
  label: string;
  limit: string;
  dueAt: string | null;
  metAt: string | null;
  state: 'met' | 'late' | 'open' | 'overdue' | 'paused';
}

export interface CaseReportView {
  id: string;
  source: CaseSource;
  via: CaseVia;
  unitId: string;
  unitName: string;
  channel: string | null;
  url: string | null;
  title: string;
  content: string;
  receivedAt: string;
  contact: string | null;
  trackingCode: string | null;
  distance: number | null;
  createdByName: string;
}

/** The event, with what the current user may do now and why not (`Permits`, from server/modules/cases/policy.ts). */
export interface EventView extends Permits<CaseAction> {
  id: string;
  unitId: string;
  unitName: string;
  handlingUnitId: string;
  handlingUnitName: string;
  assignedByUnitName: string | null;
  title: string;
  summary: string;
  level: CaseLevel | null;
  category: string | null;
  status: EventStatus;
  reportCount: number;
  sources: Partial<Record<CaseSource, number>>;
  firstReceivedAt: string;
  triagedAt: string | null;
  pausedAt: string | null;
  pauseReason: string | null;
  superviseDueAt: string | null;
  verificationResult: VerificationResult | null;
  verificationNote: string | null;
  measures: string | null;
  publicReply: string | null;
  /** A public reply written and waiting for a second person's approval (not yet seen by the citizen). */
  replyDraft: string | null;
  replyDraftByName: string | null;
  replyDraftAt: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  closeNote: string | null;
  approvedByName: string | null;
  followupResult: FollowupResult | null;
  followupNote: string | null;
  clocks: ClockView[];
  overdue: boolean;
  archived: boolean;
  version: number;
}

export interface EventDetailView extends EventView {
  /** The unit that requires a second person's approval of this event's public reply (it or one above the handling unit), or null. */
  replyApproval: string | null;
  reports: CaseReportView[];
  /** `at`: when the step happened; `enteredAt`: when it was written down (补录 when `lateEntered`). */
  steps: {
    id: string; step: CaseStep; label: string; at: string; actorName: string; actorUnitName: string | null; comment: string | null; data: Record<string, unknown> | null;
    enteredAt: string; lateEntered: boolean; lateReason: string | null;
  }[];
  directReports: { unitId: string; unitName: string; sentAt: string; readAt: string | null; readByName: string | null }[];
}

/** An event reported up (直报) to the caller's unit, with the receipt and the instructions written on it. */
export interface DirectReportItem {
  event: EventView;
  sentAt: string;
  readAt: string | null;
  readByName: string | null;
  instructions: { text: string; by: string; unitName: string | null; at: string }[];
}

/** The public page: units a citizen may address, and what a tracking code shows. */
export interface PublicUnit { id: string; name: string; parentId: string | null; depth: number }
export interface TrackView {
  trackingCode: string; title: string; unitName: string; receivedAt: string; status: string; reply: string | null; repliedAt: string | null; closedAt: string | null;
}

export interface IntakeResult {
  caseId: string;
  eventId: string;
  joined: boolean;
  distance: number | null;
  trackingCode: string | null;
}

/** An event closed after its closure deadline (the supervision one where set, else the level's). */
export interface LateClosure { eventId: string; title: string; unitName: string; dueAt: string; closedAt: string }
/** How many late closures the figures carry (the page and the summary); the export lists more. */
export const LATE_CLOSURES_SHOWN = 10;
/**
 * The .xlsx export lists this many late closures at most, the earliest first, and says how many it
 * leaves out: a province's year had 229,000 (14.5 s and 1.9 GB of server memory to write them all).
 */
export const SHEET_LATE_CLOSURES = 5_000;

export interface CaseFigures {
  /** The day the figures are judged on: the period's last day, or today while it runs. */
  asOfDay: string;
  /** Reports received in the period. */
  received: number;
  /** Events first received in the period. */
  events: number;
  closed: number;
  closureRate: number | null;
  /** Events of the period still open at `asOf`, and those of them past a deadline (超期未办结). */
  open: number;
  overdueOpen: number;
  firstResponseDue: number;
  firstResponseOnTime: number;
  firstResponseOnTimeRate: number | null;
  /** Closed events that had a closure deadline; 办结按时率 = closedOnTime / closeDue (open events are not in it). */
  closeDue: number;
  closedOnTime: number;
  closedLate: number;
  closeOnTimeRate: number | null;
  /**
   * The first LATE_CLOSURES_SHOWN of the `closedLate` events (closed after their closure deadline),
   * earliest closure first, then by id: 存在的问题 names a few, the statistics page lists these; the
   * .xlsx export lists up to SHEET_LATE_CLOSURES (a province's year had 229,000, 41 MB of JSON to a page that showed none).
   */
  lateClosures: LateClosure[];
  medianHandlingHours: number | null;
  bySource: Record<CaseSource, number>;
  byLevel: Record<CaseLevel | 'untriaged', number>;
  byCategory: Record<string, number>;
  byUnit: { unitId: string; unitName: string; events: number; closed: number }[];
  /** Public replies published in the period (clarifications), newest first (then by id), at most 10. */
  replies: { eventId: string; title: string; reply: string; at: string }[];
}
