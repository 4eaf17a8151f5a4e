/** 阵地: the unit's own outlets, their lifecycle and filings; schemas and views shared by server and web. */
import { z } from 'zod';
import { day, id, int, optionalDay, optionalText, page, text, version } from './fields';

export const OUTLET_TYPES = ['website', 'wechat', 'weibo', 'video', 'app', 'miniapp', 'screen', 'board', 'group', 'terminal'] as const;
export type OutletType = (typeof OUTLET_TYPES)[number];
export const OUTLET_TYPE_LABELS: Record<OutletType, string> = {
  website: '网站', wechat: '微信公众号', weibo: '微博', video: '短视频号', app: '客户端', miniapp: '小程序',
  screen: 'LED屏/电子屏', board: '宣传栏', group: '工作群', terminal: '内网/外网终端',
};

/** Types that publish posts and so can go quiet; LED/宣传栏 are checked only when a unit sets a threshold. */
export const DEFAULT_QUIET_DAYS: Record<OutletType, { quiet: number; dormant: number } | null> = {
  website: { quiet: 14, dormant: 60 }, wechat: { quiet: 14, dormant: 60 }, weibo: { quiet: 14, dormant: 60 },
  video: { quiet: 14, dormant: 60 }, app: { quiet: 14, dormant: 60 }, miniapp: { quiet: 14, dormant: 60 },
  screen: null, board: null, group: null, terminal: null,
};
/** Outlet types that post through the review chain (工作群 and 终端 never). */
export const PUBLISHING_TYPES: readonly OutletType[] = ['website', 'wechat', 'weibo', 'video', 'app', 'miniapp', 'screen', 'board'];

export const OUTLET_STATUSES = ['planned', 'running', 'changed', 'closed'] as const;
export type OutletStatus = (typeof OUTLET_STATUSES)[number];
export const OUTLET_STATUS_LABELS: Record<OutletStatus, string> = { planned: '拟开设', running: '运行', changed: '变更', closed: '关停/注销' };
/** Which lifecycle step may follow which. */
export const OUTLET_TRANSITIONS: Record<OutletStatus, readonly OutletStatus[]> = {
  planned: ['running', 'closed'], running: ['changed', 'closed'], changed: ['running', 'closed'], closed: [],
};

export const QUIET_STATES = ['ok', 'late', 'dormant'] as const;
export type QuietState = (typeof QUIET_STATES)[number] | 'unchecked';
export const QUIET_STATE_LABELS: Record<QuietState, string> = { ok: '正常更新', late: '未按期更新', dormant: '睡眠', unchecked: '不考核更新' };

/** ICP备案号: 京ICP备12345678号, optionally -1; 公安备案号: 京公网安备11010502000001号. */
export const ICP_RE = /^[\u4e00-\u9fa5]ICP[备证]\d{6,10}号(-\d{1,3})?$/;
export const PSB_RE = /^[\u4e00-\u9fa5]公网安备\d{14}号$/;

const nullableId = z.string().max(64).optional().nullable().transform((v) => v || null);

const fields = {
  type: z.enum(OUTLET_TYPES, { error: '阵地类型的取值无效' }),
  name: text('阵地名称', { max: 100 }),
  platform: optionalText('平台', 50),
  account: optionalText('账号或网址', 300),
  hostUnit: optionalText('主办单位', 100),
  opsUnit: optionalText('运维单位', 100),
  managerPersonId: nullableId,
  editors: optionalText('编辑人员', 300),
  icpNo: optionalText('ICP备案号', 40).refine((v) => !v || ICP_RE.test(v), { error: 'ICP备案号格式不正确，应如“京ICP备12345678号”或“京ICP备12345678号-1”' }),
  psbNo: optionalText('公安备案号', 40).refine((v) => !v || PSB_RE.test(v), { error: '公安备案号格式不正确，应如“京公网安备11010502000001号”' }),
  domain: optionalText('域名', 200),
  domainExpires: optionalDay('域名到期日'),
  filingExpires: optionalDay('备案有效期'),
  verified: z.boolean({ error: '官方认证应为是或否' }).default(false),
  mlpsGrade: z.union([int('等保级别', 1, 5), z.null()]).optional().transform((v) => v ?? null),
  mlpsAssessedOn: optionalDay('等保测评日期'),
  contractExpires: optionalDay('运维合同到期日'),
  purpose: optionalText('用途', 300),
  rules: optionalText('群规', 2000),
  terminalCount: z.union([int('终端数量', 0, 100000), z.null()]).optional().transform((v) => v ?? null),
  quietDays: z.union([int('未按期更新天数', 1, 365), z.null()]).optional().transform((v) => v ?? null),
};

export const outletCreate = z.object({ unitId: id('所属单位'), ...fields, startDay: day('开设日期'), status: z.enum(['planned', 'running'], { error: '状态的取值无效' }) });
export const outletUpdate = z.object({ ...fields, version });
export const outletTransition = z.object({
  version,
  to: z.enum(OUTLET_STATUSES, { error: '目标状态的取值无效' }),
  day: day('变更日期'),
  reason: text('原因', { max: 1000 }),
  evidence: optionalText('备案材料', 500),
});
export const outletQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  type: z.enum(OUTLET_TYPES, { error: '阵地类型的取值无效' }).optional(),
  status: z.enum(OUTLET_STATUSES, { error: '状态的取值无效' }).optional(),
  quiet: z.enum(['late', 'dormant', 'any']).optional(),
  expiring: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});

/** Per-type thresholds (days) a unit sets for 未按期更新 and 睡眠. */
export const quietSettings = z.partialRecord(z.enum(OUTLET_TYPES), z.object({ quiet: int('未按期更新天数', 1, 365), dormant: int('睡眠天数', 2, 730) }).nullable());

export interface OutletExpiry { what: '域名' | '备案' | '运维合同'; day: string; daysLeft: number }

export interface OutletView {
  id: string;
  unitId: string;
  unitName: string;
  type: OutletType;
  name: string;
  platform: string | null;
  account: string | null;
  hostUnit: string | null;
  opsUnit: string | null;
  managerPersonId: string | null;
  managerName: string | null;
  editors: string | null;
  icpNo: string | null;
  psbNo: string | null;
  domain: string | null;
  domainExpires: string | null;
  filingExpires: string | null;
  verified: boolean;
  mlpsGrade: number | null;
  mlpsAssessedOn: string | null;
  contractExpires: string | null;
  purpose: string | null;
  rules: string | null;
  terminalCount: number | null;
  quietDays: number | null;
  status: OutletStatus;
  statusDay: string;
  /** Day it opened (or is planned to). */
  startDay: string;
  /** Last publication recorded (Shanghai day), days since, and the state it gives. */
  lastPostDay: string | null;
  daysSincePost: number | null;
  quiet: QuietState;
  /** Posts published in the last 30 days. */
  postsLast30: number;
  expiring: OutletExpiry[];
  /** Another live outlet of the same unit on the same platform and type. */
  duplicateOf: string | null;
  archived: boolean;
  version: number;
}

export interface OutletEventView {
  id: string;
  fromStatus: OutletStatus | null;
  toStatus: OutletStatus;
  day: string;
  reason: string;
  evidence: string | null;
  actorName: string;
  at: string;
}

/** A domain, filing or contract expires within this many days: reminded at each of these. */
export const EXPIRY_REMINDER_DAYS = [30, 15, 7, 1] as const;
