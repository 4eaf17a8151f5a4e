/**
 * 工作总结 (half-year, annual or any range): an opening, the sections the modules contribute
 * (module.ts `summarySections`), in their order, the user's evaluation paragraphs, then 存在的问题
 * and 下一步工作打算 drawn from what the sections found short or left open. A module adds its part
 * without touching this file or the layout kit.
 */
import type { DocItem, DocRun, DocSection, FigureRef, MissingNotice } from '../../../common/documents';
import { type Generator, para, section, slot } from '../../documents/content';
import { summarySections } from '../../platform/modules';
import { superiorOffice } from './settings';

const EXTRA_HINT = '可在此补充本部分的做法、成效或典型事例；不填则文稿中不出现。';

export const summaryGenerator: Generator = {
  type: 'summary',
  title: (ctx) => `${ctx.unit.name}${ctx.periodLabel}网络意识形态工作责任制落实情况总结`,
  async build(ctx) {
    const outputs = await Promise.all(summarySections().map(async (s) => ({ s, out: await s.build(ctx) })));
    const figures: FigureRef[] = [];
    const missing: MissingNotice[] = [];
    const shortfalls: DocRun[][] = [];
    const nextSteps: DocRun[][] = [];
    const body: DocSection[] = [
      section('intro', null, [
        para(`现将${ctx.unit.name}${ctx.periodLabel}网络意识形态工作责任制落实情况总结如下。`),
        slot('intro.text', '开头段落', '可在此写总体情况或开头语；不填则只保留上面一句。'),
      ]),
    ];
    for (const { s, out } of outputs) {
      figures.push(...(out.figures ?? []));
      missing.push(...(out.missing ?? []));
      shortfalls.push(...(out.shortfalls ?? []));
      nextSteps.push(...(out.nextSteps ?? []));
      body.push(section(s.key, s.heading, [...out.items, slot(`${s.key}.extra`, '补充段落', EXTRA_HINT)]));
    }
    body.push(
      section('evaluation', '上级评价和自我评价', [
        slot('evaluation.superior', '上级评价', '上级检查、考核中对本单位的评价原文；不填则文稿中不出现。'),
        slot('evaluation.self', '自我评价', '本单位对本期工作的评价；不填则文稿中不出现。'),
      ]),
    );
    const problemItems: DocItem[] = shortfalls.map((runs) => ({ kind: 'heading', level: 3, text: '', rest: runs }));
    body.push(section('problems', '存在的问题', [...problemItems, slot('problems.extra', '补充问题', '记录之外发现的问题；不填则文稿中不出现。')]));
    const stepItems: DocItem[] = nextSteps.map((runs) => ({ kind: 'heading', level: 3, text: '', rest: runs }));
    body.push(section('next', '下一步工作打算', [...stepItems, slot('next.extra', '补充打算', '下一步的其他打算；不填则文稿中不出现。')]));
    return { recipient: await superiorOffice(ctx.db, ctx.unit.id), recipientEditable: true, sections: body, missing, figures };
  },
};
