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
import { inQuotes, joinNames, link, para, shortDate, summarySection } from '../../documents/content';
import { reportFigures } from './reports';
import type { ReportFigures } from '../../../common/ledger';
import type { GenContext } from '../../platform/modules';

/** 述职, 生活会 and publicity of one summary, counted once for the two sections that state them. */
const reportsOfSummary = new WeakMap<GenContext, Promise<ReportFigures>>();
function summaryReports(ctx: GenContext, r: Parameters<typeof reportFigures>[1]): Promise<ReportFigures> {
  let p = reportsOfSummary.get(ctx);
  if (!p) reportsOfSummary.set(ctx, (p = reportFigures(ctx.db, r)));
  return p;
}

export const studySection = summarySection({ key: 'study', heading: '理论学习和研讨会议', order: 20 }, async (ctx, { f, r, year, items, missing, shortfalls, nextSteps, records, done }) => {
  const activities = records('/activities', { period: true });
  const { figures: lf, own, subs } = await ledgerFiguresWithProgress(ctx.db, r);
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
  if (subs.withTarget) {
    items.push(para('下级单位中，设定年度目标的', f.fig('subsWithTarget', '设定年度目标的下级单位', subs.withTarget, '个', targetLink), '，达到进度要求的', f.fig('subsMeeting', '达到进度要求的下级单位', subs.withTarget - subs.behind, '个', targetLink), '。'));
    if (subs.behind) {
      const names = subs.firstBehind;
      shortfalls.push(['部分下级单位学习研讨未达到年度目标进度，', f.fig('subsBehind', '未达到进度要求的下级单位', subs.behind, '个单位', targetLink), `落后于进度（${names.join('、')}${subs.behind > names.length ? '等' : ''}）。`]);
    }
  }
  if (!own?.items.length && !subs.withTarget) missing.push({ section: 'study', text: `未设定${year}年度学习、会议目标`, link: targetLink });
  return done();
});



/**
 * 工作总结's section on 述职 and 民主生活会/组织生活会 (from reports.ts): how many leaders reported
 * this work separately in their 述职, and how many life meetings covered it with the
 * self-examination attached. With no such record the preview lists what to add.
 */
export const reportSection = summarySection({ key: 'reports', heading: '领导述职和民主生活会', order: 22 }, async (ctx, { f, r, items, missing, shortfalls, records, done }) => {
  const activities = records('/activities', { period: true });
  const rf = await summaryReports(ctx, r);
  if (rf.debriefings) {
    const runs: DocRun[] = ['领导班子成员述职', f.fig('debriefings', '述职', rf.debriefings, '次', activities({ type: 'debriefing' }))];
    if (rf.debriefingsSeparate) {
      runs.push('，其中', f.fig('debriefingsSeparate', '述职中专门报告本项工作', rf.debriefingsSeparate, '次', activities({ type: 'debriefing', reportedSeparately: true })), '专门报告网络意识形态工作情况');
      if (rf.separateLeaders.length) runs.push(`（${joinNames(rf.separateLeaders)}）`);
    } else {
      runs.push('，均未专门报告网络意识形态工作情况');
      shortfalls.push(['领导干部述职中专门报告网络意识形态工作还不到位，本期', { text: `${rf.debriefings}次述职`, link: activities({ type: 'debriefing' }) }, '均未专门报告。']);
    }
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'reports', text: '本期没有登记领导述职', link: activities({ type: 'debriefing' }) });
  }
  if (rf.lifeMeetings) {
    const runs: DocRun[] = ['召开民主生活会、组织生活会', f.fig('lifeMeetings', '民主生活会和组织生活会', rf.lifeMeetings, '次', activities({ lifeMeeting: true }))];
    if (rf.lifeMeetingsCovered) {
      runs.push('，其中', f.fig('lifeMeetingsCovered', '将本项工作纳入对照检查的生活会', rf.lifeMeetingsCovered, '次', activities({ lifeMeeting: true, onTopic: true })), '将网络意识形态工作纳入对照检查');
      if (rf.lifeMeetingsWithSelfExam) runs.push('，', f.fig('lifeMeetingsWithSelfExam', '附对照检查材料的生活会', rf.lifeMeetingsWithSelfExam, '次', activities({ lifeMeeting: true, onTopic: true })), '附有班子成员对照检查材料');
    } else {
      runs.push('，均未将网络意识形态工作纳入对照检查');
      shortfalls.push(['民主生活会、组织生活会对照检查未涉及网络意识形态工作。']);
    }
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'reports', text: '本期没有登记民主生活会或组织生活会', link: activities({ type: 'democratic_life' }) });
  }
  return done();
});

/** 工作总结's sentence on publicity: the activities with an audience count, the audience and the materials handed out. */
export const publicitySection = summarySection({ key: 'publicity', heading: '宣传教育', order: 24 }, async (ctx, { f, r, items, records, done }) => {
  const activities = records('/activities', { period: true });
  const rf = await summaryReports(ctx, r);
  if (rf.publicityEvents) {
    const runs: DocRun[] = ['开展宣讲、培训、普法等宣传教育活动', f.fig('events', '有受众统计的宣传教育活动', rf.publicityEvents, '场次', activities({ withAudience: true })), '，受众', f.fig('audience', '宣传教育受众', rf.audience, '人次', activities({ withAudience: true }))];
    if (rf.materials) runs.push('，发放宣传资料', f.fig('materials', '发放宣传资料', rf.materials, '份', activities({ withAudience: true })));
    runs.push('。');
    items.push(para(...runs));
  }
  return done();
});
