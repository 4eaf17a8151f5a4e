/** 信息报送与采用: kinds, outcomes, schemas and views shared by server and web. */
import { z } from 'zod';
import { id, int, oneOf, optionalDay, optionalText, page, text, version } from './fields';

export const INFO_KINDS = ['public_opinion', 'work', 'news'] as const;
export type InfoKind = (typeof INFO_KINDS)[number];
export const INFO_KIND_LABELS: Record<InfoKind, string> = { public_opinion: '舆情信息', work: '工作信息', news: '新闻稿件' };

export const INFO_OUTCOMES = ['adopted', 'excerpt', 'published', 'rejected'] as const;
export type InfoOutcome = (typeof INFO_OUTCOMES)[number];
export const INFO_OUTCOME_LABELS: Record<InfoOutcome, string> = { adopted: '采用', excerpt: '摘报采用', published: '刊发', rejected: '未采用' };
/** Outcomes that count as adopted in the adoption rate. */
export const ADOPTED_OUTCOMES: readonly InfoOutcome[] = ['adopted', 'excerpt', 'published'];

const itemFields = {
  kind: oneOf('信息类别', INFO_KINDS),
  title: text('标题', { max: 200 }),
  content: text('正文', { max: 20000 }),
};
export const infoCreate = z.object({ unitId: id('报送单位'), ...itemFields });
export const infoUpdate = z.object({ ...itemFields, version });
export const infoOutcome = z
  .object({ outcome: oneOf('采用情况', INFO_OUTCOMES), where: optionalText('刊发载体', 200), note: optionalText('说明', 1000), version })
  .superRefine((v, ctx) => {
    if (v.outcome === 'published' && !v.where) ctx.addIssue({ code: 'custom', message: '请填写刊发载体(在哪里刊发)', path: ['where'] });
  });
export const infoQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  /** received: items sent to the unit (to record their outcome); default: items sent by the unit(s). */
  direction: z.enum(['sent', 'received'], { error: '方向的取值无效' }).optional(),
  kind: z.enum(INFO_KINDS, { error: '信息类别的取值无效' }).optional(),
  outcome: z.enum([...INFO_OUTCOMES, 'pending', 'adopted_any'], { error: '采用情况的取值无效' }).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});
export const month = z.string({ error: '请选择月份' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份应为 YYYY-MM 格式' });
export const quotaSet = z.object({
  unitIds: z.array(id('单位'), { error: '请选择单位' }).min(1, { error: '请至少选择一个单位' }).max(500, { error: '一次最多设置 500 个单位' }),
  minPerMonth: int('每月报送数量', 0, 100),
});
export const quotaUpdate = z.object({ minPerMonth: int('每月报送数量', 0, 100), version });
export const progressQuery = z.object({ unitId: z.string().max(64).optional(), month: month.optional() });

export interface InfoView {
  id: string; unitId: string; unitName: string; toUnitId: string; toUnitName: string; kind: InfoKind; title: string; content: string;
  sentDay: string; sentAt: string; sentBy: string; outcome: InfoOutcome | null; outcomeWhere: string | null; outcomeNote: string | null;
  outcomeDay: string | null; outcomeBy: string | null; archived: boolean; version: number;
  /** Whether the signed-in user's unit received it (and records its outcome). */
  receivedByMe: boolean;
}

/** One unit's month: its quota (if any), what it sent and what was adopted. */
export interface QuotaProgressRow {
  unitId: string; unitName: string; quotaId: string | null; minPerMonth: number | null; version: number;
  sent: number; adopted: number; met: boolean | null;
}

export interface InfoFigures {
  sent: number;
  byKind: Record<InfoKind, number>;
  byOutcome: Record<InfoOutcome | 'pending', number>;
  adopted: number;
  /** adopted (采用, 摘报采用, 刊发) / sent; null when nothing was sent. */
  adoptionRate: number | null;
  /** Unit-months of the period (up to its as-of month) with a quota, and how many met it. */
  quotaUnitMonths: number;
  quotaMet: number;
  behind: { unitId: string; unitName: string; month: string; sent: number; minPerMonth: number }[];
}
