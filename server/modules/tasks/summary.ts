/**
 * 工作总结's section on 任务落实和问题整改: tasks by status with the on-time rate and what is overdue, and
 * rectification raised, signed off and open (from the tasks and rectification figures). Every
 * number comes from the module's figures.ts (the same functions the register pages call) and
 * every figure links to the records behind it; where a figure is missing the sentence is left out
 * (or worded for zero) and the preview lists what to add.
 */
import type { DocRun } from '../../../common/documents';
import { openRects, rectFigures } from '../rectification/figures';
import { openTaskLists, taskFigures } from './figures';
import { inQuotes, joinNames, para, percent, shortDate, summarySection } from '../../documents/content';

/** Records of one matter together (the copies of an assigned task, one per unit), in first-seen order. */
function byMatter<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const t of items) groups.set(key(t), [...(groups.get(key(t)) ?? []), t]);
  return [...groups.values()];
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

export const taskSection = summarySection({ key: 'tasks', heading: '任务落实和问题整改', order: 30 }, async (ctx, { f, r, year, items, missing, shortfalls, nextSteps, records, done }) => {
  const tasks = records('/tasks');
  const inPeriod = { from: ctx.from, to: ctx.to, span: 'period', leaf: true };
  const tf = await taskFigures(ctx.db, r);
  const overdueLink = tasks({ overdue: true });
  if (tf.total) {
    const runs: DocRun[] = ['本期承担工作任务', f.fig('total', '本期任务', tf.total, '项', tasks(inPeriod)), '，已完成', f.fig('done', '已完成任务', tf.byStatus.done, '项', tasks({ ...inPeriod, status: 'done' }))];
    if (tf.completedOnTime + tf.completedLate > 0) {
      runs.push('，其中按期完成', f.fig('onTime', '按期完成任务', tf.completedOnTime, '项', tasks({ ...inPeriod, status: 'done' })), '，按期完成率', f.fig('onTimeRate', '任务按期完成率', percent(tf.completedOnTime, tf.completedOnTime + tf.completedLate), '', tasks({ ...inPeriod, status: 'done' })));
    }
    runs.push(tf.overdueOpen ? '；逾期未完成' : '，没有逾期未完成的任务');
    if (tf.overdueOpen) runs.push(f.fig('overdue', '逾期未完成任务', tf.overdueOpen, '项', overdueLink));
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'tasks', text: '本期没有任务台账记录', link: tasks({}) });
  }
  const open = await openTaskLists(ctx.db, r, 50);
  if (tf.overdueOpen) {
    const eg = open.overdue.slice(0, 3).map((t) => `${inQuotes(t.title)}（${t.unitName}${t.overdueDays ? `，逾期${t.overdueDays}天` : ''}）`);
    shortfalls.push(['任务推进不够及时，', f.fig('overdueShort', '逾期未完成任务', tf.overdueOpen, '项任务逾期未完成', overdueLink), eg.length ? `，如${eg.join('、')}。` : '。']);
  }
  if (tf.completedLate) {
    shortfalls.push(['部分任务完成时超过时限，本期', f.fig('late', '超过时限完成的任务', tf.completedLate, '项', tasks({ ...inPeriod, status: 'done' })), '任务未能按期完成。']);
  }
  // 下一步 as a county office writes it: one line per matter with the units that carry it (an assigned
  // task once, not once per township), no one's name, and no deadline the document's date has passed.
  for (const g of byMatter(open.items, (t) => t.title).slice(0, 5)) {
    const units = joinNames(unique(g.map((t) => t.unitName)));
    const due = g.map((t) => t.dueDay).filter((d): d is string => !!d).sort()[0] ?? null;
    const when = !due ? '长期坚持、定期报告进展' : due >= ctx.today ? `${shortDate(due, year)}前完成` : '已超过完成时限，督促抓紧完成';
    nextSteps.push([{ text: `继续推进${inQuotes(g[0].title)}，由${units}${g.length > 1 ? '分别' : ''}负责，${when}。`, link: g.length > 1 ? tasks({ q: g[0].title.slice(0, 50) }) : `/tasks/${g[0].id}` }]);
  }

  const rf = await rectFigures(ctx.db, r);
  const rect = records('/rectification');
  if (rf.opened || rf.closed || rf.open) {
    const runs: DocRun[] = [];
    if (rf.opened) runs.push('本期新提出整改事项', f.fig('rectOpened', '本期提出的整改事项', rf.opened, '项', rect({ from: ctx.from, to: ctx.to })), '，销号');
    else runs.push('本期销号整改事项');
    runs.push(f.fig('rectClosed', '本期销号的整改事项', rf.closed, '项', rect({ status: 'closed' })));
    if (rf.closed) runs.push('，其中按期销号', f.fig('rectOnTime', '按期销号', rf.closedOnTime, '项', rect({ status: 'closed' })), '，按期销号率', f.fig('rectOnTimeRate', '整改按期销号率', percent(rf.closedOnTime, rf.closed), '', rect({ status: 'closed' })));
    if (rf.open) {
      runs.push('；尚在整改', f.fig('rectOpen', '尚未销号的整改事项', rf.open, '项', rect({})));
      if (rf.overdueOpen) runs.push('，其中超过整改时限', f.fig('rectOverdue', '超过整改时限的整改事项', rf.overdueOpen, '项', rect({ overdue: true })));
    } else {
      runs.push('，整改事项已全部销号');
    }
    runs.push('。');
    items.push(para(...runs));
  }
  const openR = await openRects(ctx.db, r, 50);
  if (rf.overdueOpen) {
    const eg = openR.items.filter((x) => x.overdueDays > 0).slice(0, 3).map((x) => `${inQuotes(x.problem)}（${x.unitName}，逾期${x.overdueDays}天）`);
    shortfalls.push(['问题整改还不够彻底，', f.fig('rectOverdueShort', '超过整改时限的整改事项', rf.overdueOpen, '项整改事项超过整改时限仍未销号', rect({ overdue: true })), eg.length ? `，如${eg.join('、')}。` : '。']);
  }
  for (const g of byMatter(openR.items, (x) => x.problem).slice(0, 5)) {
    const units = joinNames(unique(g.map((x) => x.unitName)));
    const due = g.map((x) => x.dueDay).sort()[0];
    const when = due >= ctx.today ? `${shortDate(due, year)}前完成整改并申请销号` : '已超过整改时限，督促抓紧整改到位并申请销号';
    nextSteps.push([{ text: `抓好${inQuotes(g[0].problem)}的整改，由${units}${g.length > 1 ? '分别' : ''}负责，${when}。`, link: g.length > 1 ? rect({ q: g[0].problem.slice(0, 50) }) : `/rectification/${g[0].id}` }]);
  }
  return done();
});


