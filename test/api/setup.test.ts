import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/platform/audit';
import { Agent, anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';

describe(`first start: the setup page [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const good = { unitName: '青山县', unitKind: 'county', adminName: '陈管理', username: 'chen', password: 'Qingshan#2026' };
  const count = async (table: 'units' | 'people' | 'accounts') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('says setup is needed, and shows no demo accounts on a production install', async () => {
    const r = await anonymous(t.app, 'GET', '/api/public/info');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ appName: '网信工作台', setupNeeded: true, demo: false });
    // Nothing else is open before setup.
    expect((await anonymous(t.app, 'GET', '/api/units/tree')).status).toBe(401);
  });

  it('refuses bad setup input field by field, creating nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ unitName: '' }, 'unitName'],
      [{ unitName: '县'.repeat(61) }, 'unitName'],
      [{ unitKind: 'kingdom' }, 'unitKind'],
      [{ adminName: undefined }, 'adminName'],
      [{ username: 'x' }, 'username'],
      [{ username: 'has space' }, 'username'],
      [{ password: 'Short1!' }, 'password'],
      [{ password: 'onlylowercaseand123' }, 'password'],
    ];
    for (const [change, field] of cases) {
      const r = await anonymous(t.app, 'POST', '/api/setup', { ...good, ...change });
      expect(r.status, JSON.stringify(change)).toBe(400);
      expect(r.body.field, JSON.stringify(change)).toBe(field);
      expect(r.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await count('units')).toBe(0);
    expect(await count('accounts')).toBe(0);
  });

  it('creates the root unit, the first admin (as a person of it) and signs the admin in', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/setup', payload: good });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.account).toMatchObject({ username: 'chen', displayName: '陈管理', role: 'admin', unitName: '青山县' });
    expect(body.permissions).toContain('unit.manage');
    const cookie = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const admin = new Agent(t.app, cookie, body.csrfToken, body.account);
    // Signed in straight away: can build the tree.
    const township = await admin.post('/api/units', { parentId: body.account.unitId, name: '青山镇', kind: 'township' });
    expect(township.status).toBe(201);
    const people = await admin.get('/api/people');
    expect(people.body.items).toEqual([expect.objectContaining({ name: '陈管理', position: '系统管理员', hasAccount: true })]);
    const root = await t.db.selectFrom('units').selectAll().where('parent_id', 'is', null).executeTakeFirstOrThrow();
    expect(root).toMatchObject({ name: '青山县', kind: 'county', depth: 0, path: `/${root.id}/` });
    // The same password signs in again later.
    expect((await login(t.app, 'chen', 'Qingshan#2026')).account.role).toBe('admin');
  });

  it('is offered only once: a second setup is refused and changes nothing', async () => {
    const before = { units: await count('units'), accounts: await count('accounts') };
    const again = await anonymous(t.app, 'POST', '/api/setup', { ...good, unitName: '另一个县', username: 'intruder' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 'ALREADY_SET_UP', message: '系统已经初始化，请直接登录' });
    expect({ units: await count('units'), accounts: await count('accounts') }).toEqual(before);
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'intruder', password: good.password })).status).toBe(400);
    expect((await anonymous(t.app, 'GET', '/api/public/info')).body).toEqual({ appName: '网信工作台', setupNeeded: false, demo: false });
  });

  it('writes the setup into the audit log', async () => {
    const rows = await t.db.selectFrom('audit_log').select(['action', 'entity', 'actor_name']).orderBy('seq').execute();
    expect(rows.slice(0, 2)).toEqual([
      { action: 'create', entity: 'unit', actor_name: '系统' },
      { action: 'setup', entity: 'account', actor_name: '陈管理(chen)' },
    ]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
