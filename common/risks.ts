/** 风险点 and 重大决策舆情风险评估: schemas, levels and labels shared by server and web. */
import { z } from 'zod';
import { day, id, int, optionalDay, page, text, version } from './fields';

export const RISK_AREAS = ['positions', 'cyber_security', 'public_opinion', 'data_security', 'publishing', 'other'] as const;
export type RiskArea = (typeof RISK_AREAS)[number];
export const RISK_AREA_LABELS: Record<RiskArea, string> = {
  positions: '意识形态阵地', cyber_security: '网络安全', public_opinion: '舆情', data_security: '数据安全', publishing: '信息发布', other: '其他',
};

/** Four levels, as commonly used in risk registers: 低 → 重大. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'major'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高', major: '重大' };

export const RISK_STATUSES = ['controlled', 'eliminated'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
export const RISK_STATUS_LABELS: Record<RiskStatus, string> = { controlled: '在控', eliminated: '已消除' };

const riskFields = {
  description: text('风险描述', { max: 2000 }),
  area: z.enum(RISK_AREAS, { error: '风险领域的取值无效' }),
  level: z.enum(RISK_LEVELS, { error: '风险等级的取值无效' }),
  measures: text('防控措施', { max: 5000 }),
  ownerPersonId: z.string().max(64).optional().nullable().transform((v) => v || null),
  reviewMonths: int('复核周期(月)', 1, 24),
  nextReviewDay: day('下次复核日期'),
};
export const riskCreate = z.object({ unitId: id('单位'), ...riskFields });
export const riskUpdate = z.object({ ...riskFields, status: z.enum(RISK_STATUSES, { error: '状态的取值无效' }), version });

export const reviewCreate = z.object({
  version,
  day: day('复核日期'),
  result: text('复核情况', { max: 5000 }),
  levelAfter: z.enum(RISK_LEVELS, { error: '复核后等级的取值无效' }),
  eliminated: z.boolean({ error: '“风险已消除”应为是或否' }).default(false),
  nextReviewDay: optionalDay('下次复核日期'),
});

export const riskQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  area: z.enum(RISK_AREAS, { error: '风险领域的取值无效' }).optional(),
  level: z.enum(RISK_LEVELS, { error: '风险等级的取值无效' }).optional(),
  status: z.enum(RISK_STATUSES, { error: '状态的取值无效' }).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});

export interface RiskView {
  id: string;
  unitId: string;
  unitName: string;
  description: string;
  area: RiskArea;
  level: RiskLevel;
  measures: string;
  ownerPersonId: string | null;
  ownerPersonName: string | null;
  reviewMonths: number;
  nextReviewDay: string;
  lastReviewDay: string | null;
  reviewCount: number;
  status: RiskStatus;
  /** Days the review is overdue (0 when not, or when the risk is eliminated). */
  overdueDays: number;
  archived: boolean;
  version: number;
  /** When the risk point was registered (UTC). */
  createdAt: string;
}

export interface ReviewView {
  id: string;
  day: string;
  result: string;
  levelBefore: RiskLevel;
  levelAfter: RiskLevel;
  nextReviewDay: string | null;
  reviewerName: string;
  createdAt: string;
}

// --- 重大决策舆情风险评估 ------------------------------------------------------------------

export const CONCLUSIONS = ['proceed', 'adjust', 'defer', 'reject'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];
export const CONCLUSION_LABELS: Record<Conclusion, string> = { proceed: '可实施', adjust: '调整后实施', defer: '暂缓实施', reject: '不予实施' };

const assessmentFields = {
  subject: text('决策或项目名称', { max: 200 }),
  decisionDay: optionalDay('决策日期'),
  assessedDay: day('评估日期'),
  level: z.enum(RISK_LEVELS, { error: '风险等级的取值无效' }),
  risks: text('主要风险', { max: 5000 }),
  measures: text('防范化解措施', { max: 5000 }),
  conclusion: z.enum(CONCLUSIONS, { error: '评估结论的取值无效' }),
  assessor: text('评估人或评估机构', { max: 100 }),
};
export const assessmentCreate = z.object({ unitId: id('单位'), ...assessmentFields });
export const assessmentUpdate = z.object({ ...assessmentFields, version });
export const assessmentQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  level: z.enum(RISK_LEVELS, { error: '风险等级的取值无效' }).optional(),
  conclusion: z.enum(CONCLUSIONS, { error: '评估结论的取值无效' }).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});

export interface AssessmentView {
  id: string;
  unitId: string;
  unitName: string;
  subject: string;
  decisionDay: string | null;
  assessedDay: string;
  level: RiskLevel;
  risks: string;
  measures: string;
  conclusion: Conclusion;
  assessor: string;
  archived: boolean;
  version: number;
}

export interface RiskFigures {
  /** Risk points not archived, by level and status (as of now). */
  byLevel: Record<RiskLevel, number>;
  /** Risk points in control (not eliminated, not archived) by level: what a report calls the current risks. */
  controlledByLevel: Record<RiskLevel, number>;
  controlled: number;
  eliminated: number;
  reviewsInPeriod: number;
  overdueReviews: number;
  assessmentsInPeriod: number;
  assessmentsByConclusion: Record<Conclusion, number>;
}
