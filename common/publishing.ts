/** 信息发布审核 (三审三校): posts, the review chain, proofreading rules, corrections; shared by server and web. */
import { z } from 'zod';
import { day, id, optionalDay, optionalText, page, text, version } from './fields';
import type { Permits } from './platform';
import { ROLES, type Role } from './roles';
import { OUTLET_TYPES, type OutletType } from './outlets';

export const POST_STATUSES = ['draft', 'reviewing', 'rejected', 'approved', 'published'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export const POST_STATUS_LABELS: Record<PostStatus, string> = { draft: '草稿', reviewing: '审核中', rejected: '已退回', approved: '已审定待发布', published: '已发布' };

export const STEP_KINDS = ['review', 'proof'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** One step of a chain: a review (初审/复审/终审) or a proofread sign-off (一校/二校/三校), by role or named accounts. */
export const chainStep = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,20}$/, { error: '步骤代码无效' }),
  label: text('步骤名称', { max: 20 }),
  kind: z.enum(STEP_KINDS, { error: '步骤类型的取值无效' }),
  roles: z.array(z.enum(ROLES, { error: '角色的取值无效' })).max(7).default([]),
  accountIds: z.array(z.string().max(64)).max(20).default([]),
  /** The last review step: needs the 不涉密 check and every proofreading hit acknowledged. */
  final: z.boolean().default(false),
});
export type ChainStep = z.infer<typeof chainStep>;

export const DEFAULT_CHAIN: ChainStep[] = [
  { key: 'first', label: '初审', kind: 'review', roles: ['staff', 'leader', 'admin'], accountIds: [], final: false },
  { key: 'second', label: '复审', kind: 'review', roles: ['staff', 'leader'], accountIds: [], final: false },
  { key: 'final', label: '终审', kind: 'review', roles: ['leader'], accountIds: [], final: true },
];

export const chainSave = z.object({
  unitId: id('单位'),
  outletType: z.enum(OUTLET_TYPES, { error: '阵地类型的取值无效' }).nullable().default(null),
  steps: z.array(chainStep).min(1, { error: '审核流程至少需要一个步骤' }).max(8, { error: '审核流程最多 8 个步骤' }),
}).superRefine((v, ctx) => {
  const reviews = v.steps.filter((s) => s.kind === 'review');
  if (reviews.length < 3) ctx.addIssue({ code: 'custom', path: ['steps'], message: '审核流程至少需要初审、复审、终审三个审核步骤' });
  const last = reviews[reviews.length - 1];
  if (v.steps.some((s) => s.final && s !== last) || (last && !last.final)) ctx.addIssue({ code: 'custom', path: ['steps'], message: '只有最后一个审核步骤是终审' });
  if (new Set(v.steps.map((s) => s.key)).size !== v.steps.length) ctx.addIssue({ code: 'custom', path: ['steps'], message: '步骤代码不能重复' });
  v.steps.forEach((s, i) => { if (!s.roles.length && !s.accountIds.length) ctx.addIssue({ code: 'custom', path: ['steps', i, 'roles'], message: `请为“${s.label}”指定角色或人员` }); });
});

const targets = z.array(z.string().max(64), { error: '请选择发布阵地' }).min(1, { error: '请选择至少一个发布阵地' }).max(20, { error: '发布阵地最多 20 个' });

export const postCreate = z.object({
  unitId: id('所属单位'),
  title: text('标题', { max: 200 }),
  body: text('正文', { max: 50000 }),
  outletIds: targets,
  plannedAt: optionalDay('计划发布日期'),
  important: z.boolean().default(false),
});
export const postUpdate = postCreate.omit({ unitId: true }).extend({ version });
export const postSubmit = z.object({ version });
export const postApprove = z.object({
  version,
  opinion: optionalText('审核意见', 1000),
  /** 通读: required on every review step of an important post. */
  readThrough: z.boolean().default(false),
  /** 不涉密: required at 终审. */
  notSecret: z.boolean().default(false),
});
export const postReject = z.object({ version, reason: text('退回原因', { max: 1000 }) });
export const hitAck = z.object({
  version,
  action: z.enum(['fixed', 'kept'], { error: '处理方式的取值无效' }),
  reason: optionalText('保留原因', 500),
}).superRefine((v, ctx) => { if (v.action === 'kept' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '保留原文时请填写保留原因' }); });
export const postPublish = z.object({
  version,
  outletId: id('发布阵地'),
  publishedOn: day('发布日期'),
  url: optionalText('发布网址', 500).refine((v) => !v || /^https?:\/\/\S+$/.test(v), { error: '发布网址应以 http:// 或 https:// 开头' }),
});
export const postQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  status: z.enum(POST_STATUSES, { error: '状态的取值无效' }).optional(),
  waiting: z.enum(['me']).optional(),
  outletId: z.string().max(64).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});

export const POST_ACTIONS = ['edit', 'submit', 'approve', 'reject', 'ack', 'publish', 'correct', 'archive'] as const;
export type PostAction = (typeof POST_ACTIONS)[number];

export const RULE_CATEGORIES = ['typo', 'standard', 'outdated', 'other'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];
export const RULE_CATEGORY_LABELS: Record<RuleCategory, string> = { typo: '错别字', standard: '规范表述', outdated: '过时表述', other: '其他' };
export const RULE_SEVERITIES = ['normal', 'serious'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];
export const RULE_SEVERITY_LABELS: Record<RuleSeverity, string> = { normal: '一般', serious: '严重' };

const examples = (label: string) => z.array(text(label, { max: 200 })).max(20, { error: `${label}最多 20 条` });
export const ruleSave = z.object({
  unitId: id('单位'),
  kind: z.enum(['literal', 'regex'], { error: '规则类型的取值无效' }),
  pattern: text('错误写法', { max: 200 }),
  correct: text('正确写法', { max: 200 }),
  category: z.enum(RULE_CATEGORIES, { error: '类别的取值无效' }),
  severity: z.enum(RULE_SEVERITIES, { error: '严重程度的取值无效' }),
  note: optionalText('说明', 500),
  mustMatch: examples('应命中的例句').min(1, { error: '请至少填写一条应命中的例句' }),
  mustNotMatch: examples('不应命中的例句').default([]),
});
export const ruleUpdate = ruleSave.omit({ unitId: true }).extend({ version });
export const ruleTest = ruleSave.omit({ unitId: true }).extend({ text: text('测试文字', { max: 5000 }).optional() });

export const CORRECTION_SEVERITIES = ['normal', 'serious'] as const;
export type CorrectionSeverity = (typeof CORRECTION_SEVERITIES)[number];
export const CORRECTION_SEVERITY_LABELS: Record<CorrectionSeverity, string> = { normal: '一般', serious: '严重表述错误' };
export const CORRECTION_SOURCES = ['self', 'superior', 'public'] as const;
export type CorrectionSource = (typeof CORRECTION_SOURCES)[number];
export const CORRECTION_SOURCE_LABELS: Record<CorrectionSource, string> = { self: '自查', superior: '上级通报', public: '群众反映' };

export const correctionCreate = z.object({
  version,
  wrong: text('错误内容', { max: 1000 }),
  severity: z.enum(CORRECTION_SEVERITIES, { error: '严重程度的取值无效' }),
  foundBy: z.enum(CORRECTION_SOURCES, { error: '发现途径的取值无效' }),
  foundOn: day('发现日期'),
  fixedOn: optionalDay('更正日期'),
  note: optionalText('更正说明', 1000),
}).superRefine((v, ctx) => { if (v.fixedOn && v.fixedOn < v.foundOn) ctx.addIssue({ code: 'custom', path: ['fixedOn'], message: '更正日期不能早于发现日期' }); });
export const correctionFix = z.object({ version, fixedOn: day('更正日期'), note: optionalText('更正说明', 1000) });

export interface RuleView {
  id: string;
  /** Built-in starter rules are read-only and apply everywhere. */
  builtin: boolean;
  unitId: string | null;
  unitName: string | null;
  kind: 'literal' | 'regex';
  pattern: string;
  correct: string;
  category: RuleCategory;
  severity: RuleSeverity;
  note: string | null;
  mustMatch: string[];
  mustNotMatch: string[];
  archived: boolean;
  version: number;
}

export interface HitView {
  id: string;
  ruleId: string;
  start: number;
  end: number;
  matched: string;
  correct: string;
  category: RuleCategory;
  severity: RuleSeverity;
  note: string | null;
  status: 'open' | 'fixed' | 'kept';
  reason: string | null;
  ackByName: string | null;
  ackAt: string | null;
}

export interface StepView {
  id: string;
  stepKey: string;
  label: string;
  kind: StepKind;
  decision: 'approve' | 'reject';
  actorName: string;
  opinion: string | null;
  readThrough: boolean;
  notSecret: boolean;
  revision: number;
  at: string;
}

export interface PostTargetView {
  outletId: string;
  outletName: string;
  outletType: OutletType;
  publishedOn: string | null;
  url: string | null;
  publishedByName: string | null;
}

export interface CorrectionView {
  id: string;
  postId: string;
  postTitle: string;
  unitName: string;
  wrong: string;
  severity: CorrectionSeverity;
  foundBy: CorrectionSource;
  foundOn: string;
  fixedOn: string | null;
  note: string | null;
  createdByName: string;
}

export interface PostView extends Permits<PostAction> {
  id: string;
  unitId: string;
  unitName: string;
  title: string;
  body: string;
  important: boolean;
  plannedAt: string | null;
  status: PostStatus;
  revision: number;
  authorName: string;
  authorAccountId: string;
  chain: ChainStep[];
  /** Index in `chain` of the step waiting, or null when none waits. */
  stepIndex: number | null;
  currentStep: ChainStep | null;
  steps: StepView[];
  hits: HitView[];
  targets: PostTargetView[];
  corrections: CorrectionView[];
  lastRejectReason: string | null;
  /** What the caller last saw (the revision they reviewed), when the text changed since. */
  changedSinceYouSaw: { revision: number; title: string; body: string } | null;
  submittedAt: string | null;
  archived: boolean;
  version: number;
}

export interface PublishingFigures {
  outletsByType: Record<string, number>;
  outletsByStatus: Record<string, number>;
  outletsTotal: number;
  quietLate: number;
  quietDormant: number;
  expiringFilings: number;
  postsSubmitted: number;
  postsPublished: number;
  rejections: number;
  /** Average hours from submission to 终审, of posts approved in the period (null when none). */
  avgReviewHours: number | null;
  hitsByCategory: Record<RuleCategory, number>;
  corrections: number;
  /** Published posts of the period with a correction. */
  postsCorrected: number;
  accuracyRate: number | null;
  seriousFound: number;
  seriousFixed: number;
}

export const CHAIN_SCOPE_ALL = '全部类型';
export type { Role };
