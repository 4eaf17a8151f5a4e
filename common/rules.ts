/** 制度文件库: a unit's rules in force, their versions, schemas and labels shared by server and web. */
import { z } from 'zod';
import { day, id, optionalDay, optionalText, page, text, version } from './fields';

/** The kinds of rule the units keep (管理办法, 实施细则, 三审三校, 网络安全管理, 责任追究, 应急, 其他). */
export const RULE_CATEGORIES = ['management', 'implementation', 'review', 'cyber_security', 'accountability', 'emergency', 'other'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];
export const RULE_CATEGORY_LABELS: Record<RuleCategory, string> = {
  management: '管理办法', implementation: '实施细则', review: '三审三校制度', cyber_security: '网络安全管理制度',
  accountability: '责任追究制度', emergency: '应急制度', other: '其他',
};

/** Where a rule stands on a day: not yet in force, in force, repealed. */
export const RULE_STATES = ['pending', 'in_force', 'repealed'] as const;
export type RuleState = (typeof RULE_STATES)[number];
export const RULE_STATE_LABELS: Record<RuleState, string> = { pending: '尚未施行', in_force: '现行有效', repealed: '已废止' };

const docNumber = optionalText('文号', 100);

const ruleFields = {
  title: text('制度名称', { max: 200 }),
  category: z.enum(RULE_CATEGORIES, { error: '制度类别的取值无效' }),
  docNumber,
  issuer: text('印发单位', { max: 200 }),
  effectiveDay: day('施行日期'),
  repealDay: optionalDay('废止日期'),
  reviewDay: optionalDay('复审日期'),
  note: optionalText('说明', 2000),
};

function checkDays(v: { effectiveDay: string; repealDay: string | null }, ctx: z.RefinementCtx) {
  if (v.repealDay && v.repealDay <= v.effectiveDay) ctx.addIssue({ code: 'custom', message: '废止日期应晚于施行日期', path: ['repealDay'] });
}

export const ruleCreate = z.object({ unitId: id('单位'), ...ruleFields, changeNote: optionalText('版本说明', 2000) }).superRefine(checkDays);
/** Edits the record as it stands (corrections); a new version is a revision. */
export const ruleUpdate = z.object({ ...ruleFields, version }).superRefine(checkDays);

/** 修订: a new version with its 文号 and effective day; the rule takes them over. */
export const ruleRevise = z.object({
  version,
  docNumber,
  effectiveDay: day('新版本施行日期'),
  changeNote: text('修订说明', { max: 2000 }),
  reviewDay: optionalDay('复审日期'),
});

export const ruleQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  category: z.enum(RULE_CATEGORIES, { error: '制度类别的取值无效' }).optional(),
  /** The rules in force on this day (施行 by it, not repealed by it). */
  inForceOn: optionalDay('有效日期'),
  /** Rules first adopted in the period (from/to on the first version's effective day). */
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
  reviewOverdue: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});

/** The rules of a unit and of its superiors in force on a day. */
export const inForceQuery = z.object({ unitId: id('单位'), day: optionalDay('日期') });

export interface RuleView {
  id: string;
  unitId: string;
  unitName: string;
  title: string;
  category: RuleCategory;
  docNumber: string | null;
  issuer: string;
  /** The first version's effective day. */
  adoptedDay: string;
  effectiveDay: string;
  repealDay: string | null;
  reviewDay: string | null;
  note: string | null;
  /** As of today (Asia/Shanghai). */
  state: RuleState;
  /** Days past the review day while in force (0 when not). */
  reviewOverdueDays: number;
  versionCount: number;
  archived: boolean;
  version: number;
}

export interface RuleVersionView {
  id: string;
  seq: number;
  docNumber: string | null;
  effectiveDay: string;
  changeNote: string | null;
  createdByName: string;
  createdAt: string;
}

/** A rule in force on a day, of the unit or of a superior (only what a reader needs). */
export interface RuleInForce {
  id: string;
  title: string;
  category: RuleCategory;
  docNumber: string | null;
  issuer: string;
  effectiveDay: string;
  unitId: string;
  unitName: string;
  /** True when the rule is the unit's own (false: a superior's). */
  own: boolean;
}

export interface RuleFigures {
  /** Rules of the subtree in force at the period's end (or today, if earlier). */
  inForce: number;
  inForceByCategory: Record<RuleCategory, number>;
  /** Rules first adopted in the period. */
  adopted: number;
  /** Revisions (versions after the first) taking effect in the period. */
  revised: number;
  /** In force, and past their review day at the period's end. */
  reviewOverdue: number;
  /** Up to five titles of the rules in force, newest first, for the summary. */
  titles: string[];
}
