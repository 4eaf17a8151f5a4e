/**
 * 工作总结's section on 舆情应对和群众诉求办理, from the cases module's own figures (the same
 * numbers as /api/cases/figures): reports received by source, events by level, closure and on-time
 * rates, median handling time, examples of public replies, and what fell short or is still open.
 */
import { CASE_LEVEL_LABELS, CASE_LEVELS, CASE_SOURCE_LABELS, CASE_SOURCES } from '../../../common/cases';
import type { DocRun } from '../../../common/documents';
import { caseTotals } from './figures';
import { briefsIssued, briefsLink } from '../documents/figures';
import { para, percent, quoted, rangeOf, summarySection } from '../../documents/content';

const quote = (s: string, n = 40) => quoted(s, n);

export const caseSection = summarySection({ key: 'cases', heading: '舆情应对和群众诉求办理', order: 50 }, async (ctx, { f, items, missing, shortfalls, nextSteps, records, done }) => {
  const cases = records('/cases', { period: true });
  const c = await caseTotals(ctx.db, rangeOf(ctx));
  // 编发舆情专报N期: the unit's own numbered briefs of the period, each named and linked to its draft.
  const briefs = await briefsIssued(ctx.db, ctx.unit.id, ctx);
  const briefPara = () => {
    if (!briefs.length) return;
    const runs: DocRun[] = ['编发舆情专报', f.fig('briefs', '编发舆情专报', briefs.length, '期', briefsLink(ctx.unit.id, ctx)), '（'];
    const years = new Set(briefs.map((b) => b.year));
    briefs.slice(0, 10).forEach((b, i) => runs.push(i ? '、' : '', { text: `${years.size > 1 ? `${b.year}年` : ''}第${b.no}期《${b.title}》`, link: `/documents/${b.id}` }));
    runs.push(briefs.length > 10 ? '等）。' : '）。');
    items.push(para(...runs));
  };
  if (!c.events) {
    missing.push({ section: 'cases', text: '本期没有登记舆情和群众诉求；如有，请在“舆情与诉求”中登记或导入', link: cases({}) });
    briefPara();
    return done();
  }
  const runs: DocRun[] = ['本期共受理网络舆情和群众诉求', f.fig('received', '受理报告', c.received, '件', cases({}))];
  const sources = CASE_SOURCES.filter((s) => c.bySource[s] > 0);
  if (sources.length) {
    runs.push('（');
    sources.forEach((s, i) => runs.push(i ? '、' : '', CASE_SOURCE_LABELS[s], f.fig(`source.${s}`, `来源：${CASE_SOURCE_LABELS[s]}`, c.bySource[s], '件', cases({ source: s }))));
    runs.push('）');
  }
  if (c.received !== c.events) runs.push('，同一事件的多次反映合并后为', f.fig('events', '事件', c.events, '个事件', cases({})));
  const levels = CASE_LEVELS.filter((l) => c.byLevel[l] > 0);
  if (levels.length) {
    runs.push('。经研判，');
    levels.forEach((l, i) => runs.push(i ? '、' : '', `${CASE_LEVEL_LABELS[l]}`, f.fig(`level.${l}`, `${CASE_LEVEL_LABELS[l]}事件`, c.byLevel[l], '个', cases({ level: l }))));
    if (c.byLevel.untriaged) runs.push('，尚未研判', f.fig('untriaged', '尚未研判', c.byLevel.untriaged, '个', cases({ status: 'registered' })));
  }
  runs.push('。已办结', f.fig('closed', '已办结', c.closed, '个', cases({ open: 'false' })), '，办结率', f.fig('closureRate', '办结率', percent(c.closed, c.events), '', cases({ open: 'false' })));
  if (c.medianHandlingHours !== null) runs.push('，办理时长中位数', f.fig('medianHours', '办理时长中位数', c.medianHandlingHours, '小时', cases({ open: 'false' })));
  runs.push('。');
  items.push(para(...runs));
  const timely: DocRun[] = [];
  if (c.firstResponseDue) timely.push('按时限要求应首次回应', f.fig('firstDue', '应首次回应', c.firstResponseDue, '个', cases({})), '，按时回应', f.fig('firstOnTime', '按时首次回应', c.firstResponseOnTime, '个', cases({})), '，按时回应率', f.fig('firstRate', '首次回应按时率', percent(c.firstResponseOnTime, c.firstResponseDue), '', cases({})));
  if (c.closeDue) timely.push(timely.length ? '；' : '', '已办结且有办结时限的', f.fig('closeDue', '已办结且有办结时限的事件', c.closeDue, '个', cases({ open: 'false' })), '，在时限内办结', f.fig('closedOnTime', '按时办结', c.closedOnTime, '个', cases({ open: 'false' })), '，办结按时率', f.fig('closeRate', '办结按时率', percent(c.closedOnTime, c.closeDue), '', cases({ open: 'false' })));
  if (timely.length) items.push(para(...timely, '。'));
  if (c.replies.length) {
    const eg: DocRun[] = ['坚持公开回应群众关切，'];
    c.replies.slice(0, 3).forEach((r, i) => eg.push(i ? '；针对' : '针对', { text: quote(r.title, 30), link: `/cases/${r.eventId}` }, `，及时公开答复${quote(r.reply, 60)}`));
    eg.push('。');
    items.push(para(...eg));
  }
  briefPara();
  if (c.firstResponseDue > c.firstResponseOnTime) {
    shortfalls.push(['回应群众关切还不够及时，', f.fig('firstLate', '未按时首次回应', c.firstResponseDue - c.firstResponseOnTime, '个事件未在时限内首次回应', cases({})), '。']);
  }
  if (c.closedLate) {
    const eg = c.lateClosures.slice(0, 3).map((x) => `${quote(x.title, 30)}（${x.unitName}）`);
    shortfalls.push(['部分诉求办结超过时限，本期', f.fig('closedLate', '超过办结时限才办结的事件', c.closedLate, '个事件超过办结时限才办结', cases({ open: 'false' })), eg.length ? `，如${eg.join('、')}。` : '。']);
  }
  if (c.overdueOpen) {
    shortfalls.push(['诉求办理还有拖延，', f.fig('overdueOpen', '超过时限仍未办结的事件', c.overdueOpen, '个事件超过时限仍未办结', cases({ overdue: 'true' })), '。']);
    nextSteps.push([{ text: `对超过时限的${c.overdueOpen}个舆情诉求事件逐件督办，限期答复办结。`, link: cases({ overdue: 'true' }) }]);
  } else if (c.open) {
    nextSteps.push([{ text: `抓好${c.open}个在办舆情诉求事件的核实、回应和办结。`, link: cases({ open: 'true' }) }]);
  }
  return done();
});
