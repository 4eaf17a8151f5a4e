import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makePerson, PASSWORD } from '../helpers/factories';

describe(`accounts [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let admin: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    admin = await login(t.app, 'a_admin', PASSWORD);
  });
  afterAll(() => t.close());

  const base = () => ({ username: 'newuser', displayName: '新用户', role: 'staff', unitId: county.units.a1.id, password: 'Spring#2026x' });
  const sessionsOf = async (accountId: string) => (await t.db.selectFrom('sessions').select('token_hash').where('account_id', '=', accountId).execute()).length;
  const editBody = async (id: string, changes: Record<string, unknown>) => {
    const a = (await admin.get(`/api/accounts/${id}`)).body;
    return { displayName: a.displayName, role: a.role, unitId: a.unitId, personId: a.personId, disabled: a.disabled, version: a.version, ...changes };
  };

  it('creates an account that can sign in; never shows or logs the password hash', async () => {
    const p = await makePerson(t.db, { unit: county.units.a1, name: '新用户' });
    const r = await admin.post('/api/accounts', { ...base(), personId: p.id });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'newuser', role: 'staff', unitId: county.units.a1.id, unitName: '城东村', personId: p.id, disabled: false, version: 0 });
    expect(JSON.stringify(r.body)).not.toMatch(/argon|password/i);
    const me = await login(t.app, 'newuser', 'Spring#2026x');
    expect(me.account).toMatchObject({ role: 'staff', unitId: county.units.a1.id });
    const log = await t.db.selectFrom('audit_log').select(['after_json']).where('entity', '=', 'account').where('entity_id', '=', r.body.id).execute();
    expect(log.length).toBeGreaterThan(0);
    for (const l of log) expect(l.after_json ?? '').not.toMatch(/argon|Spring#2026x/);
    expect((await admin.get(`/api/people/${p.id}`)).body.hasAccount).toBe(true);
  });

  it('refuses a taken login name (409, field username), a person who already has an account, and bad fields', async () => {
    const before = (await t.db.selectFrom('accounts').select('id').execute()).length;
    const dup = await admin.post('/api/accounts', { ...base(), displayName: '另一人' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ code: 'USERNAME_TAKEN', message: '登录名“newuser”已被使用', field: 'username' });
    // Login names of other units are taken too, even where this admin cannot see them.
    const hidden = await admin.post('/api/accounts', { ...base(), username: 'b_staff' });
    expect(hidden.body).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });

    const linked = await t.db.selectFrom('accounts').select('person_id').where('username', '=', 'newuser').executeTakeFirstOrThrow();
    const samePerson = await admin.post('/api/accounts', { ...base(), username: 'newuser2', personId: linked.person_id });
    expect(samePerson.status).toBe(409);
    expect(samePerson.body).toMatchObject({ code: 'PERSON_HAS_ACCOUNT', field: 'personId' });

    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'ab' }, 'username'],
      [{ username: '中文名' }, 'username'],
      [{ username: 'a'.repeat(33) }, 'username'],
      [{ role: 'superuser' }, 'role'],
      [{ password: 'short1A' }, 'password'],
      [{ password: 'alllowercase1' }, 'password'],
      [{ displayName: '' }, 'displayName'],
      [{ unitId: county.units.b.id }, 'unitId'],
    ];
    for (const [change, field] of cases) {
      const r = await admin.post('/api/accounts', { ...base(), username: 'fresh_name', ...change });
      expect(r.status, JSON.stringify(change)).toBeGreaterThanOrEqual(400);
      if (field === 'unitId') {
        expect(r.body.code).toBe('OUT_OF_SCOPE');
      } else {
        expect(r.body.field, JSON.stringify(change)).toBe(field);
        expect(r.body.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
    expect((await t.db.selectFrom('accounts').select('id').execute()).length).toBe(before);
  });

  it('disabling an account ends all its sessions at once and stops new sign-ins; enabling lets it back', async () => {
    const acct = await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'liaison_a1' });
    const s1 = await login(t.app, 'liaison_a1', PASSWORD);
    const s2 = await login(t.app, 'liaison_a1', PASSWORD);
    expect(await sessionsOf(acct.id)).toBe(2);
    const r = await admin.put(`/api/accounts/${acct.id}`, await editBody(acct.id, { disabled: true }));
    expect(r.status).toBe(200);
    expect(r.body.disabled).toBe(true);
    expect(await sessionsOf(acct.id)).toBe(0);
    expect((await s1.get('/api/session')).status).toBe(401);
    expect((await s2.get('/api/units/tree')).status).toBe(401);
    const again = await anonymous(t.app, 'POST', '/api/session/login', { username: 'liaison_a1', password: PASSWORD });
    expect(again.status).toBe(403);
    expect(again.body.message).toContain('停用');
    await admin.put(`/api/accounts/${acct.id}`, await editBody(acct.id, { disabled: false }));
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'liaison_a1', password: PASSWORD })).status).toBe(200);
  });

  it('a changed role or unit takes effect now: the old sessions end', async () => {
    const acct = await makeAccount(t.db, { unit: county.units.a, role: 'staff', username: 'mover' });
    const s = await login(t.app, 'mover', PASSWORD);
    await admin.put(`/api/accounts/${acct.id}`, await editBody(acct.id, { unitId: county.units.a1.id }));
    expect((await s.get('/api/session')).status).toBe(401);
    const s2 = await login(t.app, 'mover', PASSWORD);
    expect(s2.account.unitId).toBe(county.units.a1.id);
    await admin.put(`/api/accounts/${acct.id}`, await editBody(acct.id, { role: 'leader' }));
    expect((await s2.get('/api/session')).status).toBe(401);
    expect((await login(t.app, 'mover', PASSWORD)).account.role).toBe('leader');
    // A display-name change leaves sessions alone.
    const s3 = await login(t.app, 'mover', PASSWORD);
    await admin.put(`/api/accounts/${acct.id}`, await editBody(acct.id, { displayName: '调动者' }));
    expect((await s3.get('/api/session')).body.account.displayName).toBe('调动者');
  });

  it('an admin cannot disable themself or change their own role or unit', async () => {
    const selfId = county.accounts.admin.id;
    for (const change of [{ disabled: true }, { role: 'staff' }, { unitId: county.units.a1.id }]) {
      const r = await admin.put(`/api/accounts/${selfId}`, await editBody(selfId, change));
      expect(r.status, JSON.stringify(change)).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    }
    const row = await t.db.selectFrom('accounts').select(['disabled', 'role', 'unit_id', 'version']).where('id', '=', selfId).executeTakeFirstOrThrow();
    expect(row).toEqual({ disabled: 0, role: 'admin', unit_id: county.units.a.id, version: 0 });
    expect((await admin.get('/api/session')).status).toBe(200);
  });

  it('resets a password (ending sessions, clearing a lock) and unlocks a locked account', async () => {
    const acct = await makeAccount(t.db, { unit: county.units.a, role: 'staff', username: 'forgetful' });
    const s = await login(t.app, 'forgetful', PASSWORD);
    const ip = '198.51.100.50';
    const secadmin = await login(t.app, 'a_secadmin', PASSWORD);
    // Resetting and unlocking are the security administrator's (三员), not the system administrator's.
    expect((await admin.post(`/api/accounts/${acct.id}/unlock`)).status).toBe(403);
    for (let i = 0; i < 5; i++) await anonymous(t.app, 'POST', '/api/session/login', { username: 'forgetful', password: 'wrong' }, ip);
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'forgetful', password: PASSWORD }, ip)).status).toBe(423);
    expect((await admin.get(`/api/accounts/${acct.id}`)).body.lockedUntil).not.toBeNull();

    const weak = await secadmin.post(`/api/accounts/${acct.id}/password`, { password: 'weakpass', version: 0 });
    expect(weak.body).toMatchObject({ code: 'VALIDATION', field: 'password' });
    expect(weak.body.message).toContain('新密码');
    const reset = await secadmin.post(`/api/accounts/${acct.id}/password`, { password: 'Reset#2026', version: 0 });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ lockedUntil: null, version: 1 });
    expect((await s.get('/api/session')).status).toBe(401);
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'forgetful', password: PASSWORD }, ip)).status).toBe(400);
    await login(t.app, 'forgetful', 'Reset#2026');

    for (let i = 0; i < 5; i++) await anonymous(t.app, 'POST', '/api/session/login', { username: 'forgetful', password: 'wrong' }, ip);
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'forgetful', password: 'Reset#2026' }, ip)).status).toBe(423);
    const unlock = await secadmin.post(`/api/accounts/${acct.id}/unlock`);
    expect(unlock.body.lockedUntil).toBeNull();
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'forgetful', password: 'Reset#2026' }, ip)).status).toBe(200);
  });

  it('三员: the system administrator grants working roles only; administrator roles are the security administrator’s to grant', async () => {
    const secadmin = await login(t.app, 'a_secadmin', PASSWORD);
    const create = (username: string, role: string) =>
      admin.post('/api/accounts', { username, displayName: username, role, unitId: county.units.a.id, password: 'Spring#2026x' });
    for (const role of ['admin', 'secadmin', 'auditadmin']) {
      const r = await create(`dup_${role}`, role);
      expect(r.status, role).toBe(403);
      expect(r.body.message).toContain('只能由安全管理员授予');
    }
    const worker = await create('worker_x', 'staff');
    expect(worker.status).toBe(201);
    // Editing the security administrator's role, or making someone auditor, is refused to the system administrator.
    const sec = (await admin.get(`/api/accounts/${county.accounts.secadmin.id}`)).body;
    const demote = await admin.put(`/api/accounts/${sec.id}`, { displayName: sec.displayName, role: 'staff', unitId: sec.unitId, personId: null, disabled: false, version: sec.version });
    expect(demote.status).toBe(403);
    expect((await admin.put(`/api/accounts/${worker.body.id}`, { displayName: 'w', role: 'auditadmin', unitId: county.units.a.id, personId: null, disabled: false, version: 0 })).status).toBe(403);
    // The security administrator sets any role; the account then holds that one role only, and its sessions end.
    const w = await login(t.app, 'worker_x', 'Spring#2026x');
    const granted = await secadmin.post(`/api/accounts/${worker.body.id}/role`, { role: 'auditadmin', version: 0 });
    expect(granted.status).toBe(200);
    expect(granted.body.role).toBe('auditadmin');
    expect((await w.get('/api/session')).status).toBe(401);
    expect((await secadmin.post(`/api/accounts/${county.accounts.secadmin.id}/role`, { role: 'admin', version: 0 })).status).toBe(403);
    const log = await t.db.selectFrom('audit_log').select(['actor_name', 'after_json']).where('action', '=', 'role_change').where('entity_id', '=', worker.body.id).execute();
    expect(log).toEqual([{ actor_name: 'a_secadmin(a_secadmin)', after_json: JSON.stringify({ role: 'auditadmin' }) }]);
  });

  it('lists accounts of the own subtree, searchable', async () => {
    const all = await admin.get('/api/accounts?pageSize=200');
    const names = all.body.items.map((a: { username: string }) => a.username);
    expect(names).toEqual(expect.arrayContaining(['a_admin', 'a_staff', 'newuser', 'liaison_a1']));
    expect(names).not.toContain('b_staff');
    expect(names).not.toContain('county_admin');
    expect(all.body.total).toBe(names.length);
    const found = await admin.get('/api/accounts?q=LIAISON');
    expect(found.body.items.map((a: { username: string }) => a.username).sort()).toEqual(['a_liaison', 'liaison_a1']);
    const inVillage = await admin.get(`/api/accounts?unitId=${county.units.a1.id}`);
    expect(inVillage.body.items.every((a: { unitId: string }) => a.unitId === county.units.a1.id)).toBe(true);
    const other = await admin.get(`/api/accounts?unitId=${county.units.b.id}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('OUT_OF_SCOPE');
  });
});
