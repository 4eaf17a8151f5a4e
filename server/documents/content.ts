/**
 * What every document generator shares: the context a generator runs in, the shape of a
 * generator and of a summary section (modules contribute both through their manifest), and small
 * helpers to write figures that link to their records. Nothing here reads records.
 *
 * A generator returns `DocContent` (common/documents.ts): sections of items, where figures and
 * lists are runs carrying a link to the register page behind them. `render.ts` turns content and
 * the user's slot texts into layout `Block`s; the GB/T 9704 layout itself stays in layout.ts.
 */
import type { DocContent, DocItem, DocRun, DocSection, FigureRef, MissingNotice } from '../../common/documents';
import type { GenContext, Generator, SectionOutput, SummarySection } from '../platform/modules';
import type { Range } from '../platform/period';

// The shapes modules contribute (platform/modules.ts); named here for the generators' convenience.
export type { GenContext, Generator, SectionOutput, SummarySection };

export const rangeOf = (ctx: GenContext): Range => ({ unitPath: ctx.unit.path, from: ctx.from, to: ctx.to });

/**
 * The document a generator writes for a context: its body, titled, dated now, signed with the
 * unit's 发文机关署名 (set on the unit's page, e.g. 中共示例县委网信办), else with the unit's name.
 */
export async function runGenerator(g: Generator, ctx: GenContext): Promise<DocContent> {
  const body = await g.build(ctx);
  const unit = await ctx.db.selectFrom('units').select('office_name').where('id', '=', ctx.unit.id).executeTakeFirst();
  return { signer: unit?.office_name || ctx.unit.name, periodLabel: ctx.periodLabel, generatedAt: new Date().toISOString(), ...body, title: body.title ?? g.title(ctx) };
}

// ---------------------------------------------------------------------------------------------
// Links to the records behind a figure: web routes with the register page's own query filters.

type LinkParams = Record<string, string | number | boolean | null | undefined>;

export function link(path: string, params: LinkParams): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Collects figures as a section writes them: `fig` returns the run to put in the text and
 * remembers the figure (key, label, value, link) for the preview's index and for tests.
 */
export class Figures {
  readonly list: FigureRef[] = [];
  constructor(private readonly prefix: string) {}

  /** A number followed by its unit word, e.g. fig('tasks.done', '已完成任务', 3, '项', link) → "3项". */
  fig(key: string, label: string, value: number | string, unitWord: string, href: string | null): DocRun {
    this.list.push({ key: `${this.prefix}.${key}`, label, value, link: href });
    return { text: `${value}${unitWord}`, link: href ?? undefined, figure: `${this.prefix}.${key}` };
  }
}

/** A rate as documents write it: 85.7% (one decimal, none when whole). */
export function percent(part: number, whole: number): string {
  const v = Math.round((part / whole) * 1000) / 10;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}%`;
}

/** A list of names as running text: 甲、乙和丙. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join('、')}和${names[names.length - 1]}`;
}

/** A Shanghai day in the official form without the year when it is the given year: 6月30日 / 2027年1月5日. */
export function shortDate(day: string, year?: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return year === y ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}

/**
 * Text shortened for a quotation: whole when it fits; else cut after its last sentence or clause
 * (。！？；，、：) within n characters, marked ……; else, when no such boundary comes early enough, the
 * whole text (a quotation is never cut inside a word).
 */
export function clip(s: string, n: number): string {
  const t = s.trim();
  if (t.length <= n) return t;
  const head = t.slice(0, n + 1);
  let at = -1;
  for (let i = head.length - 1; i >= Math.floor(n / 3); i--) {
    if ('。！？!?；;，,、：:'.includes(head[i])) {
      at = i;
      break;
    }
  }
  return at < 0 ? t : `${t.slice(0, at)}……`;
}

/** Quotation marks inside a quotation become single (‘’), as Chinese text nests them. */
export function innerQuotes(s: string): string {
  let open = true;
  return s.replace(/[“”]/g, (q) => (q === '“' ? '‘' : '’')).replace(/"/g, () => {
    const q = open ? '‘' : '’';
    open = !open;
    return q;
  });
}

/** Quoted text in running prose, shortened (`clip`), without its own closing stop (the sentence around it has one). */
export function quoted(s: string, n: number): string {
  const t = clip(s, n).replace(/[。！!？?；;，,]+$/, '');
  return `“${innerQuotes(t)}”`;
}

/** Text in quotes as written, shortened at a clause boundary (`quoted` also drops a closing stop). */
export const inQuotes = (s: string, n = 40) => `“${innerQuotes(clip(s, n))}”`;

/**
 * What a summary section builds up as it words its figures: the figures it wrote (`f`), its
 * items, missing notices, shortfalls and next steps, its range and year; `done()` hands them back.
 */
export function sectionDraft(key: string, ctx: GenContext) {
  const f = new Figures(key);
  const parts = { items: [] as DocItem[], missing: [] as MissingNotice[], shortfalls: [] as DocRun[][], nextSteps: [] as DocRun[][] };
  /** Links to a register page filtered to the section's unit (and, with `period`, its from/to): records('/tasks')({ overdue: true }). */
  const records = (path: string, o: { period?: boolean } = {}) => (extra: LinkParams = {}) =>
    link(path, { unitId: ctx.unit.id, ...(o.period ? { from: ctx.from, to: ctx.to } : {}), ...extra });
  return { f, r: rangeOf(ctx), year: Number(ctx.to.slice(0, 4)), ...parts, records, done: (): SectionOutput => ({ ...parts, figures: f.list }) };
}

export type SectionDraft = ReturnType<typeof sectionDraft>;

/** A summary section: its key, heading and order, and how it words its figures into the draft it is handed (ending with `done()`). */
export function summarySection(head: Omit<SummarySection, 'build'>, build: (ctx: GenContext, draft: SectionDraft) => Promise<SectionOutput>): SummarySection {
  return { ...head, build: (ctx) => build(ctx, sectionDraft(head.key, ctx)) };
}

export const para = (...runs: DocRun[]): DocItem => ({ kind: 'paragraph', runs });
export const slot = (key: string, label: string, hint: string): DocItem => ({ kind: 'slot', key, label, hint });

export function section(key: string, heading: string | null, items: DocItem[]): DocSection {
  return { key, heading, items };
}
