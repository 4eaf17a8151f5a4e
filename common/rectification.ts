/** Rectification (整改): origins, states, schemas and views shared by server and web. */
import { z } from 'zod';
import { checkDeadline, day, deadline, id, optionalDay, optionalText, page, text, version } from './fields';
import type { Permits } from './platform';

export const RECT_ORIGINS = ['inspection', 'supervision', 'self_check', 'assessment', 'other'] as const;
export type RectOrigin = (typeof RECT_ORIGINS)[number];
export const RECT_ORIGIN_LABELS: Record<RectOrigin, string> = {
  inspection: '巡视巡察', supervision: '督查检查', self_check: '自查发现', assessment: '考核评估', other: '其他',
};

export const RECT_STATUSES = ['open', 'reported', 'closed'] as const;
export type RectStatus = (typeof RECT_STATUSES)[number];
export const RECT_STATUS_LABELS: Record<RectStatus, string> = { open: '整改中', reported: '已报完成', closed: '已销号' };

/** What a user may do with an item (archive covers 恢复 too). */
export const RECT_ACTIONS = ['report', 'signOff', 'return', 'edit', 'archive'] as const;
export type RectAction = (typeof RECT_ACTIONS)[number];

const fields = {
  problem: text('问题描述', { max: 2000 }),
  origin: z.enum(RECT_ORIGINS, { error: '问题来源的取值无效' }),
  batch: optionalText('检查批次', 100),
  /** One measure a line; documents number them 一是、二是…. */
  measures: text('整改措施', { max: 5000 }),
  /** The aspect the problem is grouped under in the plan ("在…方面"); the words between 在 and 方面. */
  aspect: optionalText('问题方面', 100).transform((v) => (v ? v.replace(/^在/, '').replace(/(等)?方面[。.]?$/, '').trim() || null : v)),
  /** 长期坚持 after the deadline. */
  keepOn: z.boolean({ error: '“长期坚持”应为是或否' }).optional().default(false),
  ownerPersonId: z.string().max(64).optional().nullable().transform((v) => v || null),
  /** 责任领导: a person of the unit or a superior. */
  responsibleLeaderId: z.string().max(64).optional().nullable().transform((v) => v || null),
  startDay: day('提出日期'),
  ...deadline,
};

type D = { dueMode: 'date' | 'calendar_days' | 'working_days'; dueDay: string | null; dueDays?: number | null; startDay: string };
function checkDue(v: D, ctx: z.RefinementCtx) {
  checkDeadline(v, ctx);
  if (v.dueMode === 'date' && v.dueDay && v.dueDay < v.startDay) ctx.addIssue({ code: 'custom', message: '整改时限不能早于提出日期', path: ['dueDay'] });
}

export const rectCreate = z.object({ unitId: id('整改责任单位'), ...fields }).superRefine(checkDue);
export const rectUpdate = z.object({ ...fields, version }).superRefine(checkDue);

export const rectReport = z.object({ version, note: text('整改完成情况', { max: 5000 }) });
export const rectSignOff = z.object({ version, note: optionalText('销号意见', 1000) });
export const rectReturn = z.object({ version, reason: text('退回原因', { max: 1000 }) });

export const rectQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  origin: z.enum(RECT_ORIGINS, { error: '问题来源的取值无效' }).optional(),
  batch: z.string().trim().max(100).optional(),
  status: z.enum(RECT_STATUSES, { error: '状态的取值无效' }).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});

/** The item, with what the current user may do now and why not (`Permits`, from server/modules/rectification/policy.ts). */
export interface RectView extends Permits<RectAction> {
  id: string;
  unitId: string;
  unitName: string;
  raisedByUnitId: string;
  raisedByUnitName: string;
  ownerPersonId: string | null;
  ownerPersonName: string | null;
  responsibleLeaderId: string | null;
  responsibleLeaderName: string | null;
  problem: string;
  origin: RectOrigin;
  batch: string | null;
  measures: string;
  /** The measures, one a line, without any numbering the user typed. */
  measureItems: string[];
  aspect: string | null;
  keepOn: boolean;
  startDay: string;
  dueMode: 'date' | 'calendar_days' | 'working_days';
  dueDays: number | null;
  dueDay: string;
  status: RectStatus;
  reportedAt: string | null;
  reportedByName: string | null;
  reportNote: string | null;
  signedOffAt: string | null;
  signedOffByName: string | null;
  signOffNote: string | null;
  returnCount: number;
  lastReturnReason: string | null;
  overdueDays: number;
  createdByName: string;
  archived: boolean;
  version: number;
}

export interface RectFigures {
  /** Raised in the period. */
  opened: number;
  byOrigin: Record<RectOrigin, number>;
  /** Signed off in the period. */
  closed: number;
  closedOnTime: number;
  /** Signed off on or before the due day / all signed off, null when none. */
  onTimeRate: number | null;
  /** Open (not signed off) now, and of those past their due day. */
  open: number;
  overdueOpen: number;
  /** Of the open ones: completion reported, waiting for sign-off now (已报完成). */
  reported: number;
}

/** One item of an inspection batch (检查批次), as 整改方案 / 整改报告 list them. */
export interface RectBatchItem {
  id: string;
  problem: string;
  origin: RectOrigin;
  unitName: string;
  ownerPersonName: string | null;
  responsibleLeaderName: string | null;
  measures: string;
  measureItems: string[];
  aspect: string | null;
  keepOn: boolean;
  startDay: string;
  dueDay: string;
  status: RectStatus;
  reportNote: string | null;
  signedOffByName: string | null;
  /** Shanghai day of the sign-off. */
  signedOffDay: string | null;
  overdueDays: number;
}

/** The measures of an item, one a line, any numbering the user typed (一是, 1., （1）) taken off. */
export function measureItems(measures: string): string[] {
  return measures.split(/\r?\n/).map((l) => l.trim().replace(/^(?:[一二三四五六七八九十]+是[，,、：:]?|\d+[.、．]|[（(]\d+[）)])\s*/, '').trim()).filter(Boolean);
}

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 一, 二 … 十, 十一 … 九十九. */
export function cnOrdinal(n: number): string {
  if (n <= 10) return CN[n - 1];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN[tens - 1]}十${ones ? CN[ones - 1] : ''}`;
}

/** The measures as the units write them: "一是…。二是…。" (a single measure stays as it is, ending with 。). */
export function numberedMeasures(items: readonly string[]): string {
  const end = (s: string) => (/[。！？；;.!?]$/.test(s) ? s.replace(/[；;]$/, '。') : `${s}。`);
  if (items.length === 1) return end(items[0]);
  return items.map((m, i) => `${cnOrdinal(i + 1)}是${end(m)}`).join('');
}

/** 整改专班 and basis document of one unit's plan for an inspection batch. */
export const rectPlanSet = z.object({
  unitId: id('单位'),
  batch: text('检查批次', { max: 100 }),
  basisTitle: optionalText('依据文件标题', 200).transform((v) => (v ? v.replace(/^《|》$/g, '').trim() || null : v)),
  basisDocNo: optionalText('依据文件文号', 100),
  teamLeaderId: z.string().max(64).optional().nullable().transform((v) => v || null),
  teamMemberIds: z.array(z.string().max(64), { error: '专班成员应为列表' }).max(30, { error: '专班成员不能超过 30 人' }).optional().default([]),
  /** The version loaded; null when the plan had no record yet. */
  version: z.number().int().min(0).nullable(),
}).superRefine((v, ctx) => {
  if (v.basisDocNo && !v.basisTitle) ctx.addIssue({ code: 'custom', message: '填写依据文件文号时请同时填写文件标题', path: ['basisTitle'] });
  if (v.teamMemberIds.length && !v.teamLeaderId) ctx.addIssue({ code: 'custom', message: '请选择整改专班组长', path: ['teamLeaderId'] });
  if (v.teamLeaderId && v.teamMemberIds.includes(v.teamLeaderId)) ctx.addIssue({ code: 'custom', message: '组长不必再列为成员', path: ['teamMemberIds'] });
  if (new Set(v.teamMemberIds).size !== v.teamMemberIds.length) ctx.addIssue({ code: 'custom', message: '专班成员有重复', path: ['teamMemberIds'] });
});

export const rectPlanQuery = z.object({ unitId: z.string().max(64).optional(), batch: z.string({ error: '请选择检查批次' }).trim().min(1, { error: '请选择检查批次' }).max(100, { error: '检查批次不能超过 100 个字' }) });

export interface RectPlanView {
  id: string;
  unitId: string;
  unitName: string;
  batch: string;
  basisTitle: string | null;
  basisDocNo: string | null;
  teamLeaderId: string | null;
  teamLeaderName: string | null;
  teamMembers: { id: string; name: string }[];
  version: number;
}
