import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`session [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
  });
  afterAll(() => t.close());

  it('logs in, reports the session, logs out', async () => {
    const a = await login(t.app, 'a_staff', PASSWORD);
    const me = await a.get('/api/session');
    expect(me.status).toBe(200);
    expect(me.body.account).toMatchObject({ username: 'a_staff', role: 'staff', unitName: '城关镇' });
    expect(me.body.permissions).toContain('unit.read');
    expect(me.body.permissions).not.toContain('unit.manage');
    const out = await a.post('/api/session/logout');
    expect(out.status).toBe(204);
    expect((await a.get('/api/session')).status).toBe(401);
  });

  it('sets the session cookie httpOnly and SameSite', async () => {
    const r = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_staff', password: PASSWORD });
    const c = r.raw.cookies.find((x) => x.name === 'nd_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
    const stored = await t.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(c.value);
  });

  it('refuses a wrong password with a Chinese message naming the field', async () => {
    const r = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_leader', password: 'nope' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 'VALIDATION', message: '登录名或密码错误', field: 'password' });
  });

  it('locks an account for 15 minutes after 5 failures within 15 minutes', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_inspector', password: `wrong${i}` });
      expect(r.status).toBe(400);
    }
    const locked = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_inspector', password: PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    const row = await t.db.selectFrom('accounts').select('locked_until').where('username', '=', 'a_inspector').executeTakeFirstOrThrow();
    const minutes = (Date.parse(row.locked_until!) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    // Once the lock has run out, the right password works again.
    await t.db.updateTable('accounts').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('username', '=', 'a_inspector').execute();
    await t.db.updateTable('login_failures').set({ at: new Date(Date.now() - 16 * 60_000).toISOString() }).where('username', '=', 'a_inspector').execute();
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_inspector', password: PASSWORD })).status).toBe(200);
  });

  it('four failures do not lock; failures older than 15 minutes do not count', async () => {
    await t.db.insertInto('login_failures').values([1, 2, 3, 4].map(() => ({ username: 'a_liaison', at: new Date(Date.now() - 20 * 60_000).toISOString(), ip: null }))).execute();
    for (let i = 0; i < 4; i++) await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_liaison', password: 'bad' });
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_liaison', password: PASSWORD })).status).toBe(200);
  });

  it('expires an idle session', async () => {
    const a = await login(t.app, 'a_leader', PASSWORD);
    expect((await a.get('/api/units/tree')).status).toBe(200);
    await t.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() }).execute();
    const r = await a.get('/api/units/tree');
    expect(r.status).toBe(401);
    expect(r.body.message).toContain('超时');
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const a = await login(t.app, 'a_admin', PASSWORD);
    const r = await t.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: a.cookie }, payload: { parentId: county.units.a.id, name: 'x', kind: 'village' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('CSRF');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/units', headers: { cookie: a.cookie, 'x-csrf-token': 'forged' }, payload: {} });
    expect(wrong.json().code).toBe('CSRF');
  });

  it('changes the own password under the password rules', async () => {
    const a = await login(t.app, 'b_staff', PASSWORD);
    const short = await a.post('/api/session/password', { oldPassword: PASSWORD, newPassword: 'Ab1!' });
    expect(short.status).toBe(400);
    expect(short.body.field).toBe('newPassword');
    expect(short.body.message).toMatch(/至少 8 位/);
    const twoClasses = await a.post('/api/session/password', { oldPassword: PASSWORD, newPassword: 'abcdefgh123' });
    expect(twoClasses.status).toBe(400);
    const wrongOld = await a.post('/api/session/password', { oldPassword: 'x', newPassword: 'Better#2026' });
    expect(wrongOld.body).toMatchObject({ code: 'VALIDATION', field: 'oldPassword' });
    const other = await login(t.app, 'b_staff', PASSWORD);
    expect((await a.post('/api/session/password', { oldPassword: PASSWORD, newPassword: 'Better#2026' })).status).toBe(204);
    // The other device is signed out; the new password works.
    expect((await other.get('/api/session')).status).toBe(401);
    await login(t.app, 'b_staff', 'Better#2026');
    const hash = await t.db.selectFrom('accounts').select('password_hash').where('username', '=', 'b_staff').executeTakeFirstOrThrow();
    expect(hash.password_hash.startsWith('$argon2id$')).toBe(true);
  });
});
