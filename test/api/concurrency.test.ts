/**
 * Requests that race each other. On PostgreSQL the two requests really run in parallel on two
 * pooled connections (as on two app servers); on SQLite they are serialised by the one
 * connection. Either way the outcome must be one of the serial outcomes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/platform/audit';
import { anonymous, type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makePerson, makeUnit, PASSWORD } from '../helpers/factories';

describe(`racing requests [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let root: Agent;
  let root2: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    root = await login(t.app, 'county_admin', PASSWORD);
    root2 = await login(t.app, 'county_admin', PASSWORD);
  });
  afterAll(() => t.close());

  async function expectConsistentTree() {
    const units = await t.db.selectFrom('units').selectAll().execute();
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const u of units) {
      if (!u.parent_id) continue;
      const p = byId.get(u.parent_id)!;
      expect(u.path, u.name).toBe(`${p.path}${u.id}/`);
      expect(u.depth, u.name).toBe(p.depth + 1);
    }
  }

  it('two crossing moves (X under Y, Y under X) never make a cycle', async () => {
    for (let i = 0; i < 8; i++) {
      const x = await makeUnit(t.db, { parent: county.units.b, name: `交叉X${i}`, kind: 'other' });
      const y = await makeUnit(t.db, { parent: county.units.b, name: `交叉Y${i}`, kind: 'other' });
      const [r1, r2] = await Promise.all([
        root.post(`/api/units/${x.id}/move`, { newParentId: y.id, version: 0 }),
        root2.post(`/api/units/${y.id}/move`, { newParentId: x.id, version: 0 }),
      ]);
      expect([r1.status, r2.status].sort()).toEqual([200, 400]);
      expect([r1, r2].find((r) => r.status === 400)!.body.field).toBe('newParentId');
    }
    await expectConsistentTree();
  });

  it('units created under a unit while it is being moved move with it', async () => {
    for (let i = 0; i < 5; i++) {
      const x = await makeUnit(t.db, { parent: county.units.b, name: `移动中${i}`, kind: 'other' });
      const x1 = await makeUnit(t.db, { parent: x, name: `移动中下级${i}`, kind: 'other' });
      const results = await Promise.all([
        root.post(`/api/units/${x.id}/move`, { newParentId: county.units.a1.id, version: 0 }),
        ...[0, 1, 2].map((k) => root2.post('/api/units', { parentId: x1.id, name: `新建${i}-${k}`, kind: 'other' })),
      ]);
      expect(results[0].status).toBe(200);
      // A create may lose the race and be asked to retry, but never leaves a unit behind in the old place.
      for (const r of results.slice(1)) expect([201, 409]).toContain(r.status);
    }
    await expectConsistentTree();
  });

  it('archiving a unit while a person is added to it: one of the two is refused', async () => {
    for (let i = 0; i < 8; i++) {
      const u = await makeUnit(t.db, { parent: county.units.a, name: `撤并${i}`, kind: 'village' });
      const [archive, person] = await Promise.all([
        root.post(`/api/units/${u.id}/archive`, { version: 0 }),
        root2.post('/api/people', { unitId: u.id, name: `新人${i}` }),
      ]);
      expect([archive.status, person.status].sort(), JSON.stringify([archive.body, person.body])).toSatisfy(
        (s: number[]) => (s[0] === 200 && s[1] === 400) || (s[0] === 201 && s[1] === 409),
      );
      const row = await t.db.selectFrom('units').select('archived_at').where('id', '=', u.id).executeTakeFirstOrThrow();
      const active = await t.db.selectFrom('people').select('id').where('unit_id', '=', u.id).where('archived_at', 'is', null).execute();
      expect(row.archived_at !== null && active.length > 0).toBe(false);
    }
  });

  it('archiving a unit while a sub-unit is added to it: never an archived parent with an active child', async () => {
    for (let i = 0; i < 8; i++) {
      const u = await makeUnit(t.db, { parent: county.units.a, name: `撤并单位${i}`, kind: 'village' });
      const [archive, child] = await Promise.all([
        root.post(`/api/units/${u.id}/archive`, { version: 0 }),
        root2.post('/api/units', { parentId: u.id, name: `新下级${i}`, kind: 'other' }),
      ]);
      expect([archive.status, child.status].sort()).toSatisfy((s: number[]) => (s[0] === 200 && s[1] === 400) || (s[0] === 201 && s[1] === 409));
    }
  });

  it('the same login name submitted twice at once: one account, the other told the name is taken', async () => {
    for (let i = 0; i < 5; i++) {
      const body = { username: `race${i}`, displayName: '并发', role: 'staff', unitId: county.units.a.id, password: 'Race@2026' };
      const rs = await Promise.all([root.post('/api/accounts', body), root2.post('/api/accounts', body), root.post('/api/accounts', body)]);
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });
    }
  });

  it('one person linked to two new accounts at once: only one link is made', async () => {
    for (let i = 0; i < 5; i++) {
      const p = await makePerson(t.db, { unit: county.units.a, name: `链接${i}` });
      const body = (u: string) => ({ username: u, displayName: '并发', role: 'staff', unitId: county.units.a.id, personId: p.id, password: 'Race@2026' });
      const rs = await Promise.all([root.post('/api/accounts', body(`link${i}a`)), root2.post('/api/accounts', body(`link${i}b`))]);
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(rs.find((r) => r.status === 409)!.body).toMatchObject({ code: 'PERSON_HAS_ACCOUNT', field: 'personId' });
      const linked = await t.db.selectFrom('accounts').select('id').where('person_id', '=', p.id).execute();
      expect(linked).toHaveLength(1);
    }
  });

  it('leaves the audit chain whole after all the racing', async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('two 组长 or two 第一责任人 added at once: one is accepted', async () => {
    for (let i = 0; i < 4; i++) {
      const u = await makeUnit(t.db, { parent: county.units.b, name: `并发小组${i}`, kind: 'other' });
      const p1 = await makePerson(t.db, { unit: u, name: `甲${i}` });
      const p2 = await makePerson(t.db, { unit: u, name: `乙${i}` });
      const leaders = await Promise.all([p1, p2].map((p, k) => (k ? root2 : root).post('/api/group-members', { unitId: u.id, personId: p.id, groupRole: 'leader' })));
      expect(leaders.map((r) => r.status).sort()).toEqual([201, 409]);
      const primaries = await Promise.all([p1, p2].map((p, k) => (k ? root2 : root).post('/api/duty-assignments', { unitId: u.id, personId: p.id, kind: 'primary', scopeUnitIds: [] })));
      expect(primaries.map((r) => r.status).sort()).toEqual([201, 409]);
      const rows = await t.db.selectFrom('group_members').select('id').where('unit_id', '=', u.id).where('group_role', '=', 'leader').execute();
      expect(rows).toHaveLength(1);
    }
  });
});

describe(`two first-start setups at once [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates one root unit and one admin', async () => {
    const body = (u: string) => ({ unitName: `县${u}`, unitKind: 'county', adminName: '管理员', username: u, password: 'Ruyi#2026x' });
    const rs = await Promise.all(['first', 'second', 'third'].map((u) => anonymous(t.app, 'POST', '/api/setup', body(u))));
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of rs.filter((x) => x.status === 409)) expect(r.body.code).toBe('ALREADY_SET_UP');
    expect(await t.db.selectFrom('units').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('accounts').select('id').execute()).toHaveLength(1);
  });
});
