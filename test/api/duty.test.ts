/** 责任清单 and 责任书 through the API. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutyFigures } from '../../server/modules/duty/figures';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeUnit, PASSWORD } from '../helpers/factories';

describe(`duty list and agreements [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let countyStaff: Agent;
  let office: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    office = await makeUnit(t.db, { parent: county.units.a, name: '党政办', kind: 'department' });
    [aStaff, bStaff, countyStaff] = await Promise.all(['a_staff', 'b_staff', 'county_staff'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const item = (patch: object = {}) => ({ unitId: county.units.a.id, year: 2025, content: '每半年专题研究网络意识形态工作', category: '组织领导', leaderPersonId: county.people.a.id, departmentIds: [office.id], departmentsText: '各村', basis: '县委办〔2025〕3号', ...patch });

  it('keeps a unit’s list for a year, with leader, departments and basis; edits, stale edits, archive', async () => {
    const c = await aStaff.post('/api/duty-items', item());
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ unitName: '城关镇', year: 2025, leaderName: '镇李', departments: [{ id: office.id, name: '党政办' }], departmentsText: '各村' });
    await aStaff.post('/api/duty-items', item({ content: '落实意识形态阵地管理', sortOrder: 2, departmentIds: [] }));
    const u = await aStaff.put(`/api/duty-items/${c.body.id}`, { ...item({ content: '每季度专题研究' }), version: 0 });
    expect(u.body).toMatchObject({ content: '每季度专题研究', version: 1 });
    expect((await aStaff.put(`/api/duty-items/${c.body.id}`, { ...item(), version: 0 })).body.code).toBe('STALE');
    const l = await aStaff.get('/api/duty-items?year=2025');
    expect(l.body.items.map((i: { content: string }) => i.content)).toEqual(['每季度专题研究', '落实意识形态阵地管理']);
    const tmp = await aStaff.post('/api/duty-items', item({ content: '临时条目' }));
    expect((await aStaff.post(`/api/duty-items/${tmp.body.id}/archive`, { version: 0 })).body.archived).toBe(true);
    expect((await aStaff.get('/api/duty-items?year=2025')).body.total).toBe(2);
    expect((await aStaff.get(`/api/duty-items/${c.body.id}/history`)).body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
  });

  it('refuses bad input naming the field and references outside the unit', async () => {
    const bad = async (patch: object) => (await aStaff.post('/api/duty-items', item(patch))).body;
    expect(await bad({ content: '' })).toMatchObject({ field: 'content', message: '请填写责任内容' });
    expect(await bad({ year: 1800 })).toMatchObject({ field: 'year' });
    expect(await bad({ leaderPersonId: county.people.a1.id })).toMatchObject({ field: 'leaderPersonId', message: '责任领导应是本单位的人员' });
    expect(await bad({ departmentIds: [county.units.b.id] })).toMatchObject({ field: 'departmentIds', message: '责任部门“东山镇”不在本单位范围内' });
    expect(await bad({ unitId: county.units.b.id })).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await bStaff.get(`/api/duty-items?unitId=${county.units.a.id}`)).body.code).toBe('OUT_OF_SCOPE');
  });

  it('copies last year’s list into the new year once', async () => {
    const r = await aStaff.post('/api/duty-items/copy', { unitId: county.units.a.id, fromYear: 2025, toYear: 2026 });
    expect(r.body).toEqual({ copied: 2 });
    const list = (await aStaff.get('/api/duty-items?year=2026')).body.items;
    expect(list.map((i: { content: string; leaderName: string }) => [i.content, i.leaderName])).toEqual([['每季度专题研究', '镇李'], ['落实意识形态阵地管理', '镇李']]);
    const again = await aStaff.post('/api/duty-items/copy', { unitId: county.units.a.id, fromYear: 2025, toYear: 2026 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'YEAR_NOT_EMPTY', message: expect.stringContaining('已有 2 条') });
    expect((await aStaff.post('/api/duty-items/copy', { unitId: county.units.a.id, fromYear: 2020, toYear: 2027 })).body).toMatchObject({ field: 'fromYear' });
    // Editing the copy leaves last year's untouched.
    await aStaff.put(`/api/duty-items/${list[0].id}`, { ...item({ year: 2026, content: '2026年调整后的条目' }), version: 0 });
    expect((await aStaff.get('/api/duty-items?year=2025')).body.items[0].content).toBe('每季度专题研究');
  });

  it('records an agreement, who is to sign it, who has, and who has not yet', async () => {
    const a = await countyStaff.post('/api/agreements', { unitId: county.units.county.id, title: '2026年网络意识形态工作责任书', year: 2026, issuedDay: '2026-02-10', signatoryUnitIds: [county.units.a.id, county.units.b.id], signatoryPersonIds: [county.people.county.id] });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ expected: 3, signed: 0 });
    const sigs = (await countyStaff.get(`/api/agreements/${a.body.id}/signatories`)).body.items;
    const aSig = sigs.find((s: { unitName: string }) => s.unitName === '城关镇');
    const signed = await countyStaff.post(`/api/agreement-signatories/${aSig.id}/sign`, { version: 0, signedDay: '2026-02-20' });
    expect(signed.body).toMatchObject({ signedDay: '2026-02-20', version: 1 });
    expect((await countyStaff.post(`/api/agreement-signatories/${aSig.id}/sign`, { version: 0, signedDay: '2026-02-20' })).body.code).toBe('STALE');
    expect((await countyStaff.post(`/api/agreement-signatories/${aSig.id}/sign`, { version: 1, signedDay: '2026-02-20' })).body.code).toBe('ALREADY_SIGNED');
    expect((await countyStaff.post(`/api/agreement-signatories/${aSig.id}/sign`, { version: 1, signedDay: '2099-01-01' })).body).toMatchObject({ field: 'signedDay', message: '签订日期不能晚于今天' });
    const unsigned = (await countyStaff.get(`/api/agreements/${a.body.id}/signatories?only=unsigned`)).body.items;
    expect(unsigned.map((s: { unitName: string | null; personName: string | null }) => s.unitName ?? s.personName).sort()).toEqual(['东山镇', '县张(测试县)'].sort());
    expect((await countyStaff.get(`/api/agreements/${a.body.id}`)).body).toMatchObject({ expected: 3, signed: 1 });
    // Adding the same signatory twice adds nothing; a unit outside the issuer's subtree is refused.
    expect((await countyStaff.post(`/api/agreements/${a.body.id}/signatories`, { unitIds: [county.units.a.id] })).body).toEqual({ added: 0 });
    expect((await aStaff.post('/api/agreements', { unitId: county.units.a.id, title: '镇责任书', year: 2026, issuedDay: '2026-03-01', signatoryUnitIds: [county.units.b.id] })).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.post('/api/agreements', { unitId: county.units.a.id, title: '镇责任书', year: 2026, issuedDay: '2026-03-01', signatoryUnitIds: [county.units.a.id] })).body).toMatchObject({ field: 'signatoryUnitIds' });
    // A township sees agreements it issued, not the county's.
    expect((await aStaff.get(`/api/agreements/${a.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    const back = await countyStaff.post(`/api/agreement-signatories/${aSig.id}/unsign`, { version: 1 });
    expect(back.body.signedDay).toBeNull();
    const h = (await countyStaff.get(`/api/agreements/${a.body.id}/history`)).body.items.map((e: { action: string }) => e.action);
    expect(h).toEqual(['create', 'sign', 'update', 'unsign']);
  });

  it('counts in one place and exports the list', async () => {
    const f = await dutyFigures(t.db, { unitPath: county.units.county.path, from: '2026-01-01', to: '2026-12-31' });
    expect((await countyStaff.get('/api/duty/figures?from=2026-01-01&to=2026-12-31')).body).toEqual(f);
    expect(f).toMatchObject({ dutyItems: 2, unitsWithList: 1, agreements: 1, expectedSignatures: 3, signed: 0 });
    expect(f.unsigned).toHaveLength(3);
    const x = await aStaff.get('/api/duty-items/export?year=2026');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('2026年网络意识形态工作责任清单');
    expect(wb.worksheets[0].getCell(4, 3).value).toBe('2026年调整后的条目');
  });
});
