/**
 * The rectification module's documents for one inspection batch: 整改方案 (each problem with its
 * measures, owner unit and person, and deadline) and 整改报告 (how many are signed off, reported
 * and still open, then each item's status and evidence).
 */
import type { DocItem } from '../../../common/documents';
import { RECT_ORIGIN_LABELS, RECT_STATUS_LABELS } from '../../../common/rectification';
import { evidenceCounts, rectBatchItems } from './figures';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { errors } from '../../platform/errors';
import { inSubtreeOf } from '../../platform/scope';
import { Figures, type Generator, link, para, percent, section, shortDate, slot } from '../../documents/content';

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

export const rectPlanGenerator: Generator = {
  checkSubject: checkBatch,
  type: 'rect_plan',
  title: (ctx) => `${ctx.unit.name}关于${ctx.subject}反馈问题的整改方案`,
  async build(ctx) {
    const f = new Figures('rectPlan');
    const batch = ctx.subject ?? '';
    const items = await rectBatchItems(ctx.db, { unitPath: ctx.unit.path, batch });
    const batchLink = link('/rectification', { unitId: ctx.unit.id, batch });
    const units = new Set(items.map((i) => i.unitName));
    const intro: DocItem[] = [];
    const list: DocItem[] = [];
    if (items.length) {
      const origins = [...new Set(items.map((i) => RECT_ORIGIN_LABELS[i.origin]))];
      intro.push(para(`${batch}（${origins.join('、')}）共反馈问题`, f.fig('problems', '反馈问题', items.length, '个', batchLink), '，涉及', f.fig('units', '涉及单位', units.size, '个单位', batchLink), '。为抓好整改落实，制定本方案。'));
      items.forEach((i) => {
        list.push({ kind: 'heading', level: 2, text: i.problem.length > 60 ? `${i.problem.slice(0, 60)}…` : i.problem });
        list.push(para('整改措施：', { text: i.measures, link: `/rectification/${i.id}` }));
        list.push(para(`责任单位：${i.unitName}${i.ownerPersonName ? `；责任人：${i.ownerPersonName}` : ''}；整改时限：${shortDate(i.dueDay)}前。`));
      });
    }
    return {
      recipient: null,
      figures: f.list,
      missing: items.length ? [] : [{ section: 'list', text: `检查批次“${batch}”下没有整改事项`, link: batchLink }],
      sections: [
        section('intro', null, [...intro, slot('intro.text', '开头段落', '整改的背景和总体要求；不填则文稿中不出现。')]),
        section('list', '问题清单和整改措施', [...list, slot('list.extra', '补充段落', '可补充共性问题的整改措施。')]),
        section('guarantee', '保障措施', [slot('guarantee.text', '保障措施', '组织领导、督查问效等保障措施；不填则文稿中不出现。')]),
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
      const runs = [
        `${batch}共反馈问题`, f.fig('problems', '反馈问题', items.length, '个', l({})), '，已整改销号', f.fig('closed', '已销号', closed.length, '个', l({ status: 'closed' })),
        '，已完成待销号', f.fig('reported', '已报完成待销号', reported.length, '个', l({ status: 'reported' })), '，正在整改', f.fig('open', '正在整改', open.length, '个', l({ status: 'open' })),
      ];
      if (overdue.length) runs.push('（其中超过整改时限', f.fig('overdue', '超过整改时限', overdue.length, '个', l({ overdue: true })), '）');
      runs.push('，整改完成率', f.fig('rate', '整改完成率（已销号）', percent(closed.length, items.length), '', l({ status: 'closed' })), '。现将整改情况报告如下。');
      intro.push(para(...runs));
      for (const i of [...closed, ...reported]) {
        done.push({ kind: 'heading', level: 2, text: i.problem.length > 60 ? `${i.problem.slice(0, 60)}…` : i.problem });
        done.push(para('整改措施：', { text: i.measures, link: `/rectification/${i.id}` }));
        if (i.reportNote) done.push(para('完成情况：', { text: i.reportNote, link: `/rectification/${i.id}` }));
        const n = evidence.get(i.id) ?? 0;
        const signed = i.status === 'closed' && i.signedOffDay ? `已于${shortDate(i.signedOffDay)}销号${i.signedOffByName ? `（${i.signedOffByName.replace(/\(.*\)$/, '')}）` : ''}` : RECT_STATUS_LABELS[i.status];
        done.push(para(`责任单位：${i.unitName}；状态：${signed}${n ? `；佐证材料${n}份` : ''}。`));
      }
      for (const i of open) {
        pending.push({ kind: 'heading', level: 2, text: i.problem.length > 60 ? `${i.problem.slice(0, 60)}…` : i.problem });
        pending.push(para(`责任单位：${i.unitName}；整改时限：${shortDate(i.dueDay)}${i.overdueDays ? `，已逾期${i.overdueDays}天` : ''}。整改措施：`, { text: i.measures, link: `/rectification/${i.id}` }));
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
