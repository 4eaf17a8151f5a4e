import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { MODULES } from '../../server/modules';
import { verifyAuditChain } from '../../server/platform/audit';
import { installModules } from '../../server/platform/modules';
import { taskFigures } from '../../server/modules/tasks/figures';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makePerson, makeUnit, PASSWORD, type UnitRef } from '../helpers/factories';

describe(`unit tree: move, archive, stale edits [${dialectName}]`, () => {
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

  const allUnits = () => t.db.selectFrom('units').selectAll().orderBy('id').execute();
  const auditCount = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const version = async (id: string) => (await t.db.selectFrom('units').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  /** Every unit's path is its parent's path plus its own id, and its depth one more than its parent's. */
  async function expectConsistentTree() {
    const units = await allUnits();
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const u of units) {
      if (u.parent_id === null) {
        expect(u.path).toBe(`/${u.id}/`);
        expect(u.depth).toBe(0);
      } else {
        const p = byId.get(u.parent_id)!;
        expect(u.path, u.name).toBe(`${p.path}${u.id}/`);
        expect(u.depth, u.name).toBe(p.depth + 1);
      }
    }
  }

  it('moves a three-level subtree: every descendant gets the new path and depth, nothing else changes', async () => {
    // 片区 (under B) → 一组 → 一组甲, 一组乙; 片区 → 二组. People hang at several levels.
    const x = await makeUnit(t.db, { parent: county.units.b, name: '片区', kind: 'other' });
    const x1 = await makeUnit(t.db, { parent: x, name: '一组', kind: 'other' });
    const x1a = await makeUnit(t.db, { parent: x1, name: '一组甲', kind: 'other' });
    const x1b = await makeUnit(t.db, { parent: x1, name: '一组乙', kind: 'other' });
    const x2 = await makeUnit(t.db, { parent: x, name: '二组', kind: 'other' });
    const deep = await makePerson(t.db, { unit: x1a, name: '深层人员' });
    const subtree = [x, x1, x1a, x1b, x2];
    const before = await allUnits();
    const auditBefore = await auditCount();

    const moved = await root.post(`/api/units/${x.id}/move`, { newParentId: county.units.a1.id, version: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: x.id, parentId: county.units.a1.id, depth: 3, version: 1, path: `${county.units.a1.path}${x.id}/` });

    const after = await allUnits();
    const afterById = new Map(after.map((u) => [u.id, u]));
    const expectedPath: Record<string, string> = {
      [x.id]: `${county.units.a1.path}${x.id}/`,
      [x1.id]: `${county.units.a1.path}${x.id}/${x1.id}/`,
      [x1a.id]: `${county.units.a1.path}${x.id}/${x1.id}/${x1a.id}/`,
      [x1b.id]: `${county.units.a1.path}${x.id}/${x1.id}/${x1b.id}/`,
      [x2.id]: `${county.units.a1.path}${x.id}/${x2.id}/`,
    };
    for (const u of subtree) {
      const row = afterById.get(u.id)!;
      expect(row.path, u.name).toBe(expectedPath[u.id]);
      expect(row.depth, u.name).toBe(u.depth + 1); // from under B (depth 1) to under A's village (depth 2)
    }
    // Units outside the moved subtree are untouched, row for row.
    const ids = new Set(subtree.map((u) => u.id));
    expect(after.filter((u) => !ids.has(u.id))).toEqual(before.filter((u) => !ids.has(u.id)));
    await expectConsistentTree();

    // One audit row for the move, naming how many units went with it.
    expect(await auditCount()).toBe(auditBefore + 1);
    const log = await t.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(log).toMatchObject({ action: 'move', entity: 'unit', entity_id: x.id });
    expect(JSON.parse(log.after_json!)).toMatchObject({ parentId: county.units.a1.id, unitsMoved: 5 });

    // Visibility follows the tree: A's staff now sees the deep person, B's staff no longer does.
    const aStaff = await login(t.app, 'a_staff', PASSWORD);
    const bStaff = await login(t.app, 'b_staff', PASSWORD);
    expect((await aStaff.get(`/api/people/${deep.id}`)).status).toBe(200);
    const refused = await bStaff.get(`/api/people/${deep.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get('/api/units/tree')).body.items.map((u: { id: string }) => u.id)).not.toContain(x1b.id);
    expect((await aStaff.get('/api/units/tree')).body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining(subtree.map((u) => u.id)));
  });

  it("rewrites the unit-path copies modules declare, under the moved subtree only, in the move's transaction", async () => {
    await sql`create table path_copy_probe (id varchar(40) primary key, unit_path varchar(400) not null)`.execute(t.db);
    installModules([...MODULES, { key: 'path_probe', unitPathCopies: [{ table: 'path_copy_probe', column: 'unit_path' }] }]);
    try {
      const x = await makeUnit(t.db, { parent: county.units.b, name: '迁移片区', kind: 'other' });
      const x1 = await makeUnit(t.db, { parent: x, name: '迁移一组', kind: 'other' });
      // A sibling whose id starts like x's must stay put: the range is on the path with its slash.
      const rows = [['in-x', x.path], ['in-x1', x1.path], ['outside', county.units.b.path], ['other', county.units.a1.path]];
      for (const [id, p] of rows) await sql`insert into path_copy_probe (id, unit_path) values (${id}, ${p})`.execute(t.db);

      const moved = await root.post(`/api/units/${x.id}/move`, { newParentId: county.units.a1.id, version: 0 });
      expect(moved.status).toBe(200);
      const after = Object.fromEntries((await sql<{ id: string; unit_path: string }>`select id, unit_path from path_copy_probe`.execute(t.db)).rows.map((r) => [r.id, r.unit_path]));
      const units = Object.fromEntries((await t.db.selectFrom('units').select(['id', 'path']).where('id', 'in', [x.id, x1.id]).execute()).map((u) => [u.id, u.path]));
      expect(after).toEqual({ 'in-x': units[x.id], 'in-x1': units[x1.id], outside: county.units.b.path, other: county.units.a1.path });
      expect(units[x1.id]).toBe(`${county.units.a1.path}${x.id}/${x1.id}/`);
    } finally {
      installModules(MODULES);
      await sql`drop table path_copy_probe`.execute(t.db);
    }
  });

  it("a task made under a moved unit follows it: its path copy is the unit's new path, and its new parent's figures count it", async () => {
    const x = await makeUnit(t.db, { parent: county.units.b, name: '任务迁移片区', kind: 'other' });
    const made = await root.post('/api/tasks', { unitId: x.id, title: '随单位迁移的任务', source: 'superior', startDay: '2026-09-30', dueMode: 'date', dueDay: '2026-10-31' });
    expect(made.status).toBe(201);
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const counted = async (u: UnitRef) => (await taskFigures(t.db, { unitPath: (await t.db.selectFrom('units').select('path').where('id', '=', u.id).executeTakeFirstOrThrow()).path, ...year })).total;
    const [bBefore, a1Before] = [await counted(county.units.b), await counted(county.units.a1)];

    const moved = await root.post(`/api/units/${x.id}/move`, { newParentId: county.units.a1.id, version: 0 });
    expect(moved.status).toBe(200);
    const task = await t.db.selectFrom('tasks').select('unit_path').where('id', '=', made.body.id).executeTakeFirstOrThrow();
    expect(task.unit_path).toBe(`${county.units.a1.path}${x.id}/`);
    expect(await counted(county.units.b)).toBe(bBefore - 1);
    expect(await counted(county.units.a1)).toBe(a1Before + 1);
  });

  it('refuses moves that would break the tree, changing nothing', async () => {
    const x = await makeUnit(t.db, { parent: county.units.b, name: '环测试', kind: 'other' });
    const child = await makeUnit(t.db, { parent: x, name: '环测试下级', kind: 'other' });
    const grandchild = await makeUnit(t.db, { parent: child, name: '环测试孙级', kind: 'other' });
    const archived = await makeUnit(t.db, { parent: county.units.b, name: '已归档', kind: 'other' });
    await t.db.updateTable('units').set({ archived_at: new Date().toISOString() }).where('id', '=', archived.id).execute();
    const before = await allUnits();
    const auditBefore = await auditCount();

    for (const target of [x, child, grandchild]) {
      const r = await root.post(`/api/units/${x.id}/move`, { newParentId: target.id, version: 0 });
      expect(r.status, target.name).toBe(400);
      expect(r.body, target.name).toMatchObject({ code: 'VALIDATION', field: 'newParentId' });
      expect(r.body.message).toMatch(/下级/);
    }
    const toArchived = await root.post(`/api/units/${x.id}/move`, { newParentId: archived.id, version: 0 });
    expect(toArchived.body).toMatchObject({ code: 'VALIDATION', field: 'newParentId' });
    const missing = await root.post(`/api/units/${x.id}/move`, { newParentId: 'no-such-unit', version: 0 });
    expect(missing.body).toMatchObject({ code: 'VALIDATION', field: 'newParentId' });
    const rootMove = await root.post(`/api/units/${county.units.county.id}/move`, { newParentId: county.units.a.id, version: 0 });
    expect(rootMove.status).toBe(403);
    const ownUnit = await admin.post(`/api/units/${county.units.a.id}/move`, { newParentId: county.units.a1.id, version: 0 });
    expect(ownUnit.status).toBe(403);
    const stale = await root.post(`/api/units/${x.id}/move`, { newParentId: county.units.a.id, version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');

    expect(await allUnits()).toEqual(before);
    expect(await auditCount()).toBe(auditBefore);
  });

  it('a stale rename is refused with 409 STALE and the stored unit stays exactly as it was', async () => {
    const u = await root.post('/api/units', { parentId: county.units.b.id, name: '原名', kind: 'village', code: 'C-01' });
    expect(u.status).toBe(201);
    const first = await root.put(`/api/units/${u.body.id}`, { name: '新名', kind: 'village', code: 'C-01', version: 0 });
    expect(first.status).toBe(200);
    const row = await t.db.selectFrom('units').selectAll().where('id', '=', u.body.id).executeTakeFirstOrThrow();
    const auditBefore = await auditCount();
    const stale = await root.put(`/api/units/${u.body.id}`, { name: '另一个表单', kind: 'community', code: null, version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({ code: 'STALE', message: '该记录已被他人修改，请刷新后再试' });
    expect(await t.db.selectFrom('units').selectAll().where('id', '=', u.body.id).executeTakeFirstOrThrow()).toEqual(row);
    expect(await auditCount()).toBe(auditBefore);
  });

  it('of two simultaneous edits from the same version, exactly one wins', async () => {
    const u = await makeUnit(t.db, { parent: county.units.b, name: '并发改名', kind: 'village' });
    const results = await Promise.all(
      ['甲表单', '乙表单', '丙表单', '丁表单'].map((name) => root.put(`/api/units/${u.id}`, { name, kind: 'village', version: 0 })),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'STALE')).toHaveLength(3);
    const row = await t.db.selectFrom('units').select(['name', 'version']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: ok[0].body.name, version: 1 });
  });

  it('refuses to archive a unit with active children, people or accounts, naming each', async () => {
    const parent = await makeUnit(t.db, { parent: county.units.a, name: '有下级的村', kind: 'village' });
    const child = await makeUnit(t.db, { parent, name: '下级小组', kind: 'other' });
    const withAccount = await makeUnit(t.db, { parent: county.units.a, name: '有账号的村', kind: 'village' });
    const acct = await makeAccount(t.db, { unit: withAccount, role: 'liaison' });
    const withAll = await makeUnit(t.db, { parent: county.units.a, name: '都有的村', kind: 'village' });
    await makeUnit(t.db, { parent: withAll, name: '都有的下级' });
    await makePerson(t.db, { unit: withAll });
    await makePerson(t.db, { unit: withAll });
    await makeAccount(t.db, { unit: withAll, role: 'staff' });
    const before = await allUnits();

    const r1 = await admin.post(`/api/units/${parent.id}/archive`, { version: 0 });
    expect(r1.status).toBe(409);
    expect(r1.body.code).toBe('UNIT_NOT_EMPTY');
    expect(r1.body.message).toContain('1 个下级单位');
    const r2 = await admin.post(`/api/units/${withAccount.id}/archive`, { version: 0 });
    expect(r2.body.code).toBe('UNIT_NOT_EMPTY');
    expect(r2.body.message).toContain('1 个在用账号');
    const r3 = await admin.post(`/api/units/${withAll.id}/archive`, { version: 0 });
    expect(r3.body.code).toBe('UNIT_NOT_EMPTY');
    expect(r3.body.message).toMatch(/1 个下级单位.*2 名人员.*1 个在用账号/);
    expect(await allUnits()).toEqual(before);

    // Archive the child first, disable the account: then both parents may go.
    expect((await admin.post(`/api/units/${child.id}/archive`, { version: 0 })).status).toBe(200);
    expect((await admin.post(`/api/units/${parent.id}/archive`, { version: 0 })).body).toMatchObject({ archived: true, version: 1 });
    const a = await admin.get(`/api/accounts/${acct.id}`);
    await admin.put(`/api/accounts/${acct.id}`, { displayName: a.body.displayName, role: a.body.role, unitId: a.body.unitId, personId: null, disabled: true, version: a.body.version });
    expect((await admin.post(`/api/units/${withAccount.id}/archive`, { version: 0 })).status).toBe(200);

    const again = await admin.post(`/api/units/${parent.id}/archive`, { version: 1 });
    expect(again.body.code).toBe('ALREADY_ARCHIVED');
    // A child cannot come back while its parent is archived; the parent first, then the child.
    const childFirst = await admin.post(`/api/units/${child.id}/restore`, { version: 1 });
    expect(childFirst.status).toBe(409);
    expect(childFirst.body.code).toBe('PARENT_ARCHIVED');
    expect((await admin.post(`/api/units/${parent.id}/restore`, { version: 1 })).status).toBe(200);
    expect((await admin.post(`/api/units/${child.id}/restore`, { version: 1 })).body).toMatchObject({ archived: false, version: 2 });
  });

  it('archived units leave the tree but can be listed; nothing new can be put in them', async () => {
    const u = await makeUnit(t.db, { parent: county.units.a, name: '撤并村', kind: 'village' });
    expect((await admin.post(`/api/units/${u.id}/archive`, { version: 0 })).status).toBe(200);
    const tree = await admin.get('/api/units/tree');
    expect(tree.body.items.map((x: UnitRef) => x.id)).not.toContain(u.id);
    const withArchived = await admin.get('/api/units/tree?includeArchived=true');
    expect(withArchived.body.items.find((x: UnitRef) => x.id === u.id)).toMatchObject({ archived: true });
    const underIt = await admin.post('/api/units', { parentId: u.id, name: '新组', kind: 'other' });
    expect(underIt.body).toMatchObject({ code: 'VALIDATION', field: 'parentId' });
    const acct = await admin.post('/api/accounts', { username: 'into_archived', displayName: '某', role: 'staff', unitId: u.id, password: 'Abcd@1234' });
    expect(acct.body).toMatchObject({ code: 'VALIDATION', field: 'unitId' });
    expect(await t.db.selectFrom('accounts').select('id').where('username', '=', 'into_archived').executeTakeFirst()).toBeUndefined();
  });

  it('lists the tree parents before children and counts a unit’s children and people', async () => {
    const tree = await admin.get('/api/units/tree');
    const seen = new Set<string>();
    for (const u of tree.body.items as { id: string; parentId: string | null; depth: number }[]) {
      if (u.id !== county.units.a.id) expect(seen.has(u.parentId!)).toBe(true);
      seen.add(u.id);
    }
    expect(tree.body.items[0].id).toBe(county.units.a.id);
    const detail = await admin.get(`/api/units/${county.units.a1.id}`);
    expect(detail.body).toMatchObject({ id: county.units.a1.id, personCount: 1 });
    expect(detail.body.childCount).toBeGreaterThanOrEqual(1);
  });

  it('keeps the tree consistent and the audit chain whole', async () => {
    await expectConsistentTree();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    expect(await version(county.units.county.id)).toBe(0);
  });
});
