/**
 * 整改 through the API: raise, report completion with evidence, sign off by someone other than
 * the owner (and only them), send back with a reason, figures and the ledger.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rectBatchItems, rectFigures } from '../../server/modules/rectification/figures';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { daysOverdue, shanghaiDay, WorkCalendar } from '../../server/platform/calendar';
import { reminderSources } from '../../server/platform/reminders';
import { PDF } from '../helpers/access';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe(`rectification [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let countyInspector: Agent;
  let aStaff: Agent;
  let aLeader: Agent;
  let aOwner: Agent; // the account of 镇李, the owner in person
  let bStaff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a, role: 'leader', username: 'a_owner', personId: county.people.a.id });
    [countyStaff, countyLeader, countyInspector, aStaff, aLeader, aOwner, bStaff] = await Promise.all(
      ['county_staff', 'county_leader', 'county_inspector', 'a_staff', 'a_leader', 'a_owner', 'b_staff'].map((u) => login(t.app, u, PASSWORD)),
    );
  });
  afterAll(() => t.close());

  const raise = (agent: Agent, patch: object = {}) =>
    agent.post('/api/rectifications', {
      unitId: county.units.a.id, problem: '门户网站“领导之窗”栏目信息未及时更新', origin: 'supervision', batch: '2026年第二轮督查', measures: '明确专人负责，每周核对一次',
      ownerPersonId: county.people.a.id, startDay: '2026-09-30', dueMode: 'working_days', dueDays: 5, ...patch,
    });

  it('raises an item with a working-day deadline, edits it, refuses a stale edit, archives and restores', async () => {
    const r = await raise(countyStaff);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ unitName: '城关镇', raisedByUnitName: '测试县', ownerPersonName: '镇李', dueDay: '2026-10-13', status: 'open', can: { report: false } });
    expect(r.body.overdueDays).toBe(daysOverdue('2026-10-13', shanghaiDay()));
    const body = { problem: '门户网站栏目未更新', origin: 'supervision', batch: '2026年第二轮督查', measures: '专人负责', ownerPersonId: county.people.a.id, startDay: '2026-09-30', dueMode: 'date', dueDay: '2026-12-31' };
    const u = await countyStaff.put(`/api/rectifications/${r.body.id}`, { ...body, version: 0 });
    expect(u.body).toMatchObject({ dueDay: '2026-12-31', overdueDays: 0, version: 1 });
    expect((await countyStaff.put(`/api/rectifications/${r.body.id}`, { ...body, version: 0 })).body.code).toBe('STALE');
    expect((await countyStaff.post(`/api/rectifications/${r.body.id}/archive`, { version: 1 })).body.archived).toBe(true);
    expect((await countyStaff.post(`/api/rectifications/${r.body.id}/restore`, { version: 2 })).body.archived).toBe(false);
  });

  it('refuses bad input naming the field, and raising for a unit outside the subtree', async () => {
    const bad = async (patch: object) => (await raise(countyStaff, patch)).body;
    expect(await bad({ problem: '' })).toMatchObject({ field: 'problem', message: '请填写问题描述' });
    expect(await bad({ measures: 'x'.repeat(5001) })).toMatchObject({ field: 'measures', message: '整改措施不能超过 5000 个字' });
    expect(await bad({ origin: 'rumour' })).toMatchObject({ field: 'origin', message: '问题来源的取值无效' });
    expect(await bad({ dueMode: 'date', dueDay: '2026-09-01' })).toMatchObject({ field: 'dueDay', message: '整改时限不能早于提出日期' });
    expect(await bad({ dueDays: 0 })).toMatchObject({ field: 'dueDays' });
    expect(await bad({ ownerPersonId: county.people.a1.id })).toMatchObject({ field: 'ownerPersonId' });
    expect((await raise(aStaff, { unitId: county.units.b.id, ownerPersonId: null })).body.code).toBe('OUT_OF_SCOPE');
  });

  it('the owner reports completion with evidence; the owner alone cannot sign it off; a county leader can', async () => {
    const r = (await raise(countyStaff)).body;
    // Only the owner unit reports; not the county, not a sibling.
    expect((await countyStaff.post(`/api/rectifications/${r.id}/report`, { version: 0, note: '代报' })).body).toMatchObject({ code: 'NOT_OWNER', message: expect.stringContaining('城关镇') });
    expect((await bStaff.post(`/api/rectifications/${r.id}/report`, { version: 0, note: 'x' })).body.code).toBe('OUT_OF_SCOPE');
    // Signing off before the report is refused.
    expect((await countyLeader.post(`/api/rectifications/${r.id}/sign-off`, { version: 0 })).body.code).toBe('RECT_NOT_REPORTED');

    const seen = (await aOwner.get(`/api/rectifications/${r.id}`)).body;
    expect(seen.can.report).toBe(true);
    const rep = await aOwner.post(`/api/rectifications/${r.id}/report`, { version: 0, note: '已明确宣传委员负责，栏目已更新 12 条' });
    expect(rep.body).toMatchObject({ status: 'reported', reportedByName: 'a_owner(a_owner)', can: { signOff: false } });
    expect((await aOwner.upload('/api/files', { entity: 'rectification', entityId: r.id }, { name: '更新截图.pdf', content: PDF })).status).toBe(201);

    // The owner in person, the reporter, and the owner unit's own leader are all refused.
    const own = await aOwner.post(`/api/rectifications/${r.id}/sign-off`, { version: 1 });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('SIGN_OFF_REFUSED');
    const ownUnit = await aLeader.post(`/api/rectifications/${r.id}/sign-off`, { version: 1 });
    expect(ownUnit.body).toMatchObject({ code: 'SIGN_OFF_REFUSED', message: '只有提出整改的测试县或其上级单位可以销号或退回' });
    expect((await aLeader.get(`/api/rectifications/${r.id}`)).body).toMatchObject({ can: { signOff: false, return: false }, why: { signOff: expect.stringContaining('测试县') } });
    // Staff lack the permission altogether.
    expect((await countyStaff.post(`/api/rectifications/${r.id}/sign-off`, { version: 1 })).status).toBe(403);
    expect((await t.db.selectFrom('rectifications').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).status).toBe('reported');

    expect((await countyLeader.get(`/api/rectifications/${r.id}`)).body.can.signOff).toBe(true);
    const ok = await countyLeader.post(`/api/rectifications/${r.id}/sign-off`, { version: 1, note: '经核查，整改到位' });
    expect(ok.body).toMatchObject({ status: 'closed', signedOffByName: 'county_leader(county_leader)', signOffNote: '经核查，整改到位', overdueDays: 0 });
    expect((await countyLeader.post(`/api/rectifications/${r.id}/sign-off`, { version: 2 })).body.code).toBe('RECT_NOT_REPORTED');
    expect((await countyStaff.put(`/api/rectifications/${r.id}`, { problem: 'x', origin: 'other', measures: 'x', startDay: '2026-09-30', dueMode: 'date', dueDay: '2026-12-31', version: 2 })).body.code).toBe('RECT_CLOSED');

    const h = (await aStaff.get(`/api/rectifications/${r.id}/history`)).body.items;
    expect(h.map((e: { action: string }) => e.action)).toEqual(['create', 'report', 'sign_off']);
  });

  it('an inspector sends it back with a reason the owner sees; the owner reports again', async () => {
    const r = (await raise(countyStaff, { problem: '公众号未落实三审三校' })).body;
    await aStaff.post(`/api/rectifications/${r.id}/report`, { version: 0, note: '已整改' });
    expect((await countyInspector.post(`/api/rectifications/${r.id}/return`, { version: 1, reason: '' })).body).toMatchObject({ field: 'reason', message: '请填写退回原因' });
    const back = await countyInspector.post(`/api/rectifications/${r.id}/return`, { version: 1, reason: '缺少终审记录，请补充' });
    expect(back.body).toMatchObject({ status: 'open', returnCount: 1, lastReturnReason: '缺少终审记录，请补充', reportedByName: null });
    const seen = (await aStaff.get(`/api/rectifications/${r.id}`)).body;
    expect(seen).toMatchObject({ lastReturnReason: '缺少终审记录，请补充', can: { report: true } });
    await aStaff.post(`/api/rectifications/${r.id}/report`, { version: 2, note: '已补充终审记录' });
    expect((await countyInspector.post(`/api/rectifications/${r.id}/sign-off`, { version: 3 })).body.status).toBe('closed');
    const h = (await countyStaff.get(`/api/rectifications/${r.id}/history`)).body.items;
    expect(h.map((e: { action: string }) => e.action)).toEqual(['create', 'report', 'return', 'report', 'sign_off']);
    expect(h[2].after).toMatchObject({ reason: '缺少终审记录，请补充' });
  });

  it('a unit signs off its own self-inspection items, but never by the reporter', async () => {
    const r = (await raise(aStaff, { origin: 'self_check', batch: null, ownerPersonId: null, problem: '自查：值班记录不全' })).body;
    expect(r.raisedByUnitName).toBe('城关镇');
    await aStaff.post(`/api/rectifications/${r.id}/report`, { version: 0, note: '已补齐' });
    const leaderReporter = (await raise(aStaff, { origin: 'self_check', batch: null, ownerPersonId: null, problem: '自查：台账不全' })).body;
    await aLeader.post(`/api/rectifications/${leaderReporter.id}/report`, { version: 0, note: '已补齐' });
    expect((await aLeader.post(`/api/rectifications/${leaderReporter.id}/sign-off`, { version: 1 })).body.message).toBe('报告整改完成的人不能为同一事项销号');
    expect((await aLeader.post(`/api/rectifications/${r.id}/sign-off`, { version: 1 })).body.status).toBe('closed');
  });

  it('keeps items inside the subtree and counts them in one place', async () => {
    const mine = (await aStaff.get('/api/rectifications?pageSize=200')).body.items;
    expect(mine.length).toBeGreaterThan(0);
    expect((await bStaff.get('/api/rectifications?pageSize=200')).body.items).toEqual([]);
    expect((await bStaff.get(`/api/rectifications/${mine[0].id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.get('/api/rectifications?batch=2026年第二轮督查&pageSize=200')).body.total).toBe(3);
    expect((await countyStaff.get('/api/rectifications/batches')).body.items).toEqual([{ batch: '2026年第二轮督查', count: 3 }]);

    const f = await rectFigures(t.db, { unitPath: county.units.county.path, from: '2026-01-01', to: '2026-12-31' });
    expect((await countyStaff.get('/api/rectifications/figures?from=2026-01-01&to=2026-12-31')).body).toEqual(f);
    expect(f.opened).toBe(5);
    expect(f.byOrigin).toMatchObject({ supervision: 3, self_check: 2 });
    expect(f.closed).toBe(3);
    expect(f.open).toBe(2);
    expect(f.reported).toBe(1);

    const items = await rectBatchItems(t.db, { unitPath: county.units.county.path, batch: '2026年第二轮督查' });
    expect(items.map((i) => i.status).sort()).toEqual(['closed', 'closed', 'open']);
    expect(items.find((i) => i.status === 'closed' && i.signedOffByName === 'county_leader(county_leader)')).toMatchObject({
      unitName: '城关镇', ownerPersonName: '镇李', reportNote: '已明确宣传委员负责，栏目已更新 12 条', signedOffDay: shanghaiDay(), overdueDays: 0,
    });
    expect(await rectBatchItems(t.db, { unitPath: county.units.b.path, batch: '2026年第二轮督查' })).toEqual([]);

    const x = await countyStaff.get('/api/rectifications/export?batch=2026年第二轮督查');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('2026年第二轮督查整改台账');
    expect(wb.worksheets[0].rowCount).toBe(3 + 3);
    // Who signed off is printed by name, never with the login name.
    const signers: string[] = [];
    const signerCol = (wb.worksheets[0].getRow(3).values as unknown[]).indexOf('销号人');
    expect(signerCol).toBeGreaterThan(0);
    wb.worksheets[0].eachRow((r, n) => { if (n > 3 && r.getCell(signerCol).value) signers.push(String(r.getCell(signerCol).value)); });
    expect(signers.sort()).toEqual(['county_inspector', 'county_leader']);
  });

  it('the owner unit cannot rewrite, re-date or archive an item its superior raised', async () => {
    const r = (await raise(countyStaff, { problem: '值班制度未上墙' })).body;
    expect((await aStaff.get(`/api/rectifications/${r.id}`)).body.why).toMatchObject({ edit: '该事项由测试县提出，整改责任单位不能修改或归档，如需调整请联系测试县', archive: '该事项由测试县提出，整改责任单位不能修改或归档，如需调整请联系测试县' });
    expect((await countyStaff.get(`/api/rectifications/${r.id}`)).body.can).toMatchObject({ edit: true, archive: true });
    const body = { problem: '值班制度未上墙', origin: 'supervision', measures: '上墙', startDay: '2026-09-30', dueMode: 'date', dueDay: '2027-06-30', version: 0 };
    const edit = await aStaff.put(`/api/rectifications/${r.id}`, body);
    expect(edit.status).toBe(403);
    expect(edit.body).toMatchObject({ code: 'NOT_RAISER', message: expect.stringContaining('测试县') });
    expect((await aLeader.post(`/api/rectifications/${r.id}/archive`, { version: 0 })).body.code).toBe('NOT_RAISER');
    const row = await t.db.selectFrom('rectifications').select(['due_day', 'archived_at', 'version']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ due_day: r.dueDay, archived_at: null, version: 0 });
    // Its own self-inspection items it edits freely.
    const own = (await raise(aStaff, { origin: 'self_check', batch: null, ownerPersonId: null, problem: '自查：宣传栏内容陈旧' })).body;
    expect(own.can).toMatchObject({ edit: true, archive: true });
    expect((await aStaff.put(`/api/rectifications/${own.id}`, { ...body, origin: 'self_check', problem: '自查：宣传栏内容陈旧，已换新' })).status).toBe(200);
    expect((await aStaff.post(`/api/rectifications/${own.id}/archive`, { version: 1 })).body.archived).toBe(true);
  });
});

describe(`rectification demo items [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the demo county shows one item of each state, with its history', async () => {
    const { DEMO_PASSWORD, seedDemoIfEmpty } = await import('../../server/modules/demo/seed');
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    const leader = await login(t.app, 'leader', DEMO_PASSWORD);
    const items = (await leader.get('/api/rectifications?pageSize=50')).body.items;
    expect(items).toHaveLength(5);
    const waiting = items.find((i: { status: string }) => i.status === 'reported');
    expect(waiting).toMatchObject({ unitName: '东山镇', can: { signOff: true } });
    expect(items.filter((i: { overdueDays: number }) => i.overdueDays > 0)).toHaveLength(1);
    const returned = items.find((i: { returnCount: number }) => i.returnCount === 1);
    const h = (await leader.get(`/api/rectifications/${returned.id}/history`)).body.items;
    expect(h.map((e: { action: string }) => e.action)).toEqual(['create', 'report', 'return']);
    const cg = await login(t.app, 'cg_staff', DEMO_PASSWORD);
    expect((await cg.get('/api/rectifications?pageSize=50')).body.total).toBe(4);
  });

  it('reminds the owner unit of items due soon or overdue, and the raising unit of items to sign off', async () => {
    const source = reminderSources().find(([name]) => name === 'rectification')![1];
    const list = await source({ db: t.db, calendar: await WorkCalendar.load(t.db), now: new Date(), daysBefore: 3 });
    const cgId = (await t.db.selectFrom('units').select('id').where('name', '=', '城关镇').executeTakeFirstOrThrow()).id;
    const countyId = (await t.db.selectFrom('units').select('id').where('name', '=', '示例县').executeTakeFirstOrThrow()).id;
    expect(list.map((r) => [r.kind, r.unitId === cgId ? '城关镇' : r.unitId === countyId ? '示例县' : r.unitId]).sort()).toEqual([
      ['due_soon', '城关镇'], ['notice', '示例县'], ['overdue', '城关镇'],
    ]);
    expect(list.find((r) => r.kind === 'overdue')!.title).toMatch(/^整改事项“.+”已逾期 10 天$/);
    // Keys are stable: a second run adds nothing.
    await runReminders(t.db);
    expect((await runReminders(t.db)).created).toBe(0);
    const cg = await login(t.app, 'cg_staff', (await import('../../server/modules/demo/seed')).DEMO_PASSWORD);
    const mine = (await cg.get('/api/notifications?pageSize=50')).body.items.map((n: { title: string }) => n.title);
    expect(mine.filter((x: string) => x.startsWith('整改事项'))).toHaveLength(2);
  });
});
