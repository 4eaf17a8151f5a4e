/**
 * 工作总结's piece of 报告制度 contributed by information and duty: items sent up and adopted
 * (by kind and outcome, adoption rate, monthly quotas met), and duty during watch periods
 * (rosters, shifts missing someone, log entries, 24-hour completeness). Every number comes from
 * the modules' figures.ts and links to the records behind it; a missing figure leaves its
 * sentence out and the preview says what to add.
 */
import type { DocRun } from '../../../common/documents';
import { INFO_KIND_LABELS, INFO_KINDS } from '../../../common/information';
import { joinNames, para, percent, summarySection } from '../../documents/content';
import { watchFigures } from '../watch/figures';
import { infoFigures } from './figures';

export const infoSection = summarySection({ key: 'information', heading: '信息报送和值班值守', order: 55 }, async (ctx, { f, r, items, missing, shortfalls, nextSteps, records, done }) => {
  const info = records('/information', { period: true });
  const fig = await infoFigures(ctx.db, r);
  if (fig.sent) {
    const kinds = INFO_KINDS.filter((k) => fig.byKind[k]);
    const runs: DocRun[] = ['本期向上级报送信息', f.fig('sent', '报送信息', fig.sent, '条', info())];
    if (kinds.length > 1) {
      runs.push('，其中');
      kinds.forEach((k, i) => runs.push(i ? '、' : '', `${INFO_KIND_LABELS[k]}`, f.fig(`kind.${k}`, INFO_KIND_LABELS[k], fig.byKind[k], '条', info({ kind: k }))));
    }
    runs.push('；被上级采用', f.fig('adopted', '被采用信息', fig.adopted, '条', info({ outcome: 'adopted_any' })));
    if (fig.byOutcome.excerpt || fig.byOutcome.published) {
      runs.push('(');
      if (fig.byOutcome.excerpt) runs.push('摘报采用', f.fig('excerpt', '摘报采用', fig.byOutcome.excerpt, '条', info({ outcome: 'excerpt' })));
      if (fig.byOutcome.excerpt && fig.byOutcome.published) runs.push('，');
      if (fig.byOutcome.published) runs.push('刊发', f.fig('published', '刊发', fig.byOutcome.published, '条', info({ outcome: 'published' })));
      runs.push(')');
    }
    runs.push('，采用率', f.fig('adoptionRate', '信息采用率', percent(fig.adopted, fig.sent), '', info({ outcome: 'adopted_any' })));
    if (fig.byOutcome.pending) runs.push('；尚待上级登记采用情况', f.fig('pending', '待登记采用情况', fig.byOutcome.pending, '条', info({ outcome: 'pending' })));
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'information', text: '本期没有向上级报送信息的记录', link: info() });
  }
  if (fig.quotaUnitMonths) {
    items.push(para('按每月信息报送任务统计，应完成', f.fig('quotaUnitMonths', '有报送任务的单位·月', fig.quotaUnitMonths, '个单位·月', records('/information/quotas')()), '，完成',
      f.fig('quotaMet', '完成报送任务的单位·月', fig.quotaMet, '个', records('/information/quotas')()), '。'));
    if (fig.behind.length) {
      const names = [...new Set(fig.behind.map((b) => b.unitName))];
      shortfalls.push(['信息报送不够均衡，', joinNames(names.slice(0, 5)), names.length > 5 ? `等${names.length}个单位` : '', '有月份未完成信息报送任务。']);
      nextSteps.push(['督促未完成报送任务的单位按月报送信息，提高信息质量和采用率。']);
    }
  }

  const w = await watchFigures(ctx.db, r);
  const rosters = records('/watch', { period: true });
  if (w.watchPeriods || w.rosters) {
    const runs: DocRun[] = [];
    if (w.watchPeriods) runs.push('本期经历敏感时期', f.fig('watchPeriods', '敏感时期', w.watchPeriods, '个', records('/watch/periods', { period: true })()), '，');
    runs.push('各单位排定值班表', f.fig('rosters', '值班表', w.rosters, '份', rosters()), '、班次', f.fig('shifts', '值班班次', w.shifts, '个', rosters()));
    runs.push('，记录值班日志', f.fig('logEntries', '值班日志', w.logEntries, '条', records('/watch/log', { period: true })()), '，交接班', f.fig('handovers', '交接班', w.handovers, '次', rosters()));
    if (w.watchUnitDays) runs.push('；敏感时期24小时值班表完整率', f.fig('completeness', '敏感时期值班表完整率', percent(w.watchUnitDaysCovered, w.watchUnitDays), '', records('/watch/periods', { period: true })()));
    runs.push('。');
    items.push(para(...runs));
    if (w.gapShifts) {
      shortfalls.push(['值班安排还有空缺，', f.fig('gapShifts', '缺人班次', w.gapShifts, '个班次缺带班领导或值班人员', rosters({ gaps: true })), '。']);
    }
    if (w.incompleteUnits.length) {
      const names = [...new Set(w.incompleteUnits.map((u) => u.unitName))];
      shortfalls.push([`敏感时期值班落实不到位，${joinNames(names.slice(0, 5))}${names.length > 5 ? `等${names.length}个单位` : ''}的24小时值班表未排全。`]);
      nextSteps.push(['严格落实敏感时期24小时值班和领导带班制度，提前排定值班表，做到班次不空缺。']);
    }
  } else {
    missing.push({ section: 'information', text: '本期没有值班表记录', link: rosters() });
  }
  return done();
});
