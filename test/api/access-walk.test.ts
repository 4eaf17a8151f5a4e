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
import { buildCounty, makeAccount, PASSWORD, type UnitRef } from '../helpers/factories';

interface Target {
  unit: UnitRef;
  personId: string;
  accountId: string;
  memberId: string;
  dutyId: string;
  attachmentId: string;
}
interface Sample {
  method: string;
  url: string;
  body?: unknown;
  upload?: { fields: Record<string, string>; name: string; content: Buffer };
}
type SampleFn = (t: Target, own: Target) => Sample[];

const PDF = Buffer.from('%PDF-1.4\n% test\n');

/** One entry per route. `targets` make requests aimed at another unit's records; `null` means the route names no record. */
const SAMPLES: Record<string, SampleFn | null> = {
  'GET /api/session': null,
  'POST /api/session/logout': null,
  'POST /api/session/password': null,
  'GET /api/units/tree': null,
  'GET /api/units/:id': (t) => [{ method: 'GET', url: `/api/units/${t.unit.id}` }],
  'POST /api/units': (t) => [{ method: 'POST', url: '/api/units', body: { parentId: t.unit.id, name: '新单位', kind: 'village' } }],
  'PUT /api/units/:id': (t) => [{ method: 'PUT', url: `/api/units/${t.unit.id}`, body: { name: '改名', kind: 'village', code: null, version: 0 } }],
  'POST /api/units/:id/move': (t, own) => [
    { method: 'POST', url: `/api/units/${t.unit.id}/move`, body: { newParentId: own.unit.id, version: 0 } },
    { method: 'POST', url: `/api/units/${own.unit.id}/move`, body: { newParentId: t.unit.id, version: 0 } },
  ],
  'POST /api/units/:id/archive': (t) => [{ method: 'POST', url: `/api/units/${t.unit.id}/archive`, body: { version: 0 } }],
  'POST /api/units/:id/restore': (t) => [{ method: 'POST', url: `/api/units/${t.unit.id}/restore`, body: { version: 0 } }],
  'GET /api/people': (t) => [{ method: 'GET', url: `/api/people?unitId=${t.unit.id}` }],
  'GET /api/people/:id': (t) => [{ method: 'GET', url: `/api/people/${t.personId}` }],
  'POST /api/people': (t) => [{ method: 'POST', url: '/api/people', body: { unitId: t.unit.id, name: '某人' } }],
  'PUT /api/people/:id': (t, own) => [
    { method: 'PUT', url: `/api/people/${t.personId}`, body: { unitId: t.unit.id, name: '改名', version: 0 } },
    { method: 'PUT', url: `/api/people/${own.personId}`, body: { unitId: t.unit.id, name: '调走', version: 0 } },
  ],
  'POST /api/people/:id/archive': (t) => [{ method: 'POST', url: `/api/people/${t.personId}/archive`, body: { version: 0 } }],
  'POST /api/people/:id/restore': (t) => [{ method: 'POST', url: `/api/people/${t.personId}/restore`, body: { version: 0 } }],
  'GET /api/accounts': (t) => [{ method: 'GET', url: `/api/accounts?unitId=${t.unit.id}` }],
  'GET /api/accounts/:id': (t) => [{ method: 'GET', url: `/api/accounts/${t.accountId}` }],
  'POST /api/accounts': (t) => [{ method: 'POST', url: '/api/accounts', body: { username: `x${Math.random().toString(36).slice(2, 8)}`, displayName: '某', role: 'staff', unitId: t.unit.id, password: 'Abcd@1234' } }],
  'PUT /api/accounts/:id': (t) => [{ method: 'PUT', url: `/api/accounts/${t.accountId}`, body: { displayName: '改', role: 'staff', unitId: t.unit.id, personId: null, disabled: false, version: 0 } }],
  'POST /api/accounts/:id/password': (t) => [{ method: 'POST', url: `/api/accounts/${t.accountId}/password`, body: { password: 'Abcd@12345', version: 0 } }],
  'POST /api/accounts/:id/unlock': (t) => [{ method: 'POST', url: `/api/accounts/${t.accountId}/unlock` }],
  'GET /api/units/:id/leading-group': (t) => [{ method: 'GET', url: `/api/units/${t.unit.id}/leading-group` }],
  'POST /api/group-members': (t, own) => [
    { method: 'POST', url: '/api/group-members', body: { unitId: t.unit.id, personId: t.personId, groupRole: 'member' } },
    { method: 'POST', url: '/api/group-members', body: { unitId: own.unit.id, personId: t.personId, groupRole: 'member' } },
  ],
  'PUT /api/group-members/:id': (t) => [{ method: 'PUT', url: `/api/group-members/${t.memberId}`, body: { groupRole: 'member', duties: null, version: 0 } }],
  'POST /api/group-members/:id/archive': (t) => [{ method: 'POST', url: `/api/group-members/${t.memberId}/archive`, body: { version: 0 } }],
  'POST /api/duty-assignments': (t, own) => [
    { method: 'POST', url: '/api/duty-assignments', body: { unitId: t.unit.id, personId: t.personId, kind: 'direct', scopeUnitIds: [] } },
    { method: 'POST', url: '/api/duty-assignments', body: { unitId: own.unit.id, personId: own.personId, kind: 'dual_duty', scopeUnitIds: [t.unit.id] } },
  ],
  'PUT /api/duty-assignments/:id': (t) => [{ method: 'PUT', url: `/api/duty-assignments/${t.dutyId}`, body: { kind: 'direct', scopeUnitIds: [], note: null, version: 0 } }],
  'POST /api/duty-assignments/:id/archive': (t) => [{ method: 'POST', url: `/api/duty-assignments/${t.dutyId}/archive`, body: { version: 0 } }],
  'GET /api/audit': (t) => [{ method: 'GET', url: `/api/audit?entityId=${t.unit.id}` }],
  'POST /api/files': (t) => [{ method: 'POST', url: '/api/files', upload: { fields: { entity: 'unit', entityId: t.unit.id }, name: 'a.pdf', content: PDF } }],
  'GET /api/files': (t) => [{ method: 'GET', url: `/api/files?entity=unit&entityId=${t.unit.id}` }],
  'GET /api/files/:id/download': (t) => [{ method: 'GET', url: `/api/files/${t.attachmentId}/download` }],
  'POST /api/files/:id/archive': (t) => [{ method: 'POST', url: `/api/files/${t.attachmentId}/archive` }],
  'GET /api/import/org/template': null,
  'POST /api/import/org': null,
};

/** GET /api/audit filtered by another unit's record answers 200 with nothing: a list, not a lookup. */
const LIST_ROUTES = new Set(['GET /api/audit']);

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
    const member = await admin.post('/api/group-members', { unitId: unit.id, personId, groupRole: 'member' });
    const duty = await admin.post('/api/duty-assignments', { unitId: unit.id, personId, kind: 'direct', scopeUnitIds: [] });
    const file = await admin.upload('/api/files', { entity: 'unit', entityId: unit.id }, { name: 'x.pdf', content: PDF });
    expect([member.status, duty.status, file.status]).toEqual([201, 201, 201]);
    return { unit, personId, accountId: account.id, memberId: member.body.id, dutyId: duty.body.id, attachmentId: file.body.id };
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
  });

  it('does not refuse the same requests on township A’s own records (the samples are sound)', async () => {
    for (const [key] of routes) {
      const fn = SAMPLES[key];
      if (!fn) continue;
      for (const s of fn(own, own)) {
        const r = await send(agents.admin, s);
        expect.soft([401, 403], `${s.method} ${s.url} → ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`).not.toContain(r.status);
      }
    }
  });

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
