/** 风险点 and 重大决策舆情风险评估 through the API. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { riskFigures } from '../../server/modules/risks/figures';
import { verifyAuditChain } from '../../server/platform/audit';
import { addMonths } from '../../server/modules/risks/service';
import { addDays, daysOverdue, shanghaiDay, WorkCalendar } from '../../server/platform/calendar';
import { reminderSources } from '../../server/platform/reminders';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();

async function xlsx(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('风险点');
  ws.addRow(['单位', '风险描述', '领域', '等级', '防控措施', '责任人', '复核周期(月)', '下次复核日期']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(`risks [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let countyStaff: Agent;
  let aLiaison: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff, countyStaff, aLiaison] = await Promise.all(['a_staff', 'b_staff', 'county_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const risk = (patch: object = {}) => ({ unitId: county.units.a.id, description: '镇政府网站评论区缺少审核', area: 'positions', level: 'high', measures: '关闭评论区或落实先审后发', ownerPersonId: county.people.a.id, reviewMonths: 3, nextReviewDay: '2026-10-01', ...patch });

  it('adds months the way a review interval means', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('creates, edits, refuses a stale edit, archives and restores; an overdue review is marked', async () => {
    const c = await aStaff.post('/api/risks', risk());
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ unitName: '城关镇', ownerPersonName: '镇李', status: 'controlled', reviewCount: 0 });
    expect(c.body.overdueDays).toBe(daysOverdue('2026-10-01', today));
    expect((await aStaff.get('/api/risks?overdue=true')).body.items.map((r: { id: string }) => r.id)).toContain(c.body.id);
    const u = await aStaff.put(`/api/risks/${c.body.id}`, { ...risk({ measures: '关闭评论区' }), status: 'controlled', version: 0 });
    expect(u.body).toMatchObject({ measures: '关闭评论区', version: 1 });
    expect((await aStaff.put(`/api/risks/${c.body.id}`, { ...risk(), status: 'controlled', version: 0 })).body.code).toBe('STALE');
    expect((await aStaff.post(`/api/risks/${c.body.id}/archive`, { version: 1 })).body.archived).toBe(true);
    expect((await aStaff.post(`/api/risks/${c.body.id}/restore`, { version: 2 })).body.archived).toBe(false);
    expect((await aStaff.get(`/api/risks/${c.body.id}/history`)).body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'archive', 'restore']);
  });

  it('records a review that changes the level and sets the next review from the interval', async () => {
    const r = (await aStaff.post('/api/risks', risk({ description: '公众号未落实三审三校' }))).body;
    const rev = await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 0, day: today, result: '已落实三审制度，风险下降', levelAfter: 'medium' });
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({ level: 'medium', nextReviewDay: addMonths(today, 3), overdueDays: 0, reviewCount: 1, lastReviewDay: today });
    const reviews = (await aStaff.get(`/api/risks/${r.id}/reviews`)).body.items;
    expect(reviews[0]).toMatchObject({ levelBefore: 'high', levelAfter: 'medium', result: '已落实三审制度，风险下降' });
    expect((await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 0, day: today, result: 'x', levelAfter: 'low' })).body.code).toBe('STALE');
    expect((await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 1, day: today, result: 'x', levelAfter: 'low', nextReviewDay: today })).body).toMatchObject({ field: 'nextReviewDay' });
    expect((await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 1, day: addDays(today, -1), result: 'x', levelAfter: 'low' })).body).toMatchObject({ field: 'day' });
    expect((await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 1, day: addDays(today, 1), result: 'x', levelAfter: 'low' })).body).toMatchObject({ field: 'day', message: '复核日期不能晚于今天' });
    expect((await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 1, day: today, result: '', levelAfter: 'low' })).body).toMatchObject({ field: 'result' });
    const gone = await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 1, day: today, result: '评论功能已关闭', levelAfter: 'low', eliminated: true });
    expect(gone.body).toMatchObject({ status: 'eliminated', level: 'low', overdueDays: 0 });
    expect((await aStaff.post(`/api/risks/${r.id}/reviews`, { version: 2, day: today, result: 'x', levelAfter: 'low' })).body.code).toBe('RISK_ELIMINATED');
  });

  it('refuses bad input naming the field, other units and roles without the permission', async () => {
    const bad = async (patch: object) => (await aStaff.post('/api/risks', risk(patch))).body;
    expect(await bad({ description: '' })).toMatchObject({ field: 'description', message: '请填写风险描述' });
    expect(await bad({ level: 'extreme' })).toMatchObject({ field: 'level', message: '风险等级的取值无效' });
    expect(await bad({ reviewMonths: 0 })).toMatchObject({ field: 'reviewMonths', message: '复核周期(月)不能小于 1' });
    expect(await bad({ nextReviewDay: '2026-13-01' })).toMatchObject({ field: 'nextReviewDay' });
    expect(await bad({ unitId: county.units.b.id, ownerPersonId: null })).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await aLiaison.post('/api/risks', risk())).status).toBe(403);
    const mine = (await aStaff.get('/api/risks?pageSize=200')).body.items[0];
    expect((await bStaff.get(`/api/risks/${mine.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.post(`/api/risks/${mine.id}/reviews`, { version: mine.version, day: today, result: 'x', levelAfter: 'low' })).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get('/api/risks?pageSize=200')).body.items).toEqual([]);
  });

  it('keeps 重大决策舆情风险评估 records', async () => {
    const a = await aStaff.post('/api/risk-assessments', {
      unitId: county.units.a.id, subject: '城关镇老旧小区改造项目', decisionDay: '2026-05-20', assessedDay: '2026-05-10', level: 'medium',
      risks: '施工扰民可能引发网上投诉', measures: '提前公示，设立意见箱', conclusion: 'adjust', assessor: '城关镇党政办',
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ conclusion: 'adjust', unitName: '城关镇' });
    expect((await aStaff.post('/api/risk-assessments', { ...a.body, unitId: county.units.a.id, conclusion: 'maybe' })).body.field).toBe('conclusion');
    const u = await aStaff.put(`/api/risk-assessments/${a.body.id}`, { subject: '城关镇老旧小区改造项目', decisionDay: '2026-05-20', assessedDay: '2026-05-10', level: 'medium', risks: '施工扰民', measures: '公示', conclusion: 'proceed', assessor: '城关镇党政办', version: 0 });
    expect(u.body).toMatchObject({ conclusion: 'proceed', version: 1 });
    expect((await bStaff.get(`/api/risk-assessments/${a.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await countyStaff.get('/api/risk-assessments?from=2026-05-01&to=2026-05-31')).body.total).toBe(1);
  });

  it('edits, refuses stale edits and bad input, archives and restores an assessment, filters by unit and level', async () => {
    const body = {
      subject: '城东村文化广场改建', decisionDay: null, assessedDay: '2026-06-01', level: 'low', risks: '广场舞噪音投诉', measures: '限定活动时段', conclusion: 'proceed', assessor: '城东村两委',
    };
    const c = await aStaff.post('/api/risk-assessments', { ...body, unitId: county.units.a1.id });
    expect(c.status).toBe(201);
    expect((await aStaff.post('/api/risk-assessments', { ...body, unitId: county.units.a1.id, subject: '' })).body).toMatchObject({ field: 'subject', message: '请填写决策或项目名称' });
    expect((await aStaff.post('/api/risk-assessments', { ...body, unitId: county.units.a1.id, assessedDay: '6月1日' })).body).toMatchObject({ field: 'assessedDay' });
    expect((await aStaff.post('/api/risk-assessments', { ...body, unitId: county.units.b1.id })).body.code).toBe('OUT_OF_SCOPE');
    expect((await aLiaison.post('/api/risk-assessments', { ...body, unitId: county.units.a1.id })).status).toBe(403);
    const u = await aStaff.put(`/api/risk-assessments/${c.body.id}`, { ...body, level: 'medium', conclusion: 'defer', version: 0 });
    expect(u.body).toMatchObject({ level: 'medium', conclusion: 'defer', version: 1 });
    expect((await aStaff.put(`/api/risk-assessments/${c.body.id}`, { ...body, version: 0 })).body.code).toBe('STALE');
    expect((await bStaff.put(`/api/risk-assessments/${c.body.id}`, { ...body, version: 1 })).body.code).toBe('OUT_OF_SCOPE');

    const ids = async (q: string) => (await countyStaff.get(`/api/risk-assessments?${q}`)).body.items.map((x: { id: string }) => x.id);
    expect(await ids(`unitId=${county.units.a.id}`)).toContain(c.body.id);
    expect(await ids(`unitId=${county.units.a.id}&includeSubunits=false`)).not.toContain(c.body.id);
    expect(await ids('level=medium&conclusion=defer')).toEqual([c.body.id]);

    expect((await aStaff.post(`/api/risk-assessments/${c.body.id}/archive`, { version: 0 })).body.code).toBe('STALE');
    expect((await aStaff.post(`/api/risk-assessments/${c.body.id}/archive`, { version: 1 })).body.archived).toBe(true);
    expect(await ids('level=medium&conclusion=defer')).toEqual([]);
    expect(await ids('level=medium&conclusion=defer&archived=true')).toEqual([c.body.id]);
    expect((await aStaff.put(`/api/risk-assessments/${c.body.id}`, { ...body, version: 2 })).body.code).toBe('ARCHIVED');
    expect((await aStaff.post(`/api/risk-assessments/${c.body.id}/restore`, { version: 2 })).body.archived).toBe(false);
    const h = (await aStaff.get(`/api/risk-assessments/${c.body.id}/history`)).body.items;
    expect(h.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'archive', 'restore']);
    expect(h[1].changes).toEqual(expect.arrayContaining([{ field: 'conclusion', before: 'proceed', after: 'defer' }]));
    expect((await bStaff.get(`/api/risk-assessments/${c.body.id}/history`)).body.code).toBe('OUT_OF_SCOPE');
    // Put back as it was, so the figures below count only the first assessment.
    await aStaff.post(`/api/risk-assessments/${c.body.id}/archive`, { version: 3 });
  });

  it('reminds of reviews coming due and of overdue ones, once per review day', async () => {
    const soon = (await aStaff.post('/api/risks', risk({ description: '提醒测试：即将复核', nextReviewDay: addDays(today, 2) }))).body;
    const later = (await aStaff.post('/api/risks', risk({ description: '提醒测试：远期复核', nextReviewDay: addDays(today, 30) }))).body;
    const source = new Map(reminderSources()).get('risks')!;
    const got = await source({ db: t.db, calendar: await WorkCalendar.load(t.db), now: new Date(), daysBefore: 3 });
    const byId = (id: string) => got.filter((r) => r.link === `/risks/${id}`);
    expect(byId(soon.id)).toEqual([expect.objectContaining({ kind: 'due_soon', key: `risk:${soon.id}:${addDays(today, 2)}:due_soon`, unitId: county.units.a.id })]);
    expect(byId(later.id)).toEqual([]);
    expect(got.filter((r) => r.kind === 'overdue').length).toBeGreaterThanOrEqual(1);
    for (const r of [soon, later]) await aStaff.post(`/api/risks/${r.id}/archive`, { version: 0 });
    const after = await source({ db: t.db, calendar: await WorkCalendar.load(t.db), now: new Date(), daysBefore: 3 });
    expect(after.filter((r) => r.link === `/risks/${soon.id}`)).toEqual([]);
  });

  it('counts risks in one place, imports all or nothing and exports', async () => {
    const f = await riskFigures(t.db, { unitPath: county.units.county.path, from: '2026-01-01', to: '2026-12-31' });
    expect((await countyStaff.get('/api/risks/figures?from=2026-01-01&to=2026-12-31')).body).toEqual(f);
    expect(f).toMatchObject({ controlled: 1, eliminated: 1, overdueReviews: 1, reviewsInPeriod: 2, assessmentsInPeriod: 1, assessmentsByConclusion: { proceed: 1 } });
    expect(f.byLevel).toMatchObject({ high: 1, low: 1 });
    expect(f.controlledByLevel).toEqual({ low: 0, medium: 0, high: 1, major: 0 });

    const count = async () => (await t.db.selectFrom('risk_points').select('id').execute()).length;
    const before = await count();
    const bad = await xlsx([
      ['城关镇', '村务公开栏内容陈旧', '信息发布', '低', '每月更新', '镇李', 6, '2026-12-31'],
      ['城关镇', '缺领域', '天气', '低', 'x', '', 6, '2026-12-31'],
      ['东山镇', '越权', '舆情', '低', 'x', '', 6, '2026-12-31'],
      ['城关镇', '周期错', '舆情', '特高', 'x', '', 30, '明年'],
    ]);
    const p = await aStaff.upload('/api/risks/import?commit=false', {}, { name: 'r.xlsx', content: bad });
    expect(p.body.rows.map((r: { errors: string[] }) => r.errors.length)).toEqual([0, 1, 1, 3]);
    expect((await aStaff.upload('/api/risks/import?commit=true', {}, { name: 'r.xlsx', content: bad })).body.code).toBe('IMPORT_INVALID');
    expect(await count()).toBe(before);
    expect((await aStaff.upload('/api/risks/import?commit=true', {}, { name: 'r.xlsx', content: await xlsx([['城关镇', '村务公开栏内容陈旧', '信息发布', '低', '每月更新', '镇李', 6, '2026-12-31']]) })).body).toEqual({ imported: 1 });
    expect(await count()).toBe(before + 1);

    const x = await countyStaff.get('/api/risks/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('风险点台账');
    expect(wb.worksheets[0].rowCount - 3).toBe(3);
    const y = await countyStaff.get('/api/risk-assessments/export');
    expect(y.status).toBe(200);
    // The export honours the list's filters.
    const rows = async (url: string) => {
      const w = new ExcelJS.Workbook();
      await w.xlsx.load((await countyStaff.get(url)).raw.rawPayload as never);
      return w.worksheets[0].rowCount - 3;
    };
    expect(await rows('/api/risks/export?level=high')).toBe(1);
    expect(await rows('/api/risks/export?status=eliminated')).toBe(1);
    expect(await rows('/api/risk-assessments/export?conclusion=reject')).toBe(0);
  });
});

describe(`risks in the demo county [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds risk points in every state and assessments', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    const staff = await login(t.app, 'staff', DEMO_PASSWORD);
    const all = (await staff.get('/api/risks?pageSize=100')).body.items as { status: string; overdueDays: number; reviewCount: number; nextReviewDay: string; lastReviewDay: string | null }[];
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.filter((r) => r.overdueDays > 0).length).toBe(2);
    expect(all.filter((r) => r.status === 'eliminated').length).toBe(1);
    const reviewed = all.find((r) => r.status === 'controlled' && r.reviewCount > 0)!;
    expect(reviewed.nextReviewDay).toBe(addMonths(reviewed.lastReviewDay!, 3));
    expect((await staff.get('/api/risk-assessments')).body.total).toBe(2);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
