import { CASE_SOURCE_LABELS, CASE_SOURCES, type CaseSource } from '../../../common/cases';
import { fromShanghaiParts, shanghaiParts } from '../../platform/period';
import { fromLabel, type SheetImportSpec, tooLong, unitColumn, type UnitRef } from '../../platform/sheet-import';
import { intakeMany } from './intake';

interface Row {
  unit: UnitRef;
  source: CaseSource;
  receivedAt: string;
  title: string;
  content: string;
  channel: string | null;
  url: string | null;
  contact: string | null;
}

/** "2026-03-01 14:30", "2026/3/1 14:30:00", "2026-03-01" (then 00:00), Shanghai time. */
export function parseShanghaiTime(text: string): string | null {
  const m = text.trim().match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?)?$/);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
  const t = fromShanghaiParts(+y, +mo, +d, +h, +mi, +s);
  if (Number.isNaN(t.getTime())) return null;
  const iso = t.toISOString();
  const back = shanghaiParts(iso);
  if (back.year !== +y || back.month !== +mo || back.day !== +d || +h > 23 || +mi > 59 || +s > 59) return null;
  return iso;
}

/** 舆情与诉求 from Excel: one report per row; each goes through intake, so duplicates group. */
export const caseImport: SheetImportSpec<Row> = {
  sheet: '舆情诉求',
  entity: 'case',
  columns: [
    { header: '标题', note: '不超过 200 个字', required: true, width: 30 },
    { header: '内容', note: '不超过 20000 个字', required: true, width: 50 },
    { header: '来源', note: '从下拉列表选择', required: true, list: CASE_SOURCES.map((s) => CASE_SOURCE_LABELS[s]) },
    unitColumn('受理单位', 24),
    { header: '收到时间', note: '如 2026-03-01 14:30', required: true, width: 18 },
    { header: '发现渠道', note: '如 市长信箱、某论坛，不超过 200 个字', width: 20 },
    { header: '网址', note: '以 http:// 或 https:// 开头', width: 30 },
    { header: '联系方式', note: '反映人留下的联系方式(答复需要时)', width: 18 },
  ],
  guide: ['与已有未办结事件相似的报告会自动归入同一事件。'],
  async parseRow(c, ctx) {
    const errs = tooLong(c, { '标题': 200, '内容': 20000, '发现渠道': 200, '联系方式': 200 });
    if (c['网址'] && (!/^https?:\/\/\S+$/i.test(c['网址']) || c['网址'].length > 2000)) errs.push('“网址”应以 http:// 或 https:// 开头，不超过 2000 个字');
    const source = fromLabel(CASE_SOURCE_LABELS, c['来源']);
    if (!source) errs.push(`“来源”应为：${CASE_SOURCES.map((s) => CASE_SOURCE_LABELS[s]).join('、')}`);
    const receivedAt = parseShanghaiTime(c['收到时间']);
    if (!receivedAt) errs.push('“收到时间”不是有效的时间，应写成 2026-03-01 14:30');
    else if (receivedAt > new Date(Date.now() + 5 * 60_000).toISOString()) errs.push('“收到时间”不能晚于现在');
    const unit = await ctx.unit(c['受理单位'], '受理单位');
    if ('error' in unit) errs.push(unit.error);
    if (errs.length || 'error' in unit || !source || !receivedAt) return { errors: errs };
    return {
      value: {
        unit: unit.unit, source, receivedAt, title: c['标题'], content: c['内容'],
        channel: c['发现渠道'] || null, url: c['网址'] || null, contact: c['联系方式'] || null,
      },
    };
  },
  async insert(trx, ctx, rows) {
    // Oldest first, so a later report joins the event an earlier one started.
    await intakeMany(trx, ctx, [...rows].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : 1))
      .map((r) => ({ unit: r.unit, source: r.source, via: 'import' as const, receivedAt: r.receivedAt, title: r.title, content: r.content, channel: r.channel, url: r.url, contact: r.contact })));
  },
};
