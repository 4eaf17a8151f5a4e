/**
 * Home's remaining flows through the real UI: the county presses 催办 on a task it sent down and
 * the township is told at once; a township liaison switches a kind of reminder off and a task
 * dispatched afterwards brings no notice (while 催办, still on, does); the 单位图表 page for a
 * chosen unit and year draws its charts, and the figures table beside a chart says what the API
 * says. 研判 clock: set on the settings page, shown in a submission's clock list.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from '../../server/modules/cases/intake';
import { systemCtx } from '../../server/platform/context';
import { shanghaiDay } from '../../server/platform/period';
import { inTx } from '../../server/platform/tx';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('催办, reminder preferences, 单位图表 and the 研判 clock', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let browser: Browser;
  let countyStaff: Page;
  const errors: string[] = [];
  const today = shanghaiDay();

  async function as(username: string, width: number, height = 900) {
    const page = await openPage(browser, { viewport: { width, height } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, username, PASSWORD);
    return page;
  }

  /** A task the county sends to 城关镇 through the API (the dispatch UI is tested in home.test.ts); its unit's task id. */
  async function dispatch(title: string): Promise<string> {
    const csrf = (await countyStaff.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const r = await countyStaff.request.post(`${server.url}/api/tasks/assign`, {
      headers: { 'x-csrf-token': csrf },
      data: { title, source: 'superior', startDay: today, dueMode: 'date', dueDay: '2099-12-31', fromUnitId: county.units.county.id, unitIds: [county.units.a.id] },
    });
    expect(r.status()).toBe(201);
    const children = await (await countyStaff.request.get(`${server.url}/api/tasks/${(await r.json()).id}/children`)).json();
    return children.items[0].id as string;
  }

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    browser = await launchChromium();
    countyStaff = await as('county_staff', 1280);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county urges (催办) a task it sent down and the township is told at once', async () => {
    const childId = await dispatch('清理过期网页');
    await countyStaff.goto(`${server.url}/tasks/${childId}`);
    await countyStaff.getByRole('button', { name: '催办' }).click();
    await toastShown(countyStaff, '已催办，城关镇已收到提醒');

    const liaison = await as('a_liaison', 390, 844);
    await liaison.goto(`${server.url}/notifications`);
    await liaison.getByText('测试县催办任务“清理过期网页”').first().waitFor();
    // Once a day per task: the second press is refused with the reason.
    await countyStaff.getByRole('button', { name: '催办' }).click();
    await toastShown(countyStaff, '今天已催办过该任务');
    await liaison.close();
  });

  it('a liaison switches 收到派发的任务 off: the next dispatched task brings no notice, 催办 still does', async () => {
    const liaison = await as('a_liaison', 390, 844);
    await liaison.goto(`${server.url}/notifications`);
    await liaison.getByText('接收哪些站内提醒').click();
    const prefs = liaison.getByTestId('notification-prefs');
    const assigned = prefs.getByRole('checkbox', { name: '收到派发的任务' });
    expect(await assigned.isChecked()).toBe(true);
    // A controlled group: the box changes once the choice is saved (click, not uncheck, which checks at once).
    await assigned.click();
    await toastShown(liaison, '已保存接收设置');
    await expect.poll(() => assigned.isChecked()).toBe(false);

    const childId = await dispatch('更新值班电话');
    await countyStaff.goto(`${server.url}/tasks/${childId}`);
    await countyStaff.getByRole('button', { name: '催办' }).click();
    await toastShown(countyStaff, '已催办，城关镇已收到提醒');
    // The 催办 notice (its kind still on) arrives; the dispatch notice, written earlier in its own request, never did.
    await liaison.reload();
    await liaison.getByText('测试县催办任务“更新值班电话”').first().waitFor();
    expect(await liaison.getByText('测试县派发任务“更新值班电话”').count()).toBe(0);
    // The same person's earlier dispatch notice (the kind was on then) is still there.
    await liaison.getByText('测试县派发任务“清理过期网页”').first().waitFor();
    await liaison.close();
  });

  it('单位图表: pick a unit and a year, the charts appear, and the table beside one says what the API says', async () => {
    // Two reports received by 城关镇 this month.
    await inTx(server.db, async (trx) => {
      for (const [title, content] of [['河道垃圾', '城关镇南河河道里垃圾堆积，已经发臭，请及时清理。'], ['广场噪音', '城关镇中心广场晚上十点以后音响声音很大，影响休息。']]) {
        await intake(trx, systemCtx(), { unit: county.units.a, source: 'online_petition', via: 'staff', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title, content });
      }
    });
    const leader = await as('county_leader', 1280);
    await leader.goto(`${server.url}/figures`);
    await leader.getByTestId('ranking').waitFor();
    await leader.locator('#figures-unit').click();
    await leader.locator('.ant-select-tree').getByTitle('城关镇', { exact: true }).click();
    await leader.waitForURL(/unitId=/);
    // Last year, then this year again: each choice goes into the address.
    const year = Number(today.slice(0, 4));
    for (const y of [year - 1, year]) {
      await leader.locator('#figures-year').click();
      await leader.locator('.ant-select-item-option:visible').getByText(`${y}年`, { exact: true }).click();
      await leader.waitForURL(new RegExp(`year=${y}`));
    }
    const chart = leader.getByTestId('chart-cases');
    await chart.locator('canvas').first().waitFor();

    const csrf = (await leader.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const api = await (await leader.request.get(`${server.url}/api/home/figures?unitId=${county.units.a.id}&year=${today.slice(0, 4)}`, { headers: { 'x-csrf-token': csrf } })).json();
    const cases = api.charts.find((c: { key: string }) => c.key === 'cases');
    const received = cases.series.find((s: { key: string }) => s.key === 'received');
    const m = api.months.indexOf(today.slice(0, 7));
    expect(received.points[m].value).toBe(2);
    // 看表: the month's row lists the same count, linked to the records it counts.
    await chart.getByRole('button', { name: '看表' }).click();
    const row = chart.locator('table tbody tr').nth(m);
    const cell = row.locator('td').nth(1);
    expect((await cell.textContent())?.trim()).toBe(String(received.points[m].value));
    expect(await cell.locator('a').getAttribute('href')).toBe(received.points[m].link);
    expect(api.unit.name).toBe('城关镇');
  });

  it('研判时限: the admin of the top unit sets it on the settings page and a new submission shows it in its clock list', async () => {
    const admin = await as('county_admin', 1280);
    await admin.goto(`${server.url}/cases/settings`);
    const amount = admin.locator('#settings-triage-amount');
    await amount.waitFor();
    expect(await amount.inputValue()).toBe('24');
    await amount.fill('4');
    await admin.getByRole('button', { name: '保存设置' }).click();
    await toastShown(admin, '已保存设置');

    const event = await inTx(server.db, (trx) => intake(trx, systemCtx(), {
      unit: county.units.county, source: 'online_petition', via: 'staff', receivedAt: new Date(Date.now() - 600_000).toISOString(), title: '桥面破损', content: '城北大桥桥面有一处破损，车辆经过颠簸，存在安全隐患。',
    }));
    await countyStaff.goto(`${server.url}/cases/${event.eventId}`);
    // The clock list's first row: 研判, its limit under it, due four hours after the report.
    const row = countyStaff.locator('.ant-table-row', { hasText: '4小时' }).first();
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('研判4小时');
    expect(errors).toEqual([]);
  });
});
