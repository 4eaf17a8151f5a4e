/**
 * 自查与考核: checklist frameworks, self-inspections, assessment campaigns and accountability
 * records. The scoring rules live here as pure functions so the server, the ledgers, the
 * documents and the page score an answer the same way.
 */
import { z } from 'zod';
import { day, id, optionalDay, optionalText, page, text, version } from './fields';
import { UNIT_KINDS, type UnitKind } from './labels';

export const ITEM_KINDS = ['normal', 'bonus', 'veto'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_KIND_LABELS: Record<ItemKind, string> = { normal: '考核项', bonus: '加分项', veto: '一票否决项' };

export const SCORINGS = ['pass_fail', 'deduction', 'graded'] as const;
export type Scoring = (typeof SCORINGS)[number];
export const SCORING_LABELS: Record<Scoring, string> = { pass_fail: '达标得分', deduction: '按次扣分(加分项按次加分)', graded: '分档评分' };

export const COMPARATORS = ['>=', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const COMPARATOR_LABELS: Record<Comparator, string> = { '>=': '不少于', '<=': '不超过' };

export const METHODS = ['report', 'documents', 'site', 'talk', 'survey'] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_LABELS: Record<Method, string> = { report: '听取汇报', documents: '查阅资料', site: '实地检查', talk: '座谈', survey: '民主测评' };

export const VETO_GRADE = '不合格';

export interface GradeBand { label: string; min: number }
export const DEFAULT_BANDS: GradeBand[] = [
  { label: '优秀', min: 90 }, { label: '良好', min: 80 }, { label: '一般', min: 60 }, { label: '较差', min: 0 },
];

export interface Grade { label: string; points: number; min?: number | null }

export interface CheckItem {
  /** Stable within a framework and kept when it is copied to the next year. */
  key: string;
  text: string;
  kind: ItemKind;
  /** Full points; for a bonus item the most it adds; 0 for a veto item. */
  points: number;
  scoring: Scoring;
  /** Deduction: points off per occurrence, at most `cap` in all. */
  perOccurrence?: number | null;
  cap?: number | null;
  /** Graded: the grades, best first; `min` is the indicator value a bound item needs for the grade. */
  grades?: Grade[] | null;
  /** Indicator key (server/platform/modules.ts `indicators()`), or null for an item answered by hand. */
  indicator?: string | null;
  comparator?: Comparator | null;
  threshold?: number | null;
  /** Unit kinds it applies to; empty: every kind. */
  kinds: UnitKind[];
  evidence: string;
}

export interface CheckSection { key: string; title: string; items: CheckItem[] }
export interface FrameworkContent { sections: CheckSection[] }

const num = (label: string, max = 1000) => z.number({ error: `${label}应为数字` }).min(0, { error: `${label}不能小于 0` }).max(max, { error: `${label}不能大于 ${max}` });
const key = (label: string) => z.string({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(40, { error: `${label}不能超过 40 个字` });

export const checkItemSchema = z.object({
  key: key('项目编号'),
  text: text('考核内容', { max: 500 }),
  kind: z.enum(ITEM_KINDS, { error: '项目类型的取值无效' }),
  points: num('分值'),
  scoring: z.enum(SCORINGS, { error: '评分方式的取值无效' }),
  perOccurrence: num('每次扣分').nullable().optional(),
  cap: num('扣分上限').nullable().optional(),
  grades: z.array(z.object({ label: text('档次名称', { max: 20 }), points: num('档次分值'), min: z.number({ error: '档次门槛应为数字' }).nullable().optional() })).max(10).nullable().optional(),
  indicator: z.string().max(80).nullable().optional(),
  comparator: z.enum(COMPARATORS, { error: '比较方式的取值无效' }).nullable().optional(),
  threshold: z.number({ error: '标准值应为数字' }).min(0, { error: '标准值不能小于 0' }).nullable().optional(),
  kinds: z.array(z.enum(UNIT_KINDS, { error: '适用单位类型的取值无效' })).max(UNIT_KINDS.length).default([]),
  evidence: optionalText('佐证材料', 500).transform((v) => v ?? ''),
});

export const frameworkContentSchema = z.object({
  sections: z.array(z.object({ key: key('部分编号'), title: text('部分名称', { max: 100 }), items: z.array(checkItemSchema).min(1, { error: '每个部分至少要有一个项目' }).max(100) }))
    .min(1, { error: '至少要有一个部分' }).max(30),
});

export const frameworkCreate = z.object({
  year: z.number({ error: '年度应为数字' }).int().min(2000, { error: '年度无效' }).max(2100, { error: '年度无效' }),
  name: text('考核细则名称', { max: 100 }),
  totalPoints: num('总分', 10000),
  content: frameworkContentSchema,
});
export const frameworkUpdate = frameworkCreate.omit({ year: true }).extend({ version });
export const frameworkCopy = z.object({ fromYear: z.number({ error: '年度应为数字' }).int().min(2000).max(2100), toYear: z.number({ error: '年度应为数字' }).int().min(2000).max(2100) });
export const frameworkQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/** Problems of a framework that its schema cannot see: points adding up, veto items, keys, grades. */
export function frameworkProblems(f: { totalPoints: number; content: FrameworkContent }, indicatorKeys?: ReadonlySet<string>): { message: string; field: string }[] {
  const out: { message: string; field: string }[] = [];
  const keys = new Set<string>();
  let sum = 0;
  f.content.sections.forEach((s, si) => s.items.forEach((it, ii) => {
    const field = `content.sections.${si}.items.${ii}`;
    const name = `第${si + 1}部分第${ii + 1}项`;
    if (keys.has(it.key)) out.push({ message: `${name}的项目编号“${it.key}”重复`, field: `${field}.key` });
    keys.add(it.key);
    if (it.kind === 'veto' && it.points !== 0) out.push({ message: `${name}是一票否决项，不计分值，分值应为 0`, field: `${field}.points` });
    if (it.kind === 'veto' && it.scoring !== 'pass_fail') out.push({ message: `${name}是一票否决项，评分方式应为达标得分`, field: `${field}.scoring` });
    if (it.kind === 'normal') sum += it.points;
    if (it.scoring === 'deduction') {
      if (!it.perOccurrence) out.push({ message: `${name}按次扣分，请填写每次扣分`, field: `${field}.perOccurrence` });
      if (it.cap != null && it.cap > it.points) out.push({ message: `${name}的扣分上限不能超过分值`, field: `${field}.cap` });
    }
    if (it.scoring === 'graded') {
      if (!it.grades || it.grades.length < 2) out.push({ message: `${name}分档评分，至少要有两个档次`, field: `${field}.grades` });
      else if (it.grades.some((g) => g.points > it.points)) out.push({ message: `${name}的档次分值不能超过项目分值`, field: `${field}.grades` });
      else if (it.indicator && it.grades.some((g) => g.min == null)) out.push({ message: `${name}绑定了指标，每个档次都要填写门槛值`, field: `${field}.grades` });
    }
    if (it.indicator) {
      if (indicatorKeys && !indicatorKeys.has(it.indicator)) out.push({ message: `${name}绑定的指标“${it.indicator}”不存在`, field: `${field}.indicator` });
      if (it.scoring !== 'graded' && (it.threshold == null || !it.comparator)) out.push({ message: `${name}绑定了指标，请填写比较方式和标准值`, field: `${field}.threshold` });
    }
  }));
  const round = (n: number) => Math.round(n * 100) / 100;
  if (round(sum) !== round(f.totalPoints)) out.push({ message: `各考核项分值合计 ${round(sum)} 分，与总分 ${f.totalPoints} 分不符`, field: 'totalPoints' });
  return out;
}

/** The items of a framework in order. */
export function itemsOf(c: FrameworkContent): (CheckItem & { sectionKey: string; sectionTitle: string })[] {
  return c.sections.flatMap((s) => s.items.map((it) => ({ ...it, sectionKey: s.key, sectionTitle: s.title })));
}

export function applies(item: Pick<CheckItem, 'kinds'>, unitKind: string): boolean {
  return item.kinds.length === 0 || (item.kinds as string[]).includes(unitKind);
}

/** What an answer says, whoever gave it: the result the points follow from. */
export interface Result {
  passed?: boolean | null;
  occurrences?: number | null;
  grade?: string | null;
}

/** The result an indicator value gives on a bound item (null value: nothing to rate, counted as met). */
export function boundResult(item: CheckItem, value: number | null): Result {
  if (item.scoring === 'graded') {
    const grades = item.grades ?? [];
    if (value === null) return { grade: grades[0]?.label ?? null };
    const g = [...grades].sort((a, b) => (b.min ?? 0) - (a.min ?? 0)).find((x) => value >= (x.min ?? 0)) ?? grades[grades.length - 1];
    return { grade: g?.label ?? null };
  }
  const t = item.threshold ?? 0;
  if (item.scoring === 'deduction') {
    if (value === null) return { occurrences: 0 };
    const n = item.comparator === '>=' ? Math.max(0, t - value) : Math.max(0, value - t);
    return { occurrences: Math.ceil(n) };
  }
  if (value === null) return { passed: true };
  return { passed: item.comparator === '<=' ? value <= t : value >= t };
}

export function sameResult(item: CheckItem, a: Result, b: Result): boolean {
  if (item.scoring === 'graded') return (a.grade ?? null) === (b.grade ?? null);
  if (item.scoring === 'deduction') return (a.occurrences ?? 0) === (b.occurrences ?? 0);
  return (a.passed ?? null) === (b.passed ?? null);
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** Points an answer earns on an item (a veto item earns none; a bonus item adds up to its points). */
export function pointsOf(item: CheckItem, r: Result): number {
  if (item.kind === 'veto') return 0;
  if (item.scoring === 'pass_fail') return r.passed ? item.points : 0;
  if (item.scoring === 'graded') return (item.grades ?? []).find((g) => g.label === r.grade)?.points ?? 0;
  // A bonus item counted by occurrence adds per occurrence, up to its cap.
  if (item.kind === 'bonus') return r2(Math.min(item.cap ?? item.points, (item.perOccurrence ?? 0) * (r.occurrences ?? 0), item.points));
  const off = Math.min(item.cap ?? item.points, (item.perOccurrence ?? 0) * (r.occurrences ?? 0), item.points);
  return r2(item.points - off);
}

/** Failed or deducted: what 存在的问题 lists and what may become a rectification. */
export function isShortfall(item: CheckItem, r: Result): boolean {
  if (item.kind === 'veto') return r.passed === false;
  if (item.kind === 'bonus') return false;
  return pointsOf(item, r) < item.points;
}

export interface Totals {
  /** Points of the items that apply plus bonus; items that do not apply count full (不涉及不扣分). */
  score: number;
  bonus: number;
  deducted: number;
  vetoFailed: boolean;
  assessed: number;
  applicable: number;
}

/** `items`: the content's items when the caller has them (a campaign scores every unit on the same list). */
export function totalsOf(content: FrameworkContent, totalPoints: number, unitKind: string, answers: ReadonlyMap<string, Result>, items: readonly CheckItem[] = itemsOf(content)): Totals {
  let deducted = 0;
  let bonus = 0;
  let vetoFailed = false;
  let assessed = 0;
  let applicable = 0;
  for (const it of items) {
    if (!applies(it, unitKind)) continue;
    applicable += 1;
    const a = answers.get(it.key);
    if (!a) {
      if (it.kind === 'normal') deducted += it.points;
      continue;
    }
    assessed += 1;
    const p = pointsOf(it, a);
    if (it.kind === 'bonus') bonus += p;
    else if (it.kind === 'veto') vetoFailed ||= a.passed === false;
    else deducted += it.points - p;
  }
  return { score: r2(totalPoints - deducted + bonus), bonus: r2(bonus), deducted: r2(deducted), vetoFailed, assessed, applicable };
}

/** The grade band of a score (bands best first), or 不合格 when a veto item failed. */
export function gradeOf(score: number, vetoFailed: boolean, bands: GradeBand[]): string {
  if (vetoFailed) return VETO_GRADE;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return (sorted.find((b) => score >= b.min) ?? sorted[sorted.length - 1]).label;
}

/**
 * Ranking within a campaign: by score, highest first; equal scores share a rank and the next
 * rank skips (1, 2, 2, 4). Units that failed a veto item rank after all others.
 */
export function rankOf<T extends { score: number; vetoFailed: boolean }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => Number(a.vetoFailed) - Number(b.vetoFailed) || b.score - a.score);
  const out: (T & { rank: number })[] = [];
  sorted.forEach((r, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.score === r.score && prev.vetoFailed === r.vetoFailed ? prev.rank : i + 1;
    out.push({ ...r, rank });
  });
  return out;
}

/** An indicator as the framework editor lists it. */
export interface IndicatorView { key: string; label: string; format: 'count' | 'rate'; unitWord: string }

/** A value written for people: 12次, 85.7%. */
export function formatValue(v: number | null, ind: Pick<IndicatorView, 'format' | 'unitWord'>): string {
  if (v === null) return '无可计算的记录';
  return ind.format === 'rate' ? `${Math.round(v * 1000) / 10}%` : `${v}${ind.unitWord}`;
}

export function thresholdText(item: CheckItem, ind: Pick<IndicatorView, 'format' | 'unitWord'> | undefined): string {
  if (item.scoring === 'graded') return (item.grades ?? []).map((g) => `${g.label}≥${ind ? formatValue(g.min ?? 0, ind) : g.min}`).join('，');
  if (item.threshold == null || !item.comparator || !ind) return '';
  return `${COMPARATOR_LABELS[item.comparator]}${formatValue(item.threshold, ind)}`;
}

export function resultText(item: CheckItem, r: Result | undefined): string {
  if (!r) return '未评';
  if (item.scoring === 'pass_fail') return r.passed ? '达标' : '未达标';
  if (item.scoring === 'graded') return r.grade ?? '未评';
  return (r.occurrences ?? 0) === 0 ? '无扣分情形' : `${r.occurrences}次`;
}

export interface FrameworkView {
  id: string;
  unitId: string;
  unitName: string;
  year: number;
  name: string;
  totalPoints: number;
  content: FrameworkContent;
  basedOnId: string | null;
  canEdit: boolean;
  version: number;
  updatedAt: string;
}

/** A line of the copy's diff against the framework it was copied from. */
export interface DiffLine { change: 'added' | 'removed' | 'changed'; key: string; text: string; fields: string[] }

// -- answers, assessments, campaigns ---------------------------------------------------------

export const answerSave = z.object({
  itemKey: key('项目编号'),
  /** The answer's version as loaded, null for a first answer. */
  version: z.number().int().min(0).nullable(),
  passed: z.boolean().nullable().optional(),
  occurrences: z.number({ error: '次数应为数字' }).int({ error: '次数应为整数' }).min(0).max(10000).nullable().optional(),
  grade: z.string().max(20).nullable().optional(),
  method: z.enum(METHODS, { error: '考核方式的取值无效' }).nullable().optional(),
  note: optionalText('说明', 2000),
  overrideReason: optionalText('调整原因', 1000),
});
export const campaignAnswerSave = answerSave.extend({ unitId: id('被考核单位') });
export const acceptAnswers = z.object({ method: z.enum(METHODS, { error: '考核方式的取值无效' }) });

export const selfCreate = z.object({ frameworkId: id('考核细则'), unitId: id('自查单位'), from: day('开始日期'), to: day('结束日期') })
  .refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] });
export const selfSubmit = z.object({ version });
export const selfQuery = page.extend({ unitId: z.string().max(64).optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });

export const bandsSchema = z.array(z.object({ label: text('等次名称', { max: 10 }), min: num('等次分数线', 10000) })).min(1, { error: '至少要有一个等次' }).max(8);

export const campaignCreate = z.object({
  frameworkId: id('考核细则'),
  name: text('考核名称', { max: 100 }),
  from: day('开始日期'),
  to: day('结束日期'),
  unitKinds: z.array(z.enum(UNIT_KINDS, { error: '被考核单位类型的取值无效' })).min(1, { error: '请选择被考核单位类型' }),
  bands: bandsSchema.default(DEFAULT_BANDS),
}).refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] });
export const campaignPublish = z.object({ version });
export const campaignQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const findingCreate = z.object({
  measures: text('整改措施', { max: 5000 }),
  dueDay: day('整改时限'),
  problem: optionalText('问题描述', 2000),
});

export interface AnswerView {
  id: string;
  itemKey: string;
  passed: boolean | null;
  occurrences: number | null;
  grade: string | null;
  points: number;
  value: number | null;
  valueText: string | null;
  link: string | null;
  computed: Result | null;
  method: string | null;
  note: string | null;
  overrideReason: string | null;
  answeredBy: string;
  rectificationId: string | null;
  rectification: { id: string; status: string; statusLabel: string; signedOffAt: string | null; signedOffByName: string | null } | null;
  version: number;
  updatedAt: string;
}

/** An item as an assessment shows it: the framework's item, the records' value and the answers. */
export interface ItemRow {
  item: CheckItem & { sectionKey: string; sectionTitle: string };
  applies: boolean;
  indicator: IndicatorView | null;
  /** The bound indicator's value for the unit and period, computed now. */
  value: number | null;
  valueText: string | null;
  thresholdText: string;
  link: string | null;
  computed: Result | null;
  answer: AnswerView | null;
  /** The unit's own self-inspection answer (campaign assessments). */
  self: AnswerView | null;
  differs: boolean;
  shortfall: boolean;
}

export interface AssessmentView {
  id: string;
  kind: 'self' | 'campaign';
  unitId: string;
  unitName: string;
  unitKind: string;
  frameworkId: string;
  frameworkName: string;
  totalPoints: number;
  year: number;
  from: string;
  to: string;
  campaignId: string | null;
  campaignName: string | null;
  status: string;
  submittedAt: string | null;
  totals: Totals;
  grade: string;
  items: ItemRow[];
  canAnswer: boolean;
  /** The unit's own side for a self-inspection; the campaign's unit or above for a campaign's assessment. */
  assessing: boolean;
  version: number;
}

export interface ResultRow {
  assessmentId: string;
  unitId: string;
  unitName: string;
  score: number;
  grade: string;
  vetoFailed: boolean;
  rank: number;
  assessed: number;
  applicable: number;
  /** Last year's campaign by the same unit: the score then and the change. */
  lastScore: number | null;
  change: number | null;
  /** An accountability record of the campaign's year takes away 评优 (shown to the assessing side). */
  noHonours: boolean;
}

export interface CampaignView {
  id: string;
  unitId: string;
  unitName: string;
  frameworkId: string;
  frameworkName: string;
  name: string;
  year: number;
  from: string;
  to: string;
  unitKinds: UnitKind[];
  bands: GradeBand[];
  status: 'open' | 'published';
  publishedAt: string | null;
  /** The assessing side (the campaign's unit or above) sees everything; the assessed units only after publishing. */
  assessing: boolean;
  canAssess: boolean;
  progress: { assessed: number; applicable: number };
  results: ResultRow[] | null;
  /** The viewer's own units' assessments (assessed side, after publishing). */
  own: string[];
  version: number;
}

// -- accountability (问责) --------------------------------------------------------------------

export const DEFAULT_SITUATIONS = [
  '对网络意识形态工作重视不够、领导不力', '对重大网络舆情应对不力、处置失当', '网络阵地管理缺失、审核把关不严',
  '对错误思潮和有害信息放任不管', '未按要求报送信息或迟报漏报瞒报', '对上级部署的整改任务落实不力',
];
export const RESPONSIBILITIES = ['主要领导责任', '重要领导责任'] as const;
export const LIABLE_KINDS = ['集体', '个人'] as const;
export const FORMS = ['提醒', '批评教育', '书面检查', '通报批评', '组织处理', '纪律处分'] as const;

const accountabilityBase = z.object({
  situation: text('问责情形', { max: 200 }),
  targetUnitId: id('被问责单位'),
  personName: optionalText('被问责人', 50),
  liable: z.enum(LIABLE_KINDS, { error: '责任对象的取值无效' }),
  responsibility: z.enum(RESPONSIBILITIES, { error: '责任类型的取值无效' }),
  form: z.enum(FORMS, { error: '问责方式的取值无效' }),
  decidedOn: day('问责日期'),
  decisionDoc: text('问责决定文件', { max: 200 }),
  dissent: optionalText('不同意见', 2000),
  filedOn: optionalDay('报备日期'),
  receipt: optionalText('报备回执', 200),
  noHonours: z.boolean().default(false),
  campaignId: z.string().max(64).nullable().optional().transform((v) => v || null),
});
const personNamed = (v: { liable: string; personName: string | null }) => v.liable === '集体' || !!v.personName;
export const accountabilityFields = accountabilityBase.refine(personNamed, { message: '个人问责请填写被问责人', path: ['personName'] });
export const accountabilityUpdate = accountabilityBase.extend({ version }).refine(personNamed, { message: '个人问责请填写被问责人', path: ['personName'] });
export const situationsSave = z.object({ items: z.array(text('问责情形', { max: 200 })).min(1, { error: '至少要有一种情形' }).max(50) });

export interface AccountabilityView {
  id: string;
  unitId: string;
  unitName: string;
  situation: string;
  targetUnitId: string;
  targetUnitName: string;
  personName: string | null;
  liable: string;
  responsibility: string;
  form: string;
  decidedOn: string;
  decisionDoc: string;
  dissent: string | null;
  filedOn: string | null;
  receipt: string | null;
  noHonours: boolean;
  campaignId: string | null;
  version: number;
}

export interface CheckTodoCounts { toAssess: number; selfDue: number; findings: number }
