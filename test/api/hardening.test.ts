/** Smaller 等保 findings: CSP, private API docs, inert spreadsheet cells, archived attachments, weak passwords, session lifetime. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/app';
import { type Agent, anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`hardening [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let admin: Agent;
  let staff: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    admin = await login(t.app, 'a_admin', PASSWORD);
    staff = await login(t.app, 'a_staff', PASSWORD);
  });
  afterAll(() => t.close());

  it('sends a Content-Security-Policy without inline scripts on every answer', async () => {
    for (const r of [await anonymous(t.app, 'GET', '/api/session'), await staff.get('/api/units/tree')]) {
      expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('serves the API docs to signed-in users only', async () => {
    expect((await anonymous(t.app, 'GET', '/api/docs/json')).status).toBe(401);
    const docs = await staff.get('/api/docs/json');
    expect(docs.status).toBe(200);
    expect(JSON.parse(docs.raw.body).openapi).toMatch(/^3\./);
    expect((await staff.get('/api/docs')).status).toBeLessThan(400);
  });

  it('writes text that starts like a formula into exported ledgers as inert text', async () => {
    const base = { unitId: county.units.a.id, source: 'superior', startDay: '2026-09-30', dueMode: 'date', dueDay: '2026-10-31' };
    for (const title of ['=HYPERLINK("http://x.invalid","点此")', '+1+2', '-3+4', '@SUM(A1)', '正常标题']) {
      expect((await staff.post('/api/tasks', { ...base, title })).status).toBe(201);
    }
    const x = await staff.get(`/api/tasks/export?unitId=${county.units.a.id}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    const titles: unknown[] = [];
    wb.worksheets[0].eachRow((r, n) => { if (n > 3) titles.push(r.getCell(2).value); });
    expect(titles).toEqual(expect.arrayContaining([`'=HYPERLINK("http://x.invalid","点此")`, "'+1+2", "'-3+4", "'@SUM(A1)", '正常标题']));
    expect(titles.every((v) => typeof v === 'string')).toBe(true);
  });

  it('an archived attachment can no longer be downloaded by its id', async () => {
    const f = await admin.upload('/api/files', { entity: 'unit', entityId: county.units.a.id }, { name: '旧文件.pdf', content: Buffer.from('%PDF-1.4 old') });
    expect(f.status).toBe(201);
    expect((await admin.get(`/api/files/${f.body.id}/download`)).status).toBe(200);
    expect((await admin.post(`/api/files/${f.body.id}/archive`)).status).toBeLessThan(300);
    const gone = await admin.get(`/api/files/${f.body.id}/download`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('NOT_FOUND');
  });

  it('refuses common passwords and passwords containing the login name', async () => {
    const create = (username: string, password: string) =>
      admin.post('/api/accounts', { username, displayName: '新人', role: 'staff', unitId: county.units.a.id, password });
    for (const pw of ['Password1', 'Passw0rd', 'P@ssw0rd!', 'Admin@123', 'Qwer1234']) {
      const r = await create('newcomer', pw);
      expect(r.status, pw).toBe(400);
      expect(r.body).toMatchObject({ code: 'VALIDATION', field: 'password' });
      expect(r.body.message, pw).toContain('过于常见');
    }
    const named = await create('zhangwei', 'Zhangwei#2026');
    expect(named.body).toMatchObject({ code: 'VALIDATION', field: 'password', message: '初始密码不能包含登录名' });
    expect((await create('zhangwei', 'Hai-Tang#2026')).status).toBe(201);
    const own = await staff.post('/api/session/password', { oldPassword: PASSWORD, newPassword: 'A_staff#2026' });
    expect(own.body).toMatchObject({ code: 'VALIDATION', field: 'newPassword', message: '新密码不能包含登录名' });
  });

  it('ends a session at its absolute lifetime even while it is in use', async () => {
    const a = await login(t.app, 'a_leader', PASSWORD);
    expect((await a.get('/api/session')).status).toBe(200);
    await t.db.updateTable('sessions').set({ created_at: new Date(Date.now() - 13 * 3600_000).toISOString() }).where('account_id', '=', county.accounts.leader.id).execute();
    const r = await a.get('/api/session');
    expect(r.status).toBe(401);
    expect(r.body.message).toContain('超时');
  });
});
