/**
 * 阵地 through the API: registering outlets with their filings (formats checked, a domain date in
 * the past refused), duplicate warnings, the lifecycle with evidence, quiet-outlet marking on given
 * dates, expiry reminders at 30/15/7/1 days, the registry ledger and figures.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_DAYS } from '../../common/outlets';
import { publishingFigures } from '../../server/modules/outlets/figures';
import { quietState } from '../../server/modules/outlets/quiet';
import { WorkCalendar } from '../../server/platform/calendar';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { reminderSources } from '../../server/platform/reminders';
import { todoSources } from '../../server/platform/modules';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { actorOfAccount, buildCounty, PASSWORD } from '../helpers/factories';

describe(`outlets [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let aLiaison: Agent;
  let bStaff: Agent;
  let countyStaff: Agent;
  let countyAdmin: Agent;
  const today = shanghaiDay();

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, aLiaison, bStaff, countyStaff, countyAdmin] = await Promise.all(['a_staff', 'a_liaison', 'b_staff', 'county_staff', 'county_admin'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const site = (patch: object = {}) => ({
    unitId: county.units.a.id, type: 'website', name: '城关镇人民政府网站', platform: '自建', domain: 'cg.example.gov.cn', domainExpires: addDays(today, 200),
    icpNo: '京ICP备12345678号-1', psbNo: '京公网安备11010502000001号', mlpsGrade: 2, startDay: '2026-01-01', status: 'running', ...patch,
  });

  it('registers a WeChat account and a website with filings; refuses bad filing numbers and a past domain date', async () => {
    const w = await aStaff.post('/api/outlets', { unitId: county.units.a.id, type: 'wechat', name: '城关镇发布', platform: '微信', account: 'cg_fabu', verified: true, managerPersonId: county.people.a.id, startDay: '2026-01-01', status: 'running' });
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ unitName: '城关镇', type: 'wechat', status: 'running', verified: true, managerName: '镇李', duplicateOf: null, events: [{ toStatus: 'running', reason: '登记' }] });
    const bad = async (patch: object) => (await aStaff.post('/api/outlets', site(patch))).body;
    expect(await bad({ icpNo: 'ICP12345678' })).toMatchObject({ field: 'icpNo', message: expect.stringContaining('ICP备案号格式不正确') });
    expect(await bad({ icpNo: '京ICP备12345678号-' })).toMatchObject({ field: 'icpNo' });
    expect(await bad({ psbNo: '京公网安备110105号' })).toMatchObject({ field: 'psbNo', message: expect.stringContaining('公安备案号格式不正确') });
    expect(await bad({ domainExpires: addDays(today, -1) })).toMatchObject({ field: 'domainExpires', message: '域名到期日已过，请填写续费后的到期日' });
    expect(await bad({ domain: 'not a domain' })).toMatchObject({ field: 'domain' });
    expect(await bad({ type: 'group', name: '网格群', domain: null })).toMatchObject({ field: 'purpose', message: '工作群请填写用途' });
    expect(await bad({ unitId: county.units.b.id })).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await aLiaison.post('/api/outlets', site())).body.code).toBe('FORBIDDEN');
    const s = await aStaff.post('/api/outlets', site());
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ icpNo: '京ICP备12345678号-1', psbNo: '京公网安备11010502000001号', mlpsGrade: 2, expiring: [] });
    // A second WeChat account of the same unit is flagged.
    const second = (await aStaff.post('/api/outlets', { unitId: county.units.a.id, type: 'wechat', name: '城关镇服务号', platform: '微信', startDay: '2026-01-01', status: 'running' })).body;
    expect(second.duplicateOf).toBe('城关镇发布');
    // 工作群: name, purpose, manager and rules; nothing else is kept.
    const g = (await aStaff.post('/api/outlets', { unitId: county.units.a.id, type: 'group', name: '网格员群', purpose: '工作通知', managerPersonId: county.people.a.id, rules: '只发工作通知', startDay: '2026-01-01', status: 'running' })).body;
    expect(g).toMatchObject({ type: 'group', purpose: '工作通知', rules: '只发工作通知', quiet: 'unchecked' });
    // Listed for the subtree, not for the sibling.
    expect((await countyStaff.get(`/api/outlets?unitId=${county.units.a.id}`)).body.total).toBe(4);
    expect((await bStaff.get(`/api/outlets/${s.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
  });

  it('moves through its lifecycle with day, reason and filing evidence; refuses steps out of order and stale edits', async () => {
    const s = (await aStaff.post('/api/outlets', site({ name: '城关镇旧网站', domain: 'old.example.gov.cn' }))).body;
    const step = (body: object) => aStaff.post(`/api/outlets/${s.id}/transition`, body);
    expect((await step({ version: 0, to: 'planned', day: today, reason: 'x' })).body).toMatchObject({ field: 'to', message: '“运行”的阵地不能转为“拟开设”' });
    expect((await step({ version: 0, to: 'changed', day: today, reason: '更换运维单位' })).body).toMatchObject({ field: 'evidence', message: expect.stringContaining('备案') });
    expect((await step({ version: 0, to: 'changed', day: addDays(today, 1), reason: '更换运维单位', evidence: '备案变更回执 2026-001' })).body.field).toBe('day');
    const changed = (await step({ version: 0, to: 'changed', day: today, reason: '更换运维单位', evidence: '备案变更回执 2026-001' })).body;
    expect(changed).toMatchObject({ status: 'changed', statusDay: today, version: 1 });
    expect(changed.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['running', 'changed']);
    expect((await step({ version: 0, to: 'closed', day: today, reason: '整合', evidence: '注销回执' })).body.code).toBe('STALE');
    const closed = (await step({ version: 1, to: 'closed', day: today, reason: '并入县政府门户网站', evidence: '注销回执 2026-009' })).body;
    expect(closed.status).toBe('closed');
    expect((await step({ version: 2, to: 'running', day: today, reason: '重开' })).body.field).toBe('to');
    const upd = await aStaff.put(`/api/outlets/${s.id}`, { ...site({ name: '改名' }), version: 1 });
    expect(upd.body.code).toBe('STALE');
    const hist = (await aStaff.get(`/api/outlets/${s.id}/history`)).body.items.map((h: { action: string }) => h.action);
    expect(hist).toEqual(['create', 'transition', 'transition']);
  });

  it('marks an outlet quiet on given dates: 未按期更新 after 14 days, 睡眠 after 60, per type or per outlet', () => {
    const th = DEFAULT_QUIET_DAYS;
    const o = { type: 'wechat', status: 'running', start_day: '2026-01-01', quiet_days: null };
    expect(quietState({ ...o, lastPostDay: null }, th, '2026-01-15')).toEqual({ state: 'ok', days: null });
    expect(quietState({ ...o, lastPostDay: null }, th, '2026-01-16').state).toBe('late');
    expect(quietState({ ...o, lastPostDay: '2026-03-01' }, th, '2026-03-15')).toEqual({ state: 'ok', days: 14 });
    expect(quietState({ ...o, lastPostDay: '2026-03-01' }, th, '2026-03-16')).toEqual({ state: 'late', days: 15 });
    expect(quietState({ ...o, lastPostDay: '2026-03-01' }, th, '2026-04-30')).toEqual({ state: 'late', days: 60 });
    expect(quietState({ ...o, lastPostDay: '2026-03-01' }, th, '2026-05-01')).toEqual({ state: 'dormant', days: 61 });
    expect(quietState({ ...o, quiet_days: 7, lastPostDay: '2026-03-01' }, th, '2026-03-09').state).toBe('late');
    expect(quietState({ ...o, type: 'board', lastPostDay: null }, th, '2026-12-01').state).toBe('unchecked');
    expect(quietState({ ...o, status: 'closed', lastPostDay: null }, th, '2026-12-01').state).toBe('unchecked');
    expect(quietState({ ...o, status: 'planned', lastPostDay: null }, th, '2026-12-01').state).toBe('unchecked');
  });

  it('counts quiet outlets in the figures as of a period’s end, flags them in the registry, and takes per-type settings', async () => {
    const b = county.units.b;
    const w = (await bStaff.post('/api/outlets', { unitId: b.id, type: 'weibo', name: '东山微博', platform: '新浪微博', startDay: '2026-01-01', status: 'running' })).body;
    const fig = (to: string) => publishingFigures(t.db, { unitPath: b.path, from: '2026-01-01', to });
    expect(await fig('2026-01-10')).toMatchObject({ quietLate: 0, quietDormant: 0, outletsTotal: 1 });
    expect(await fig('2026-01-20')).toMatchObject({ quietLate: 1, quietDormant: 0 });
    expect(await fig('2026-03-31')).toMatchObject({ quietLate: 0, quietDormant: 1 });
    const listed = (await bStaff.get('/api/outlets?quiet=any')).body.items;
    expect(listed.map((o: { id: string; quiet: string }) => [o.id, o.quiet])).toEqual([[w.id, 'dormant']]);
    // Settings: only a top unit's admin; dormant must exceed quiet.
    expect((await aStaff.put('/api/outlets/quiet-settings', { weibo: { quiet: 30, dormant: 400 } })).body.code).toBe('FORBIDDEN');
    expect((await countyAdmin.put('/api/outlets/quiet-settings', { weibo: { quiet: 30, dormant: 20 } })).body.field).toBe('weibo');
    expect((await countyAdmin.put('/api/outlets/quiet-settings', { weibo: { quiet: 30, dormant: 400 } })).body.weibo).toEqual({ quiet: 30, dormant: 400 });
    expect(await fig('2026-01-20')).toMatchObject({ quietLate: 0 });
    expect(await fig('2026-03-31')).toMatchObject({ quietLate: 1, quietDormant: 0 });
    await countyAdmin.put('/api/outlets/quiet-settings', {});
  });

  it('reminds 30, 15, 7 and 1 days before a domain, filing or contract expires, once at each, and home lists them', async () => {
    const exp = addDays(today, 40);
    const o = (await countyStaff.post('/api/outlets', {
      unitId: county.units.county.id, type: 'website', name: '测试县门户网站', domain: 'www.example.gov.cn', domainExpires: exp, contractExpires: addDays(today, 100),
      startDay: '2026-01-01', status: 'running',
    })).body;
    const source = reminderSources().find(([name]) => name === 'outlets')![1];
    const calendar = await WorkCalendar.load(t.db);
    const at = (day: string) => source({ db: t.db, calendar, now: new Date(`${day}T04:00:00Z`), daysBefore: 3 }).then((list) => list.filter((r) => r.link === `/outlets/${o.id}` && r.kind !== 'notice'));
    expect(await at(addDays(exp, -31))).toEqual([]);
    const keys = async (day: string) => (await at(day)).map((r) => r.key.split(':').slice(2).join(':'));
    expect(await keys(addDays(exp, -30))).toEqual([`域名:${exp}:30`]);
    expect(await keys(addDays(exp, -16))).toEqual([`域名:${exp}:30`]);
    expect(await keys(addDays(exp, -15))).toEqual([`域名:${exp}:15`]);
    expect(await keys(addDays(exp, -7))).toEqual([`域名:${exp}:7`]);
    expect(await keys(addDays(exp, -1))).toEqual([`域名:${exp}:1`]);
    expect(await keys(exp)).toEqual([`域名:${exp}:1`]);
    const past = await at(addDays(exp, 1));
    expect(past.map((r) => [r.kind, r.title])).toEqual([['overdue', `阵地“测试县门户网站”的域名已于 ${exp} 到期`]]);
    const soon = (await at(addDays(exp, -10)))[0];
    expect(soon).toMatchObject({ kind: 'due_soon', unitId: county.units.county.id, roles: ['staff', 'leader'], title: `阵地“测试县门户网站”的域名将于 ${exp} 到期(还有 10 天)` });
    // Home: not yet within 30 days today; once the date is near, listed.
    const src = todoSources().find((s) => s.key === 'outlets.expiring')!;
    const actor = await actorOfAccount(t.db, 'county_staff');
    expect(await src.list(t.db, actor, today)).toEqual([]);
    expect(await src.list(t.db, actor, addDays(exp, -5))).toEqual([{ key: 'outlets.expiring', label: '即将到期的域名、备案和运维合同', count: 1, link: '/outlets?expiring=true', urgent: true }]);
  });

  it('exports the registry ledger', async () => {
    const res = await countyStaff.get('/api/outlets/export');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const names: string[] = [];
    ws.eachRow((row, n) => { if (n > 3) names.push(String(row.getCell(4).value)); });
    expect(names).toEqual(expect.arrayContaining(['城关镇发布', '城关镇人民政府网站', '东山微博', '测试县门户网站']));
  });
});
