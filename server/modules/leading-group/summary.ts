/**
 * 工作总结's section on 组织领导和责任落实: the leading group and its office, responsibility roles, the duty
 * list and the agreements signed (from the leading-group and duty figures). Every number comes
 * from the module's figures.ts (the same functions the register pages call) and every figure
 * links to the records behind it; where a figure is missing the sentence is left out (or worded
 * for zero) and the preview lists what to add.
 */
import type { DocRun } from '../../../common/documents';
import { DUTY_KIND_LABELS } from '../../../common/labels';
import { dutyFigures } from '../duty/figures';
import { leadingGroupOf } from './figures';
import { inQuotes, joinNames, link, para, percent, rangeOf, summarySection } from '../../documents/content';

export const organisationSection = summarySection({ key: 'organisation', heading: '组织领导和责任落实', order: 10 }, async (ctx, { f, year, items, missing, shortfalls, done }) => {
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
  return done();
});


