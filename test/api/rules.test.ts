/** 制度文件库 through the API: the register, versions, rules in force on a day, the plan's link, figures, summary sentences, reminders, export. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { seedDemoIfEmpty, DEMO_PASSWORD } from '../../server/modules/demo/seed';
import { ruleFigures } from '../../server/modules/rules/figures';
import { verifyAuditChain } from '../../server/platform/audit';
import { addDays, shanghaiDay, WorkCalendar } from '../../server/platform/calendar';
import { reminderSources } from '../../server/platform/reminders';
import { type Agent, login } from '../helpers/client';
import { sectionParagraphs } from '../helpers/drafts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const H1 = { kind: 'half', year: 2026, half: 1 };
const textOf = (d: DraftView, key: string) => sectionParagraphs(d, key).join('\n');
const runsText = (runs: (string | { text: string })[]) => runs.map((r) => (typeof r === 'string' ? r : r.text)).join('');

describe(`rules [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let countyStaff: Agent;
  let aLiaison: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff, countyStaff, aLiaison] = await Promise.all(['a_staff', 'b_staff', 'county_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const rule = (patch: object = {}) => ({
    unitId: county.units.a.id, title: '城关镇网络安全管理制度', category: 'cyber_security', docNumber: '城发〔2026〕3号', issuer: '城关镇人民政府',
    effectiveDay: '2026-02-01', reviewDay: null, repealDay: null, ...patch,
  });
  const body = (patch: object = {}) => {
    const { unitId: _u, ...rest } = rule(patch) as { unitId: string };
    return rest;
  };

  it('registers, corrects, refuses a stale edit, archives and restores; the history shows each step', async () => {
    const c = await aStaff.post('/api/rules', rule({ title: '测试登记制度' }));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ unitName: '城关镇', state: 'in_force', versionCount: 1, adoptedDay: '2026-02-01', docNumber: '城发〔2026〕3号' });
    const u = await aStaff.put(`/api/rules/${c.body.id}`, { ...body({ title: '测试登记制度', docNumber: '城发〔2026〕4号' }), version: 0 });
    expect(u.body).toMatchObject({ docNumber: '城发〔2026〕4号', version: 1 });
    expect((await aStaff.get(`/api/rules/${c.body.id}/versions`)).body.items).toEqual([expect.objectContaining({ seq: 1, docNumber: '城发〔2026〕4号' })]);
    expect((await aStaff.put(`/api/rules/${c.body.id}`, { ...body(), version: 0 })).body.code).toBe('STALE');
    expect((await aStaff.post(`/api/rules/${c.body.id}/archive`, { version: 1 })).body.archived).toBe(true);
    expect((await aStaff.put(`/api/rules/${c.body.id}`, { ...body(), version: 2 })).body.code).toBe('ARCHIVED');
    expect((await aStaff.post(`/api/rules/${c.body.id}/restore`, { version: 2 })).body.archived).toBe(false);
    expect((await aStaff.get(`/api/rules/${c.body.id}/history`)).body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'archive', 'restore']);
    await aStaff.post(`/api/rules/${c.body.id}/archive`, { version: 3 });
  });

  it('refuses bad input naming the field, other units and roles without the permission; double submits make one rule', async () => {
    const bad = async (patch: object) => (await aStaff.post('/api/rules', rule(patch))).body;
    expect(await bad({ title: '' })).toMatchObject({ field: 'title', message: '请填写制度名称' });
    expect(await bad({ category: 'law' })).toMatchObject({ field: 'category', message: '制度类别的取值无效' });
    expect(await bad({ issuer: '' })).toMatchObject({ field: 'issuer', message: '请填写印发单位' });
    expect(await bad({ effectiveDay: '2026-02-30' })).toMatchObject({ field: 'effectiveDay' });
    expect(await bad({ repealDay: '2026-01-01' })).toMatchObject({ field: 'repealDay', message: '废止日期应晚于施行日期' });
    expect(await bad({ unitId: county.units.b.id })).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await aLiaison.post('/api/rules', rule())).status).toBe(403);
    expect((await aLiaison.get('/api/rules')).status).toBe(200);
    const before = (await aStaff.get('/api/rules?archived=false')).body.total;
    const key = 'rule-double-submit';
    const [x, y] = await Promise.all([aStaff.post('/api/rules', rule({ title: '双击制度' }), { 'idempotency-key': key }), aStaff.post('/api/rules', rule({ title: '双击制度' }), { 'idempotency-key': key })]);
    expect([x.status, y.status].filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect((await aStaff.get('/api/rules')).body.total).toBe(before + 1);
    const made = (await aStaff.get('/api/rules?q=双击制度')).body.items[0];
    expect((await bStaff.get(`/api/rules/${made.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.put(`/api/rules/${made.id}`, { ...body(), version: 0 })).body.code).toBe('OUT_OF_SCOPE');
    await aStaff.post(`/api/rules/${made.id}/archive`, { version: 0 });
  });

  it('keeps each revision as a version with its own 文号 and effective day', async () => {
    const r = (await aStaff.post('/api/rules', rule({ title: '城关镇政务新媒体三审三校制度', category: 'review', docNumber: '城发〔2025〕8号', effectiveDay: '2025-03-01', changeNote: '首次印发' }))).body;
    const v = await aStaff.post(`/api/rules/${r.id}/versions`, { version: 0, docNumber: '城发〔2026〕5号', effectiveDay: '2026-04-01', changeNote: '增加短视频账号的审核要求', reviewDay: '2026-05-01' });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ docNumber: '城发〔2026〕5号', effectiveDay: '2026-04-01', adoptedDay: '2025-03-01', versionCount: 2, reviewDay: '2026-05-01', version: 1 });
    const versions = (await aStaff.get(`/api/rules/${r.id}/versions`)).body.items;
    expect(versions.map((x: { seq: number; docNumber: string; changeNote: string }) => [x.seq, x.docNumber, x.changeNote])).toEqual([[2, '城发〔2026〕5号', '增加短视频账号的审核要求'], [1, '城发〔2025〕8号', '首次印发']]);
    expect((await aStaff.post(`/api/rules/${r.id}/versions`, { version: 0, effectiveDay: '2026-06-01', changeNote: 'x' })).body.code).toBe('STALE');
    expect((await aStaff.post(`/api/rules/${r.id}/versions`, { version: 1, effectiveDay: '2026-03-01', changeNote: 'x' })).body).toMatchObject({ field: 'effectiveDay' });
    expect((await aStaff.post(`/api/rules/${r.id}/versions`, { version: 1, effectiveDay: '2026-06-01', changeNote: '' })).body).toMatchObject({ field: 'changeNote', message: '请填写修订说明' });
    // A correction may not move the current version before the previous one.
    expect((await aStaff.put(`/api/rules/${r.id}`, { ...body({ title: '城关镇政务新媒体三审三校制度', category: 'review', effectiveDay: '2025-01-01' }), version: 1 })).body).toMatchObject({ field: 'effectiveDay' });
    // Files go with a version.
    const up = await aStaff.upload('/api/files', { entity: 'rule_version', entityId: versions[0].id }, { name: '三审三校制度.pdf', content: Buffer.from('%PDF-1.4 test') });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect((await bStaff.upload('/api/files', { entity: 'rule_version', entityId: versions[0].id }, { name: 'x.pdf', content: Buffer.from('%PDF-1.4 x') })).body.code).toBe('OUT_OF_SCOPE');
    expect((await aLiaison.upload('/api/files', { entity: 'rule_version', entityId: versions[0].id }, { name: 'x.pdf', content: Buffer.from('%PDF-1.4 x') })).status).toBe(403);
  });

  it('lists the rules of a unit and of its superiors in force on a day, and a plan may point to one', async () => {
    const cRule = (await countyStaff.post('/api/rules', rule({ unitId: county.units.county.id, title: '测试县网络安全事件应急处置办法', category: 'emergency', issuer: '测试县委网信办', docNumber: '县网信发〔2024〕2号', effectiveDay: '2024-05-01' }))).body;
    const repealed = (await countyStaff.post('/api/rules', rule({ unitId: county.units.county.id, title: '测试县旧管理办法', category: 'management', issuer: '测试县委网信办', effectiveDay: '2024-01-01', repealDay: '2026-05-01' }))).body;
    const bRule = (await bStaff.post('/api/rules', rule({ unitId: county.units.b.id, title: '东山镇制度', issuer: '东山镇' }))).body;
    const inForce = async (day: string, unitId = county.units.a1.id) => (await aStaff.get(`/api/rules/in-force?unitId=${unitId}&day=${day}`)).body;
    const apr = await inForce('2026-04-15');
    // A village: the county's and its township's rules.
    expect(apr.items.map((x: { title: string }) => x.title)).toEqual(['测试县网络安全事件应急处置办法', '测试县旧管理办法', '城关镇政务新媒体三审三校制度']);
    // Before its first version took effect the township's rule does not apply; the revision does not move that day.
    expect((await inForce('2025-02-01')).items.map((x: { title: string }) => x.title)).toEqual(['测试县网络安全事件应急处置办法', '测试县旧管理办法']);
    expect((await inForce('2025-06-01')).items.map((x: { title: string }) => x.title)).toContain('城关镇政务新媒体三审三校制度');
    expect((await inForce('2026-04-15', county.units.a.id)).items.map((x: { title: string; own: boolean }) => [x.title, x.own])).toEqual([
      ['测试县网络安全事件应急处置办法', false], ['测试县旧管理办法', false], ['城关镇政务新媒体三审三校制度', true],
    ]);
    const jul = await inForce('2026-07-01', county.units.a.id);
    expect(jul.items.map((x: { title: string }) => x.title)).toEqual(['测试县网络安全事件应急处置办法', '城关镇政务新媒体三审三校制度']);
    expect(jul.items.map((x: { id: string }) => x.id)).not.toContain(bRule.id);
    expect((await aStaff.get(`/api/rules/in-force?unitId=${county.units.b.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.get(`/api/rules?inForceOn=2026-07-01&pageSize=100`)).body.items.map((x: { title: string }) => x.title)).toEqual(['城关镇政务新媒体三审三校制度']);

    const plan = { unitId: county.units.a.id, title: '城关镇网络安全事件应急预案', versionLabel: '2026版', effectiveDay: '2026-03-01', status: 'current' };
    const p = await aStaff.post('/api/ledger/plans', { ...plan, ruleId: cRule.id });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ ruleId: cRule.id, ruleTitle: '测试县网络安全事件应急处置办法' });
    expect((await aStaff.post('/api/ledger/plans', { ...plan, ruleId: bRule.id })).body).toMatchObject({ field: 'ruleId' });
    const u = await aStaff.put(`/api/ledger/plans/${p.body.id}`, { ...plan, ruleId: null, version: 0 });
    expect(u.body).toMatchObject({ ruleId: null, ruleTitle: null, version: 1 });
    expect((await aStaff.get(`/api/ledger/plans/${p.body.id}/history`)).body.items[1].changes).toEqual(expect.arrayContaining([{ field: 'ruleTitle', before: '测试县网络安全事件应急处置办法', after: null }]));
    await countyStaff.post(`/api/rules/${repealed.id}/versions`, { version: 0, effectiveDay: '2026-06-01', changeNote: 'x' }).then((r) => expect(r.body.code).toBe('RULE_REPEALED'));
  });

  it('counts rules once and writes the 制度建设 sentences of the summary from them, sentence by sentence', async () => {
    // 城关镇's records for 2026上半年: the 三审三校 rule (2025, revised 2026-04-01, review due 2026-05-01 and missed),
    // the 网络安全 rule adopted 2026-02-01, one adopted after the period and the county's rules (outside 城关镇's subtree).
    await aStaff.post('/api/rules', rule());
    await aStaff.post('/api/rules', rule({ title: '城关镇网评工作制度', category: 'other', effectiveDay: '2026-08-01' }));
    const f = await ruleFigures(t.db, { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-06-30' });
    expect(f).toMatchObject({ inForce: 2, adopted: 1, revised: 1, reviewOverdue: 1, titles: ['城关镇政务新媒体三审三校制度', '城关镇网络安全管理制度'] });
    expect(f.inForceByCategory).toMatchObject({ review: 1, cyber_security: 1, other: 0 });
    expect((await aStaff.get(`/api/rules/figures?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30`)).body).toEqual(f);

    const d = (await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: H1 })).body as DraftView;
    expect(textOf(d, 'rules')).toBe('建立健全工作制度，现行有效的制度2项，包括《城关镇政务新媒体三审三校制度》、《城关镇网络安全管理制度》；本期新制定1项，修订1次。');
    const figs = Object.fromEntries(d.content.figures.filter((x) => x.key.startsWith('rules.')).map((x) => [x.key, [x.value, x.link]])) as Record<string, [number, string]>;
    const a = county.units.a.id;
    expect(figs).toEqual({
      'rules.inForce': [2, `/rules?unitId=${a}&inForceOn=2026-06-30`], 'rules.adopted': [1, `/rules?unitId=${a}&from=2026-01-01&to=2026-06-30`],
      'rules.revised': [1, `/rules?unitId=${a}`], 'rules.reviewOverdue': [1, `/rules?unitId=${a}&reviewOverdue=true`],
    });
    // The links list exactly the records counted.
    expect((await aStaff.get(`/api/rules?${figs['rules.inForce'][1].split('?')[1]}`)).body.total).toBe(2);
    expect((await aStaff.get(`/api/rules?${figs['rules.adopted'][1].split('?')[1]}`)).body.total).toBe(1);
    const problems = d.content.sections.find((s) => s.key === 'problems');
    expect(JSON.stringify(problems)).toContain('1项制度超过复审日期未复审');
    expect(JSON.stringify(d.content.sections.find((s) => s.key === 'next'))).toContain('对超过复审日期的1项制度逐项复审');
    expect(d.content.missing.map((m) => m.text)).not.toContain('未登记现行有效的制度文件');

    // 东山镇 keeps no rule in force on 6月30日 (its rule took effect in 2026-02, so pick 2025): the sentence is left out and the preview lists it.
    const empty = (await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'summary', period: { kind: 'year', year: 2025 } })).body as DraftView;
    expect(textOf(empty, 'rules')).toBe('');
    expect(empty.content.missing).toContainEqual({ section: 'rules', text: '未登记现行有效的制度文件', link: `/rules?unitId=${county.units.b.id}` });
    expect(runsText(empty.content.sections.flatMap((s) => s.items).flatMap((i) => (i.kind === 'paragraph' ? i.runs : [])))).not.toContain('制度');
  });

  it('reminds of a rule past its review day, once per review day, and exports the register', async () => {
    const soon = (await aStaff.post('/api/rules', rule({ title: '提醒测试制度', reviewDay: addDays(today, 2) }))).body;
    const source = new Map(reminderSources()).get('rules')!;
    const got = await source({ db: t.db, calendar: await WorkCalendar.load(t.db), now: new Date(), daysBefore: 3 });
    expect(got.filter((r) => r.link === `/rules?ruleId=${soon.id}`)).toEqual([expect.objectContaining({ kind: 'due_soon', key: `rule:${soon.id}:${addDays(today, 2)}:due_soon`, unitId: county.units.a.id })]);
    const late = got.filter((r) => r.kind === 'overdue' && r.title.includes('三审三校'));
    expect(late).toHaveLength(1);
    expect(late[0].title).toMatch(/^制度《城关镇政务新媒体三审三校制度》已过复审日期 \d+ 天/);
    await aStaff.post(`/api/rules/${soon.id}/archive`, { version: 0 });
    expect((await source({ db: t.db, calendar: await WorkCalendar.load(t.db), now: new Date(), daysBefore: 3 })).filter((r) => r.link === `/rules?ruleId=${soon.id}`)).toEqual([]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await aStaff.get('/api/rules/export?category=review')).raw.rawPayload as never);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('制度文件台账');
    expect(wb.worksheets[0].rowCount - 3).toBe(1);
    expect(JSON.stringify(wb.worksheets[0].getRow(4).values)).toContain('城发〔2026〕5号');
  });
});

describe(`rules in the demo county [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds rules of the county and of 城关镇, one revised, one past review, and a plan pointing to its rule', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    const staff = await login(t.app, 'staff', DEMO_PASSWORD);
    const all = (await staff.get('/api/rules?pageSize=100')).body.items as { state: string; reviewOverdueDays: number; versionCount: number }[];
    expect(all.length).toBe(6);
    expect(all.filter((r) => r.state === 'repealed').length).toBe(1);
    expect(all.filter((r) => r.reviewOverdueDays > 0).length).toBe(1);
    expect(all.filter((r) => r.versionCount === 2).length).toBe(1);
    const plans = (await staff.get('/api/ledger/plans?pageSize=100')).body.items as { ruleTitle: string | null }[];
    expect(plans.map((p) => p.ruleTitle)).toContain('网络安全事件应急处置办法');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
