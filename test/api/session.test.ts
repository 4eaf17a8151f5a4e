import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, login, nextIp } from '../helpers/client';
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

  it('locks an address out of an account for 15 minutes after 5 failures within 15 minutes', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < 5; i++) {
      const r = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_inspector', password: `wrong${i}` }, ip);
      expect(r.status).toBe(400);
    }
    const locked = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_inspector', password: PASSWORD }, ip);
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    const row = await t.db.selectFrom('login_locks').select('locked_until').where('username', '=', 'a_inspector').where('ip', '=', ip).executeTakeFirstOrThrow();
    const minutes = (Date.parse(row.locked_until) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    // Once the lock has run out, the right password works again.
    await t.db.updateTable('login_locks').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('username', '=', 'a_inspector').execute();
    await t.db.updateTable('login_failures').set({ at: new Date(Date.now() - 16 * 60_000).toISOString() }).where('username', '=', 'a_inspector').execute();
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_inspector', password: PASSWORD }, ip)).status).toBe(200);
  });

  it('a lock holds one address only: the right password from another address still signs the administrator in', async () => {
    const attacker = '203.0.113.66';
    for (let i = 0; i < 6; i++) await anonymous(t.app, 'POST', '/api/session/login', { username: 'county_admin', password: 'guess' }, attacker);
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'county_admin', password: PASSWORD }, attacker)).status).toBe(423);
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'county_admin', password: PASSWORD }, '192.0.2.10')).status).toBe(200);
    // The failures stay counted in the audit log.
    const log = await t.db.selectFrom('audit_log').select('after_json').where('action', '=', 'login_failed').where('entity_id', '=', county.accounts.countyAdmin.id).orderBy('seq').execute();
    expect(log.map((l) => JSON.parse(l.after_json!).failures)).toEqual([1, 2, 3, 4, 5]);
  });

  it('backs off: five more failures after a lock ran out lock the address for twice as long', async () => {
    const ip = '198.51.100.9';
    const fail = () => anonymous(t.app, 'POST', '/api/session/login', { username: 'a_staff', password: 'bad' }, ip);
    for (let i = 0; i < 5; i++) await fail();
    // The first lock ran out; its failures are older than 15 minutes but within the day.
    await t.db.updateTable('login_locks').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('username', '=', 'a_staff').execute();
    await t.db.updateTable('login_failures').set({ at: new Date(Date.now() - 20 * 60_000).toISOString() }).where('username', '=', 'a_staff').execute();
    for (let i = 0; i < 5; i++) await fail();
    const row = await t.db.selectFrom('login_locks').select(['locked_until', 'failures']).where('username', '=', 'a_staff').where('ip', '=', ip).executeTakeFirstOrThrow();
    expect(row.failures).toBe(10);
    const minutes = (Date.parse(row.locked_until) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    await t.db.deleteFrom('login_locks').where('username', '=', 'a_staff').execute();
    await t.db.deleteFrom('login_failures').where('username', '=', 'a_staff').execute();
  });

  it('four failures do not lock; failures older than 15 minutes do not count', async () => {
    const ip = '198.51.100.40';
    await t.db.insertInto('login_failures').values([1, 2, 3, 4].map(() => ({ username: 'a_liaison', at: new Date(Date.now() - 20 * 60_000).toISOString(), ip }))).execute();
    for (let i = 0; i < 4; i++) await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_liaison', password: 'bad' }, ip);
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_liaison', password: PASSWORD }, ip)).status).toBe(200);
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
    expect(twoClasses.body).toEqual({ code: 'VALIDATION', field: 'newPassword', message: '新密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类' });
    const same = await a.post('/api/session/password', { oldPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.body).toMatchObject({ code: 'VALIDATION', field: 'newPassword' });
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

  it('keeps an active session alive: idle time counts from the last request, not from sign-in', async () => {
    const a = await login(t.app, 'county_leader', PASSWORD);
    const backdate = (minutes: number) =>
      t.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - minutes * 60_000).toISOString() }).where('account_id', '=', county.accounts.countyLeader.id).execute();
    await backdate(20);
    expect((await a.get('/api/session')).status).toBe(200);
    const row = await t.db.selectFrom('sessions').select('last_seen_at').where('account_id', '=', county.accounts.countyLeader.id).executeTakeFirstOrThrow();
    expect(Date.now() - Date.parse(row.last_seen_at)).toBeLessThan(10_000);
    await backdate(29);
    expect((await a.get('/api/session')).status).toBe(200);
    await backdate(31);
    expect((await a.get('/api/session')).status).toBe(401);
    expect(await t.db.selectFrom('sessions').select('token_hash').where('account_id', '=', county.accounts.countyLeader.id).execute()).toEqual([]);
  });

  it('answers an unknown login name exactly like a real one, lock included', async () => {
    const answers = async (username: string, ip: string) => {
      const out: unknown[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await anonymous(t.app, 'POST', '/api/session/login', { username, password: 'x' }, ip);
        out.push([r.status, r.body.code, String(r.body.message).replace(/\d/g, '0')]);
      }
      return out;
    };
    const known = await answers('a_leader', '198.51.100.20');
    expect(known.slice(4, 6)).toEqual([[400, 'VALIDATION', '登录名或密码错误'], [423, 'ACCOUNT_LOCKED', expect.stringContaining('账号已锁定')]]);
    expect(await answers('nobody_here', '198.51.100.21')).toEqual(known);
    const missing = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_staff' });
    expect(missing.body).toMatchObject({ code: 'VALIDATION', field: 'password', message: '请填写密码' });
  });

  it('a sign-in refused by a lock is audited with the address and the name, an unknown name too, and answers the same', async () => {
    const attempt = (username: string, ip: string, password = 'x') => anonymous(t.app, 'POST', '/api/session/login', { username, password }, ip);
    for (let i = 0; i < 5; i++) {
      await attempt('a_liaison', '198.51.100.40');
      await attempt('ghost_name', '198.51.100.41');
    }
    // The right password is refused by the lock as well.
    const known = await attempt('a_liaison', '198.51.100.40', PASSWORD);
    const unknown = await attempt('ghost_name', '198.51.100.41', PASSWORD);
    expect(known.status).toBe(423);
    expect([unknown.status, unknown.body.code, unknown.body.message.replace(/\d/g, '0')]).toEqual([known.status, known.body.code, known.body.message.replace(/\d/g, '0')]);
    const rows = await t.db.selectFrom('audit_log').select(['entity_id', 'ip', 'unit_path', 'actor_id', 'after_json']).where('action', '=', 'login_locked').where('ip', 'in', ['198.51.100.40', '198.51.100.41']).orderBy('seq').execute();
    const lockedUntil = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    expect(rows.map((r) => ({ ...r, after_json: JSON.parse(r.after_json!) }))).toEqual([
      { entity_id: county.accounts.liaison.id, ip: '198.51.100.40', unit_path: county.units.a.path, actor_id: null, after_json: { username: 'a_liaison', lockedUntil } },
      // An unknown name is kept under the top unit, where the audit administrator reads it.
      { entity_id: null, ip: '198.51.100.41', unit_path: county.units.county.path, actor_id: null, after_json: { username: 'ghost_name', lockedUntil } },
    ]);
    // The audit administrator sees both.
    const auditor = await login(t.app, 'county_auditadmin', PASSWORD);
    const listed = await auditor.get('/api/audit?action=login_locked&pageSize=100');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { after: { username: string } }) => i.after.username)).toEqual(expect.arrayContaining(['a_liaison', 'ghost_name']));
  });

  it('the lock message is Chinese and names the time; each failure is in the audit log', async () => {
    for (let i = 0; i < 5; i++) await anonymous(t.app, 'POST', '/api/session/login', { username: 'county_staff', password: 'bad' }, '198.51.100.30');
    const r = await anonymous(t.app, 'POST', '/api/session/login', { username: 'county_staff', password: PASSWORD }, '198.51.100.30');
    expect(r.status).toBe(423);
    expect(r.body.code).toBe('ACCOUNT_LOCKED');
    expect(r.body.message).toMatch(/^登录失败次数过多，账号已锁定至 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2}$/);
    const log = await t.db.selectFrom('audit_log').select('after_json').where('action', '=', 'login_failed').where('entity_id', '=', county.accounts.countyStaff.id).orderBy('seq').execute();
    expect(log.map((l) => JSON.parse(l.after_json!).locked)).toEqual([false, false, false, false, true]);
  });

  it('logging out ends that session only, and the old cookie is useless afterwards', async () => {
    const a = await login(t.app, 'county_inspector', PASSWORD);
    const b = await login(t.app, 'county_inspector', PASSWORD);
    const out = await t.app.inject({ method: 'POST', url: '/api/session/logout', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'nd_session')!;
    expect(cleared.value).toBe('');
    expect((await a.get('/api/session')).status).toBe(401);
    expect((await a.post('/api/session/logout')).status).toBe(401);
    expect((await b.get('/api/session')).status).toBe(200);
  });

  it('refuses anonymous calls to private routes and CSRF tokens of other sessions', async () => {
    const anon = await anonymous(t.app, 'GET', '/api/people');
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const a = await login(t.app, 'a_admin', PASSWORD);
    const b = await login(t.app, 'a_admin', PASSWORD);
    const crossed = await t.app.inject({
      method: 'PUT', url: `/api/units/${county.units.a1.id}`, headers: { cookie: a.cookie, 'x-csrf-token': b.csrf },
      payload: { name: '改名', kind: 'village', version: 0 },
    });
    expect(crossed.statusCode).toBe(403);
    expect(crossed.json()).toEqual({ code: 'CSRF', message: '页面已过期，请刷新后再试' });
    // Reads need no token.
    expect((await t.app.inject({ method: 'GET', url: '/api/units/tree', headers: { cookie: a.cookie } })).statusCode).toBe(200);
    expect((await t.db.selectFrom('units').select('name').where('id', '=', county.units.a1.id).executeTakeFirstOrThrow()).name).toBe('城东村');
  });

  it('limits sign-in attempts from one address to 30 a minute', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await anonymous(t.app, 'POST', '/api/session/login', { username: `flood${i}`, password: 'x' }, ip)).status);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    const limited = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_staff', password: PASSWORD }, ip);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    // Another address is not affected.
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_staff', password: PASSWORD })).status).toBe(200);
  });
});

describe(`short idle timeout from SESSION_IDLE_MINUTES [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { SESSION_IDLE_MINUTES: '1' });
    await buildCounty(t.db);
  });
  afterAll(() => t.close());

  it('expires a session idle for longer than the configured minute', async () => {
    expect(t.config.sessionIdleMinutes).toBe(1);
    const a = await login(t.app, 'a_staff', PASSWORD);
    await t.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 50_000).toISOString() }).execute();
    expect((await a.get('/api/session')).status).toBe(200);
    await t.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 70_000).toISOString() }).execute();
    const r = await a.get('/api/session');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 'UNAUTHENTICATED', message: '登录已超时，请重新登录' });
  });
});
