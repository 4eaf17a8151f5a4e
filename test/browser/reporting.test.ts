/**
 * 报告制度 in the browser: the county sets a monthly schedule for all villages; a village liaison
 * at phone width taps 本期无情况; another village submits late; a third is missing and gets
 * reminded; the county sees the rates, drills down to the missing village and returns one
 * submission with a reason.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodKeyOf } from '../../common/reporting';
import { runScheduler } from '../../server/modules/reporting/scheduler';
import { addDays, shanghaiDay } from '../../server/platform/calendar';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, makeAccount, makeUnit, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const cur = periodKeyOf('monthly', today);
const prev = periodKeyOf('monthly', addDays(`${cur}-01`, -1));
const past = periodKeyOf('monthly', addDays(`${prev}-01`, -1)); // due long ago

describe('the county sets a monthly report for all villages and follows who reported', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let phone: Page;
  const errors: string[] = [];
  let scheduleId = '';

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    const a2 = await makeUnit(server.db, { parent: county.units.a, name: '城西村', kind: 'village' });
    const a3 = await makeUnit(server.db, { parent: county.units.a, name: '城南村', kind: 'village' });
    await makeAccount(server.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    await makeAccount(server.db, { unit: a2, role: 'liaison', username: 'a2_liaison' });
    await makeAccount(server.db, { unit: a3, role: 'liaison', username: 'a3_liaison' });
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  /** A phone (390 px, touch) signed in as one village's liaison. */
  async function phoneAs(username: string) {
    await phone?.close();
    phone = await openPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone.on('pageerror', (e) => errors.push(e.message));
    await loginAs(phone, server.url, username, PASSWORD);
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county staff sets a monthly schedule for all villages', async () => {
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    await page.goto(`${server.url}/reporting/schedules`);
    await page.getByRole('button', { name: '新建报送安排' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#schedule-name').fill('村级网络意识形态工作月报');
    await dialog.locator('#schedule-form').click();
    await page.locator('.ant-select-dropdown').getByText('网络意识形态工作月报(内置)', { exact: true }).click();
    // 按单位类型 · 村 and 每月 are the defaults; the start goes back to an earlier month.
    await expect(dialog.locator('.ant-select-selection-item', { hasText: '村' }).count()).resolves.toBeGreaterThan(0);
    const start = dialog.locator('#schedule-start');
    await start.click();
    await start.fill(`${past}-01`);
    await start.press('Enter');
    await dialog.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已新建报送安排');
    await page.waitForURL(/\/reporting\?scheduleId=/);
    scheduleId = new URL(page.url()).searchParams.get('scheduleId')!;
    const s = await server.db.selectFrom('report_schedules').selectAll().where('id', '=', scheduleId).executeTakeFirstOrThrow();
    expect(s).toMatchObject({ target_mode: 'kinds', target_kinds_json: '["village"]', cycle: 'monthly', starts_on: `${past}-01`, due_mode: 'working_days', due_n: 5 });
    // The scheduler's run: every village, every month from the start.
    await runScheduler(server.db, today);
  });

  it('a village liaison on a phone taps 本期无情况', async () => {
    await phoneAs('a2_liaison');
    await phone.goto(`${server.url}/reporting/mine`);
    const card = phone.locator(`.report-card[data-period="${past}"]`);
    await card.getByRole('button', { name: '本期无情况' }).tap();
    await toastShown(phone, '已报送：本期无情况');
    await card.getByText('零报告').waitFor();
  });

  it('another village fills the report and submits it late', async () => {
    await phoneAs('a1_liaison');
    await phone.goto(`${server.url}/reporting/mine`);
    await phone.locator(`.report-card[data-period="${past}"]`).getByRole('button', { name: '填写报告' }).tap();
    await phone.locator('#field-situation').fill('组织村两委学习网络意识形态工作要求，检查村民微信群');
    await phone.locator('#field-opinion_found').fill('2');
    await phone.locator('#field-opinion_handled').fill('2');
    await phone.getByRole('button', { name: '报送', exact: true }).tap();
    await toastShown(phone, '已报送(迟报)');
    await phone.getByText('迟报', { exact: true }).first().waitFor();
  });

  it('the county sees the rates, reminds the missing units, and drills down to the missing village', async () => {
    await page.goto(`${server.url}/reporting?scheduleId=${scheduleId}&periodKey=${past}`);
    await page.getByText('未报单位(2)').waitFor();
    const total = page.locator('.ant-card', { hasText: '报送情况' }).first();
    await total.getByText('应报 4，已报 2，零报告 1，迟报 1，未报').waitFor();
    await page.getByRole('button', { name: '一键催报' }).click();
    await toastShown(page, '已催报 2 个未报单位');
    await page.getByText('城关镇 ›').click();
    await page.getByText('城关镇 · ').waitFor();
    await page.getByText('未报单位(1)').waitFor();
    const row = page.locator('tr', { hasText: '城南村' }).first();
    await expect(row.locator('td').nth(7).textContent()).resolves.toBe('1');
    await page.locator('.ant-list-item', { hasText: '城南村' }).getByRole('link', { name: '城南村' }).click();
    await page.getByText('未报', { exact: true }).first().waitFor();
    await page.getByText('城南村').first().waitFor();
  });

  it('the missing village’s liaison has the reminder', async () => {
    await phoneAs('a3_liaison');
    await phone.goto(`${server.url}/notifications`);
    await phone.getByText('县委网信办催报', { exact: false }).or(phone.getByText('催报：村级网络意识形态工作月报', { exact: false })).first().waitFor();
  });

  it('the county returns the late report with a reason, shown on the report and in its history', async () => {
    const sub = await server.db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id').select('s.id').where('s.schedule_id', '=', scheduleId).where('s.period_key', '=', past).where('u.name', '=', '城东村').executeTakeFirstOrThrow();
    await page.goto(`${server.url}/reporting?scheduleId=${scheduleId}&periodKey=${past}`);
    await page.locator('.ant-card', { hasText: '报送矩阵' }).locator('tr', { hasText: '城东村' }).locator(`a[href="/reporting/submissions/${sub.id}"]`).click();
    await page.getByRole('button', { name: '退回' }).click();
    await page.locator('#dialog-reason').fill('处置条数与舆情台账不一致，请核实');
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await toastShown(page, '已退回');
    await page.getByText('上级已退回：处置条数与舆情台账不一致，请核实').waitFor();
    await page.locator('.ant-timeline').getByText('退回').waitFor();
    const row = await server.db.selectFrom('report_submissions').select(['status', 'return_reason']).where('id', '=', sub.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'returned', return_reason: '处置条数与舆情台账不一致，请核实' });
    expect(errors).toEqual([]);
  });
});
