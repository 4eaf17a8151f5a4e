/**
 * Generated documents (工作总结, 工作方案, 整改方案, 整改报告 …): types, the draft content model
 * and request schemas shared by server and web.
 *
 * A draft's content is generated from the records; each figure or list in it carries a link to
 * the register page that shows the records behind it. The user's own paragraphs live in named
 * slots and are kept when the content is regenerated.
 */
import { z } from 'zod';
import { id, int, optionalDay, optionalText, version } from './fields';

/** Document types. Adding one: a value and label here, and a generator registered on the server. */
export const DOC_TYPES = ['summary', 'plan', 'rect_plan', 'rect_report', 'case_brief', 'case_period', 'self_report', 'check_notice'] as const;
export type DocType = (typeof DOC_TYPES)[number];
export const DOC_TYPE_LABELS: Record<DocType, string> = {
  summary: '工作总结', plan: '工作方案', rect_plan: '整改方案', rect_report: '整改报告', case_brief: '舆情专报(单个事件)', case_period: '舆情专报(定期汇总)',
  self_report: '自查报告', check_notice: '考核结果通报',
};
/**
 * What a document type is generated for: a period (half-year, year, any range), the coming year, or
 * one inspection batch. A type about one record (a case brief for one event) adds a kind here, its
 * request field in draftCreate, and stores the record's id as the draft's subject.
 */
export const DOC_TYPE_SUBJECT: Record<DocType, 'period' | 'year' | 'batch' | 'case'> = {
  summary: 'period', plan: 'year', rect_plan: 'batch', rect_report: 'batch', case_brief: 'case', case_period: 'period',
  self_report: 'period', check_notice: 'period',
};

export const PERIOD_KINDS = ['half', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A piece of generated text: plain, or a figure / list linked to the records behind it. */
export type DocRun = string | { text: string; link?: string; figure?: string };

export type DocItem =
  | { kind: 'heading'; level: 2 | 3 | 4; text: string; rest?: DocRun[] }
  | { kind: 'paragraph'; runs: DocRun[] }
  | { kind: 'table'; header: string[]; rows: string[][]; widths?: number[]; link?: string }
  /** A place for the user's own paragraph(s); empty slots leave nothing in the document. */
  | { kind: 'slot'; key: string; label: string; hint: string };

export interface DocSection {
  key: string;
  /** First-level heading ("一、" is added when the document is laid out); none for an opening. */
  heading: string | null;
  items: DocItem[];
}

/** Data the draft could not find, and where to add it. Shown in the preview, never in the document. */
export interface MissingNotice {
  section: string;
  text: string;
  link: string | null;
}

/** A figure of the draft with the records behind it (also used by tests and the preview's index). */
export interface FigureRef {
  key: string;
  label: string;
  value: number | string;
  link: string | null;
}

/**
 * How a 舆情专报 is laid out as a briefing rather than a letter: 报头 (the red title), 期号, 编发单位
 * and date above a red rule, the body, and 报送范围 at the foot between two rules.
 */
export interface BriefingHead {
  /** 报头, e.g. 网信舆情专报 (the unit's setting, else 舆情专报). */
  masthead: string;
  /** 第N期: given once when the brief is first generated; null where the brief was never issued (a pack's copy). */
  issue: string | null;
  /** 编发单位 (the unit's 发文机关署名). */
  issuer: string;
  /** 报送范围 (the unit's setting, else its superior's office); the draft's `head.distribution` slot overrides it. */
  distribution: string | null;
}

/** Slots of a draft that fill the head of the document rather than a paragraph: kept, versioned and audited as slots are. */
export const HEAD_SLOTS = { recipient: 'head.recipient', distribution: 'head.distribution' } as const;

export interface DocContent {
  title: string;
  /** 主送机关, when the document has one (by default the superior's office; `head.recipient` overrides it). */
  recipient: string | null;
  /** Whether the user may name the 主送机关 (工作总结, 工作方案). */
  recipientEditable?: boolean;
  /** Laid out as a briefing (舆情专报): the generator says so, the unit's settings fill the head. */
  layout?: 'briefing';
  briefing?: BriefingHead;
  /** Handling mark printed at the top left (内部资料, 注意保存), from the unit's settings. */
  mark?: string | null;
  /** 发文机关署名 (the unit's name). */
  signer: string;
  periodLabel: string;
  sections: DocSection[];
  missing: MissingNotice[];
  figures: FigureRef[];
  generatedAt: string;
}

const period = z.object({
  kind: z.enum(PERIOD_KINDS, { error: '期间类型的取值无效' }),
  year: int('年度', 2000, 2100).optional(),
  half: z.union([z.literal(1), z.literal(2)], { error: '半年应为上半年或下半年' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});

export const draftCreate = z
  .object({
    unitId: id('单位'),
    type: z.enum(DOC_TYPES, { error: '文稿类型的取值无效' }),
    period: period.optional(),
    batch: z.string({ error: '检查批次应为文字' }).trim().max(100, { error: '检查批次不能超过 100 个字' }).optional().nullable().transform((v) => v || null),
    caseId: z.string({ error: '舆情事件应为文字' }).trim().max(64, { error: '舆情事件无效' }).optional().nullable().transform((v) => v || null),
  })
  .superRefine((v, ctx) => {
    const subject = DOC_TYPE_SUBJECT[v.type];
    if (subject === 'batch') {
      if (!v.batch) ctx.addIssue({ code: 'custom', message: '请选择检查批次', path: ['batch'] });
      return;
    }
    if (subject === 'case') {
      if (!v.caseId) ctx.addIssue({ code: 'custom', message: '请选择舆情事件', path: ['caseId'] });
      return;
    }
    const p = v.period;
    if (!p) {
      ctx.addIssue({ code: 'custom', message: '请选择期间', path: ['period'] });
      return;
    }
    if (subject === 'year' && p.kind !== 'year') ctx.addIssue({ code: 'custom', message: '工作方案按年度制定，请选择年度', path: ['period', 'kind'] });
    if (p.kind !== 'range' && !p.year) ctx.addIssue({ code: 'custom', message: '请选择年度', path: ['period', 'year'] });
    if (p.kind === 'half' && !p.half) ctx.addIssue({ code: 'custom', message: '请选择上半年或下半年', path: ['period', 'half'] });
    if (p.kind === 'range') {
      if (!p.from) ctx.addIssue({ code: 'custom', message: '请填写开始日期', path: ['period', 'from'] });
      if (!p.to) ctx.addIssue({ code: 'custom', message: '请填写结束日期', path: ['period', 'to'] });
      if (p.from && p.to && p.from > p.to) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['period', 'to'] });
      if (p.from && p.to && Date.parse(p.to) - Date.parse(p.from) > 366 * 5 * 86_400_000) ctx.addIssue({ code: 'custom', message: '期间不能超过 5 年', path: ['period', 'to'] });
    }
  });

/** The user's paragraphs by slot key; an empty text clears the slot. */
export const slotsBody = z.record(
  z.string().max(80, { error: '段落位置无效' }).regex(/^[a-z0-9_.-]+$/i, { error: '段落位置无效' }),
  z.string({ error: '段落应为文字' }).max(5000, { error: '每个段落不能超过 5000 个字' }),
  { error: '段落应为文字' },
).refine((v) => Object.keys(v).length <= 100, { error: '段落最多 100 个' });

export const draftSave = z.object({ version, slots: slotsBody });
export const draftRegenerate = z.object({ version });

/** Document types that form the 舆情专报 series, numbered per unit and year. */
export const BRIEF_TYPES: readonly DocType[] = ['case_brief', 'case_period'];

export const draftQuery = z.object({
  unitId: z.string().max(64).optional(),
  type: z.enum(DOC_TYPES, { error: '文稿类型的取值无效' }).optional(),
  /** brief: the numbered 舆情专报 of the unit itself (not its subunits), issued between from and to. */
  series: z.enum(['brief'], { error: '文稿系列的取值无效' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
  page: z.coerce.number({ error: '页码应为数字' }).int().min(1, { error: '页码应从 1 开始' }).max(100000).default(1),
  pageSize: z.coerce.number({ error: '每页条数应为数字' }).int().min(1).max(200, { error: '每页最多 200 条' }).default(20),
});

export const versionParams = z.object({ id: z.string().min(1).max(64), n: z.coerce.number({ error: '版本号应为数字' }).int().min(0) });

export interface DraftSummary {
  id: string;
  unitId: string;
  unitName: string;
  type: DocType;
  periodFrom: string | null;
  periodTo: string | null;
  /** The inspection batch of 整改方案/报告 (DOC_TYPE_SUBJECT 'batch'), else null. */
  subject: string | null;
  /** 舆情专报: its number in the unit's series for the year (第N期), given once. */
  serial: { year: number; no: number } | null;
  title: string;
  version: number;
  updatedAt: string;
  updatedByName: string;
}

export interface DraftView extends DraftSummary {
  content: DocContent;
  slots: Record<string, string>;
  /** Slot texts whose slot no longer appears in the content (kept, shown so nothing is lost). */
  orphanSlots: string[];
}

export interface DraftVersionView {
  version: number;
  action: 'generate' | 'save' | 'regenerate';
  actionLabel: string;
  at: string;
  byName: string;
  title: string;
}

export const DRAFT_ACTION_LABELS: Record<DraftVersionView['action'], string> = { generate: '生成', save: '保存段落', regenerate: '按最新记录重新生成' };

/** Marks offered in the settings (any other short text may be typed). */
export const MARK_SUGGESTIONS = ['内部资料', '注意保存', '内部资料　注意保存'] as const;

const noBreaks = (label: string) => (v: string | null) => !v || !/[\r\n]/.test(v) || `${label}不能换行`;

/** A unit's document settings as saved from the settings page. */
export const documentSettingsSave = z.object({
  unitId: id('单位'),
  version,
  mark: optionalText('处理标志', 20).refine((v) => noBreaks('处理标志')(v) === true, { error: '处理标志不能换行' }),
  watermark: z.boolean({ error: '导出水印应为开启或关闭' }),
  briefMasthead: optionalText('专报报头', 20).refine((v) => noBreaks('专报报头')(v) === true, { error: '专报报头不能换行' }),
  briefDistribution: optionalText('报送范围', 200),
});

export const documentSettingsQuery = z.object({ unitId: id('单位') });

export interface DocumentSettingsView {
  unitId: string;
  unitName: string;
  mark: string | null;
  watermark: boolean;
  briefMasthead: string | null;
  briefDistribution: string | null;
  /** What documents use where a setting is left empty. */
  defaults: { briefMasthead: string; briefDistribution: string | null; recipient: string | null; issuer: string };
  /** 0 until first saved. */
  version: number;
  updatedAt: string | null;
  updatedByName: string | null;
}
