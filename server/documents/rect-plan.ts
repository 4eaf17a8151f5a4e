/** 整改方案 for one inspection batch: each problem with its measures, owner unit and person, and deadline. */
import type { DocItem } from '../../common/documents';
import { RECT_ORIGIN_LABELS } from '../../common/rectification';
import { rectBatchItems } from '../modules/rectification/figures';
import { Figures, link, para, registerGenerator, section, shortDate, slot } from './content';

registerGenerator({
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
});
