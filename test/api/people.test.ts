import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makePerson, makeUnit, PASSWORD, type UnitRef } from '../helpers/factories';

describe(`people: register, edit, archive, list, search [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let admin: Agent;
  let staff: Agent;
  /** A village of its own, so list counts below are exact. */
  let v: UnitRef;
  let v2: UnitRef;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    admin = await login(t.app, 'a_admin', PASSWORD);
    staff = await login(t.app, 'a_staff', PASSWORD);
    v = await makeUnit(t.db, { parent: county.units.a, name: '名册村', kind: 'village' });
    v2 = await makeUnit(t.db, { parent: v, name: '名册村一组', kind: 'other' });
  });
  afterAll(() => t.close());

  it('creates, reads, updates (including moving to another unit) and archives a person', async () => {
    const c = await admin.post('/api/people', { unitId: v.id, name: '  吴敏  ', position: '网信专干', phone: '0571-8888 6666' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      id: expect.any(String), unitId: v.id, unitName: '名册村', name: '吴敏', position: '网信专干', phone: '0571-8888 6666',
      archived: false, version: 0, hasAccount: false,
    });
    expect((await admin.get(`/api/people/${c.body.id}`)).body).toEqual(c.body);
    // Staff may read but not write.
    expect((await staff.get(`/api/people/${c.body.id}`)).status).toBe(200);
    const denied = await staff.put(`/api/people/${c.body.id}`, { unitId: v.id, name: '改', version: 0 });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');

    const u = await admin.put(`/api/people/${c.body.id}`, { unitId: v2.id, name: '吴敏', position: '组长', phone: null, version: 0 });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ unitId: v2.id, unitName: '名册村一组', position: '组长', phone: null, version: 1 });
    const stale = await admin.put(`/api/people/${c.body.id}`, { unitId: v.id, name: '旧表单', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');
    expect((await admin.get(`/api/people/${c.body.id}`)).body).toEqual(u.body);

    const outside = await admin.put(`/api/people/${c.body.id}`, { unitId: county.units.b.id, name: '吴敏', version: 1 });
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('OUT_OF_SCOPE');

    const arch = await admin.post(`/api/people/${c.body.id}/archive`, { version: 1 });
    expect(arch.body).toMatchObject({ archived: true, version: 2 });
    expect((await admin.post(`/api/people/${c.body.id}/archive`, { version: 2 })).body.code).toBe('ALREADY_ARCHIVED');
    const listed = await admin.get(`/api/people?unitId=${v.id}`);
    expect(listed.body.items.map((p: { id: string }) => p.id)).not.toContain(c.body.id);
    const archivedList = await admin.get(`/api/people?unitId=${v.id}&archived=true`);
    expect(archivedList.body.items.map((p: { id: string }) => p.id)).toEqual([c.body.id]);
    const restored = await admin.post(`/api/people/${c.body.id}/restore`, { version: 2 });
    expect(restored.body).toMatchObject({ archived: false, version: 3 });
    // The audit log holds each step, before and after.
    const log = await t.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('entity_id', '=', c.body.id).orderBy('seq').execute();
    expect(log.map((l) => l.action)).toEqual(['create', 'update', 'archive', 'restore']);
    expect(JSON.parse(log[1].before_json!)).toMatchObject({ unitId: v.id, position: '网信专干' });
    expect(JSON.parse(log[1].after_json!)).toMatchObject({ unitId: v2.id, position: '组长' });
  });

  it('will not archive a person whose account is still in use', async () => {
    const p = await makePerson(t.db, { unit: v, name: '有账号者' });
    const acct = await makeAccount(t.db, { unit: v, role: 'liaison', personId: p.id });
    const r = await admin.post(`/api/people/${p.id}/archive`, { version: 0 });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('PERSON_HAS_ACCOUNT');
    expect(r.body.message).toContain(acct.username);
    expect((await admin.get(`/api/people/${p.id}`)).body).toMatchObject({ hasAccount: true, archived: false });
  });

  it('paginates with an exact total, in a stable order, and filters by unit with or without sub-units', async () => {
    const unit = await makeUnit(t.db, { parent: county.units.a, name: '分页村', kind: 'village' });
    const sub = await makeUnit(t.db, { parent: unit, name: '分页村一组', kind: 'other' });
    for (let i = 0; i < 23; i++) await makePerson(t.db, { unit, name: `分页${String(i).padStart(2, '0')}` });
    for (let i = 0; i < 4; i++) await makePerson(t.db, { unit: sub, name: `组员${i}` });

    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await admin.get(`/api/people?unitId=${unit.id}&includeSubunits=false&page=${page}&pageSize=10`));
    expect(pages.map((p) => p.body.items.length)).toEqual([10, 10, 3]);
    expect(pages.every((p) => p.body.total === 23)).toBe(true);
    expect(pages[1].body).toMatchObject({ page: 2, pageSize: 10 });
    const names = pages.flatMap((p) => p.body.items.map((x: { name: string }) => x.name));
    expect(names).toEqual(Array.from({ length: 23 }, (_, i) => `分页${String(i).padStart(2, '0')}`));
    const beyond = await admin.get(`/api/people?unitId=${unit.id}&page=9&pageSize=10`);
    expect(beyond.body).toMatchObject({ items: [], total: 27 });

    const withSub = await admin.get(`/api/people?unitId=${unit.id}&pageSize=200`);
    expect(withSub.body.total).toBe(27);
    const onlySub = await admin.get(`/api/people?unitId=${sub.id}`);
    expect(onlySub.body.items.map((x: { name: string }) => x.name)).toEqual(['组员0', '组员1', '组员2', '组员3']);

    for (const [q, field] of [['page=0', 'page'], ['pageSize=201', 'pageSize'], ['page=abc', 'page'], ['includeSubunits=maybe', 'includeSubunits']]) {
      const bad = await admin.get(`/api/people?${q}`);
      expect(bad.status, q).toBe(400);
      expect(bad.body, q).toMatchObject({ code: 'VALIDATION', field });
    }
  });

  it('searches name, position and phone; % _ and \\ are plain characters', async () => {
    const unit = await makeUnit(t.db, { parent: county.units.a, name: '搜索村', kind: 'village' });
    const mk = (name: string, position: string | null = null, phone: string | null = null) => makePerson(t.db, { unit, name, position, phone });
    await mk('百分之百', '完成率100%');
    await mk('下划线', 'a_b组');
    await mk('反斜杠', 'c\\d');
    await mk('普通甲', 'axb组');
    await mk('普通乙', '完成率1000');
    await mk('电话人', null, '13800001234');
    await mk('Zhang San', 'Office');
    const search = async (q: string) =>
      (await admin.get(`/api/people?unitId=${unit.id}&q=${encodeURIComponent(q)}`)).body.items.map((p: { name: string }) => p.name).sort();

    expect(await search('100%')).toEqual(['百分之百']);
    expect(await search('%')).toEqual(['百分之百']);
    expect(await search('a_b')).toEqual(['下划线']);
    expect(await search('_')).toEqual(['下划线']);
    expect(await search('c\\d')).toEqual(['反斜杠']);
    expect(await search('\\')).toEqual(['反斜杠']);
    expect(await search('完成率')).toEqual(['普通乙', '百分之百']);
    expect(await search('0000123')).toEqual(['电话人']);
    expect(await search('zhang')).toEqual(['Zhang San']);
    expect(await search('OFFICE')).toEqual(['Zhang San']);
    expect(await search('不存在的词')).toEqual([]);
    const long = await admin.get(`/api/people?q=${encodeURIComponent('长'.repeat(51))}`);
    expect(long.body).toMatchObject({ code: 'VALIDATION', field: 'q' });
  });

  it('validates each field with a Chinese message naming it', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ unitId: v.id }, 'name', /请填写姓名/],
      [{ unitId: v.id, name: '   ' }, 'name', /请填写姓名/],
      [{ unitId: v.id, name: '长'.repeat(31) }, 'name', /姓名不能超过 30 个字/],
      [{ unitId: v.id, name: ['数组'] }, 'name', /姓名|请填写/],
      [{ unitId: v.id, name: '某', position: '职'.repeat(61) }, 'position', /职务不能超过 60 个字/],
      [{ unitId: v.id, name: '某', phone: 'call me' }, 'phone', /电话只能包含/],
      [{ unitId: v.id, name: '某', phone: 13800001234 }, 'phone', /电话应为文字/],
      [{ name: '某' }, 'unitId', /请选择所属单位/],
      [{ unitId: 'no-such-unit', name: '某' }, 'unitId', /不存在/],
    ];
    const before = (await t.db.selectFrom('people').select('id').execute()).length;
    for (const [body, field, message] of cases) {
      const r = await admin.post('/api/people', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('VALIDATION');
      expect(r.body.field, JSON.stringify(body)).toBe(field);
      expect(r.body.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await t.db.selectFrom('people').select('id').execute()).length).toBe(before);
  });
});
