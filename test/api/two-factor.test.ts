/** Two-factor sign-in: enrolment with a QR code, TOTP codes that work once, recovery codes, reset by the security administrator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCode } from '../../server/platform/two-factor';
import { anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe(`two-factor sign-in [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let secret = '';
  let recovery: string[] = [];
  let enrolCode = '';
  const ip = '198.51.100.77';
  const password = () => anonymous(t.app, 'POST', '/api/session/login', { username: 'a_leader', password: PASSWORD }, ip);
  const code = (ticket: string, c: string) => anonymous(t.app, 'POST', '/api/session/login/code', { ticket, code: c }, ip);
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
  });
  afterAll(() => t.close());

  it('enrols with a QR code of an otpauth URI, confirmed by a first code, and hands out ten recovery codes once', async () => {
    const me = await login(t.app, 'a_leader', PASSWORD);
    expect((await me.get('/api/session/two-factor')).body).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    const setup = await me.post('/api/session/two-factor/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/.*a_leader\?.*secret=[A-Z2-7]+.*period=30/);
    expect(setup.body.qr).toMatch(/^data:image\/png;base64,/);
    secret = setup.body.secret;
    const wrong = await me.post('/api/session/two-factor/enable', { code: '000000' === currentCode(secret) ? '111111' : '000000' });
    expect(wrong.body).toMatchObject({ code: 'VALIDATION', field: 'code' });
    enrolCode = currentCode(secret);
    const ok = await me.post('/api/session/two-factor/enable', { code: enrolCode });
    expect(ok.status).toBe(200);
    recovery = ok.body.recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    expect((await me.get('/api/session/two-factor')).body).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    // Only hashes are stored.
    const stored = await t.db.selectFrom('recovery_codes').select('code_hash').execute();
    expect(stored.map((s) => s.code_hash)).not.toContain(recovery[0]);
    const log = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', county.accounts.leader.id).where('action', '=', 'totp_enrol').execute();
    expect(log).toHaveLength(1);
  });

  it('after the password asks for a code: no session until a current code, and each code works once', async () => {
    const first = await password();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ twoFactor: true, ticket: expect.any(String) });
    expect(first.raw.cookies.find((c) => c.name === 'nd_session')).toBeUndefined();
    // The code used at enrolment is spent; the next one is accepted.
    expect((await code(first.body.ticket, enrolCode)).status).toBe(400);
    const next = currentCode(secret, Date.now() + 30_000);
    const signedIn = await code(first.body.ticket, next);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.account.username).toBe('a_leader');
    expect(signedIn.raw.cookies.find((c) => c.name === 'nd_session')).toBeDefined();
    // The ticket is spent, and the same code does not open a second session.
    expect((await code(first.body.ticket, next)).body.message).toContain('过期');
    const again = await password();
    const replay = await code(again.body.ticket, next);
    expect(replay.body).toMatchObject({ code: 'VALIDATION', field: 'code', message: '验证码不正确或已使用' });
  });

  it('five wrong codes end the ticket', async () => {
    const p = await password();
    for (let i = 0; i < 5; i++) expect((await code(p.body.ticket, `00000${i}`)).status).toBe(400);
    const late = await code(p.body.ticket, currentCode(secret, Date.now() + 60_000));
    expect(late.body.message).toContain('过期');
  });

  it('a recovery code signs in once', async () => {
    const p = await password();
    const r = await code(p.body.ticket, recovery[3].toUpperCase());
    expect(r.status).toBe(200);
    const p2 = await password();
    expect((await code(p2.body.ticket, recovery[3])).status).toBe(400);
    const me = await login(t.app, 'a_staff', PASSWORD);
    expect((await me.get('/api/session/two-factor')).body.enabled).toBe(false);
  });

  it('a lost phone: the security administrator resets it (audited), the account signs in with the password and enrols again', async () => {
    const admin = await login(t.app, 'a_admin', PASSWORD);
    expect((await admin.post(`/api/accounts/${county.accounts.leader.id}/two-factor/reset`)).status).toBe(403);
    const sec = await login(t.app, 'a_secadmin', PASSWORD);
    expect((await sec.post(`/api/accounts/${county.accounts.leader.id}/two-factor/reset`)).status).toBe(200);
    const plain = await password();
    expect(plain.body.account.username).toBe('a_leader');
    expect(await t.db.selectFrom('recovery_codes').select('code_hash').where('account_id', '=', county.accounts.leader.id).execute()).toEqual([]);
    const log = await t.db.selectFrom('audit_log').select(['actor_name', 'action']).where('entity_id', '=', county.accounts.leader.id).where('action', '=', 'totp_reset').execute();
    expect(log).toEqual([{ actor_name: 'a_secadmin(a_secadmin)', action: 'totp_reset' }]);
  });
});

describe(`two factors required by policy [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    // Production's default: the three administrators must use two factors.
    t = await createTestApp({}, { TWO_FACTOR_ROLES: 'admin,secadmin,auditadmin' });
    await buildCounty(t.db);
  });
  afterAll(() => t.close());

  it('an administrator without an authenticator may only enrol; once enrolled, the system opens', async () => {
    const admin = await login(t.app, 'a_admin', PASSWORD);
    expect((await admin.get('/api/session')).body.twoFactorRequired).toBe(true);
    const refused = await admin.get('/api/units/tree');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TWO_FACTOR_REQUIRED');
    const setup = await admin.post('/api/session/two-factor/setup');
    expect((await admin.post('/api/session/two-factor/enable', { code: currentCode(setup.body.secret) })).status).toBe(200);
    expect((await admin.get('/api/units/tree')).status).toBe(200);
    // Working roles are not required by default.
    const staff = await login(t.app, 'a_staff', PASSWORD);
    expect((await staff.get('/api/units/tree')).status).toBe(200);
  });

  it('the security administrator sets which roles must use it (audited); only they may', async () => {
    // Enrolled above: the password alone no longer signs in.
    expect((await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_admin', password: PASSWORD })).body).toEqual({ twoFactor: true, ticket: expect.any(String) });
    const sec = await login(t.app, 'county_secadmin', PASSWORD);
    expect((await sec.get('/api/units/tree')).body.code).toBe('TWO_FACTOR_REQUIRED');
    const setup = await sec.post('/api/session/two-factor/setup');
    await sec.post('/api/session/two-factor/enable', { code: currentCode(setup.body.secret) });
    expect((await sec.get('/api/security/two-factor-policy')).body).toEqual({ roles: ['admin', 'secadmin', 'auditadmin'], units: [] });
    expect((await sec.request('PUT', '/api/security/two-factor-policy', { roles: ['secadmin', 'leader'] })).body).toEqual({ roles: ['secadmin', 'leader'], units: [] });
    const auditor = await login(t.app, 'a_auditadmin', PASSWORD);
    expect((await auditor.get('/api/audit')).status).toBe(200);
    const leader = await login(t.app, 'a_leader', PASSWORD);
    expect((await leader.get('/api/tasks')).body.code).toBe('TWO_FACTOR_REQUIRED');
    expect((await auditor.request('PUT', '/api/security/two-factor-policy', { roles: [] })).status).toBe(403);
    const log = await t.db.selectFrom('audit_log').select('after_json').where('entity', '=', 'security_policy').execute();
    expect(log.map((l) => JSON.parse(l.after_json!))).toEqual([{ roles: ['secadmin', 'leader'], units: [] }]);
  });
});

describe(`two-factor policy per unit [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let sec: Awaited<ReturnType<typeof login>>;
  /** Whether a password sign-in of `username` must enrol before using the system. */
  const required = async (username: string) => {
    const r = await anonymous(t.app, 'POST', '/api/session/login', { username, password: PASSWORD });
    expect(r.status).toBe(200);
    return r.body.twoFactorRequired as boolean;
  };
  const put = (body: unknown) => sec.request('PUT', '/api/security/two-factor-policy', body);
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a1, role: 'staff', username: 'a1_staff' });
    sec = await login(t.app, 'county_secadmin', PASSWORD);
    const setup = await sec.post('/api/session/two-factor/setup');
    expect((await sec.post('/api/session/two-factor/enable', { code: currentCode(setup.body.secret) })).status).toBe(200);
  });
  afterAll(() => t.close());

  it('a rule on a township requires its staff and its villages\' staff, not the staff of a sibling township or the county', async () => {
    const { a } = county.units;
    const r = await put({ roles: [], units: [{ unitId: a.id, roles: ['staff'] }] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ roles: [], units: [{ unitId: a.id, unitName: '城关镇', roles: ['staff'] }] });
    expect(await required('a_staff')).toBe(true);
    expect(await required('a1_staff')).toBe(true);
    expect(await required('b_staff')).toBe(false);
    expect(await required('county_staff')).toBe(false);
    // Only the roles the rule names.
    expect(await required('a_leader')).toBe(false);
    // The sign-in is held exactly as for the role policy.
    const staff = await login(t.app, 'a_staff', PASSWORD);
    expect((await staff.get('/api/tasks')).body.code).toBe('TWO_FACTOR_REQUIRED');
    const other = await login(t.app, 'b_staff', PASSWORD);
    expect((await other.get('/api/tasks')).status).toBe(200);
    // Without units the unit rules stay as they are.
    expect((await put({ roles: ['leader'] })).body.units).toEqual([{ unitId: a.id, unitName: '城关镇', roles: ['staff'] }]);
    expect(await required('a_staff')).toBe(true);
    expect(await required('county_leader')).toBe(true);
    expect(await required('b_staff')).toBe(false);
  });

  it('the nearest rule up the tree decides; the role list is the root rule', async () => {
    const { county: c, a, a1 } = county.units;
    // The village exempts its staff from the township's rule.
    expect((await put({ roles: [], units: [{ unitId: a.id, roles: ['staff'] }, { unitId: a1.id, roles: [] }] })).status).toBe(200);
    expect(await required('a_staff')).toBe(true);
    expect(await required('a1_staff')).toBe(false);
    // A county rule applies below it except where a nearer rule says otherwise.
    expect((await put({ roles: ['leader'], units: [{ unitId: c.id, roles: ['staff'] }, { unitId: a.id, roles: [] }] })).status).toBe(200);
    expect(await required('b_staff')).toBe(true);
    expect(await required('county_staff')).toBe(true);
    expect(await required('a_staff')).toBe(false);
    expect(await required('a1_staff')).toBe(false);
    // The county rule replaces the root rule in the county: its leaders are no longer required.
    expect(await required('county_leader')).toBe(false);
    expect((await sec.get('/api/security/two-factor-policy')).body).toEqual({
      roles: ['leader'],
      units: [{ unitId: c.id, unitName: '测试县', roles: ['staff'] }, { unitId: a.id, unitName: '城关镇', roles: [] }],
    });
  });

  it('refuses a unit named twice, an unknown unit and a unit outside the administrator\'s subtree; every change is audited', async () => {
    const { a, b } = county.units;
    const dup = await put({ roles: [], units: [{ unitId: a.id, roles: [] }, { unitId: a.id, roles: ['staff'] }] });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ code: 'VALIDATION', field: 'units' });
    const unknown = await put({ roles: [], units: [{ unitId: 'no-such-unit', roles: ['staff'] }] });
    expect(unknown.body).toMatchObject({ code: 'VALIDATION', field: 'units' });
    const badRole = await put({ roles: [], units: [{ unitId: a.id, roles: ['king'] }] });
    expect(badRole.status).toBe(400);
    // Nothing of the refused requests was kept.
    expect((await sec.get('/api/security/two-factor-policy')).body.units).toHaveLength(2);

    // A township's security administrator changes rules in the township only, and keeps the others as they are.
    await makeAccount(t.db, { unit: a, role: 'secadmin', username: 'a_secadmin2' });
    expect((await put({ roles: [], units: [] })).status).toBe(200);
    const townSec = await login(t.app, 'a_secadmin2', PASSWORD);
    expect((await townSec.request('PUT', '/api/security/two-factor-policy', { roles: [], units: [{ unitId: b.id, roles: ['staff'] }] })).body.code).toBe('OUT_OF_SCOPE');
    expect((await townSec.request('PUT', '/api/security/two-factor-policy', { roles: [], units: [{ unitId: a.id, roles: ['staff'] }] })).status).toBe(200);
    expect(await required('a_staff')).toBe(true);
    expect(await required('b_staff')).toBe(false);

    const log = await t.db.selectFrom('audit_log').select(['after_json', 'actor_id']).where('entity', '=', 'security_policy').orderBy('seq').execute();
    expect(log.map((l) => JSON.parse(l.after_json!).units)).toEqual([
      [{ unitId: a.id, roles: ['staff'] }],
      [{ unitId: a.id, roles: ['staff'] }],
      [{ unitId: a.id, roles: ['staff'] }, { unitId: county.units.a1.id, roles: [] }],
      [{ unitId: county.units.county.id, roles: ['staff'] }, { unitId: a.id, roles: [] }],
      [],
      [{ unitId: a.id, roles: ['staff'] }],
    ]);
    expect(log.at(-1)!.actor_id).not.toBe(county.accounts.countySecadmin.id);
  });
});
