/**
 * 工作方案 for a year: the leading group and its office, responsibilities by role (一岗双责), main
 * tasks from the year's duty list and the open tasks with owners and deadlines, the year's
 * targets, and the user's own paragraphs for the general requirements and for reporting and
 * assessment arrangements.
 */
import type { DocItem, DocRun, MissingNotice } from '../../../common/documents';
import { DUTY_KIND_LABELS, GROUP_ROLE_LABELS } from '../../../common/labels';
import { ACTIVITY_TYPE_LABELS } from '../../../common/ledger';
import { dutyItemsOf } from '../duty/figures';
import { leadingGroupOf } from '../leading-group/figures';
import { targetFigures } from '../ledger/figures';
import { openTasks } from '../tasks/figures';
import { reportingPlanItems } from '../reporting/plan';
import { planAssessmentItems } from '../checks/summary';
import { superiorOffice } from './settings';
import { Figures, type Generator, joinNames, link, para, section, shortDate, slot } from '../../documents/content';

export const planGenerator: Generator = {
  type: 'plan',
  title: (ctx) => `${ctx.unit.name}${ctx.from.slice(0, 4)}年网络意识形态工作责任制实施方案`,
  async build(ctx) {
    const year = Number(ctx.from.slice(0, 4));
    const f = new Figures('plan');
    const missing: MissingNotice[] = [];
    const lgLink = link('/leading-group', { unitId: ctx.unit.id });

    const org: DocItem[] = [];
    const lg = await leadingGroupOf(ctx.db, ctx.unit.id);
    if (lg.members.length) {
      org.push(para(`${ctx.unit.name}网络意识形态工作领导小组由以下`, f.fig('groupMembers', '领导小组成员', lg.members.length, '名同志组成：', lgLink)));
      for (const role of ['leader', 'deputy', 'member'] as const) {
        const people = lg.members.filter((m) => m.groupRole === role).map((m) => (m.position ? `${m.personName}（${m.position}）` : m.personName));
        if (people.length) org.push(para(`${GROUP_ROLE_LABELS[role]}：${people.join('、')}`));
      }
      const office = lg.members.filter((m) => m.groupRole === 'office_director').map((m) => m.personName);
      if (office.length) org.push(para(`领导小组下设办公室，${joinNames(office)}任办公室主任，负责日常工作。`));
    } else {
      missing.push({ section: 'organisation', text: '未录入本单位网络意识形态工作领导小组成员', link: lgLink });
    }
    if (lg.duties.length) {
      org.push({ kind: 'heading', level: 2, text: '责任分工' });
      for (const d of lg.duties) {
        const scope = d.scopeUnits.length ? `，对${d.scopeUnits.map((u) => u.name).join('、')}的网络意识形态工作负领导责任` : '';
        org.push({ kind: 'heading', level: 3, text: '', rest: [{ text: `${d.personName}${d.position ? `（${d.position}）` : ''}：${DUTY_KIND_LABELS[d.kind]}${scope}${d.note ? `；${d.note}` : ''}。`, link: lgLink }] });
      }
    } else {
      missing.push({ section: 'organisation', text: '未录入责任分工（第一责任人、直接责任人、一岗双责）', link: lgLink });
    }

    const tasks: DocItem[] = [];
    const dutyLink = link('/duty-list', { unitId: ctx.unit.id, year });
    const duty = await dutyItemsOf(ctx.db, ctx.unit.id, year);
    if (duty.length) {
      tasks.push({ kind: 'heading', level: 2, text: '责任清单事项' });
      f.fig('dutyItems', '责任清单事项', duty.length, '项', dutyLink);
      for (const d of duty) {
        const who = [d.leader_name ? `牵头领导：${d.leader_name}` : '', d.departments_text ? `责任部门：${d.departments_text}` : ''].filter(Boolean).join('；');
        tasks.push({ kind: 'heading', level: 3, text: '', rest: [{ text: `${d.content}${who ? `（${who}）` : ''}`, link: dutyLink }] });
      }
    } else {
      missing.push({ section: 'tasks', text: `未建立${year}年度责任清单`, link: dutyLink });
    }
    const open = await openTasks(ctx.db, { unitPath: ctx.unit.path, from: `${year}-01-01`, to: `${year}-12-31` }, 30);
    if (open.items.length) {
      const taskLink = link('/tasks', { unitId: ctx.unit.id, status: 'in_progress' });
      tasks.push({ kind: 'heading', level: 2, text: '推进中的工作任务' });
      tasks.push(para('目前尚未完成的工作任务', f.fig('openTasks', '尚未完成的任务', open.total, '项', link('/tasks', { unitId: ctx.unit.id })), open.total > open.items.length ? `，主要的${open.items.length}项如下：` : '，如下：'));
      tasks.push({
        kind: 'table', header: ['任务', '责任单位', '责任人', '完成时限'], widths: [5, 3, 2, 3], link: taskLink,
        rows: open.items.map((t) => [t.title, t.unitName, t.ownerName ?? '', t.dueDay ? shortDate(t.dueDay) : '长期坚持']),
      });
    }

    const targets: DocItem[] = [];
    const targetLink = link('/targets', { unitId: ctx.unit.id, year });
    const progress = await targetFigures(ctx.db, { unitPath: ctx.unit.path, from: `${year}-01-01`, to: `${year}-12-31` });
    const own = progress.find((u) => u.unitId === ctx.unit.id);
    if (own?.items.length) {
      for (const i of own.items) {
        const parts = [i.target.minTotal ? `全年不少于${i.target.minTotal}次` : '', i.target.minOnTopic ? `其中涉及网络意识形态工作不少于${i.target.minOnTopic}次` : '', i.target.minPerQuarter ? `每季度不少于${i.target.minPerQuarter}次` : ''].filter(Boolean);
        targets.push({ kind: 'heading', level: 3, text: '', rest: [{ text: `${ACTIVITY_TYPE_LABELS[i.type]}：${parts.join('，')}。`, link: targetLink }] as DocRun[] });
      }
    } else {
      missing.push({ section: 'targets', text: `未设定${year}年度学习、会议目标`, link: targetLink });
    }

    const reporting = await reportingPlanItems(ctx.db, ctx.unit, ctx.from, ctx.to, f);

    return {
      recipient: await superiorOffice(ctx.db, ctx.unit.id), recipientEditable: true,
      missing,
      figures: f.list,
      sections: [
        section('intro', null, [slot('intro.text', '总体要求', '指导思想和总体要求；不填则文稿中不出现。')]),
        section('organisation', '组织领导', [...org, slot('organisation.extra', '补充段落', '可补充组织领导方面的安排。')]),
        section('tasks', '主要任务', [...tasks, slot('tasks.extra', '补充任务', '可补充本年度的其他任务。')]),
        section('targets', '工作目标', [...targets, slot('targets.extra', '补充目标', '可补充其他目标。')]),
        section('reporting', '报告和考核', [...reporting, ...(await planAssessmentItems(ctx, f)), slot('reporting.text', '报告和考核安排', '报告制度、督查考核和问责安排；不填则文稿中不出现。')]),
      ],
    };
  },
};
