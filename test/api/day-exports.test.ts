/**
 * Exports a day in each role asked for: 年度目标完成情况, 舆情诉求统计 and 直报, each an xlsx
 * through the ledger helpers, read back with ExcelJS and compared with what the pages show.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { caseFiguresLedger } from '../../server/modules/cases/exports';

/** The sheet's rows below the header (row 3), as text, without the 序号 column. */
async function sheetRows(res: { status: number; headers: Record<string, unknown>; raw: { rawPayload: unknown } }) {
  expect(res.status).toBe(200);
  expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.raw.rawPayload as never);
  const ws = wb.worksheets[0];
  const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? '' : String(v));
  const header = (ws.getRow(3).values as ExcelJS.CellValue[]).slice(2).map(text);
  const rows: string[][] = [];
  for (let r = 4; r <= ws.rowCount; r++) rows.push((ws.getRow(r).values as ExcelJS.CellValue[]).slice(2).map(text));
  return { title: text(ws.getCell(1, 1).value), sub: text(ws.getCell(2, 1).value), header, rows, ws };
}

describe(`exports of target progress, case figures and direct reports [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let countyAdmin: Agent;
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, countyStaff, countyLeader, countyAdmin] = await Promise.all(['a_staff', 'county_staff', 'county_leader', 'county_admin'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  it('年度目标完成情况: one row per unit and type with a target, behind marked with its reason, as the page shows it', async () => {
    const set = await countyAdmin.put('/api/ledger/targets', { unitId: county.units.county.id, year, scope: 'subordinates', items: [{ type: 'collective_study', minTotal: 12, minOnTopic: 0, minPerQuarter: 0 }] });
    expect(set.status).toBe(200);
    const entry = await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'collective_study', day: `${year}-01-05`, topic: '学习网络安全法', onTopic: true, participantIds: [], othersCount: 8 });
    expect(entry.status).toBe(201);
    const page = (await countyStaff.get(`/api/ledger/targets/progress?unitId=${county.units.county.id}&year=${year}`)).body.items;
    const x = await sheetRows(await countyStaff.get(`/api/ledger/targets/progress/export?unitId=${county.units.county.id}&year=${year}&directOnly=true`));
    expect(x.title).toBe(`${year}年度目标完成情况`);
    expect(x.sub).toContain('单位：测试县');
    expect(x.header).toEqual(['单位', '活动类型', '全年目标', '已开展', '截至今天应完成', '涉及本项工作的目标', '其中涉及本项工作', '各季度', '目标来自', '完成情况', '落后原因']);
    // Direct subordinates only (the villages are left out, as the page's default view does).
    const a = page.find((u: { unitName: string }) => u.unitName === '城关镇').items[0];
    const b = page.find((u: { unitName: string }) => u.unitName === '东山镇').items[0];
    expect(x.rows.map((r) => r.slice(0, 4))).toEqual([['城关镇', '集中学习', '12', '1'], ['东山镇', '集中学习', '12', '0']]);
    expect(x.rows[0][4]).toBe(String(a.expectedByNow));
    expect(x.rows[0][8]).toBe('测试县(默认目标)');
    expect(x.rows[1][9]).toBe(b.behind ? '落后' : '正常');
    expect(x.rows[1][10]).toBe(b.reasons.join('；'));
    const all = await sheetRows(await countyStaff.get(`/api/ledger/targets/progress/export?unitId=${county.units.county.id}&year=${year}`));
    expect(all.rows.map((r) => r[0])).toEqual(['城关镇', '城东村', '东山镇', '山前村']);
    // Another township's user cannot export the county's.
    expect((await aStaff.get(`/api/ledger/targets/progress/export?unitId=${county.units.county.id}&year=${year}`)).status).toBe(403);
  });

  it('舆情诉求统计 and 直报: the figures of the statistics page, and the direct reports with receipts and 批示', async () => {
    const reg = await aStaff.post('/api/cases', {
      unitId: county.units.a.id, source: 'hotline', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title: '化工厂异味',
      content: '城关镇化工园区附近这几天一直有刺鼻的异味，晚上尤其明显，居民担心有毒气体泄漏，请尽快查明原因。',
    });
    expect(reg.status).toBe(201);
    const tr = await aStaff.post(`/api/cases/${reg.body.eventId}/triage`, { version: 0, level: 'major', category: '生态环境', handlingUnitId: county.units.a.id });
    expect(tr.status).toBe(200);
    await countyLeader.post(`/api/cases/${reg.body.eventId}/instruct`, { text: '请立即查明原因并公开回应' });

    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const f = (await countyStaff.get(`/api/cases/figures?unitId=${county.units.county.id}&from=${from}&to=${to}`)).body;
    const x = await sheetRows(await countyStaff.get(`/api/cases/figures/export?unitId=${county.units.county.id}&from=${from}&to=${to}`));
    expect(x.title).toBe('舆情与诉求统计');
    expect(x.sub).toContain(`期间：${year}年1月1日至${year}年12月31日`);
    const value = (group: string, item: string) => x.rows.find((r) => r[0] === group && r[1] === item)?.[2];
    expect(value('总体', '收到报告')).toBe(String(f.received));
    expect(value('总体', '事件')).toBe('1');
    expect(value('总体', '未办结')).toBe(String(f.open));
    expect(value('按等级(事件数)', '较大')).toBe('1');
    expect(value('按分类(事件数)', '生态环境')).toBe('1');
    expect(value('按单位', '城关镇')).toBe('1');
    expect(value('按来源(报告数)', '举报电话')).toBe('1');

    const list = (await countyLeader.get('/api/cases/direct-reports')).body;
    const d = await sheetRows(await countyLeader.get('/api/cases/direct-reports/export'));
    expect(d.title).toBe('直报事件登记表');
    expect(d.rows).toHaveLength(list.total);
    expect(d.rows[0].slice(1, 6)).toEqual(['化工厂异味', '较大', '城关镇', '城关镇', '已研判']);
    // The 批示 read it: the receipt names the leader without a login name.
    expect(d.rows[0][6]).toMatch(/^county_leader \d{4}年\d{1,2}月\d{1,2}日$/);
    expect(d.rows[0][7]).toBe('请立即查明原因并公开回应(county_leader)');
    expect(d.ws.getCell(4, 2).value).toBeInstanceOf(Date);
    const unread = await sheetRows(await countyLeader.get('/api/cases/direct-reports/export?unread=true'));
    expect(unread.rows).toEqual([]);
  });

  it('舆情诉求统计: the page gets the first ten late closures, the sheet lists every one in the same order', async () => {
    // Thirteen unlike reports (alike ones would group into one event).
    const places = ['东门菜市场', '西街路口', '南湖公园', '北山隧道', '人民医院', '第一中学', '汽车站', '老街巷口', '滨河小区', '工业园区', '新华书店', '体育馆', '图书馆'];
    const troubles = ['摊位占道经营', '红绿灯故障', '湖水发臭', '照明损坏', '挂号排队太久', '校门口拥堵', '班车停运', '下水道堵塞', '电梯停用', '废气排放', '消防通道被占', '场馆停止开放', '座位预约系统崩溃'];
    const ids: string[] = [];
    for (const [i, place] of places.entries()) {
      const reg = await aStaff.post('/api/cases', {
        unitId: county.units.a.id, source: 'hotline', receivedAt: new Date(Date.now() - (20 + i) * 86400_000).toISOString(), title: `${place}${troubles[i]}`,
        content: `反映${place}${troubles[i]}的问题，群众意见较大，希望相关单位第${i + 1}次核实后给予答复。`,
      });
      expect(reg.status).toBe(201);
      ids.push(reg.body.eventId);
    }
    // Closed after their deadlines (set here: the workflow's clocks take days), two of them at one instant.
    const closedAt = (i: number) => new Date(Date.now() - (i === 3 ? 5 : 15 - i) * 3600_000 * 24).toISOString();
    for (const [i, id] of ids.entries()) {
      await t.db.updateTable('case_events').set({ status: 'closed', closed_at: closedAt(i), due_close_at: new Date(Date.now() - 17 * 86400_000).toISOString() }).where('id', '=', id).execute();
    }
    const q = `unitId=${county.units.county.id}&from=${year}-01-01&to=${year}-12-31`;
    const f = (await countyStaff.get(`/api/cases/figures?${q}`)).body;
    const order = ids.map((id, i) => ({ id, at: closedAt(i) })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
    expect(new Set(ids).size).toBe(places.length);
    expect(f.closedLate).toBe(places.length);
    expect(f.lateClosures.map((x: { eventId: string }) => x.eventId)).toEqual(order.slice(0, 10).map((x) => x.id));
    const x = await sheetRows(await countyStaff.get(`/api/cases/figures/export?${q}`));
    const late = x.rows.filter((r) => r[0] === '超时办结的事件');
    const title = new Map(ids.map((id, i) => [id, `${places[i]}${troubles[i]}`]));
    expect(late.map((r) => r[1])).toEqual(order.map((o) => title.get(o.id)));
    expect(late.every((r) => r[2] === '城关镇')).toBe(true);
    // Past the sheet's limit (5,000; lowered here) the earliest are listed and the sheet says how many it leaves out.
    const staff = { accountId: 'x', username: 'county_staff', displayName: '县工作人员', role: 'staff' as const, unitId: county.units.county.id, unitName: '测试县', unitPath: county.units.county.path };
    const capped = await sheetRows({ status: 200, headers: { 'content-type': 'spreadsheetml' }, raw: { rawPayload: await caseFiguresLedger(t.db, staff, { unitId: county.units.county.id, from: `${year}-01-01`, to: `${year}-12-31` }, 5) } });
    const cut = capped.rows.filter((r) => r[0] === '超时办结的事件');
    expect(cut.slice(0, 5).map((r) => r[1])).toEqual(order.slice(0, 5).map((o) => title.get(o.id)));
    expect(cut.slice(5).map((r) => [r[1], r[3]])).toEqual([[`另有${places.length - 5}个未列出`, `共${places.length}个，以上是最早办结的5个；其余请按下级单位分别导出`]]);
  });
});
