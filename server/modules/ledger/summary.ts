/**
 * 工作总结's section on 学习研讨: activities by type and topic, and the year's targets with who is behind
 * (from the ledger figures). Every number comes from the module's figures.ts (the same functions
 * the register pages call) and every figure links to the records behind it; where a figure is
 * missing the sentence is left out (or worded for zero) and the preview lists what to add.
 */
import type { DocRun } from '../../../common/documents';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES } from '../../../common/ledger';
import { activityTopics, ledgerFiguresWithProgress } from './figures';
import { asOfDay } from '../../platform/period';
import { inQuotes, link, para, shortDate, summarySection } from '../../documents/content';

export const studySection = summarySection({ key: 'study', heading: '理论学习和研讨会议', order: 20 }, async (ctx, { f, r, year, items, missing, shortfalls, nextSteps, records, done }) => {
  const activities = records('/activities', { period: true });
  const { figures: lf, progress } = await ledgerFiguresWithProgress(ctx.db, r);
  if (lf.total) {
    const runs: DocRun[] = ['本期共开展学习、会议、培训等活动', f.fig('total', '活动总数', lf.total, '次', activities({})), '，其中涉及网络意识形态工作的', f.fig('onTopic', '涉及本项工作的活动', lf.onTopic, '次', activities({ onTopic: true }))];
    const types = ACTIVITY_TYPES.filter((t) => lf.byType[t].total > 0);
    types.forEach((t, i) => {
      runs.push(i === 0 ? '。其中' : '，', ACTIVITY_TYPE_LABELS[t], f.fig(`byType.${t}`, ACTIVITY_TYPE_LABELS[t], lf.byType[t].total, '次', activities({ type: t })));
      if (lf.byType[t].onTopic && lf.byType[t].onTopic !== lf.byType[t].total) runs.push(`（涉及本项工作${lf.byType[t].onTopic}次）`);
    });
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'study', text: '本期没有登记学习、会议、培训等活动', link: activities({}) });
  }
  const topics = await activityTopics(ctx.db, r, 6);
  if (topics.length) {
    items.push(para('围绕', { text: topics.map((t) => inQuotes(t.topic)).join('、'), link: activities({ onTopic: true }) }, `等主题开展学习研讨。`));
  }
  const targetLink = link('/targets', { unitId: ctx.unit.id, year });
  const own = progress.find((u) => u.unitId === ctx.unit.id);
  const asOf = asOfDay(r);
  if (own?.items.length) {
    const runs: DocRun[] = [`对照${year}年度目标，截至${shortDate(asOf, year)}，`];
    own.items.forEach((i, n) => {
      runs.push(n ? '；' : '', `${ACTIVITY_TYPE_LABELS[i.type]}全年目标${i.target.minTotal}次，已开展`, f.fig(`target.${i.type}`, `${ACTIVITY_TYPE_LABELS[i.type]}(年度目标进度)`, i.done, '次', targetLink));
      runs.push(i.behind ? '，未达到进度要求' : '，达到进度要求');
    });
    runs.push('。');
    items.push(para(...runs));
    for (const i of own.items.filter((x) => x.behind)) shortfalls.push([{ text: `${i.reasons.join('；')}。`, link: targetLink }]);
    const behindTypes = own.items.filter((x) => x.behind).map((x) => ACTIVITY_TYPE_LABELS[x.type]);
    if (behindTypes.length) nextSteps.push([{ text: `按年度目标补足${behindTypes.join('、')}的次数。`, link: targetLink }]);
  }
  const subs = progress.filter((u) => u.unitId !== ctx.unit.id && u.items.length);
  if (subs.length) {
    const behind = subs.filter((u) => u.behind);
    items.push(para('下级单位中，设定年度目标的', f.fig('subsWithTarget', '设定年度目标的下级单位', subs.length, '个', targetLink), '，达到进度要求的', f.fig('subsMeeting', '达到进度要求的下级单位', subs.length - behind.length, '个', targetLink), '。'));
    if (behind.length) {
      const names = behind.slice(0, 3).map((u) => u.unitName);
      shortfalls.push(['部分下级单位学习研讨未达到年度目标进度，', f.fig('subsBehind', '未达到进度要求的下级单位', behind.length, '个单位', targetLink), `落后于进度（${names.join('、')}${behind.length > names.length ? '等' : ''}）。`]);
    }
  }
  if (!own?.items.length && !subs.length) missing.push({ section: 'study', text: `未设定${year}年度学习、会议目标`, link: targetLink });
  return done();
});


