/**
 * The rectification module's documents for one inspection batch, as the units write them:
 * 整改方案 (the basis document and the 整改专班; then the problems grouped under their aspects,
 * "（一）在…方面", each with its measures numbered 一是、二是…, its owners and its deadline, 长期坚持
 * where so) and 整改报告 (how many are signed off, reported and still open, then each item under
 * its aspect with what was done and its evidence).
 */
import type { DocItem, MissingNotice } from '../../../common/documents';
import { numberedMeasures, RECT_ORIGIN_LABELS, RECT_STATUS_LABELS, type RectBatchItem, type RectPlanView } from '../../../common/rectification';
import { evidenceCounts, rectBatchItems } from './figures';
import { planFor } from './plans';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { errors } from '../../platform/errors';
import { inSubtreeOf } from '../../platform/scope';
import { Figures, type Generator, innerQuotes, joinNames, link, para, percent, section, shortDate, slot } from '../../documents/content';

/** A batch is a subject only when the unit's subtree has live rectification items in it. */
async function checkBatch(db: Database, _actor: Actor, unit: { name: string; path: string }, batch: string) {
  const found = await db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select('x.id')
    .where((eb) => inSubtreeOf(eb, 'u.path', unit.path))
    .where('x.batch', '=', batch)
    .where('x.archived_at', 'is', null)
    .executeTakeFirst();
  if (!found) throw errors.validation(`${unit.name}及下级单位没有检查批次“${batch}”的整改事项`, 'batch');
}

/** Items grouped under their aspects, in the order the aspects first come; items with none last, under 其他方面. */
export function byAspect(items: readonly RectBatchItem[]): { heading: string; items: RectBatchItem[] }[] {
  const groups = new Map<string | null, RectBatchItem[]>();
  for (const i of items) groups.set(i.aspect, [...(groups.get(i.aspect) ?? []), i]);
  const named = [...groups.entries()].filter(([a]) => a !== null).map(([a, list]) => ({ heading: `在${a}方面`, items: list }));
  const rest = groups.get(null);
  return rest ? [...named, { heading: named.length ? '在其他方面' : '问题和整改措施', items: rest }] : named;
}

/** "针对“…”的问题": the problem as written, never cut. */
const problemHeading = (i: RectBatchItem) => `针对“${innerQuotes(i.problem.trim().replace(/[。；;]+$/, ''))}”的问题`;

const deadlineText = (i: RectBatchItem) => `${shortDate(i.dueDay)}前${i.keepOn ? '，长期坚持' : ''}`;

const owners = (i: RectBatchItem) =>
  [`责任单位：${i.unitName}`, i.responsibleLeaderName ? `责任领导：${i.responsibleLeaderName}` : '', i.ownerPersonName ? `责任人：${i.ownerPersonName}` : ''].filter(Boolean).join('；');

/** The 整改专班 sentence, or null with what is missing. */
function teamSentence(plan: RectPlanView | null): string | null {
  if (!plan?.teamLeaderName) return null;
  const members = plan.teamMembers.map((m) => m.name);
  return `成立整改专班，由${plan.teamLeaderName}任组长${members.length ? `，${joinNames(members)}为成员` : ''}，负责整改工作的组织推进、督促检查和验收销号。`;
}

export const rectPlanGenerator: Generator = {
  checkSubject: checkBatch,
  type: 'rect_plan',
  title: (ctx) => `${ctx.unit.name}关于${ctx.subject}反馈问题的整改方案`,
  async build(ctx) {
    const f = new Figures('rectPlan');
    const batch = ctx.subject ?? '';
    const items = await rectBatchItems(ctx.db, { unitPath: ctx.unit.path, batch });
    const plan = await planFor(ctx.db, ctx.unit.id, batch);
    const batchLink = link('/rectification', { unitId: ctx.unit.id, batch });
    const units = new Set(items.map((i) => i.unitName));
    const intro: DocItem[] = [];
    const team: DocItem[] = [];
    const list: DocItem[] = [];
    const missing: MissingNotice[] = [];
    if (items.length) {
      const origins = [...new Set(items.map((i) => RECT_ORIGIN_LABELS[i.origin]))];
      const basis = plan?.basisTitle ? `根据《${plan.basisTitle}》${plan.basisDocNo ? `（${plan.basisDocNo}）` : ''}要求，` : '';
      intro.push(para(`${batch}（${origins.join('、')}）共反馈问题`, f.fig('problems', '反馈问题', items.length, '个', batchLink), '，涉及', f.fig('units', '涉及单位', units.size, '个单位', batchLink), `。${basis}为抓好整改落实，制定本方案。`));
      if (!plan?.basisTitle) missing.push({ section: 'intro', text: `检查批次“${batch}”未登记整改依据文件（标题和文号）`, link: batchLink });
      else if (!plan.basisDocNo) missing.push({ section: 'intro', text: `依据文件《${plan.basisTitle}》未登记文号`, link: batchLink });
      const t = teamSentence(plan);
      if (t) team.push(para(t));
      else missing.push({ section: 'team', text: `检查批次“${batch}”未设置整改专班`, link: batchLink });
      const aspects = byAspect(items);
      if (!items.some((i) => i.aspect)) missing.push({ section: 'list', text: '整改事项均未填写问题方面，方案不能按方面分类', link: batchLink });
      for (const g of aspects) {
        list.push({ kind: 'heading', level: 2, text: g.heading });
        for (const i of g.items) {
          list.push({ kind: 'heading', level: 3, text: problemHeading(i) });
          list.push(para('整改措施：', { text: numberedMeasures(i.measureItems), link: `/rectification/${i.id}` }));
          list.push(para(`${owners(i)}。`));
          list.push(para(`整改时限：${deadlineText(i)}。`));
        }
      }
    } else {
      missing.push({ section: 'list', text: `检查批次“${batch}”下没有整改事项`, link: batchLink });
    }
    return {
      recipient: null,
      figures: f.list,
      missing,
      sections: [
        section('intro', null, [...intro, slot('intro.text', '开头段落', '整改的背景和总体要求；不填则文稿中不出现。')]),
        section('team', '组织领导', [...team, slot('team.text', '补充段落', '整改专班办公室的设置和分工；不填则文稿中不出现。')]),
        section('list', '问题清单和整改措施', [...list, slot('list.extra', '补充段落', '可补充共性问题的整改措施。')]),
        section('guarantee', '保障措施', [slot('guarantee.text', '保障措施', '督查问效、建章立制等保障措施；不填则文稿中不出现。')]),
      ],
    };
  },
};

export const rectReportGenerator: Generator = {
  checkSubject: checkBatch,
  type: 'rect_report',
  title: (ctx) => `${ctx.unit.name}关于${ctx.subject}反馈问题整改情况的报告`,
  async build(ctx) {
    const f = new Figures('rectReport');
    const batch = ctx.subject ?? '';
    const items = await rectBatchItems(ctx.db, { unitPath: ctx.unit.path, batch });
    const plan = await planFor(ctx.db, ctx.unit.id, batch);
    const evidence = await evidenceCounts(ctx.db, items.map((i) => i.id));
    const l = (extra: Record<string, string | boolean>) => link('/rectification', { unitId: ctx.unit.id, batch, ...extra });
    const closed = items.filter((i) => i.status === 'closed');
    const reported = items.filter((i) => i.status === 'reported');
    const open = items.filter((i) => i.status === 'open');
    const overdue = items.filter((i) => i.overdueDays > 0);
    const intro: DocItem[] = [];
    const done: DocItem[] = [];
    const pending: DocItem[] = [];
    if (items.length) {
      const basis = plan?.basisTitle ? `按照《${plan.basisTitle}》${plan.basisDocNo ? `（${plan.basisDocNo}）` : ''}要求，` : '';
      const t = teamSentence(plan);
      const runs = [
        `${basis}${t ? `${t.replace(/。$/, '')}。` : ''}${batch}共反馈问题`, f.fig('problems', '反馈问题', items.length, '个', l({})), '，已整改销号', f.fig('closed', '已销号', closed.length, '个', l({ status: 'closed' })),
        '，已完成待销号', f.fig('reported', '已报完成待销号', reported.length, '个', l({ status: 'reported' })), '，正在整改', f.fig('open', '正在整改', open.length, '个', l({ status: 'open' })),
      ];
      if (overdue.length) runs.push('（其中超过整改时限', f.fig('overdue', '超过整改时限', overdue.length, '个', l({ overdue: true })), '）');
      runs.push('，整改完成率', f.fig('rate', '整改完成率（已销号）', percent(closed.length, items.length), '', l({ status: 'closed' })), '。现将整改情况报告如下。');
      intro.push(para(...runs));
      for (const g of byAspect([...closed, ...reported])) {
        done.push({ kind: 'heading', level: 2, text: g.heading });
        for (const i of g.items) {
          done.push({ kind: 'heading', level: 3, text: problemHeading(i) });
          done.push(para('整改措施：', { text: numberedMeasures(i.measureItems), link: `/rectification/${i.id}` }));
          if (i.reportNote) done.push(para('完成情况：', { text: i.reportNote, link: `/rectification/${i.id}` }));
          const n = evidence.get(i.id) ?? 0;
          const signed = i.status === 'closed' && i.signedOffDay ? `已于${shortDate(i.signedOffDay)}销号${i.signedOffByName ? `（${i.signedOffByName.replace(/\(.*\)$/, '')}）` : ''}` : RECT_STATUS_LABELS[i.status];
          done.push(para(`${owners(i)}；状态：${signed}${n ? `；佐证材料${n}份` : ''}${i.keepOn ? '；该项整改长期坚持' : ''}。`));
        }
      }
      for (const g of byAspect(open)) {
        pending.push({ kind: 'heading', level: 2, text: g.heading });
        for (const i of g.items) {
          pending.push({ kind: 'heading', level: 3, text: problemHeading(i) });
          pending.push(para(`${owners(i)}；整改时限：${deadlineText(i)}${i.overdueDays ? `，已逾期${i.overdueDays}天` : ''}。整改措施：`, { text: numberedMeasures(i.measureItems), link: `/rectification/${i.id}` }));
        }
      }
    }
    return {
      recipient: null,
      figures: f.list,
      missing: items.length ? [] : [{ section: 'done', text: `检查批次“${batch}”下没有整改事项`, link: l({}) }],
      sections: [
        section('intro', null, [...intro, slot('intro.text', '开头段落', '整改工作的总体情况；不填则文稿中不出现。')]),
        section('done', '整改完成情况', [...done, slot('done.extra', '补充段落', '可补充整改成效。')]),
        section('pending', '尚未完成的整改事项', [...pending, slot('pending.extra', '补充段落', '未完成的原因和下一步安排。')]),
        section('next', '下一步工作', [slot('next.text', '下一步工作', '巩固整改成果、建立长效机制的打算；不填则文稿中不出现。')]),
      ],
    };
  },
};
