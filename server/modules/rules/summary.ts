/**
 * 工作总结's section on 制度建设: the rules in force at the period's end and those adopted or
 * revised in it (from the rules figures). Each figure links to the register filtered to the
 * records behind it; with no rule in force the section says nothing and the preview lists what
 * to add.
 */
import type { DocRun } from '../../../common/documents';
import { para, summarySection } from '../../documents/content';
import { asOfDay } from '../../platform/period';
import { ruleFigures } from './figures';

export const ruleSection = summarySection({ key: 'rules', heading: '制度建设', order: 15 }, async (ctx, { f, r, items, missing, shortfalls, nextSteps, records, done }) => {
  const rules = records('/rules');
  const rf = await ruleFigures(ctx.db, r);
  const inForceLink = rules({ inForceOn: asOfDay(r) });
  if (rf.inForce) {
    const runs: DocRun[] = ['建立健全工作制度，现行有效的制度', f.fig('inForce', '现行有效制度', rf.inForce, '项', inForceLink), '，包括', { text: rf.titles.map((t) => `《${t}》`).join('、'), link: inForceLink }];
    if (rf.inForce > rf.titles.length) runs.push('等');
    if (rf.adopted || rf.revised) {
      runs.push('；本期');
      if (rf.adopted) runs.push('新制定', f.fig('adopted', '本期新制定制度', rf.adopted, '项', rules({ from: ctx.from, to: ctx.to })));
      if (rf.revised) runs.push(rf.adopted ? '，' : '', '修订', f.fig('revised', '本期制度修订', rf.revised, '次', rules({})));
    }
    runs.push('。');
    items.push(para(...runs));
    if (rf.reviewOverdue) {
      shortfalls.push(['制度建设还需加强，', f.fig('reviewOverdue', '超过复审日期的制度', rf.reviewOverdue, '项制度超过复审日期未复审', rules({ reviewOverdue: true })), '。']);
      nextSteps.push([{ text: `对超过复审日期的${rf.reviewOverdue}项制度逐项复审，需要修订的及时修订，不再适用的及时废止。`, link: rules({ reviewOverdue: true }) }]);
    }
  } else {
    missing.push({ section: 'rules', text: '未登记现行有效的制度文件', link: rules({}) });
  }
  return done();
});
