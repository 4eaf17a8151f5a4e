/**
 * The built-in sections of 工作总结: organisation and responsibility, study and meetings, tasks and
 * rectification, risk points. Every number comes from a module's figures.ts — the same functions
 * the register pages call — and every figure links to the records behind it. Where a figure is
 * missing the sentence is left out (or worded for zero) and the preview lists what to add.
 */
import type { DocItem, DocRun, MissingNotice } from '../../common/documents';
import { DUTY_KIND_LABELS } from '../../common/labels';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES } from '../../common/ledger';
import { RISK_LEVEL_LABELS, RISK_LEVELS } from '../../common/risks';
import { dutyFigures } from '../modules/duty/figures';
import { leadingGroupOf } from '../modules/leading-group/figures';
import { activityTopics, ledgerFiguresWithProgress } from '../modules/ledger/figures';
import { openRects, rectFigures } from '../modules/rectification/figures';
import { riskFigures } from '../modules/risks/figures';
import { asOfDay, openTasks, taskFigures } from '../modules/tasks/figures';
import { Figures, joinNames, link, para, percent, rangeOf, shortDate } from './content';
import { registerSummarySection } from './summary';

const quote = (s: string) => `“${s.length > 40 ? `${s.slice(0, 40)}…` : s}”`;

registerSummarySection({
  key: 'organisation',
  heading: '组织领导和责任落实',
  order: 10,
  async build(ctx) {
    const f = new Figures('organisation');
    const items: DocItem[] = [];
    const missing: MissingNotice[] = [];
    const shortfalls: DocRun[][] = [];
    const year = Number(ctx.to.slice(0, 4));
    const lgLink = link('/leading-group', { unitId: ctx.unit.id });
    const lg = await leadingGroupOf(ctx.db, ctx.unit.id);
    if (lg.members.length) {
      const names = (role: string) => lg.members.filter((m) => m.groupRole === role).map((m) => m.personName);
      const runs: DocRun[] = [`${ctx.unit.name}网络意识形态工作领导小组现有成员`, f.fig('groupMembers', '领导小组成员', lg.members.length, '人', lgLink)];
      if (names('leader').length) runs.push(`，由${names('leader')[0]}任组长`);
      if (names('deputy').length) runs.push(`，${joinNames(names('deputy'))}任副组长`);
      if (names('office_director').length) runs.push(`，办公室主任由${joinNames(names('office_director'))}担任`);
      runs.push('。');
      items.push(para(...runs));
    } else {
      missing.push({ section: 'organisation', text: '未录入本单位网络意识形态工作领导小组成员', link: lgLink });
    }
    if (lg.duties.length) {
      const parts: string[] = [];
      for (const kind of ['primary', 'direct'] as const) {
        const people = lg.duties.filter((d) => d.kind === kind).map((d) => d.personName);
        if (people.length) parts.push(`${joinNames(people)}为${DUTY_KIND_LABELS[kind]}`);
      }
      const dual = lg.duties.filter((d) => d.kind === 'dual_duty');
      const runs: DocRun[] = [`明确${parts.join('，')}`];
      if (dual.length) {
        runs.push(parts.length ? '，落实一岗双责的班子成员' : '落实一岗双责的班子成员', f.fig('dualDuty', '落实一岗双责的班子成员', dual.length, '名', lgLink));
        const scoped = dual.filter((d) => d.scopeUnits.length).map((d) => `${d.personName}分管${d.scopeUnits.map((u) => u.name).join('、')}`);
        if (scoped.length) runs.push(`（${scoped.join('；')}）`);
      }
      runs.push('，一级抓一级、层层抓落实。');
      items.push(para(...runs));
    } else {
      missing.push({ section: 'organisation', text: '未录入责任分工（第一责任人、直接责任人、一岗双责）', link: lgLink });
    }
    const duty = await dutyFigures(ctx.db, rangeOf(ctx));
    const dutyLink = link('/duty-list', { unitId: ctx.unit.id, year });
    if (duty.dutyItems) {
      items.push(para(`${year}年度责任清单列明责任事项`, f.fig('dutyItems', '责任清单事项', duty.dutyItems, '项', dutyLink), '，涉及', f.fig('unitsWithList', '建立责任清单的单位', duty.unitsWithList, '个单位', dutyLink), '。'));
    } else {
      missing.push({ section: 'organisation', text: `未建立${year}年度责任清单`, link: dutyLink });
    }
    const agreementLink = link('/agreements', { unitId: ctx.unit.id, year });
    if (duty.agreements && duty.expectedSignatures) {
      items.push(para(
        `${year}年度印发责任书`, f.fig('agreements', '责任书', duty.agreements, '份', agreementLink), '，应签订', f.fig('expectedSignatures', '应签订', duty.expectedSignatures, '个', agreementLink),
        '，已签订', f.fig('signed', '已签订', duty.signed, '个', agreementLink), '，签订率', f.fig('signRate', '责任书签订率', percent(duty.signed, duty.expectedSignatures), '', agreementLink), '。',
      ));
      if (duty.unsigned.length) {
        const who = duty.unsigned.slice(0, 3).map((u) => u.signatory).filter(Boolean);
        shortfalls.push([
          '责任书签订还不到位，尚有', f.fig('unsigned', '未签订', duty.unsigned.length, '个签订对象未签订', link('/agreements', { unitId: ctx.unit.id, year, unsigned: true })),
          who.length ? `（${who.join('、')}${duty.unsigned.length > who.length ? '等' : ''}）。` : '。',
        ]);
      }
    } else {
      missing.push({ section: 'organisation', text: `未登记${year}年度责任书或签订对象`, link: agreementLink });
    }
    return { items, figures: f.list, missing, shortfalls };
  },
});

registerSummarySection({
  key: 'study',
  heading: '理论学习和研讨会议',
  order: 20,
  async build(ctx) {
    const f = new Figures('study');
    const r = rangeOf(ctx);
    const items: DocItem[] = [];
    const missing: MissingNotice[] = [];
    const shortfalls: DocRun[][] = [];
    const nextSteps: DocRun[][] = [];
    const year = Number(ctx.to.slice(0, 4));
    const activities = (extra: Record<string, string | boolean>) => link('/activities', { unitId: ctx.unit.id, from: ctx.from, to: ctx.to, ...extra });
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
      items.push(para('围绕', { text: topics.map((t) => quote(t.topic)).join('、'), link: activities({ onTopic: true }) }, `等主题开展学习研讨。`));
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
    return { items, figures: f.list, missing, shortfalls, nextSteps };
  },
});

registerSummarySection({
  key: 'tasks',
  heading: '任务落实和问题整改',
  order: 30,
  async build(ctx) {
    const f = new Figures('tasks');
    const r = rangeOf(ctx);
    const items: DocItem[] = [];
    const missing: MissingNotice[] = [];
    const shortfalls: DocRun[][] = [];
    const nextSteps: DocRun[][] = [];
    const year = Number(ctx.to.slice(0, 4));
    const tasks = (extra: Record<string, string | boolean>) => link('/tasks', { unitId: ctx.unit.id, ...extra });
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
    const open = await openTasks(ctx.db, r, 50);
    if (tf.overdueOpen) {
      const eg = open.overdue.slice(0, 3).map((t) => `${quote(t.title)}（${t.unitName}${t.overdueDays ? `，逾期${t.overdueDays}天` : ''}）`);
      shortfalls.push(['任务推进不够及时，', f.fig('overdueShort', '逾期未完成任务', tf.overdueOpen, '项任务逾期未完成', overdueLink), eg.length ? `，如${eg.join('、')}。` : '。']);
    }
    if (tf.completedLate) {
      shortfalls.push(['部分任务完成时超过时限，本期', f.fig('late', '超过时限完成的任务', tf.completedLate, '项', tasks({ ...inPeriod, status: 'done' })), '任务未能按期完成。']);
    }
    for (const t of open.items.slice(0, 5)) {
      nextSteps.push([{ text: `继续推进${quote(t.title)}，由${t.unitName}${t.ownerName ? `${t.ownerName}` : ''}负责，${t.dueDay ? `${shortDate(t.dueDay, year)}前完成` : '长期坚持、定期报告进展'}。`, link: `/tasks/${t.id}` }]);
    }

    const rf = await rectFigures(ctx.db, r);
    const rect = (extra: Record<string, string | boolean>) => link('/rectification', { unitId: ctx.unit.id, ...extra });
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
      const eg = openR.items.filter((x) => x.overdueDays > 0).slice(0, 3).map((x) => `${quote(x.problem)}（${x.unitName}，逾期${x.overdueDays}天）`);
      shortfalls.push(['问题整改还不够彻底，', f.fig('rectOverdueShort', '超过整改时限的整改事项', rf.overdueOpen, '项整改事项超过整改时限仍未销号', rect({ overdue: true })), eg.length ? `，如${eg.join('、')}。` : '。']);
    }
    for (const x of openR.items.slice(0, 5)) {
      nextSteps.push([{ text: `抓好${quote(x.problem)}的整改，由${x.unitName}负责，${shortDate(x.dueDay, year)}前完成整改并申请销号。`, link: `/rectification/${x.id}` }]);
    }
    return { items, figures: f.list, missing, shortfalls, nextSteps };
  },
});

registerSummarySection({
  key: 'risks',
  heading: '风险排查和防控',
  order: 40,
  async build(ctx) {
    const f = new Figures('risks');
    const r = rangeOf(ctx);
    const items: DocItem[] = [];
    const missing: MissingNotice[] = [];
    const shortfalls: DocRun[][] = [];
    const nextSteps: DocRun[][] = [];
    const risks = (extra: Record<string, string | boolean>) => link('/risks', { unitId: ctx.unit.id, ...extra });
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
      if (rk.assessmentsInPeriod) runs.push('，开展重大决策舆情风险评估', f.fig('assessments', '重大决策舆情风险评估', rk.assessmentsInPeriod, '次', link('/risk-assessments', { unitId: ctx.unit.id })));
      runs.push('。');
      items.push(para(...runs));
      if (rk.overdueReviews) {
        shortfalls.push(['风险动态管理有欠缺，', f.fig('overdueReviews', '超期未复核的风险点', rk.overdueReviews, '个风险点超过复核日期未复核', risks({ overdue: true })), '。']);
        nextSteps.push([{ text: `对超过复核日期的${rk.overdueReviews}个风险点逐一复核，更新等级和防控措施。`, link: risks({ overdue: true }) }]);
      }
    } else {
      missing.push({ section: 'risks', text: '未登记风险点', link: risks({}) });
    }
    return { items, figures: f.list, missing, shortfalls, nextSteps };
  },
});
