/**
 * 工作台账 through the API: activity entries with participants, annual targets with a
 * superior's defaults and who is behind, emergency plans and their drills, figures, import
 * and export.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFigures } from '../../server/modules/ledger/figures';
import { targetProgress } from '../../server/modules/ledger/targets';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makePerson, PASSWORD } from '../helpers/factories';

async function xlsx(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('活动台账');
  ws.addRow(['单位', '类型', '日期', '主题', '是否涉及本项工作', '参加人员', '其他参加人数', '内容摘要']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(`ledger [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let aStaff: Agent;
  let aLiaison: Agent;
  let bStaff: Agent;
  let deputy: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    deputy = await makePerson(t.db, { unit: county.units.a, name: '镇周', position: '宣传委员' });
    [countyStaff, aStaff, aLiaison, bStaff] = await Promise.all(['county_staff', 'a_staff', 'a_liaison', 'b_staff'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const entry = (patch: object = {}) => ({ unitId: county.units.a.id, type: 'central_group', day: '2026-03-10', topic: '学习网络意识形态工作责任制实施细则', onTopic: true, ...patch });

  it('records an activity with participants, edits it, refuses a stale edit, archives and restores', async () => {
    const c = await aStaff.post('/api/ledger/entries', entry({ participantIds: [county.people.a.id, deputy.id, county.people.a1.id], othersCount: 5, hostPersonId: county.people.a.id, summary: '传达学习', minutes: '会议记录全文' }));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ unitName: '城关镇', headcount: 8, hostName: '镇李', onTopic: true });
    expect(c.body.participants.map((p: { name: string }) => p.name).sort()).toEqual(['村王', '镇周', '镇李'].sort());
    const u = await aStaff.put(`/api/ledger/entries/${c.body.id}`, { ...entry({ participantIds: [deputy.id], othersCount: 0, topic: '专题学习' }), version: 0 });
    expect(u.body).toMatchObject({ topic: '专题学习', headcount: 1, version: 1 });
    expect((await aStaff.put(`/api/ledger/entries/${c.body.id}`, { ...entry(), version: 0 })).body.code).toBe('STALE');
    expect((await aStaff.post(`/api/ledger/entries/${c.body.id}/archive`, { version: 1 })).body.archived).toBe(true);
    expect((await aStaff.post(`/api/ledger/entries/${c.body.id}/restore`, { version: 2 })).body.archived).toBe(false);
    const h = (await aStaff.get(`/api/ledger/entries/${c.body.id}/history`)).body.items;
    expect(h.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'archive', 'restore']);
    // A liaison records one for their own unit.
    expect((await aLiaison.post('/api/ledger/entries', entry({ type: 'lecture', topic: '进村宣讲' }))).status).toBe(201);
  });

  it('refuses bad input naming the field, and people or units outside the subtree', async () => {
    const bad = async (patch: object) => (await aStaff.post('/api/ledger/entries', entry(patch))).body;
    expect(await bad({ topic: '' })).toMatchObject({ field: 'topic', message: '请填写主题' });
    expect(await bad({ type: 'party' })).toMatchObject({ field: 'type', message: '活动类型的取值无效' });
    expect(await bad({ day: '2099-01-01' })).toMatchObject({ field: 'day', message: '活动日期不能晚于今天' });
    expect(await bad({ onTopic: 'yes' })).toMatchObject({ field: 'onTopic' });
    expect(await bad({ othersCount: -1 })).toMatchObject({ field: 'othersCount', message: '其他参加人数不能小于 0' });
    expect(await bad({ participantIds: [county.people.b.id] })).toMatchObject({ field: 'participantIds', message: '参加人员“镇赵”不是本单位或下级单位的人员' });
    expect(await bad({ participantIds: ['nobody'] })).toMatchObject({ field: 'participantIds' });
    expect(await bad({ unitId: county.units.b.id })).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect(await bad({ type: 'training', planId: 'x' })).toMatchObject({ field: 'planId', message: '只有应急演练可以关联应急预案' });
  });

  it('links drills to the emergency plan they exercised; a township may drill the county’s plan', async () => {
    const plan = await countyStaff.post('/api/ledger/plans', { unitId: county.units.county.id, title: '网络安全事件应急预案', versionLabel: '2025版', effectiveDay: '2025-06-01', status: 'current' });
    expect(plan.status).toBe(201);
    const d = await aStaff.post('/api/ledger/entries', entry({ type: 'drill', topic: '网站被篡改应急演练', onTopic: true, planId: plan.body.id, day: '2026-06-18' }));
    expect(d.body).toMatchObject({ planTitle: '网络安全事件应急预案' });
    // The township's drill form offers the county's plan, though the plan itself stays the county's.
    expect((await aStaff.get(`/api/ledger/plans/choices?unitId=${county.units.a.id}`)).body.items).toEqual([{ id: plan.body.id, title: '网络安全事件应急预案', versionLabel: '2025版', unitName: '测试县' }]);
    expect((await aStaff.get(`/api/ledger/plans/${plan.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.get(`/api/ledger/plans/choices?unitId=${county.units.b.id}`)).body.code).toBe('OUT_OF_SCOPE');
    const bPlan = await bStaff.post('/api/ledger/plans', { unitId: county.units.b.id, title: '东山镇预案', versionLabel: '1', effectiveDay: '2026-01-01', status: 'current' });
    expect((await aStaff.post('/api/ledger/entries', entry({ type: 'drill', planId: bPlan.body.id }))).body.field).toBe('planId');
    const seen = (await countyStaff.get(`/api/ledger/plans/${plan.body.id}`)).body;
    expect(seen).toMatchObject({ drillCount: 1, lastDrillDay: '2026-06-18' });
    const v2 = await countyStaff.put(`/api/ledger/plans/${plan.body.id}`, { title: '网络安全事件应急预案', versionLabel: '2026版', effectiveDay: '2026-09-01', status: 'current', version: 0 });
    expect(v2.body).toMatchObject({ versionLabel: '2026版', version: 1 });
    const h = (await countyStaff.get(`/api/ledger/plans/${plan.body.id}/history`)).body.items;
    expect(h[1].changes).toEqual(expect.arrayContaining([{ field: 'versionLabel', before: '2025版', after: '2026版' }]));
    expect((await aStaff.get(`/api/ledger/entries?planId=${plan.body.id}`)).body.total).toBe(1);
    expect((await bStaff.get(`/api/ledger/plans/${plan.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    // A stale edit is refused; archive and restore carry the version.
    expect((await countyStaff.put(`/api/ledger/plans/${plan.body.id}`, { title: '旧表单', versionLabel: '2025版', effectiveDay: '2025-06-01', status: 'current', version: 0 })).body.code).toBe('STALE');
    expect((await aStaff.post(`/api/ledger/plans/${bPlan.body.id}/archive`, { version: 0 })).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.post(`/api/ledger/plans/${bPlan.body.id}/archive`, { version: 0 })).body.archived).toBe(true);
    expect((await bStaff.get('/api/ledger/plans')).body.items.map((p: { id: string }) => p.id)).not.toContain(bPlan.body.id);
    expect((await bStaff.post(`/api/ledger/plans/${bPlan.body.id}/restore`, { version: 1 })).body.archived).toBe(false);
    const x = await countyStaff.get('/api/ledger/plans/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('应急预案台账');
    const rows: unknown[][] = [];
    ws.eachRow((r, n) => { if (n > 3) rows.push([r.getCell(2).value, r.getCell(3).value, r.getCell(7).value]); });
    expect(rows).toEqual(expect.arrayContaining([['网络安全事件应急预案', '2026版', 1], ['东山镇预案', '1', 0]]));
  });

  it('sets targets for subordinates and shows who is behind, pro rata and by quarter', async () => {
    const set = await countyStaff.put('/api/ledger/targets', {
      unitId: county.units.county.id, year: 2026, scope: 'subordinates',
      items: [{ type: 'central_group', minTotal: 20, minOnTopic: 4, minPerQuarter: 0 }, { type: 'training', minTotal: 4, minOnTopic: 0, minPerQuarter: 1 }],
    });
    expect(set.body.subordinates).toHaveLength(2);
    // 城关镇: 12 study sessions (2 on this work, plus the one from the first test), training in Q1 and Q2 only.
    for (let m = 1; m <= 11; m++) await aStaff.post('/api/ledger/entries', entry({ day: `2026-${String(m).padStart(2, '0')}-05`, topic: `第${m}次学习`, onTopic: m === 1 }));
    await aStaff.post('/api/ledger/entries', entry({ type: 'training', day: '2026-02-01', topic: '培训一', onTopic: false }));
    await aStaff.post('/api/ledger/entries', entry({ type: 'training', day: '2026-05-01', topic: '培训二', onTopic: false }));

    const asOf = '2026-11-23'; // 327 of 365 days: pro rata 17 of 20, 3 of 4
    const progress = await targetProgress(t.db, county.units.county.path, 2026, asOf);
    const a = progress.find((u) => u.unitName === '城关镇')!;
    const study = a.items.find((i) => i.type === 'central_group')!;
    expect(study).toMatchObject({ done: 12, doneOnTopic: 2, expectedByNow: 17, expectedOnTopicByNow: 3, behind: true, source: { unitName: '测试县', scope: 'subordinates' } });
    expect(study.reasons).toEqual(['中心组学习已开展 12 次，按进度应不少于 17 次(全年 20 次)', '涉及本项工作的中心组学习 2 次，按进度应不少于 3 次(全年 4 次)']);
    const training = a.items.find((i) => i.type === 'training')!;
    expect(training).toMatchObject({ quarters: [1, 1, 0, 0], behind: true, reasons: ['培训已开展 2 次，按进度应不少于 3 次(全年 4 次)', '第三季度培训 0 次，少于每季度 1 次'] });
    const b = progress.find((u) => u.unitName === '东山镇')!;
    expect(b.behind).toBe(true);
    expect(progress.find((u) => u.unitName === '测试县')!.items).toEqual([]); // the default is for subordinates only
    // Early in the year nobody is behind on a handful.
    expect((await targetProgress(t.db, county.units.county.path, 2026, '2026-01-10')).find((u) => u.unitName === '东山镇')!.behind).toBe(false);

    // 城关镇 sets its own, lower study target: it is no longer behind on study.
    await aStaff.put('/api/ledger/targets', { unitId: county.units.a.id, year: 2026, scope: 'self', items: [{ type: 'central_group', minTotal: 12, minOnTopic: 2, minPerQuarter: 0 }] });
    const again = (await targetProgress(t.db, county.units.a.path, 2026, asOf)).find((u) => u.unitName === '城关镇')!;
    expect(again.items.find((i) => i.type === 'central_group')).toMatchObject({ behind: false, source: { unitName: '城关镇', scope: 'self' } });
    // Villages below 城关镇 still get the county default.
    expect((await targetProgress(t.db, county.units.a.path, 2026, asOf)).find((u) => u.unitName === '城东村')!.items.map((i) => i.type)).toEqual(['central_group', 'training']);
    // 城关镇 exempts its villages from study sessions with an explicit zero, and they keep the county's training.
    await aStaff.put('/api/ledger/targets', { unitId: county.units.a.id, year: 2026, scope: 'subordinates', items: [{ type: 'central_group', minTotal: 0, minOnTopic: 0, minPerQuarter: 0 }] });
    expect((await aStaff.get(`/api/ledger/targets?unitId=${county.units.a.id}&year=2026`)).body.subordinates).toEqual([{ type: 'central_group', minTotal: 0, minOnTopic: 0, minPerQuarter: 0 }]);
    expect((await targetProgress(t.db, county.units.a.path, 2026, asOf)).find((u) => u.unitName === '城东村')!.items.map((i) => i.type)).toEqual(['training']);
    expect((await aStaff.put('/api/ledger/targets', { unitId: county.units.a.id, year: 2026, scope: 'self', items: [{ type: 'central_group', minTotal: 2, minOnTopic: 4, minPerQuarter: 0 }] })).body).toMatchObject({ field: 'items', message: '中心组学习：涉及本项工作的次数不能多于全年至少次数' });

    const api = await countyStaff.get('/api/ledger/targets/progress?year=2026');
    expect(api.body.items.map((u: { unitName: string }) => u.unitName)).toEqual(expect.arrayContaining(['城关镇', '东山镇', '城东村']));
    expect((await bStaff.put('/api/ledger/targets', { unitId: county.units.a.id, year: 2026, scope: 'self', items: [] })).body.code).toBe('OUT_OF_SCOPE');
    expect((await countyStaff.put('/api/ledger/targets', { unitId: county.units.county.id, year: 2026, scope: 'self', items: [{ type: 'training', minTotal: 1, minOnTopic: 0, minPerQuarter: 0 }, { type: 'training', minTotal: 2, minOnTopic: 0, minPerQuarter: 0 }] })).body.field).toBe('items');
    expect((await countyStaff.put('/api/ledger/targets', { unitId: county.units.county.id, year: 2026, scope: 'self', items: [{ type: 'training', minTotal: -1, minOnTopic: 0, minPerQuarter: 0 }] })).body).toMatchObject({ code: 'VALIDATION', message: '全年至少次数不能小于 0' });
  });

  it('counts activities for a subtree and period in one place', async () => {
    const f = await ledgerFigures(t.db, { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-12-31' });
    expect((await aStaff.get('/api/ledger/figures?from=2026-01-01&to=2026-12-31')).body).toEqual(f);
    expect(f.byType.central_group).toEqual({ total: 12, onTopic: 2 });
    expect(f.byType.training.total).toBe(2);
    expect(f.byType.lecture.total).toBe(1);
    expect(f.drills).toBe(1);
    expect(f.total).toBe(16);
    // Per unit: all of them are 城关镇's own (the liaison's lecture too); its villages recorded none.
    expect(f.byUnit.map((u) => [u.unitName, u.total])).toEqual([['城关镇', 16]]);
    expect(f.byUnit[0].byType).toMatchObject({ central_group: 12, training: 2, lecture: 1, drill: 1 });
    expect(f.byUnit[0].onTopic).toBe(f.onTopic);
    // Target attainment as of today: every unit with a target either meets it so far or is behind.
    for (const x of Object.values(f.targets)) expect(x.meeting + x.behind).toBe(x.withTarget);
    expect(f.targets.central_group.withTarget).toBeGreaterThan(0);
    const q1 = await ledgerFigures(t.db, { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-03-31' });
    expect(q1.byType.central_group.total).toBe(4); // 01-05, 02-05, 03-05, 03-10
  });

  it('keeps entries inside the subtree', async () => {
    const mine = (await aStaff.get('/api/ledger/entries?pageSize=200')).body.items;
    expect((await bStaff.get(`/api/ledger/entries/${mine[0].id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get('/api/ledger/entries?pageSize=200')).body.items).toEqual([]);
    expect((await countyStaff.get('/api/ledger/entries?type=training&pageSize=200')).body.total).toBe(2);
    expect((await countyStaff.get('/api/ledger/entries?onTopic=true&from=2026-01-01&to=2026-01-31')).body.items.map((e: { topic: string }) => e.topic)).toEqual(['第1次学习']);
  });

  it('imports entries all or nothing, and exports the ledger', async () => {
    const count = async () => (await t.db.selectFrom('ledger_entries').select('id').execute()).length;
    const before = await count();
    const bad = await xlsx([
      ['城关镇', '中心组学习', '2026-04-20', '学习总书记重要讲话', '是', '镇李、镇周', 3, '传达学习'],
      ['城关镇', '茶话会', '2026-04-21', '座谈', '否', '', '', ''],
      ['城关镇', '培训', '2026-04-22', '培训', '否', '镇李、张三', '', ''],
      ['东山镇', '培训', '2026-04-22', '培训', '否', '', '', ''],
      ['城关镇', '培训', '2026/4/31', '培训', '也许', '', '-2', ''],
    ]);
    const p = await aStaff.upload('/api/ledger/entries/import?commit=false', {}, { name: 'l.xlsx', content: bad });
    expect(p.body.rows.map((r: { errors: string[] }) => r.errors.length > 0)).toEqual([false, true, true, true, true]);
    expect(p.body.rows[2].errors).toEqual(['“参加人员”中的“张三”不是城关镇及下级单位的在册人员']);
    expect(p.body.rows[4].errors).toHaveLength(3);
    expect((await aStaff.upload('/api/ledger/entries/import?commit=true', {}, { name: 'l.xlsx', content: bad })).body.code).toBe('IMPORT_INVALID');
    expect(await count()).toBe(before);
    const good = await xlsx([
      ['城关镇', '中心组学习', '2026-04-20', '学习总书记重要讲话', '是', '镇李、镇周', 3, '传达学习'],
      ['城东村', '宣讲', new Date(Date.UTC(2026, 3, 25)), '政策宣讲进村', '否', '村王', 20, ''],
    ]);
    expect((await aStaff.upload('/api/ledger/entries/import?commit=true', {}, { name: 'l.xlsx', content: good })).body).toEqual({ imported: 2 });
    const v = (await aStaff.get('/api/ledger/entries?q=政策宣讲进村')).body.items[0];
    expect(v).toMatchObject({ unitName: '城东村', day: '2026-04-25', headcount: 21, participants: [{ name: '村王' }] });

    const x = await aStaff.get('/api/ledger/entries/export?type=central_group');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('中心组学习台账');
    expect(ws.rowCount - 3).toBe((await aStaff.get('/api/ledger/entries?type=central_group&pageSize=200')).body.total);
    // Oldest first, as a ledger reads; the day is a date cell shown the Chinese way, so Excel sorts and filters it as a date.
    expect(ws.getCell(4, 2).value).toEqual(new Date(Date.UTC(2026, 0, 5)));
    expect(ws.getCell(4, 2).numFmt).toBe('yyyy"年"m"月"d"日"');
    // Data cells share their style objects when written: each keeps its own format, all are bordered and wrap at the top.
    for (const c of [1, 2, 3]) {
      expect(ws.getCell(4, c).border?.bottom?.style).toBe('thin');
      expect(ws.getCell(4, c).alignment).toMatchObject({ vertical: 'top', wrapText: true });
    }
    expect(ws.getCell(4, 1).numFmt).toBeUndefined();
    expect(ws.getCell(4, 3).numFmt).toBeUndefined();
  });
});
