/** What every route shares: the error shape, body limits, double-submit keys, all-or-nothing writes. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditGuards, dropAuditGuards } from '../../server/db/migrations/2026120602_audit_keyed';
import { verifyAuditChain } from '../../server/platform/audit';
import { type Agent, anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makePerson, makeUnit, PASSWORD } from '../helpers/factories';

describe(`errors, limits, double submits, atomic writes [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let admin: Agent;
  let admin2: Agent;
  let root: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    admin = await login(t.app, 'a_admin', PASSWORD);
    admin2 = await login(t.app, 'a_admin', PASSWORD);
    root = await login(t.app, 'county_admin', PASSWORD);
  });
  afterAll(() => t.close());

  const count = async (table: 'units' | 'people' | 'audit_log') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const raw = (method: 'POST' | 'PUT', url: string, payload: string | Buffer, type = 'application/json') =>
    t.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': type }, payload });

  it('answers malformed, empty and wrongly typed bodies with a stable code and a Chinese message', async () => {
    for (const body of ['{"name": ', '{name: "x"}', '', 'null,']) {
      const r = await raw('POST', '/api/people', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json(), JSON.stringify(body)).toEqual({ code: 'BAD_JSON', message: '请求内容不是有效的 JSON' });
    }
    const arr = await raw('POST', '/api/people', '[1,2]');
    expect(arr.statusCode).toBe(400);
    expect(arr.json().code).toBe('VALIDATION');
    const text = await raw('POST', '/api/people', 'name=x', 'text/plain');
    expect(text.statusCode).toBe(400);
    expect(text.json().code).toBe('VALIDATION');
    const xml = await raw('POST', '/api/people', '<person/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求内容类型' });
  });

  it('names the field at fault: missing, too long, wrong type, out of range', async () => {
    const cases: [string, 'POST' | 'PUT', string, unknown, string, RegExp][] = [
      ['missing name', 'POST', '/api/units', { parentId: county.units.a.id, kind: 'village' }, 'name', /请填写单位名称/],
      ['1000-char name', 'POST', '/api/units', { parentId: county.units.a.id, name: '名'.repeat(1000), kind: 'village' }, 'name', /单位名称不能超过 60 个字/],
      ['number as name', 'POST', '/api/units', { parentId: county.units.a.id, name: 42, kind: 'village' }, 'name', /单位名称/],
      ['object as name', 'POST', '/api/people', { unitId: county.units.a.id, name: { x: 1 } }, 'name', /姓名/],
      ['bad kind', 'POST', '/api/units', { parentId: county.units.a.id, name: '某', kind: 'planet' }, 'kind', /单位类型的取值无效/],
      ['negative sort', 'POST', '/api/units', { parentId: county.units.a.id, name: '某', kind: 'village', sortOrder: -1 }, 'sortOrder', /./],
      ['float sort', 'POST', '/api/units', { parentId: county.units.a.id, name: '某', kind: 'village', sortOrder: 1.5 }, 'sortOrder', /./],
      ['missing version', 'PUT', `/api/units/${county.units.a1.id}`, { name: '某', kind: 'village' }, 'version', /缺少版本号/],
      ['version as string', 'PUT', `/api/units/${county.units.a1.id}`, { name: '某', kind: 'village', version: '0' }, 'version', /版本号/],
      ['disabled as string', 'PUT', `/api/accounts/${county.accounts.staff.id}`, { displayName: '某', role: 'staff', unitId: county.units.a.id, disabled: 'yes', version: 0 }, 'disabled', /停用应为是或否/],
      ['1000-char username', 'POST', '/api/accounts', { username: 'u'.repeat(1000), displayName: '某', role: 'staff', unitId: county.units.a.id, password: 'Abcd@1234' }, 'username', /登录名不能超过 32 个字符/],
    ];
    const unitsBefore = await count('units');
    for (const [what, method, url, body, field, message] of cases) {
      const r = method === 'POST' ? await admin.post(url, body) : await admin.put(url, body);
      expect(r.status, what).toBe(400);
      expect(r.body.code, what).toBe('VALIDATION');
      expect(r.body.field, what).toBe(field);
      expect(r.body.message, what).toMatch(message);
      expect(r.body.message, what).toMatch(/[\u4e00-\u9fa5]/);
      expect(Object.keys(r.body).sort(), what).toEqual(['code', 'field', 'message']);
    }
    expect(await count('units')).toBe(unitsBefore);
  });

  it('refuses a body over 1 MB with 413 and writes nothing', async () => {
    const before = await count('people');
    const big = JSON.stringify({ unitId: county.units.a.id, name: '大', position: 'x'.repeat(1024 * 1024 + 10) });
    const r = await raw('POST', '/api/people', big);
    expect(r.statusCode).toBe(413);
    expect(r.json()).toEqual({ code: 'TOO_LARGE', message: '请求内容过大' });
    const put = await raw('PUT', `/api/units/${county.units.a1.id}`, big);
    expect(put.statusCode).toBe(413);
    expect(await count('people')).toBe(before);
    // Just under the limit is parsed (and then refused by the field rule, not by size).
    const under = await raw('POST', '/api/people', JSON.stringify({ unitId: county.units.a.id, name: '大', position: 'x'.repeat(1000 * 1000) }));
    expect(under.statusCode).toBe(400);
    expect(under.json().field).toBe('position');
  });

  it('refuses NUL and other C0 controls in bodies and query strings with a 400 naming the field, on both databases alike', async () => {
    const people = await count('people');
    const person = await admin.post('/api/people', { unitId: county.units.a.id, name: '张\u0000三' });
    expect(person.status).toBe(400);
    expect(person.body).toMatchObject({ code: 'VALIDATION', field: 'name' });
    expect(person.body.message).toContain('控制字符');
    expect((await admin.post('/api/people', { unitId: county.units.a.id, name: '李四', position: '科员\u0007' })).body).toMatchObject({ code: 'VALIDATION', field: 'position' });
    expect(await count('people')).toBe(people);
    // Anonymous login and the public page alike.
    const loginNul = await anonymous(t.app, 'POST', '/api/session/login', { username: 'a_admin\u0000', password: PASSWORD });
    expect(loginNul.status).toBe(400);
    expect(loginNul.body).toMatchObject({ code: 'VALIDATION', field: 'username' });
    const pub = await anonymous(t.app, 'POST', '/api/public/cases', { unitId: county.units.a.id, title: '标题\u0000', content: '内容足够长的一段反映内容文字', challenge: 'x', answer: '1' });
    expect(pub.status).toBe(400);
    expect(pub.body.field).toBe('title');
    const query = await admin.get('/api/people?q=%00abc');
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ code: 'VALIDATION', field: 'q' });
    // Tabs and newlines are text; bidirectional overrides are dropped from names.
    const ok = await admin.post('/api/people', { unitId: county.units.a.id, name: '王\u202e五', position: '科员\t(兼)' });
    expect(ok.status).toBe(201);
    expect(ok.body.name).toBe('王五');
  });

  it('answers unknown API paths and records with a Chinese 404', async () => {
    const route = await admin.get('/api/no-such-thing');
    expect(route.status).toBe(404);
    expect(route.body).toEqual({ code: 'NOT_FOUND', message: '接口不存在' });
    const unit = await admin.get('/api/units/01900000-0000-7000-8000-000000000000');
    expect(unit.body).toEqual({ code: 'NOT_FOUND', message: '未找到该单位' });
    const acct = await admin.get('/api/accounts/nope');
    expect(acct.body).toEqual({ code: 'NOT_FOUND', message: '未找到该账号' });
  });

  it('serves the app for the home page and every client-side path (a reload anywhere works)', async () => {
    for (const url of ['/', '/tasks', '/rectification/some-id', '/login']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toContain('<div id="root">');
    }
  });

  it('a repeated Idempotency-Key gets the first answer again and creates nothing more', async () => {
    const key = 'idem-key-0001';
    const body = { unitId: county.units.a1.id, name: '只建一次' };
    const peopleBefore = await count('people');
    const auditBefore = await count('audit_log');
    const first = await admin.post('/api/people', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    // Same key from the user's other tab (another session of the same account): the stored answer.
    const again = await admin2.post('/api/people', body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('people')).toBe(peopleBefore + 1);
    expect(await count('audit_log')).toBe(auditBefore + 1);

    // The same key on another route is a different form: refused, nothing written.
    const elsewhere = await admin.post('/api/units', { parentId: county.units.a.id, name: '某', kind: 'village' }, { 'idempotency-key': key });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toEqual({ code: 'DUPLICATE_SUBMIT', message: '该表单正在提交或已提交，请勿重复提交' });
    // Keys belong to one account: another admin's identical key is unrelated.
    const other = await root.post('/api/people', body, { 'idempotency-key': key });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
    expect(await count('people')).toBe(peopleBefore + 2);

    const short = await admin.post('/api/people', body, { 'idempotency-key': 'abc' });
    expect(short.body).toMatchObject({ code: 'VALIDATION' });
    expect(short.body.message).toContain('Idempotency-Key');
  });

  it('many simultaneous submits with one key create exactly one record', async () => {
    const before = await count('people');
    const rs = await Promise.all(Array.from({ length: 6 }, () => admin.post('/api/people', { unitId: county.units.a1.id, name: '连点六次' }, { 'idempotency-key': 'burst-key-1' })));
    expect(await count('people')).toBe(before + 1);
    const created = rs.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of rs) {
      expect([201, 409]).toContain(r.status);
      if (r.status === 201) expect(r.body.id).toBe(created[0].body.id);
      else expect(r.body.code).toBe('DUPLICATE_SUBMIT');
    }
  });

  it('a refused or failed request frees its key for the corrected form', async () => {
    const key = 'retry-key-0001';
    const bad = await admin.post('/api/people', { unitId: county.units.a1.id, name: '' }, { 'idempotency-key': key });
    expect(bad.status).toBe(400);
    const scope = await admin.post('/api/people', { unitId: county.units.b.id, name: '越权' }, { 'idempotency-key': key });
    expect(scope.status).toBe(403);
    const ok = await admin.post('/api/people', { unitId: county.units.a1.id, name: '改正后' }, { 'idempotency-key': key });
    expect(ok.status).toBe(201);
    expect(ok.headers['idempotent-replay']).toBeUndefined();
  });

  describe('a write that fails halfway leaves nothing behind', () => {
    // A trigger makes the audit insert fail: the last statement of every write, after its data statements.
    beforeAll(async () => {
      if (dialectName === 'postgres') {
        await sql`create function test_fail_audit() returns trigger language plpgsql as $$
          begin
            if new.after_json like '%触发失败%' or new.action = 'move' then raise exception 'injected failure'; end if;
            return new;
          end $$`.execute(t.db);
        await sql`create trigger test_fail_audit before insert on audit_log for each row execute function test_fail_audit()`.execute(t.db);
      } else {
        await sql`create trigger test_fail_audit before insert on audit_log
          when new.after_json like '%触发失败%' or new.action = 'move'
          begin select raise(abort, 'injected failure'); end`.execute(t.db);
      }
    });
    afterAll(async () => {
      await sql`drop trigger test_fail_audit${sql.raw(dialectName === 'postgres' ? ' on audit_log' : '')}`.execute(t.db);
    });

    it('a new person whose audit row cannot be written is not stored; the user gets a Chinese 500 with a request number', async () => {
      const people = await count('people');
      const audit = await count('audit_log');
      const r = await admin.post('/api/people', { unitId: county.units.a1.id, name: '触发失败' }, { 'idempotency-key': 'fail-key-001' });
      expect(r.status).toBe(500);
      expect(r.body.code).toBe('INTERNAL');
      expect(r.body.message).toMatch(/^服务器内部错误，请稍后再试\(请求编号 .+\)$/);
      expect(JSON.stringify(r.body)).not.toContain('injected');
      expect(await count('people')).toBe(people);
      expect(await count('audit_log')).toBe(audit);
      expect(await t.db.selectFrom('people').select('id').where('name', '=', '触发失败').execute()).toEqual([]);
      // The key of the failed request may be used again.
      const retry = await admin.post('/api/people', { unitId: county.units.a1.id, name: '重试成功' }, { 'idempotency-key': 'fail-key-001' });
      expect(retry.status).toBe(201);
    });

    it('a move of a subtree whose audit row fails leaves every path as it was', async () => {
      const x = await makeUnit(t.db, { parent: county.units.b, name: '回滚片区' });
      await makeUnit(t.db, { parent: x, name: '回滚下级' });
      const before = await t.db.selectFrom('units').selectAll().orderBy('id').execute();
      const r = await root.post(`/api/units/${x.id}/move`, { newParentId: county.units.a1.id, version: 0 });
      expect(r.status).toBe(500);
      expect(await t.db.selectFrom('units').selectAll().orderBy('id').execute()).toEqual(before);
    });
  });

  it('a write refused by a rule is refused whole: a person for an archived unit', async () => {
    const u = await makeUnit(t.db, { parent: county.units.a, name: '已撤并' });
    await makePerson(t.db, { unit: u, name: '待调走' });
    await t.db.updateTable('units').set({ archived_at: new Date().toISOString() }).where('id', '=', u.id).execute();
    const people = await count('people');
    const audit = await count('audit_log');
    const r = await admin.post('/api/people', { unitId: u.id, name: '新来的' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'VALIDATION', field: 'unitId', message: '单位“已撤并”已归档' });
    expect(await count('people')).toBe(people);
    expect(await count('audit_log')).toBe(audit);
  });

  it('every change above is in the MAC-chained audit log, and tampering is found at its row', async () => {
    await dropAuditGuards(t.db); // as the database owner could; test/api/audit.test.ts shows the guards
    const ok = await verifyAuditChain(t.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBe(await count('audit_log'));
    const rows = await t.db.selectFrom('audit_log').select(['seq', 'after_json', 'before_json', 'actor_name', 'action']).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    // Each kind of tampering is caught at the row where it happened.
    const victim = rows.find((r) => r.action === 'create' && r.after_json?.includes('只建一次'))!;
    await t.db.updateTable('audit_log').set({ after_json: victim.after_json!.replace('只建一次', '建了两次') }).where('seq', '=', victim.seq).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBroken: { seq: victim.seq } });
    await t.db.updateTable('audit_log').set({ after_json: victim.after_json }).where('seq', '=', victim.seq).execute();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    const mid = rows[Math.floor(rows.length / 2)];
    await t.db.updateTable('audit_log').set({ actor_name: '他人' }).where('seq', '=', mid.seq).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBroken: { seq: mid.seq } });
    await t.db.updateTable('audit_log').set({ actor_name: mid.actor_name }).where('seq', '=', mid.seq).execute();

    const last = rows[rows.length - 1];
    const full = await t.db.selectFrom('audit_log').selectAll().where('seq', '=', last.seq - 1).executeTakeFirstOrThrow();
    await t.db.deleteFrom('audit_log').where('seq', '=', full.seq).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBroken: { seq: full.seq } });
    await t.db.insertInto('audit_log').values(full).execute();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    await createAuditGuards(t.db);
  });
});
