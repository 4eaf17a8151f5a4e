/**
 * Walks every registered API route and proves two things:
 *  - each role is refused (403 FORBIDDEN) every route whose permission it lacks;
 *  - a user of township A can neither read nor change records of its sibling township B
 *    or of its parent county (403 OUT_OF_SCOPE), while the same request on A's own records
 *    is not refused for scope — so the refusals come from the scope check, not a bad sample.
 * A route added without a sample here makes this test fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission, ROLES } from '../../common/roles';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import type { AccessModule, Sample, SampleFn, Target } from '../helpers/access';
import { buildCounty, makeAccount, PASSWORD, type UnitRef } from '../helpers/factories';

/** Each module's samples: test/api/access-samples/<module>.ts. */
const modules = Object.values(import.meta.glob<{ default: AccessModule }>('./access-samples/*.ts', { eager: true })).map((m) => m.default);
const SAMPLES: Record<string, SampleFn | null> = Object.assign({}, ...modules.map((m) => m.samples));
const LIST_ROUTES = new Set(modules.flatMap((m) => m.listRoutes ?? []));

async function send(agent: Agent, s: Sample) {
  if (s.upload) return agent.upload(s.url, s.upload.fields, { name: s.upload.name, content: s.upload.content });
  return agent.request(s.method, s.url, s.body);
}

describe(`every route refuses other units and unpermitted roles [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let sibling: Target;
  let parent: Target;
  let own: Target;
  let routes: [string, { permission?: string; public?: boolean }][];
  const agents: Record<string, Agent> = {};

  async function targetFor(unit: UnitRef, personId: string, username: string): Promise<Target> {
    const admin = await login(t.app, 'county_admin', PASSWORD);
    const account = await makeAccount(t.db, { unit, role: 'staff', username });
    const records: Record<string, string> = {};
    for (const m of modules) {
      if (!m.setup) continue;
      const made = await m.setup(admin, unit, personId);
      // Two modules naming a record alike would aim one module's samples at the other's records.
      for (const name of Object.keys(made)) if (name in records) throw new Error(`access samples: record name ${name} returned by two modules`);
      Object.assign(records, made);
    }
    return { unit, personId, accountId: account.id, records };
  }

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    sibling = await targetFor(county.units.b, county.people.b.id, 'b_target');
    parent = await targetFor(county.units.county, county.people.county.id, 'county_target');
    own = await targetFor(county.units.a1, county.people.a1.id, 'a1_target');
    routes = [...t.app.routeAccess.entries()].filter(([k, v]) => !v.public && !k.includes('/api/docs'));
    for (const role of ROLES) agents[role] = await login(t.app, `a_${role}`, PASSWORD);
  });
  afterAll(() => t.close());

  it('has a sample for every private route', () => {
    const missing = routes.map(([k]) => k).filter((k) => !(k in SAMPLES));
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('refuses each role every route its permission table does not grant', async () => {
    let refusals = 0;
    for (const [key, access] of routes) {
      const [method, url] = key.split(' ');
      for (const role of ROLES) {
        if (can(role, access.permission as Permission)) continue;
        const concrete = url.replace(/:id/g, own.unit.id);
        const r = await agents[role].request(method, concrete, method === 'GET' ? undefined : {});
        expect.soft(r.status, `${role} ${key}`).toBe(403);
        expect.soft(r.body.code, `${role} ${key}`).toBe('FORBIDDEN');
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(50);
  });

  it('三员: each administrator is refused outside its duties, and none holds another one’s', async () => {
    const target = () => county.accounts.staff.id;
    const allowed = (role: 'admin' | 'secadmin' | 'auditadmin') => routes.filter(([, a]) => can(role, a.permission as Permission)).map(([k]) => k);
    // Own session, password and notifications are everyone's; everything else that is not a read is a duty.
    const own = new Set(routes.filter(([, a]) => a.permission === 'self' || a.permission === 'notification.read').map(([k]) => k));
    const writes = (keys: string[]) => keys.filter((k) => !k.startsWith('GET ') && !own.has(k));
    // The audit administrator reads and verifies the audit log and changes nothing else.
    expect(writes(allowed('auditadmin'))).toEqual(['POST /api/audit/verify']);
    expect(allowed('auditadmin')).toContain('GET /api/audit');
    // The security administrator: accounts' roles, locks, password (and two-factor) resets, and its policy.
    expect(writes(allowed('secadmin')).every((k) => k.startsWith('POST /api/accounts/:id/') || k.startsWith('PUT /api/security'))).toBe(true);
    expect(writes(allowed('secadmin'))).toEqual(expect.arrayContaining(['POST /api/accounts/:id/unlock', 'POST /api/accounts/:id/password', 'POST /api/accounts/:id/role']));
    // The system administrator neither reads nor verifies the audit log nor does the security administrator's part.
    for (const k of ['GET /api/audit', 'POST /api/audit/verify', 'POST /api/accounts/:id/unlock', 'POST /api/accounts/:id/password', 'POST /api/accounts/:id/role']) {
      expect(allowed('admin')).not.toContain(k);
    }
    // And in practice: each is refused the others' routes.
    const probes: [string, string, string, unknown?][] = [
      ['auditadmin', 'POST', '/api/units', { parentId: county.units.a.id, name: '越权', kind: 'village' }],
      ['auditadmin', 'POST', `/api/accounts/${target()}/unlock`],
      ['auditadmin', 'GET', '/api/cases'],
      ['secadmin', 'GET', '/api/audit'],
      ['secadmin', 'POST', '/api/units', { parentId: county.units.a.id, name: '越权', kind: 'village' }],
      ['secadmin', 'GET', '/api/people'],
      ['admin', 'GET', '/api/audit'],
      ['admin', 'POST', '/api/audit/verify'],
      ['admin', 'POST', `/api/accounts/${target()}/unlock`],
    ];
    for (const [role, method, url, body] of probes) {
      const r = await agents[role].request(method, url, body ?? (method === 'GET' ? undefined : {}));
      expect.soft(r.status, `${role} ${method} ${url}`).toBe(403);
    }
    expect((await agents.auditadmin.post('/api/audit/verify')).status).toBe(200);
    expect((await agents.secadmin.post(`/api/accounts/${target()}/unlock`)).status).toBe(200);
  });

  it('refuses township A every record of its sibling and of its parent', async () => {
    const snapshot = async () => ({
      units: await t.db.selectFrom('units').selectAll().orderBy('id').execute(),
      people: await t.db.selectFrom('people').selectAll().orderBy('id').execute(),
      accounts: await t.db.selectFrom('accounts').select(['id', 'display_name', 'role', 'unit_id', 'disabled', 'version', 'password_hash']).orderBy('id').execute(),
      members: await t.db.selectFrom('group_members').selectAll().orderBy('id').execute(),
      duties: await t.db.selectFrom('duty_assignments').selectAll().orderBy('id').execute(),
      attachments: await t.db.selectFrom('attachments').selectAll().orderBy('id').execute(),
    });
    const before = await snapshot();
    let checked = 0;
    for (const [key, access] of routes) {
      const fn = SAMPLES[key];
      if (!fn) continue;
      for (const role of ROLES) {
        if (!can(role, access.permission as Permission)) continue;
        for (const target of [sibling, parent]) {
          for (const s of fn(target, own)) {
            const r = await send(agents[role], s);
            if (LIST_ROUTES.has(key)) {
              expect.soft(r.body.items, `${role} ${s.method} ${s.url}`).toEqual([]);
            } else {
              expect.soft(r.status, `${role} ${s.method} ${s.url}`).toBe(403);
              expect.soft(r.body.code, `${role} ${s.method} ${s.url}`).toBe('OUT_OF_SCOPE');
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
    expect(await snapshot()).toEqual(before);
  }, 180_000);

  it('does not refuse the same requests on township A’s own records (the samples are sound)', async () => {
    for (const [key, access] of routes) {
      const fn = SAMPLES[key];
      if (!fn) continue;
      // The admin, or the first role that holds the route's permission (sign-off is for leaders).
      const role = can('admin', access.permission as Permission) ? 'admin' : ROLES.find((r) => can(r, access.permission as Permission))!;
      for (const s of fn(own, own)) {
        const r = await send(agents[role], s);
        expect.soft([401, 403], `${s.method} ${s.url} → ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`).not.toContain(r.status);
      }
    }
  }, 180_000);

  it('lists only the own subtree', async () => {
    const a = agents.staff;
    const tree = await a.get('/api/units/tree');
    expect(tree.body.items.length).toBeGreaterThanOrEqual(2);
    expect(tree.body.items.every((u: { path: string }) => u.path.startsWith(county.units.a.path))).toBe(true);
    const inA = new Set(tree.body.items.map((u: { id: string }) => u.id));
    const people = await a.get('/api/people?pageSize=200');
    expect(people.body.items.length).toBeGreaterThan(0);
    expect(people.body.items.every((p: { unitId: string }) => inA.has(p.unitId))).toBe(true);
    expect(people.body.total).toBe(people.body.items.length);
    const accounts = await agents.admin.get('/api/accounts?pageSize=200');
    const unitIds = new Set(accounts.body.items.map((x: { unitId: string }) => x.unitId));
    expect([...unitIds].every((id) => inA.has(id))).toBe(true);
    const audit = await agents.inspector.get('/api/audit?pageSize=200');
    expect(audit.body.items.length).toBeGreaterThan(0);
    const names = new Set(tree.body.items.map((u: { name: string }) => u.name));
    expect(audit.body.items.every((x: { unitName: string }) => names.has(x.unitName))).toBe(true);
  });
});
