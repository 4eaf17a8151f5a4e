/**
 * 工作总结's 阵地管理 section: outlets registered and how they are kept (quiet ones, expiring
 * filings), posts reviewed and published, rejections, the accuracy rate, corrections and serious
 * errors found and fixed. Every number comes from figures.ts and links to its records.
 */
import type { DocRun } from '../../../common/documents';
import { OUTLET_TYPE_LABELS, type OutletType } from '../../../common/outlets';
import { para, percent, summarySection } from '../../documents/content';
import { publishingFigures } from './figures';

export const outletSection = summarySection({ key: 'outlets', heading: '阵地管理', order: 45 }, async (ctx, { f, r, items, missing, shortfalls, nextSteps, records, done }) => {
  const fig = await publishingFigures(ctx.db, r);
  const outlets = records('/outlets');
  const posts = records('/publishing', { period: true });
  const live = fig.outletsTotal - (fig.outletsByStatus.closed ?? 0);
  if (live) {
    const kinds = Object.entries(fig.outletsByType).filter(([, n]) => n > 0).map(([t, n]) => `${OUTLET_TYPE_LABELS[t as OutletType]}${n}个`);
    items.push(para('登记在册的自有阵地', f.fig('outlets', '在册阵地', live, '个', outlets({})), `(${kinds.join('、')})`, '，均明确主办单位和管理人员，落实信息发布“三审三校”制度。'));
  } else {
    missing.push({ section: 'outlets', text: '尚未登记本单位的网站、公众号等阵地', link: outlets({}) });
  }
  if (fig.postsSubmitted || fig.postsPublished) {
    const runs: DocRun[] = ['本期送审信息', f.fig('submitted', '送审信息', fig.postsSubmitted, '条', posts({})), '，审核发布', f.fig('published', '发布信息', fig.postsPublished, '条', posts({ status: 'published' }))];
    if (fig.rejections) runs.push('，审核退回修改', f.fig('rejections', '审核退回', fig.rejections, '次', posts({})));
    if (fig.accuracyRate !== null) runs.push('，信息准确率', f.fig('accuracy', '信息准确率', percent(fig.postsPublished - fig.postsCorrected, fig.postsPublished), '', posts({ status: 'published' })));
    runs.push('。');
    items.push(para(...runs));
  } else if (live) {
    missing.push({ section: 'outlets', text: '本期没有信息发布审核记录', link: posts({}) });
  }
  if (fig.corrections) {
    const runs: DocRun[] = ['发布后发现并更正差错', f.fig('corrections', '信息更正', fig.corrections, '次', records('/publishing', { period: true })({ view: 'corrections' }))];
    if (fig.seriousFound) runs.push('，其中严重表述错误', f.fig('serious', '严重表述错误', fig.seriousFound, '处', records('/publishing', { period: true })({ view: 'corrections' })), '，已更正', f.fig('seriousFixed', '已更正的严重表述错误', fig.seriousFixed, '处', records('/publishing', { period: true })({ view: 'corrections' })));
    runs.push('。');
    items.push(para(...runs));
  }
  if (fig.quietLate + fig.quietDormant) {
    shortfalls.push(['个别阵地更新不及时，', f.fig('quiet', '未按期更新或睡眠的阵地', fig.quietLate + fig.quietDormant, '个阵地', outlets({ quiet: 'any' })), '未按期更新或处于睡眠状态。']);
    nextSteps.push([{ text: '对未按期更新和睡眠的阵地逐一研究，能更新的落实专人定期更新，确无运营必要的按程序关停注销。', link: outlets({ quiet: 'any' }) }]);
  }
  if (fig.seriousFound > fig.seriousFixed) shortfalls.push(['信息审核把关仍有疏漏，', f.fig('seriousOpen', '尚未更正的严重表述错误', fig.seriousFound - fig.seriousFixed, '处严重表述错误', records('/publishing')({ view: 'corrections' })), '尚未完成更正。']);
  if (fig.expiringFilings) nextSteps.push([{ text: `及时办理${fig.expiringFilings}个阵地的域名续费、备案或运维合同续签。`, link: outlets({ expiring: true }) }]);
  return done();
});
