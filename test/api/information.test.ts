/**
 * 信息报送与采用 through the API: a unit sends items up to its superior, only the receiving unit
 * records the outcome (采用, 摘报采用, 刊发 with where, 未采用), monthly quotas with progress,
 * figures, the 工作总结 piece, to-dos and the ledger — on SQLite and PostgreSQL.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infoFigures } from '../../server/modules/information/figures';
import { infoSection } from '../../server/modules/information/summary';
import { infoTodos } from '../../server/modules/information/todos';
import { actorFor } from '../../server/modules/demo/lookups';
import { verifyAuditChain } from '../../server/platform/audit';
import { shanghaiDay } from '../../server/platform/period';
import { PDF } from '../helpers/access';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const actorOf = async (db: Parameters<typeof actorFor>[0], username: string) => (await actorFor(db, username))!;
const month = today.slice(0, 7);

describe(`information [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let aStaff: Agent;
  let aLiaison: Agent;
  let bStaff: Agent;
  let villageLiaison: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    [countyStaff, aStaff, aLiaison, bStaff, villageLiaison] = await Promise.all(
      ['county_staff', 'a_staff', 'a_liaison', 'b_staff', 'a1_liaison'].map((u) => login(t.app, u, PASSWORD)),
    );
  });
  afterAll(() => t.close());

  const item = (unitId: string, patch: object = {}) => ({ unitId, kind: 'work', title: '城关镇开展网络安全宣传周活动', content: '9月，城关镇组织开展网络安全宣传周活动，发放资料500份。', ...patch });
  const ids: Record<string, string> = {};

  it('sends an item up to the superior, refuses bad input naming the field, and a unit with no superior', async () => {
    const r = await aLiaison.post('/api/information', item(county.units.a.id));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ unitName: '城关镇', toUnitName: '测试县', sentDay: today, outcome: null, version: 0 });
    ids.a1 = r.body.id;
    const file = await aLiaison.upload('/api/files', { entity: 'info_item', entityId: r.body.id }, { name: '稿件.pdf', content: PDF });
    expect(file.status).toBe(201);
    const bad = async (patch: object) => (await aLiaison.post('/api/information', item(county.units.a.id, patch))).body;
    expect(await bad({ title: '' })).toMatchObject({ code: 'VALIDATION', field: 'title', message: '请填写标题' });
    expect(await bad({ kind: 'rumour' })).toMatchObject({ field: 'kind', message: '信息类别的取值无效' });
    expect(await bad({ content: '' })).toMatchObject({ field: 'content', message: '请填写正文' });
    expect((await countyStaff.post('/api/information', item(county.units.county.id))).body).toMatchObject({ field: 'unitId', message: '测试县没有上级单位，无处报送' });
    expect((await aLiaison.post('/api/information', item(county.units.b.id))).body.code).toBe('OUT_OF_SCOPE');
    // One submit with the same key creates one item.
    const key = { 'idempotency-key': 'info-double-submit-0001' };
    const [d1, d2] = await Promise.all([aLiaison.post('/api/information', item(county.units.a.id, { title: '双击' }), key), aLiaison.post('/api/information', item(county.units.a.id, { title: '双击' }), key)]);
    expect([d1.status, d2.status]).toContain(201);
    const twice = await t.db.selectFrom('info_items').select('id').where('title', '=', '双击').execute();
    expect(twice).toHaveLength(1);
    ids.double = twice[0].id;
    const v = await villageLiaison.post('/api/information', item(county.units.a1.id, { kind: 'public_opinion', title: '城东村群众关注村道硬化' }));
    expect(v.body).toMatchObject({ toUnitName: '城关镇' });
    ids.village = v.body.id;
    const b = await bStaff.post('/api/information', item(county.units.b.id, { kind: 'news', title: '东山镇新闻稿' }));
    ids.b = b.body.id;
    expect((await aStaff.get(`/api/information/${ids.b}`)).body.code).toBe('OUT_OF_SCOPE');
  });

  it('only the receiving unit records the outcome; stale and double clicks answer 409', async () => {
    expect((await aStaff.post(`/api/information/${ids.a1}/outcome`, { outcome: 'adopted', version: 0 })).status).toBe(403);
    expect((await bStaff.post(`/api/information/${ids.a1}/outcome`, { outcome: 'adopted', version: 0 })).body.code).toBe('OUT_OF_SCOPE');
    // The county is above 城关镇 but the village's item was sent to 城关镇.
    const above = await countyStaff.post(`/api/information/${ids.village}/outcome`, { outcome: 'adopted', version: 0 });
    expect(above.status).toBe(403);
    expect(above.body.message).toBe('只有接收单位(城关镇)可以登记采用情况');
    expect((await countyStaff.post(`/api/information/${ids.a1}/outcome`, { outcome: 'published', version: 0 })).body).toMatchObject({ field: 'where' });
    expect((await countyStaff.post(`/api/information/${ids.a1}/outcome`, { outcome: 'ok', version: 0 })).body).toMatchObject({ field: 'outcome', message: '采用情况的取值无效' });
    const [x, y] = await Promise.all([
      countyStaff.post(`/api/information/${ids.a1}/outcome`, { outcome: 'published', where: '《网信工作简报》第12期', note: '全文刊发', version: 0 }),
      countyStaff.post(`/api/information/${ids.a1}/outcome`, { outcome: 'rejected', version: 0 }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const got = (await aLiaison.get(`/api/information/${ids.a1}`)).body;
    expect(got.version).toBe(1);
    expect(['published', 'rejected']).toContain(got.outcome);
    const fix = await countyStaff.post(`/api/information/${ids.a1}/outcome`, { outcome: 'published', where: '《网信工作简报》第12期', note: '全文刊发', version: 1 });
    expect(fix.body).toMatchObject({ outcome: 'published', outcomeWhere: '《网信工作简报》第12期', outcomeDay: today });
    expect((await aStaff.post(`/api/information/${ids.village}/outcome`, { outcome: 'excerpt', note: '摘要报县', version: 0 })).body.outcome).toBe('excerpt');
    expect((await countyStaff.post(`/api/information/${ids.double}/outcome`, { outcome: 'rejected', note: '内容重复', version: 0 })).status).toBe(200);
    // Once the outcome is in, the sender neither edits nor withdraws.
    expect((await aLiaison.put(`/api/information/${ids.a1}`, { kind: 'work', title: '改', content: '改', version: 2 })).body.code).toBe('DECIDED');
    expect((await aLiaison.post(`/api/information/${ids.a1}/archive`, { version: 2 })).body.code).toBe('DECIDED');
    const h = await aLiaison.get(`/api/information/${ids.a1}/history`);
    expect(h.body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'outcome', 'outcome']);
    // What the county received, and what waits.
    const received = await countyStaff.get(`/api/information?direction=received&unitId=${county.units.county.id}&includeSubunits=false`);
    expect(received.body.items.map((i: { title: string }) => i.title).sort()).toEqual(['东山镇新闻稿', '双击', '城关镇开展网络安全宣传周活动'].sort());
    const pending = await countyStaff.get(`/api/information?direction=received&unitId=${county.units.county.id}&includeSubunits=false&outcome=pending`);
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([ids.b]);
    const todos = await infoTodos.list(t.db, await actorOf(t.db, 'county_staff'), today);
    expect(todos).toEqual([expect.objectContaining({ key: 'information.outcome', count: 1 })]);
    // A still-pending item can be corrected and withdrawn by its sender.
    const edit = await bStaff.put(`/api/information/${ids.b}`, { kind: 'news', title: '东山镇新闻稿(修改)', content: '正文', version: 0 });
    expect(edit.body).toMatchObject({ title: '东山镇新闻稿(修改)', version: 1 });
    expect((await bStaff.put(`/api/information/${ids.b}`, { kind: 'news', title: '再改', content: '正文', version: 0 })).body.code).toBe('STALE');
  });

  it('sets monthly quotas for the units below and shows their progress', async () => {
    expect((await aStaff.post('/api/information/quotas', { unitIds: [county.units.a.id], minPerMonth: 2 })).body).toMatchObject({ field: 'unitIds' });
    expect((await aStaff.post('/api/information/quotas', { unitIds: [county.units.b.id], minPerMonth: 2 })).body.code).toBe('OUT_OF_SCOPE');
    expect((await countyStaff.post('/api/information/quotas', { unitIds: [county.units.a.id, county.units.b.id], minPerMonth: 'x' })).body).toMatchObject({ field: 'minPerMonth' });
    expect((await countyStaff.post('/api/information/quotas', { unitIds: [county.units.a.id, county.units.b.id], minPerMonth: 2 })).body).toEqual({ changed: 2 });
    const prog = await countyStaff.get(`/api/information/progress?month=${month}`);
    const row = (name: string) => prog.body.items.find((r: { unitName: string }) => r.unitName === name);
    // 城关镇 sent two (one adopted by publication, one not adopted); 东山镇 one, still pending.
    expect(row('城关镇')).toMatchObject({ minPerMonth: 2, sent: 2, adopted: 1, met: true });
    expect(row('东山镇')).toMatchObject({ minPerMonth: 2, sent: 1, adopted: 0, met: false });
    expect(prog.body.items.map((r: { unitName: string }) => r.unitName)).not.toContain('测试县');
    // 东山镇 sees its own target (and is told while it is behind).
    const own = await bStaff.get('/api/information/progress');
    expect(own.body.items[0]).toMatchObject({ unitName: '东山镇', minPerMonth: 2, sent: 1, met: false });
    const todos = await infoTodos.list(t.db, await actorOf(t.db, 'b_staff'), today);
    expect(todos).toEqual([expect.objectContaining({ key: 'information.quota', count: 1 })]);
    const quotaId = row('东山镇').quotaId;
    expect((await countyStaff.put(`/api/information/quotas/${quotaId}`, { minPerMonth: 1, version: 0 })).body).toMatchObject({ minPerMonth: 1, version: 1 });
    expect((await countyStaff.put(`/api/information/quotas/${quotaId}`, { minPerMonth: 3, version: 0 })).body.code).toBe('STALE');
    expect((await bStaff.put(`/api/information/quotas/${quotaId}`, { minPerMonth: 0, version: 1 })).status).toBe(403);
    const after = await countyStaff.get(`/api/information/progress?month=${month}`);
    expect(after.body.items.find((r: { unitName: string }) => r.unitName === '东山镇')).toMatchObject({ minPerMonth: 1, met: true });
    expect((await aStaff.get(`/api/information/progress?unitId=${county.units.b.id}`)).body.code).toBe('OUT_OF_SCOPE');
  });

  it('counts sent, adopted by outcome, the adoption rate and quotas from one figures service, the summary and the ledger alike', async () => {
    const from = `${month}-01`;
    const fig = await countyStaff.get(`/api/information/figures?from=${from}&to=${today}`);
    expect(fig.body).toMatchObject({
      sent: 4, byKind: { work: 2, public_opinion: 1, news: 1 }, byOutcome: { adopted: 0, excerpt: 1, published: 1, rejected: 1, pending: 1 }, adopted: 2, adoptionRate: 0.5,
      quotaUnitMonths: 2, quotaMet: 2,
    });
    expect(await infoFigures(t.db, { unitPath: county.units.county.path, from, to: today })).toEqual(fig.body);
    const a = await aStaff.get(`/api/information/figures?from=${from}&to=${today}`);
    expect(a.body).toMatchObject({ sent: 3, adopted: 2 });
    const out = await infoSection.build({
      db: t.db, unit: { id: county.units.county.id, name: '测试县', path: county.units.county.path }, from, to: today, periodLabel: '本月', subject: null, today,
    });
    const text = out.items.map((i) => ('runs' in i ? i.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('') : '')).join('\n');
    expect(text).toContain('本期向上级报送信息4条');
    expect(text).toContain('被上级采用2条(摘报采用1条，刊发1条)，采用率50%');
    expect(out.figures!.find((f) => f.key === 'information.adopted')).toMatchObject({ value: 2 });
    expect(out.missing!.map((m) => m.text)).toContain('本期没有值班表记录');
    const x = await countyStaff.request('GET', `/api/information/export?from=${from}&to=${today}`);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    expect(wb.worksheets[0].getCell('A1').value).toBe('信息报送与采用台账');
    expect(wb.worksheets[0].rowCount).toBe(3 + 4);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

});
