/** 责任领导 beside the owner on tasks and rectifications: set, checked, shown in the view, the history and the ledgers. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

async function sheetRows(agent: Agent, url: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await agent.get(url)).raw.rawPayload as never);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe(`responsible leader [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff] = await Promise.all(['a_staff', 'b_staff'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  it('a task names its responsible leader (of the unit or a superior), refuses another unit’s person, and shows it in the ledger', async () => {
    const body = { unitId: county.units.a.id, title: '清理停更政务新媒体账号', source: 'superior', startDay: '2026-03-01', dueMode: 'date', dueDay: '2026-09-30' };
    const c = await aStaff.post('/api/tasks', { ...body, ownerPersonId: county.people.a.id, responsibleLeaderId: county.people.county.id });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ ownerPersonName: '镇李', responsibleLeaderId: county.people.county.id, responsibleLeaderName: '县张' });
    expect((await aStaff.post('/api/tasks', { ...body, responsibleLeaderId: county.people.b.id })).body).toMatchObject({ field: 'responsibleLeaderId', message: '责任领导应是本单位或上级单位的人员' });
    expect((await aStaff.post('/api/tasks', { ...body, unitId: county.units.a.id, responsibleLeaderId: county.people.a1.id })).body).toMatchObject({ field: 'responsibleLeaderId' });
    const { unitId: _u, ...rest } = body;
    const u = await aStaff.put(`/api/tasks/${c.body.id}`, { ...rest, ownerPersonId: county.people.a.id, responsibleLeaderId: county.people.a.id, version: 0 });
    expect(u.body).toMatchObject({ responsibleLeaderName: '镇李', version: 1 });
    const h = (await aStaff.get(`/api/tasks/${c.body.id}/history`)).body.items;
    expect(h[1].changes).toEqual(expect.arrayContaining([{ field: 'responsibleLeaderName', before: '县张', after: '镇李' }]));
    const rows = await sheetRows(aStaff, '/api/tasks/export');
    const head = rows.find((r) => r.includes('责任领导'))!;
    const row = rows.find((r) => r.includes('清理停更政务新媒体账号'))!;
    expect(row[head.indexOf('责任领导')]).toBe('镇李');
    expect((await bStaff.put(`/api/tasks/${c.body.id}`, { ...rest, responsibleLeaderId: county.people.b.id, version: 1 })).body.code).toBe('OUT_OF_SCOPE');
  });

  it('a rectification names its responsible leader and shows it in the ledger', async () => {
    const body = { unitId: county.units.a.id, problem: '门户网站栏目长期未更新', origin: 'self_check', measures: '清理栏目并明确更新责任', startDay: '2026-04-01', dueMode: 'date', dueDay: '2026-05-31' };
    const c = await aStaff.post('/api/rectifications', { ...body, responsibleLeaderId: county.people.a.id });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ responsibleLeaderName: '镇李' });
    expect((await aStaff.post('/api/rectifications', { ...body, responsibleLeaderId: county.people.b.id })).body).toMatchObject({ field: 'responsibleLeaderId' });
    const { unitId: _u, ...rest } = body;
    expect((await aStaff.put(`/api/rectifications/${c.body.id}`, { ...rest, responsibleLeaderId: null, version: 0 })).body).toMatchObject({ responsibleLeaderName: null, version: 1 });
    await aStaff.put(`/api/rectifications/${c.body.id}`, { ...rest, responsibleLeaderId: county.people.county.id, version: 1 });
    const rows = await sheetRows(aStaff, '/api/rectifications/export');
    const head = rows.find((r) => r.includes('责任领导'))!;
    expect(rows.find((r) => r.includes('门户网站栏目长期未更新'))![head.indexOf('责任领导')]).toBe('县张');
  });
});
