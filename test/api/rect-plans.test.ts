/**
 * Rectification plans as the units write them: problems under aspects, measures numbered 一是、
 * 二是…, deadlines with 长期坚持, and per batch the basis document and the 整改专班; the 整改方案
 * and 整改报告 generated in that structure, read back from the .docx rendered to PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { cnOrdinal, measureItems, numberedMeasures } from '../../common/rectification';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { docxPdfText } from '../helpers/docx';
import { sectionParagraphs } from '../helpers/drafts';
import { buildCounty, makePerson, PASSWORD } from '../helpers/factories';

const batch = '2026年县委第一轮巡察';
const headings = (d: DraftView, key: string) =>
  d.content.sections.filter((s) => s.key === key).flatMap((s) => s.items).flatMap((i) => (i.kind === 'heading' ? [`${i.level}:${i.text}`] : []));

describe(`rectification plans by aspect [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let aStaff: Agent;
  let aLiaison: Agent;
  let bStaff: Agent;
  let member: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    member = await makePerson(t.db, { unit: county.units.county, name: '县钱', position: '网信办主任' });
    [countyStaff, countyLeader, aStaff, aLiaison, bStaff] = await Promise.all(['county_staff', 'county_leader', 'a_staff', 'a_liaison', 'b_staff'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const raise = (patch: object) =>
    countyStaff.post('/api/rectifications', {
      unitId: county.units.a.id, origin: 'inspection', batch, ownerPersonId: county.people.a.id, startDay: '2026-09-01', dueMode: 'date', dueDay: '2026-10-20', ...patch,
    });

  it('numbers measures as the units do, and takes off numbering typed by hand', () => {
    expect(measureItems('一是明确专人负责\n 2. 每周核对一次 \n\n（3）建立台账')).toEqual(['明确专人负责', '每周核对一次', '建立台账']);
    expect(numberedMeasures(['明确专人负责', '每周核对一次；'])).toBe('一是明确专人负责。二是每周核对一次。');
    expect(numberedMeasures(['明确专人负责'])).toBe('明确专人负责。');
    expect([cnOrdinal(1), cnOrdinal(10), cnOrdinal(11), cnOrdinal(20), cnOrdinal(23)]).toEqual(['一', '十', '十一', '二十', '二十三']);
  });

  it('keeps an item\'s aspect, its measures one a line and 长期坚持, and refuses bad input naming the field', async () => {
    const r = await raise({ problem: '传达部署多、督查检查少', aspect: '在落实意识形态工作责任制方面', measures: '一是专题学习\n二是纳入年度考核', keepOn: true });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ aspect: '落实意识形态工作责任制', measureItems: ['专题学习', '纳入年度考核'], keepOn: true });
    const u = await countyStaff.put(`/api/rectifications/${r.body.id}`, {
      problem: '传达部署多、督查检查少', origin: 'inspection', batch, aspect: '落实意识形态工作责任制', measures: '专题学习\n纳入年度考核\n每季度督查一次',
      ownerPersonId: county.people.a.id, startDay: '2026-09-01', dueMode: 'date', dueDay: '2026-10-20', keepOn: true, version: 0,
    });
    expect(u.body).toMatchObject({ measureItems: ['专题学习', '纳入年度考核', '每季度督查一次'], version: 1 });
    const hist = (await countyStaff.get(`/api/rectifications/${r.body.id}/history`)).body.items;
    expect(hist.at(-1).after).toMatchObject({ aspect: '落实意识形态工作责任制', keepOn: true });
    expect((await raise({ problem: 'x', measures: 'y', aspect: 'a'.repeat(101) })).body).toMatchObject({ field: 'aspect', message: '问题方面不能超过 100 个字' });
    expect((await raise({ problem: 'x', measures: 'y', keepOn: 'yes' })).body).toMatchObject({ field: 'keepOn', message: '“长期坚持”应为是或否' });
  });

  it('keeps the plan\'s basis and 整改专班 per unit and batch: created once, stale edits refused, scope and fields checked', async () => {
    const base = { unitId: county.units.county.id, batch, basisTitle: '《关于反馈县委第一轮巡察意见的通知》', basisDocNo: '测委巡〔2026〕7号', teamLeaderId: county.people.county.id, teamMemberIds: [member.id, county.people.a.id] };
    expect((await countyStaff.get(`/api/rectifications/plans?batch=${encodeURIComponent(batch)}`)).body).toEqual({ item: null });
    // Two first saves at once: one wins, the other is told to reload.
    const [x, y] = await Promise.all([countyStaff.put('/api/rectifications/plans', { ...base, version: null }), countyLeader.put('/api/rectifications/plans', { ...base, version: null })]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const got = (await countyStaff.get(`/api/rectifications/plans?batch=${encodeURIComponent(batch)}`)).body.item;
    expect(got).toMatchObject({ basisTitle: '关于反馈县委第一轮巡察意见的通知', basisDocNo: '测委巡〔2026〕7号', teamLeaderName: '县张', teamMembers: [{ name: '县钱' }, { name: '镇李' }], version: 0 });
    expect((await countyStaff.put('/api/rectifications/plans', { ...base, version: null })).body.code).toBe('STALE');
    const bad = async (patch: object) => (await countyStaff.put('/api/rectifications/plans', { ...base, version: 0, ...patch })).body;
    expect(await bad({ batch: '' })).toMatchObject({ field: 'batch', message: '请填写检查批次' });
    expect(await bad({ basisTitle: null })).toMatchObject({ field: 'basisTitle', message: '填写依据文件文号时请同时填写文件标题' });
    expect(await bad({ teamLeaderId: null })).toMatchObject({ field: 'teamLeaderId', message: '请选择整改专班组长' });
    expect(await bad({ teamMemberIds: [county.people.county.id] })).toMatchObject({ field: 'teamMemberIds', message: '组长不必再列为成员' });
    expect(await bad({ teamMemberIds: [member.id, member.id] })).toMatchObject({ field: 'teamMemberIds', message: '专班成员有重复' });
    expect(await bad({ teamMemberIds: ['nobody'] })).toMatchObject({ field: 'teamMemberIds.0', message: '整改专班的人员应是本单位、上级或下级单位的人员' });
    // 城关镇's own plan cannot name 东山镇's people.
    expect((await aStaff.put('/api/rectifications/plans', { unitId: county.units.a.id, batch, teamLeaderId: county.people.b.id, version: null })).body).toMatchObject({ field: 'teamLeaderId' });
    expect((await bStaff.put('/api/rectifications/plans', { ...base, unitId: county.units.a.id, version: null })).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get(`/api/rectifications/plans?unitId=${county.units.a.id}&batch=x`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await aLiaison.put('/api/rectifications/plans', { unitId: county.units.a.id, batch, version: null })).body.code).toBe('FORBIDDEN');
    // Nothing above changed the plan.
    expect((await countyStaff.get(`/api/rectifications/plans?batch=${encodeURIComponent(batch)}`)).body.item.version).toBe(0);
    const ok = await countyStaff.put('/api/rectifications/plans', { ...base, teamMemberIds: [member.id], version: 0 });
    expect(ok.body).toMatchObject({ teamMembers: [{ name: '县钱' }], version: 1 });
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity', '=', 'rect_plan').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'update']);
  });

  it('writes the 整改方案 grouped by aspect, with numbered measures, 长期坚持, the basis and the 整改专班, and the 整改报告 likewise', async () => {
    // A second problem under the same aspect, one under another, and one with no aspect.
    await raise({ problem: '对意识形态工作重视不够，“重安排轻落实”', aspect: '落实意识形态工作责任制', measures: '将意识形态工作纳入班子述职\n定期分析研判', dueDay: '2026-10-31', keepOn: true });
    const r3 = (await raise({ problem: '政府门户网站栏目更新不及时', aspect: '网络阵地管理', measures: '明确专人负责栏目维护', dueDay: '2026-09-30', responsibleLeaderId: county.people.county.id })).body;
    await raise({ problem: '宣传栏内容陈旧', measures: '集中更换宣传栏内容', dueDay: '2026-12-31' });
    const plan = (await countyStaff.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'rect_plan', batch })).body as DraftView;
    expect(plan.content.missing).toEqual([]);
    expect(headings(plan, 'list')).toEqual([
      '2:在落实意识形态工作责任制方面',
      '3:针对“传达部署多、督查检查少”的问题',
      '3:针对“对意识形态工作重视不够，‘重安排轻落实’”的问题',
      '2:在网络阵地管理方面',
      '3:针对“政府门户网站栏目更新不及时”的问题',
      '2:在其他方面',
      '3:针对“宣传栏内容陈旧”的问题',
    ]);
    expect(sectionParagraphs(plan, 'intro')[0]).toBe(`${batch}（巡视巡察）共反馈问题4个，涉及1个单位。根据《关于反馈县委第一轮巡察意见的通知》（测委巡〔2026〕7号）要求，为抓好整改落实，制定本方案。`);
    expect(sectionParagraphs(plan, 'team')).toEqual(['成立整改专班，由县张任组长，县钱为成员，负责整改工作的组织推进、督促检查和验收销号。']);
    expect(sectionParagraphs(plan, 'list')).toEqual([
      '整改措施：一是专题学习。二是纳入年度考核。三是每季度督查一次。', '责任单位：城关镇；责任人：镇李。', '整改时限：2026年10月20日前，长期坚持。',
      '整改措施：一是将意识形态工作纳入班子述职。二是定期分析研判。', '责任单位：城关镇；责任人：镇李。', '整改时限：2026年10月31日前，长期坚持。',
      '整改措施：明确专人负责栏目维护。', '责任单位：城关镇；责任领导：县张；责任人：镇李。', '整改时限：2026年9月30日前。',
      '整改措施：集中更换宣传栏内容。', '责任单位：城关镇；责任人：镇李。', '整改时限：2026年12月31日前。',
    ]);
    // The measures link to their item.
    const runs = plan.content.sections.find((s) => s.key === 'list')!.items.flatMap((i) => (i.kind === 'paragraph' ? i.runs : []));
    expect(runs.find((x) => typeof x !== 'string' && x.text === '明确专人负责栏目维护。')).toMatchObject({ link: `/rectification/${r3.id}` });

    // The .docx, rendered to PDF: aspects numbered （一）（二）（三）, problems 1. 2. under each.
    const docx = await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${plan.id}/docx`, headers: { cookie: countyStaff.cookie } });
    expect(docx.statusCode).toBe(200);
    const pdf = docxPdfText(docx.rawPayload, 'rect-plan');
    for (const s of ['一、组织领导', '二、问题清单和整改措施', '（一）在落实意识形态工作责任制方面', '1.针对“传达部署多、督查检查少”的问题', '2.针对“对意识形态工作重视不够，‘重安排轻落实’”的问题',
      '（二）在网络阵地管理方面', '（三）在其他方面', '整改时限：2026年10月20日前，长期坚持。', '测委巡〔2026〕7号']) expect(pdf).toContain(s);
    expect(pdf.indexOf('（二）在网络阵地管理方面')).toBeLessThan(pdf.indexOf('1.针对“政府门户网站栏目更新不及时”的问题'));

    const report = (await countyStaff.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'rect_report', batch })).body as DraftView;
    expect(sectionParagraphs(report, 'intro')[0]).toMatch(/^按照《关于反馈县委第一轮巡察意见的通知》（测委巡〔2026〕7号）要求，成立整改专班，由县张任组长，县钱为成员，负责整改工作的组织推进、督促检查和验收销号。2026年县委第一轮巡察共反馈问题4个/);
    expect(headings(report, 'pending').slice(0, 3)).toEqual(['2:在落实意识形态工作责任制方面', '3:针对“传达部署多、督查检查少”的问题', '3:针对“对意识形态工作重视不够，‘重安排轻落实’”的问题']);
  });

  it('lists what the plan lacks in the preview, never as a placeholder', async () => {
    const other = '2026年第三轮督查';
    await raise({ problem: '未建立信息发布台账', batch: other, measures: '建立台账' });
    const plan = (await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'rect_plan', batch: other })).body as DraftView;
    expect(plan.content.missing.map((m) => m.text)).toEqual([
      `检查批次“${other}”未登记整改依据文件（标题和文号）`, `检查批次“${other}”未设置整改专班`, '整改事项均未填写问题方面，方案不能按方面分类',
    ]);
    expect(sectionParagraphs(plan, 'team')).toEqual([]);
    expect(sectionParagraphs(plan, 'intro')[0]).toBe(`${other}（巡视巡察）共反馈问题1个，涉及1个单位。为抓好整改落实，制定本方案。`);
    expect(headings(plan, 'list')).toEqual(['2:问题和整改措施', '3:针对“未建立信息发布台账”的问题']);
  });
});
