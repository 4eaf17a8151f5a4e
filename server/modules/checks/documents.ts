/**
 * The checks module's documents, on the document layout: 自查报告 (a unit's self-inspection of
 * the period, item by item, its problems and what is being done about them) and 考核结果通报 (a
 * unit's published campaign of the period: ranking, grades, vetoes and the common shortfalls).
 * Every figure links to the records behind it; the user's paragraphs live in slots.
 */
import { type AssessmentView, isShortfall, METHOD_LABELS, type Method, resultText, VETO_GRADE } from '../../../common/checks';
import type { DocItem, DocRun } from '../../../common/documents';
import { UNIT_KIND_LABELS, type UnitKind } from '../../../common/labels';
import type { Actor } from '../../platform/context';
import type { GenContext } from '../../platform/modules';
import { Figures, type Generator, link, para, section, shortDate, slot } from '../../documents/content';
import { getRect } from '../rectification/service';
import { assessmentView, type AssessmentRow, getCampaign } from './service';

/** Who a document reads as: the unit it is written for (its own subtree). */
function readerOf(unit: GenContext['unit']): Actor {
  return { accountId: '', username: 'system', displayName: '系统', role: 'leader', unitId: unit.id, unitName: unit.name, unitPath: unit.path };
}

/** The unit's own self-inspection of the period: the latest one lying inside it, submitted first. */
async function selfOf(ctx: GenContext): Promise<AssessmentView | null> {
  const row = await ctx.db.selectFrom('check_assessments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id').innerJoin('check_frameworks as f', 'f.id', 'a.framework_id')
    .selectAll('a')
    .select(['u.name as unit_name', 'u.path as unit_path', 'u.kind as unit_kind', 'f.name as framework_name'])
    .where('a.kind', '=', 'self').where('a.unit_id', '=', ctx.unit.id).where('a.archived_at', 'is', null)
    .where('a.from_day', '>=', ctx.from).where('a.to_day', '<=', ctx.to)
    .orderBy('a.submitted_at', 'desc').orderBy('a.created_at', 'desc').executeTakeFirst();
  if (!row) return null;
  const full = { ...row, c_name: null, c_unit_id: null, c_unit_path: null, c_status: null, c_content: null, c_bands: null, c_published_at: null } as AssessmentRow;
  return assessmentView(ctx.db, readerOf(ctx.unit), full);
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, ''));

export const selfReportGenerator: Generator = {
  type: 'self_report',
  title: (ctx) => `${ctx.unit.name}关于${ctx.periodLabel}网络意识形态工作责任制落实情况的自查报告`,
  async build(ctx) {
    const f = new Figures('selfReport');
    const a = await selfOf(ctx);
    if (!a) {
      const here = link('/checks', { tab: 'self', unitId: ctx.unit.id });
      return {
        recipient: null, figures: [],
        missing: [{ section: 'intro', text: `${ctx.unit.name}在${ctx.periodLabel}没有自查记录，请先在“自查与考核”中开展自查`, link: here }],
        sections: [section('intro', null, [slot('intro.text', '开头段落', '自查工作的组织情况；不填则文稿中不出现。')])],
      };
    }
    const here = `/checks/self/${a.id}`;
    const rows = a.items.filter((r) => r.applies);
    const short = rows.filter((r) => r.answer && isShortfall(r.item, r.answer));
    const deducted = Math.round(rows.reduce((s, r) => s + (r.item.kind === 'normal' && r.answer ? r.item.points - r.answer.points : 0), 0) * 100) / 100;

    const intro: DocItem[] = [para(
      `根据《${a.frameworkName}》，${ctx.unit.name}对照考核细则的`, f.fig('items', '自查项目', rows.length, '个项目', here),
      `，对${ctx.periodLabel}网络意识形态工作责任制落实情况逐项开展了自查。自查得分`, f.fig('score', '自查得分', num(a.totals.score), `分（满分${num(a.totalPoints)}分）`, here),
      a.totals.bonus ? '，其中加分' : '', ...(a.totals.bonus ? [f.fig('bonus', '加分', num(a.totals.bonus), '分', here)] : []),
      a.totals.vetoFailed ? `，存在一票否决情形，自查等次为${VETO_GRADE}。` : `，自查等次为${a.grade}。`, '现将自查情况报告如下。',
    )];

    // 基本情况: what the records say, figure by figure.
    const basic: DocItem[] = [];
    const bound = rows.filter((r) => r.indicator && r.valueText !== null);
    const seen = new Set<string>();
    const runs: DocRun[] = [];
    for (const r of bound) {
      if (seen.has(r.indicator!.key)) continue;
      seen.add(r.indicator!.key);
      if (runs.length) runs.push('；');
      runs.push(`${r.indicator!.label}`, f.fig(`ind.${r.indicator!.key}`, r.indicator!.label, r.valueText!, '', r.link ?? here));
    }
    if (runs.length) basic.push(para(`${ctx.periodLabel}，根据工作台账记录：`, ...runs, '。'));

    // 自查结果: item by item.
    const result: DocItem[] = [{
      kind: 'table', header: ['考核内容', '分值', '自查结果', '得分'], widths: [7, 1, 3, 1], link: here,
      rows: rows.map((r) => [
        r.item.text + (r.valueText ? `（台账：${r.valueText}）` : ''), r.item.kind === 'veto' ? '否决项' : r.item.kind === 'bonus' ? `加分${num(r.item.points)}` : num(r.item.points),
        resultText(r.item, r.answer ?? undefined) + (r.answer?.note ? `，${r.answer.note}` : ''), r.answer ? num(r.answer.points) : '',
      ]),
    }];
    if (short.length) result.push(para('以上项目共扣', f.fig('deducted', '扣分', num(deducted), '分', here), `，未达标或扣分的项目`, f.fig('shortfalls', '未达标或扣分的项目', short.length, '个', here), '。'));

    const problems: DocItem[] = [];
    const measures: DocItem[] = [];
    short.forEach((r, i) => {
      const off = r.item.kind === 'veto' ? '属一票否决项' : `扣${num(r.item.points - r.answer!.points)}分`;
      problems.push(para(`${i + 1}. ${r.item.text.replace(/[。；]$/, '')}：`, { text: `${resultText(r.item, r.answer!)}${r.valueText ? `（台账记录${r.valueText}，标准${r.thresholdText}）` : ''}`, link: r.link ?? here }, `，${off}。${r.answer!.note ? `${r.answer!.note.replace(/[。]$/, '')}。` : ''}`));
    });
    for (const r of short) {
      if (!r.answer?.rectificationId) continue;
      try {
        const rect = await getRect(ctx.db, readerOf(ctx.unit), r.answer.rectificationId);
        measures.push(para(`针对“${r.item.text.replace(/[。；]$/, '')}”的问题，`, { text: rect.measures.replace(/[。]$/, ''), link: `/rectification/${rect.id}` }, `，${shortDate(rect.dueDay)}前完成${rect.status === 'closed' ? '（已整改销号）' : ''}。`));
      } catch {
        // A rectification this unit may not read stays out of its report.
      }
    }
    if (!short.length) problems.push(para('对照考核细则逐项自查，本期没有未达标或扣分的项目。'));

    return {
      recipient: null,
      figures: f.list,
      missing: short.filter((r) => !r.answer?.rectificationId).map((r) => ({ section: 'measures', text: `“${r.item.text}”尚未转为整改事项`, link: here })),
      sections: [
        section('intro', null, [...intro, slot('intro.text', '开头段落', '自查工作的组织情况；不填则文稿中不出现。')]),
        section('basic', '基本情况', [...basic, slot('basic.text', '工作开展情况', '本单位落实责任制的主要做法和成效；不填则文稿中不出现。')]),
        section('result', '自查结果', result),
        section('problems', '存在的问题', [...problems, slot('problems.extra', '补充问题', '自查中发现的其他问题。')]),
        section('measures', '整改措施', [...measures, slot('measures.text', '整改措施', '对上述问题的整改措施；已转为整改事项的会自动列出。')]),
        section('next', '下一步工作', [slot('next.text', '下一步工作打算', '巩固整改成果、完善长效机制的打算；不填则文稿中不出现。')]),
      ],
    };
  },
};

const RECIPIENT: Partial<Record<UnitKind, string>> = { township: '各乡镇（街道）', bureau: '县直各单位', village: '各村', community: '各社区', school: '各学校', department: '各科室' };

export const checkNoticeGenerator: Generator = {
  type: 'check_notice',
  title: (ctx) => `关于${ctx.periodLabel}网络意识形态工作考核结果的通报`,
  async build(ctx) {
    const f = new Figures('checkNotice');
    const c = await ctx.db.selectFrom('check_campaigns').select(['id']).where('unit_id', '=', ctx.unit.id).where('status', '=', 'published').where('archived_at', 'is', null)
      .where('from_day', '>=', ctx.from).where('to_day', '<=', ctx.to).orderBy('published_at', 'desc').executeTakeFirst();
    if (!c) {
      return {
        recipient: null, figures: [],
        missing: [{ section: 'intro', text: `${ctx.unit.name}在${ctx.periodLabel}没有已公布结果的考核`, link: link('/checks', { tab: 'campaigns' }) }],
        sections: [section('intro', null, [slot('intro.text', '开头段落', '考核工作的组织情况；不填则文稿中不出现。')])],
      };
    }
    const v = await getCampaign(ctx.db, readerOf(ctx.unit), c.id);
    const here = `/checks/campaigns/${v.id}`;
    const results = v.results ?? [];
    const byGrade = new Map<string, string[]>();
    for (const r of results) byGrade.set(r.grade, [...(byGrade.get(r.grade) ?? []), r.unitName]);
    const grades = [...v.bands.map((b) => b.label), VETO_GRADE].filter((g) => byGrade.has(g));
    const recipient = v.unitKinds.map((k) => RECIPIENT[k]).filter(Boolean).join('，') || null;

    const ids = results.map((r) => r.assessmentId).filter(Boolean);
    const answers = ids.length ? await ctx.db.selectFrom('check_answers').select(['item_key', 'points', 'passed', 'method']).where('assessment_id', 'in', ids).execute() : [];
    const methods = [...new Set(answers.map((x) => x.method).filter((m): m is Method => !!m && m in METHOD_LABELS))].map((m) => METHOD_LABELS[m]);
    const intro = [para(
      `根据《${v.frameworkName}》，${ctx.unit.name}对`, f.fig('units', '被考核单位', results.length, '个单位', here),
      `${ctx.periodLabel}网络意识形态工作责任制落实情况进行了考核${methods.length ? `，采取${methods.join('、')}等方式逐项评分` : ''}。现将考核结果通报如下。`,
    )];
    const result: DocItem[] = [];
    result.push(para('考核结果：', ...grades.flatMap((g, i) => [i ? '，' : '', `${g}`, f.fig(`grade.${g}`, `${g}等次`, byGrade.get(g)!.length, '个', here)]), '。'));
    for (const g of grades) result.push(para(`${g}等次：${byGrade.get(g)!.join('、')}。`));
    result.push({
      kind: 'table', header: ['名次', '单位', '得分', '等次'], widths: [1, 5, 2, 2], link: here,
      rows: results.map((r) => [String(r.rank), r.unitName, num(r.score), r.grade]),
    });

    // The items most often failed or deducted, across the units.
    const content = (await ctx.db.selectFrom('check_campaigns').select('content').where('id', '=', v.id).executeTakeFirstOrThrow()).content;
    const items = new Map((JSON.parse(content).sections as { items: { key: string; text: string; kind: string; points: number; scoring: string }[] }[]).flatMap((s) => s.items).map((i) => [i.key, i]));
    const counts = new Map<string, number>();
    for (const x of answers) {
      const it = items.get(x.item_key);
      if (!it || it.kind === 'bonus') continue;
      const shortfall = it.kind === 'veto' ? x.passed === 0 : Number(x.points) < it.points;
      if (shortfall) counts.set(x.item_key, (counts.get(x.item_key) ?? 0) + 1);
    }
    const common = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const problems: DocItem[] = common.map(([k, n], i) => para(`${i + 1}. ${items.get(k)!.text.replace(/[。；]$/, '')}，`, f.fig(`item.${k}`, items.get(k)!.text, n, '个单位', here), '未达标或被扣分。'));
    if (!common.length) problems.push(para('本次考核各单位均未出现扣分项目。'));
    const vetoed = results.filter((r) => r.vetoFailed);
    if (vetoed.length) problems.push(para(`${vetoed.map((r) => r.unitName).join('、')}存在一票否决情形，考核等次为${VETO_GRADE}。`));

    return {
      recipient,
      figures: f.list,
      missing: [],
      sections: [
        section('intro', null, [...intro, slot('intro.text', '开头段落', '考核工作的组织情况；不填则文稿中不出现。')]),
        section('result', '考核结果', result),
        section('problems', '存在的主要问题', [...problems, slot('problems.extra', '补充问题', '考核中发现的其他问题。')]),
        section('requirements', '下一步工作要求', [slot('requirements.text', '工作要求', '对各单位整改落实的要求；被扣分的项目可在“自查与考核”中一键转为整改事项。')]),
      ],
    };
  },
};

