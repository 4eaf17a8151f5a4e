/**
 * 工作总结's section on 风险防控: risk points by level, reviews, assessments (from the risks figures).
 * Every number comes from the module's figures.ts (the same functions the register pages call)
 * and every figure links to the records behind it; where a figure is missing the sentence is left
 * out (or worded for zero) and the preview lists what to add.
 */
import type { DocRun } from '../../../common/documents';
import { RISK_LEVEL_LABELS, RISK_LEVELS } from '../../../common/risks';
import { riskFigures } from './figures';
import { inQuotes, para, summarySection } from '../../documents/content';

export const riskSection = summarySection({ key: 'risks', heading: '风险排查和防控', order: 40 }, async (ctx, { f, r, items, missing, shortfalls, nextSteps, records, done }) => {
  const risks = records('/risks');
  const rk = await riskFigures(ctx.db, r);
  const total = RISK_LEVELS.reduce((a, l) => a + rk.byLevel[l], 0);
  if (total) {
    const runs: DocRun[] = ['排查登记风险点', f.fig('total', '风险点', total, '个', risks({})), '，目前在控', f.fig('controlled', '在控风险点', rk.controlled, '个', risks({ status: 'controlled' }))];
    const levels = RISK_LEVELS.filter((l) => rk.controlledByLevel[l] > 0).reverse();
    if (levels.length) {
      runs.push('（');
      levels.forEach((l, i) => runs.push(i ? '、' : '', `${RISK_LEVEL_LABELS[l]}风险`, f.fig(`level.${l}`, `在控${RISK_LEVEL_LABELS[l]}风险点`, rk.controlledByLevel[l], '个', risks({ status: 'controlled', level: l }))));
      runs.push('）');
    }
    runs.push('，已消除', f.fig('eliminated', '已消除风险点', rk.eliminated, '个', risks({ status: 'eliminated' })));
    runs.push('；本期复核风险点', f.fig('reviews', '本期风险复核', rk.reviewsInPeriod, '次', risks({})));
    if (rk.assessmentsInPeriod) runs.push('，开展重大决策舆情风险评估', f.fig('assessments', '重大决策舆情风险评估', rk.assessmentsInPeriod, '次', records('/risk-assessments')()));
    runs.push('。');
    items.push(para(...runs));
    if (rk.overdueReviews) {
      shortfalls.push(['风险动态管理有欠缺，', f.fig('overdueReviews', '超期未复核的风险点', rk.overdueReviews, '个风险点超过复核日期未复核', risks({ overdue: true })), '。']);
      nextSteps.push([{ text: `对超过复核日期的${rk.overdueReviews}个风险点逐一复核，更新等级和防控措施。`, link: risks({ overdue: true }) }]);
    }
  } else {
    missing.push({ section: 'risks', text: '未登记风险点', link: risks({}) });
  }
  return done();
});

