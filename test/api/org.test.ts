import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditGuards, dropAuditGuards } from '../../server/db/migrations/2026120602_audit_keyed';
import { verifyAuditChain } from '../../server/platform/audit';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`units, people, accounts, leading group [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let root: Agent;
  let admin: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    root = await login(t.app, 'county_admin', PASSWORD);
    admin = await login(t.app, 'a_admin', PASSWORD);
  });
  afterAll(() => t.close());

  const count = async (table: 'units' | 'people' | 'accounts' | 'audit_log') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('creates, renames and refuses a stale rename', async () => {
    const c = await admin.post('/api/units', { parentId: county.units.a.id, name: '城西社区', kind: 'community' });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ name: '城西社区', depth: 2, version: 0, parentId: county.units.a.id });
    expect(c.body.path).toBe(`${county.units.a.path}${c.body.id}/`);
    const r1 = await admin.put(`/api/units/${c.body.id}`, { name: '城西街道社区', kind: 'community', version: 0 });
    expect(r1.body.version).toBe(1);
    const stale = await admin.put(`/api/units/${c.body.id}`, { name: '旧表单的名字', kind: 'community', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');
    expect((await admin.get(`/api/units/${c.body.id}`)).body.name).toBe('城西街道社区');
  });

  it('moves a whole subtree, rewriting every path and depth below it', async () => {
    const mid = await root.post('/api/units', { parentId: county.units.b.id, name: '片区', kind: 'other' });
    const leaf = await root.post('/api/units', { parentId: mid.body.id, name: '小组', kind: 'other' });
    const moved = await root.post(`/api/units/${mid.body.id}/move`, { newParentId: county.units.a1.id, version: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body.path).toBe(`${county.units.a1.path}${mid.body.id}/`);
    const leafNow = await root.get(`/api/units/${leaf.body.id}`);
    expect(leafNow.body.path).toBe(`${county.units.a1.path}${mid.body.id}/${leaf.body.id}/`);
    expect(leafNow.body.depth).toBe(4);
    // Township A's admin now sees the moved subtree.
    expect((await admin.get(`/api/units/${leaf.body.id}`)).status).toBe(200);
    const cycle = await root.post(`/api/units/${mid.body.id}/move`, { newParentId: leaf.body.id, version: 1 });
    expect(cycle.status).toBe(400);
    expect(cycle.body.field).toBe('newParentId');
  });

  it('refuses to archive a unit that still has people, then archives it once empty', async () => {
    const u = await admin.post('/api/units', { parentId: county.units.a.id, name: '待撤并村', kind: 'village' });
    const p = await admin.post('/api/people', { unitId: u.body.id, name: '孙某', position: '村主任' });
    const refused = await admin.post(`/api/units/${u.body.id}/archive`, { version: 0 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('UNIT_NOT_EMPTY');
    expect(refused.body.message).toContain('1 名人员');
    await admin.post(`/api/people/${p.body.id}/archive`, { version: 0 });
    const ok = await admin.post(`/api/units/${u.body.id}/archive`, { version: 0 });
    expect(ok.body.archived).toBe(true);
    const tree = await admin.get('/api/units/tree');
    expect(tree.body.items.some((x: { id: string }) => x.id === u.body.id)).toBe(false);
    // Nothing can be added to an archived unit; the failed request leaves no trace.
    const auditBefore = await count('audit_log');
    const peopleBefore = await count('people');
    const r = await admin.post('/api/people', { unitId: u.body.id, name: '新人' });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('unitId');
    expect(await count('audit_log')).toBe(auditBefore);
    expect(await count('people')).toBe(peopleBefore);
  });

  it('lists people with filters, pagination and literal search', async () => {
    for (let i = 0; i < 25; i++) await admin.post('/api/people', { unitId: county.units.a1.id, name: `村民代表${i}`, position: i === 3 ? '100%_负责' : '代表' });
    const page2 = await admin.get(`/api/people?unitId=${county.units.a1.id}&page=2&pageSize=10`);
    expect(page2.body.items).toHaveLength(10);
    expect(page2.body.total).toBeGreaterThanOrEqual(25);
    const literal = await admin.get(`/api/people?q=${encodeURIComponent('100%_')}`);
    expect(literal.body.items.map((p: { name: string }) => p.name)).toEqual(['村民代表3']);
    const onlyA = await admin.get(`/api/people?unitId=${county.units.a.id}&includeSubunits=false`);
    expect(onlyA.body.items.every((p: { unitId: string }) => p.unitId === county.units.a.id)).toBe(true);
    const bad = await admin.get('/api/people?pageSize=5000');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('pageSize');
  });

  it('creates accounts: unique login names, one account per person, password rules', async () => {
    const person = await admin.post('/api/people', { unitId: county.units.a.id, name: '周某', position: '网信专干' });
    const body = { username: 'zhou', displayName: '周某', role: 'staff', unitId: county.units.a.id, personId: person.body.id, password: 'Spring#2026x' };
    expect((await admin.post('/api/accounts', body)).status).toBe(201);
    const dup = await admin.post('/api/accounts', { ...body, personId: null });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });
    const samePerson = await admin.post('/api/accounts', { ...body, username: 'zhou2' });
    expect(samePerson.body).toMatchObject({ code: 'PERSON_HAS_ACCOUNT', field: 'personId' });
    const weak = await admin.post('/api/accounts', { ...body, username: 'zhou3', personId: null, password: 'password' });
    expect(weak.body).toMatchObject({ code: 'VALIDATION', field: 'password' });
    const parent = await admin.post('/api/accounts', { ...body, username: 'zhou4', personId: null, unitId: county.units.county.id });
    expect(parent.status).toBe(403);
    const zhou = await login(t.app, 'zhou', 'Spring#2026x');
    expect((await zhou.get('/api/units/tree')).status).toBe(200);
  });

  it('disabling an account ends its sessions; an admin cannot disable themself', async () => {
    const staff = await login(t.app, 'a_staff', PASSWORD);
    const acct = await admin.get(`/api/accounts/${county.accounts.staff.id}`);
    const r = await admin.put(`/api/accounts/${acct.body.id}`, { displayName: acct.body.displayName, role: 'staff', unitId: acct.body.unitId, personId: null, disabled: true, version: acct.body.version });
    expect(r.body.disabled).toBe(true);
    expect((await staff.get('/api/units/tree')).status).toBe(401);
    const self = await admin.get(`/api/accounts/${county.accounts.admin.id}`);
    const refused = await admin.put(`/api/accounts/${self.body.id}`, { displayName: 'x', role: 'admin', unitId: self.body.unitId, personId: null, disabled: true, version: self.body.version });
    expect(refused.status).toBe(403);
  });

  it('keeps the leading group: one 组长, members from the unit, 一岗双责 scopes inside the unit', async () => {
    const a = county.units.a;
    const head = await admin.post('/api/group-members', { unitId: a.id, personId: county.people.a.id, groupRole: 'leader', duties: '全面负责' });
    expect(head.status).toBe(201);
    const second = await admin.post('/api/group-members', { unitId: a.id, personId: county.people.a1.id, groupRole: 'leader' });
    expect(second.body).toMatchObject({ code: 'LEADER_EXISTS', field: 'groupRole' });
    const dual = await admin.post('/api/duty-assignments', { unitId: a.id, personId: county.people.a.id, kind: 'dual_duty', scopeUnitIds: [] });
    expect(dual.body.field).toBe('scopeUnitIds');
    const ok = await admin.post('/api/duty-assignments', { unitId: a.id, personId: county.people.a.id, kind: 'dual_duty', scopeUnitIds: [county.units.a1.id] });
    expect(ok.status).toBe(201);
    const lg = await admin.get(`/api/units/${a.id}/leading-group`);
    expect(lg.body.members[0]).toMatchObject({ personName: '镇李', groupRole: 'leader' });
    expect(lg.body.duties[0].scopeUnits).toEqual([{ id: county.units.a1.id, name: county.units.a1.name }]);
  });

  it('answers bad input with {code, message, field} in Chinese', async () => {
    const raw = (payload: string, type = 'application/json') =>
      t.app.inject({ method: 'POST', url: '/api/people', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': type }, payload });
    const malformed = await raw('{"name": ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ code: 'BAD_JSON', message: '请求内容不是有效的 JSON' });
    const missing = await admin.post('/api/people', { unitId: county.units.a.id });
    expect(missing.body).toEqual({ code: 'VALIDATION', message: '请填写姓名', field: 'name' });
    const huge = await admin.post('/api/people', { unitId: county.units.a.id, name: '长'.repeat(1000) });
    expect(huge.body).toMatchObject({ code: 'VALIDATION', field: 'name' });
    expect(huge.body.message).toContain('30');
    const wrongType = await admin.post('/api/people', { unitId: county.units.a.id, name: 12345 });
    expect(wrongType.body).toMatchObject({ code: 'VALIDATION', field: 'name' });
    const badEnum = await admin.post('/api/units', { parentId: county.units.a.id, name: '某', kind: 'planet' });
    expect(badEnum.body).toMatchObject({ code: 'VALIDATION', field: 'kind' });
    expect(badEnum.body.message).toContain('单位类型');
    const tooBig = await raw(JSON.stringify({ unitId: county.units.a.id, name: 'x', position: 'y'.repeat(2 * 1024 * 1024) }));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe('TOO_LARGE');
    const notFound = await admin.get('/api/people/does-not-exist');
    expect(notFound.status).toBe(404);
    expect(notFound.body.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a second submit of the same form creates one record', async () => {
    const key = `form-${Date.now()}`;
    const before = await count('people');
    const body = { unitId: county.units.a.id, name: '重复提交测试' };
    const [r1, r2] = await Promise.all([
      admin.post('/api/people', body, { 'idempotency-key': key }),
      admin.post('/api/people', body, { 'idempotency-key': key }),
    ]);
    const r3 = await admin.post('/api/people', body, { 'idempotency-key': key });
    expect(await count('people')).toBe(before + 1);
    const statuses = [r1.status, r2.status].sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    expect(r3.status).toBe(201);
    expect(r3.body.id).toBe((r1.status === 201 ? r1 : r2).body.id);
    // A refused submit can be corrected and sent again with the same key.
    const key2 = `form2-${Date.now()}`;
    expect((await admin.post('/api/people', { unitId: county.units.a.id }, { 'idempotency-key': key2 })).status).toBe(400);
    expect((await admin.post('/api/people', body, { 'idempotency-key': key2 })).status).toBe(201);
  });

  it('chains every change in the audit log and finds a tampered row', async () => {
    const r = await verifyAuditChain(t.db);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(20);
    // The audit administrator reads the log (the system administrator does not: 三员).
    expect((await admin.get('/api/audit')).status).toBe(403);
    const auditor = await login(t.app, 'a_auditadmin', PASSWORD);
    const logged = await auditor.get('/api/audit?entity=person&action=create&pageSize=5');
    expect(logged.body.items[0]).toMatchObject({ actorName: 'a_admin(a_admin)', actionLabel: '新建', entityLabel: '人员' });
    const victim = await t.db.selectFrom('audit_log').select(['seq', 'after_json']).where('entity', '=', 'person').orderBy('seq').limit(1).executeTakeFirstOrThrow();
    await dropAuditGuards(t.db); // as the database owner could
    await t.db.updateTable('audit_log').set({ after_json: '{"name":"篡改"}' }).where('seq', '=', victim.seq).execute();
    const broken = await verifyAuditChain(t.db);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken?.seq).toBe(victim.seq);
    await t.db.updateTable('audit_log').set({ after_json: victim.after_json }).where('seq', '=', victim.seq).execute();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    await createAuditGuards(t.db);
  });
});

describe(`first start [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('asks for setup once, creates the root unit and first admin, and never shows demo accounts', async () => {
    const info = await t.app.inject({ url: '/api/public/info' });
    expect(info.json()).toEqual({ appName: '网信工作台', setupNeeded: true, demo: false });
    const body = { unitName: '某某县', unitKind: 'county', adminName: '管理员', username: 'admin', password: 'Ruyi#2026x' };
    const weak = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, password: 'short' } });
    expect(weak.json().field).toBe('password');
    const ok = await t.app.inject({ method: 'POST', url: '/api/setup', payload: body });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().account).toMatchObject({ role: 'admin', unitName: '某某县' });
    const again = await t.app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, username: 'intruder' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_SET_UP');
    expect((await t.app.inject({ url: '/api/public/info' })).json()).toMatchObject({ setupNeeded: false, demo: false });
  });
});
