/** 责任清单 and 责任书 through the API. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { dutyFigures } from '../../server/modules/duty/figures';
import { verifyAuditChain } from '../../server/platform/audit';
import { addDays, shanghaiDay } from '../../server/platform/calendar';
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
    // Two copies racing into an empty year: one lands, the other is refused.
    const race = await Promise.all([2028, 2028].map(() => aStaff.post('/api/duty-items/copy', { unitId: county.units.a.id, fromYear: 2025, toYear: 2028 })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await aStaff.get('/api/duty-items?year=2028')).body.total).toBe(2);
    const h = (await aStaff.get(`/api/duty-items/${list[0].id}/history`)).body.items;
    expect(h.map((e: { action: string }) => e.action)).toEqual(['copy', 'update']);
    expect(h[0].after).toMatchObject({ fromYear: 2025, toYear: 2026 });
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

  it('restores an archived entry, refuses stale archive and a sibling township', async () => {
    const x = await aStaff.post('/api/duty-items', item({ content: '待恢复条目', year: 2024 }));
    expect((await aStaff.post(`/api/duty-items/${x.body.id}/archive`, { version: 5 })).body.code).toBe('STALE');
    await aStaff.post(`/api/duty-items/${x.body.id}/archive`, { version: 0 });
    expect((await aStaff.put(`/api/duty-items/${x.body.id}`, { ...item(), version: 1 })).body.code).toBe('ARCHIVED');
    expect((await aStaff.get('/api/duty-items?year=2024&archived=true')).body.items.map((i: { content: string }) => i.content)).toEqual(['待恢复条目']);
    const r = await aStaff.post(`/api/duty-items/${x.body.id}/restore`, { version: 1 });
    expect(r.body).toMatchObject({ archived: false, version: 2 });
    expect((await aStaff.get('/api/duty-items?year=2024&q=恢复')).body.total).toBe(1);
    expect((await aStaff.get('/api/duty-items?year=2024&q=不存在的词')).body.total).toBe(0);
    expect((await bStaff.get(`/api/duty-items/${x.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.put(`/api/duty-items/${x.body.id}`, { ...item(), version: 2 })).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.post(`/api/duty-items/${x.body.id}/archive`, { version: 2 })).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.get(`/api/duty-items/${x.body.id}/history`)).body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'archive', 'restore']);
    // Nothing of the refused writes landed.
    expect((await aStaff.get(`/api/duty-items/${x.body.id}`)).body).toMatchObject({ content: '待恢复条目', version: 2 });
  });

  it('refuses bad agreement input naming the field; edits, stale edits and archives an agreement', async () => {
    const base = { unitId: county.units.county.id, title: '2026年度镇街责任书', year: 2026, issuedDay: '2026-03-01' };
    expect((await countyStaff.post('/api/agreements', { ...base, title: '' })).body).toMatchObject({ field: 'title', message: expect.stringContaining('责任书名称') });
    expect((await countyStaff.post('/api/agreements', { ...base, issuedDay: '2026-13-01' })).body).toMatchObject({ field: 'issuedDay', message: expect.stringContaining('印发日期') });
    const gone = await makeUnit(t.db, { parent: county.units.county, name: '已撤并乡' });
    await t.db.updateTable('units').set({ archived_at: new Date().toISOString() }).where('id', '=', gone.id).execute();
    const refused = await countyStaff.post('/api/agreements', { ...base, signatoryUnitIds: [county.units.a.id, gone.id] });
    expect(refused.body).toMatchObject({ field: 'signatoryUnitIds', message: '单位“已撤并乡”已归档，不能作为签订单位' });
    expect((await countyStaff.get('/api/agreements?q=镇街')).body.total).toBe(0); // the refused create wrote nothing
    const a = await countyStaff.post('/api/agreements', base);
    expect(a.body).toMatchObject({ expected: 0, signed: 0 });
    const u = await countyStaff.put(`/api/agreements/${a.body.id}`, { title: '2026年度镇街网络意识形态责任书', year: 2026, issuedDay: '2026-03-02', version: 0 });
    expect(u.body).toMatchObject({ version: 1, issuedDay: '2026-03-02' });
    expect((await countyStaff.put(`/api/agreements/${a.body.id}`, { ...base, version: 0 })).body.code).toBe('STALE');
    expect((await bStaff.put(`/api/agreements/${a.body.id}`, { ...base, version: 1 })).body.code).toBe('OUT_OF_SCOPE');
    expect((await countyStaff.post(`/api/agreements/${a.body.id}/archive`, { version: 1 })).body.archived).toBe(true);
    expect((await countyStaff.post(`/api/agreements/${a.body.id}/signatories`, { unitIds: [county.units.a.id] })).body.code).toBe('ARCHIVED');
    expect((await countyStaff.get('/api/agreements?q=镇街')).body.total).toBe(0);
    expect((await countyStaff.get('/api/agreements?q=镇街&archived=true')).body.total).toBe(1);
    expect((await countyStaff.post(`/api/agreements/${a.body.id}/restore`, { version: 2 })).body.archived).toBe(false);
    // Kept for the figures below: an agreement nobody has been named to sign yet.
  });

  it('counts in one place and exports the list', async () => {
    const f = await dutyFigures(t.db, { unitPath: county.units.county.path, from: '2026-01-01', to: '2026-12-31' });
    expect((await countyStaff.get('/api/duty/figures?from=2026-01-01&to=2026-12-31')).body).toEqual(f);
    expect(f).toMatchObject({ dutyItems: 2, unitsWithList: 1, agreements: 2, expectedSignatures: 3, signed: 0 });
    expect(f.unsigned).toHaveLength(3);
    expect(f.unsigned.map((u) => u.signatory)).toContain('东山镇');
    // A township's figures cover its own subtree only.
    expect(await dutyFigures(t.db, { unitPath: county.units.b.path, from: '2026-01-01', to: '2026-12-31' })).toMatchObject({ dutyItems: 0, agreements: 0, expectedSignatures: 0 });
    const x = await aStaff.get('/api/duty-items/export?year=2026');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('2026年网络意识形态工作责任清单');
    expect(wb.worksheets[0].getCell(4, 3).value).toBe('2026年调整后的条目');
  });

  it('imports a list from Excel all or nothing, linking departments that are units below', async () => {
    const sheet = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('责任清单');
      ws.addRow(['单位', '年度', '类别', '责任内容', '责任领导', '责任部门', '依据文件', '排序']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const count = async () => (await t.db.selectFrom('duty_items').select('id').execute()).length;
    const before = await count();
    const good = ['城关镇', 2027, '阵地管理', '管好镇政府网站和公众号', '镇李', '党政办、各村(社区)', '镇委〔2027〕1号', ''];
    const bad = await sheet([
      good,
      ['城关镇', '明年', '', '年度写错', '', '', '', ''],
      ['东山镇', 2027, '', '越权单位', '', '', '', ''],
      ['城关镇', 2027, '', '领导不在本单位', '县张', '', '', 'x'],
      good,
    ]);
    const p = await aStaff.upload('/api/duty-items/import?commit=false', {}, { name: 'd.xlsx', content: bad });
    expect(p.body.rows.map((r: { errors: string[] }) => r.errors.length)).toEqual([0, 1, 1, 2, 1]);
    expect(p.body.rows[1].errors[0]).toContain('年度');
    expect(p.body.rows[4].errors[0]).toContain('与第 2 行');
    expect((await aStaff.upload('/api/duty-items/import?commit=true', {}, { name: 'd.xlsx', content: bad })).body.code).toBe('IMPORT_INVALID');
    expect(await count()).toBe(before);
    expect((await aStaff.upload('/api/duty-items/import?commit=true', {}, { name: 'd.xlsx', content: await sheet([good]) })).body).toEqual({ imported: 1 });
    const [x] = (await aStaff.get('/api/duty-items?year=2027')).body.items;
    expect(x).toMatchObject({ content: '管好镇政府网站和公众号', leaderName: '镇李', departments: [{ id: office.id, name: '党政办' }], departmentsText: '各村(社区)', basis: '镇委〔2027〕1号' });
    expect((await aStaff.get('/api/duty-items/import/template')).status).toBe(200);
  });

  it('lists agreements someone has not signed and exports who signed', async () => {
    const [first] = (await countyStaff.get('/api/agreements?year=2026&q=网络意识形态工作责任书')).body.items;
    const sigs = (await countyStaff.get(`/api/agreements/${first.id}/signatories`)).body.items;
    const east = sigs.find((s: { unitName: string }) => s.unitName === '东山镇');
    await countyStaff.post(`/api/agreement-signatories/${east.id}/sign`, { version: 0, signedDay: '2026-02-21' });
    expect((await countyStaff.get('/api/agreements?year=2026&unsigned=true')).body.items.map((a: { title: string }) => a.title)).toEqual(['2026年网络意识形态工作责任书']);
    // A township signs nothing of its superior's: it cannot even see the signatory rows.
    expect((await bStaff.post(`/api/agreement-signatories/${east.id}/unsign`, { version: 1 })).body.code).toBe('OUT_OF_SCOPE');
    const x = await countyStaff.get('/api/agreements/export?year=2026');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    // 签订日期 is a date cell.
    const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''));
    ws.eachRow((r, n) => { if (n > 3) rows.push([String(r.getCell(2).value), String(r.getCell(6).value), String(r.getCell(7).value ?? ''), day(r.getCell(8).value)]); });
    expect(rows).toEqual(expect.arrayContaining([
      ['2026年网络意识形态工作责任书', '东山镇', '已签订', '2026-02-21'],
      ['2026年网络意识形态工作责任书', '城关镇', '未签订', ''],
      ['2026年度镇街网络意识形态责任书', '(未指定)', '', ''],
    ]));
    expect(rows).toHaveLength(4);
  });
});

describe(`demo county's duty list and agreements [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows a copied and adjusted list and an agreement two units have not signed', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    const staff = await login(t.app, 'staff', DEMO_PASSWORD);
    const year = Number(shanghaiDay().slice(0, 4));
    const list = (await staff.get(`/api/duty-items?year=${year}`)).body.items;
    expect(list).toHaveLength(5);
    expect(list.every((i: { leaderName: string | null }) => i.leaderName)).toBe(true);
    expect((await staff.get(`/api/duty-items/${list[1].id}/history`)).body.items.map((e: { action: string }) => e.action)).toEqual(['copy', 'update']);
    const issuedYear = Number(addDays(shanghaiDay(), -45).slice(0, 4));
    const [agreement] = (await staff.get(`/api/agreements?year=${issuedYear}&unsigned=true&q=${encodeURIComponent('目标责任书')}`)).body.items;
    expect(agreement).toMatchObject({ expected: 14, signed: 12 });
    const unsigned = (await staff.get(`/api/agreements/${agreement.id}/signatories?only=unsigned`)).body.items.map((s: { unitName: string }) => s.unitName);
    expect(unsigned).toEqual(['金塘镇', '县市场监督管理局']);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
