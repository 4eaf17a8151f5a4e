/**
 * 工作总结's 报告制度 section: reports due in the period across the subtree, reporting and on-time
 * rates, nil reports, and the late and missing units by name. Every number comes from
 * figures.ts (what the rates page shows) and links to the submissions behind it; a subtree
 * with no reports due in the period gets no section.
 */
import type { DocRun } from '../../../common/documents';
import { CYCLE_LABELS } from '../../../common/reporting';
import { inQuotes, joinNames, para, percent, summarySection } from '../../documents/content';
import { reportingFigures } from './figures';

export const reportingSection = summarySection({ key: 'reporting', heading: '报告制度落实', order: 55 }, async (ctx, { f, r, items, shortfalls, nextSteps, records, done }) => {
  const fig = await reportingFigures(ctx.db, r);
  if (!fig.expected) return done();
  const list = records('/reporting', { period: true });
  const runs: DocRun[] = [
    '本期各单位应报送报告', f.fig('expected', '应报报告', fig.expected, '份', list()),
    '，已报送', f.fig('submitted', '已报送报告', fig.submitted, '份', list({ reported: true })),
    '，报送率', f.fig('reportingRate', '报告报送率', percent(fig.submitted, fig.expected), '', list({ reported: true })),
    '；在时限内报送', f.fig('timely', '按时限报送的报告', fig.timely, '份', list({ timely: true })),
    '，及时率', f.fig('onTimeRate', '报告及时率', percent(fig.timely, fig.expected), '', list({ timely: true })),
  ];
  if (fig.nil) runs.push('；其中本期无情况的零报告', f.fig('nil', '零报告', fig.nil, '份', list({ state: 'nil' })));
  if (fig.late) runs.push('；迟报', f.fig('late', '迟报报告', fig.late, '份', list({ state: 'late' })));
  if (fig.returned) runs.push('；退回修改尚未重报', f.fig('returned', '退回待改报告', fig.returned, '份', list({ state: 'returned' })));
  runs.push(fig.missing ? '；未报' : '，没有未报的报告');
  if (fig.missing) runs.push(f.fig('missing', '未报报告', fig.missing, '份', list({ state: 'missing' })));
  runs.push('。');
  items.push(para(...runs));
  if (fig.bySchedule.length > 1) {
    for (const s of fig.bySchedule) {
      items.push(para(`${inQuotes(s.name)}（${CYCLE_LABELS[s.cycle]}）应报`, f.fig(`schedule.${s.scheduleId}.expected`, `${s.name}应报`, s.figures.expected, '份', list({ scheduleId: s.scheduleId })),
        '，已报', f.fig(`schedule.${s.scheduleId}.submitted`, `${s.name}已报`, s.figures.submitted, '份', list({ scheduleId: s.scheduleId, reported: true })), '。'));
    }
  }
  const names = (xs: { unitName: string; count: number }[]) => joinNames(xs.slice(0, 8).map((u) => (u.count > 1 ? `${u.unitName}（${u.count}份）` : u.unitName))) + (xs.length > 8 ? `等${xs.length}个单位` : '');
  if (fig.lateUnits.length) items.push(para('迟报的单位有：', { text: names(fig.lateUnits), link: list({ state: 'late' }) }, '。'));
  if (fig.missingUnits.length) {
    items.push(para('未报的单位有：', { text: names(fig.missingUnits), link: list({ state: 'missing' }) }, '。'));
    shortfalls.push(['报告制度落实还不到位，', f.fig('missingShort', '未报报告', fig.missing, '份报告逾期未报', list({ state: 'missing' })), `，涉及${names(fig.missingUnits)}。`]);
    nextSteps.push([{ text: `督促${names(fig.missingUnits)}补报逾期未报的报告，落实“本期无情况也要报零报告”的要求。`, link: list({ state: 'missing' }) }]);
  }
  if (fig.late && !fig.missing) shortfalls.push(['个别单位报告不够及时，本期', f.fig('lateShort', '迟报报告', fig.late, '份报告超过时限才报送', list({ state: 'late' })), '。']);
  return done();
});
