import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('what a superior set stays set: a township asks for more time, the county approves', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyPage: Page;
  const errors: string[] = [];
  let childUrl = '';

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    browser = await launchChromium();
    countyPage = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    countyPage.on('pageerror', (e) => errors.push(e.message));
    await loginAs(countyPage, server.url, 'county_staff', PASSWORD);
    const csrf = (await countyPage.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const r = await countyPage.request.post(`${server.url}/api/tasks/assign`, {
      headers: { 'x-csrf-token': csrf },
      data: { title: '开展门户网站自查', source: 'superior', startDay: '2026-12-01', dueMode: 'date', dueDay: '2026-12-18', fromUnitId: county.units.county.id, unitIds: [county.units.a.id] },
    });
    expect(r.status()).toBe(201);
    const children = await (await countyPage.request.get(`${server.url}/api/tasks/${(await r.json()).id}/children`)).json();
    childUrl = `${server.url}/tasks/${children.items[0].id}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('城关镇 cannot move the deadline itself and asks for an extension with a reason', async () => {
    const town = await openPage(browser, { viewport: { width: 390, height: 844 } });
    town.on('pageerror', (e) => errors.push(e.message));
    await loginAs(town, server.url, 'a_staff', PASSWORD);
    await town.goto(childUrl);
    await town.getByText('该任务由测试县派发，完成时限由派发单位确定').waitFor();
    // The edit dialog shows why the title and deadline cannot be changed here.
    await town.getByRole('button', { name: '编辑' }).click();
    await town.getByText('该任务由测试县派发：任务名称、内容、来源、依据和完成时限只能由派发单位修改').waitFor();
    expect(await town.locator('#task-title').isDisabled()).toBe(true);
    await town.getByRole('button', { name: '取消' }).click();
    await town.getByRole('button', { name: '申请延期' }).click();
    const dialog = town.getByRole('dialog', { name: '申请延期' });
    await dialog.locator('#extension-day').fill('2027-01-29');
    await dialog.locator('#extension-day').press('Enter');
    await dialog.locator('#extension-reason').fill('栏目较多，需逐条核对后更新');
    await dialog.getByRole('button', { name: '提交' }).click();
    await toastShown(town, '已提交延期申请');
    await town.getByText('申请延期至 2027年1月29日(原时限 2026年12月18日)').waitFor();
    await town.getByText('待审批').waitFor();
    expect(await town.getByRole('button', { name: '申请延期' }).count()).toBe(0);
    await town.close();
  });

  it('the county approves; the deadline moves and both steps are on the task’s history', async () => {
    await countyPage.goto(childUrl);
    await countyPage.getByText('城关镇申请延期至 2027年1月29日').waitFor();
    await countyPage.getByRole('button', { name: '审批' }).click();
    const dialog = countyPage.getByRole('dialog', { name: '审批延期申请' });
    await dialog.getByText('同意延期').waitFor();
    await dialog.locator('#extension-note').fill('同意，请按新时限完成');
    await dialog.getByRole('button', { name: '提交' }).click();
    await toastShown(countyPage, '已同意延期，完成时限已更新');
    await countyPage.locator('.ant-tag', { hasText: '已同意' }).waitFor();
    await countyPage.locator('.ant-descriptions').getByText('2027年1月29日').waitFor();
    await countyPage.locator('.ant-timeline').getByText('申请延期', { exact: true }).waitFor();
    await countyPage.locator('.ant-timeline').getByText('同意延期', { exact: true }).waitFor();
    await countyPage.locator('.ant-timeline').getByText('完成时限改为 2027年1月29日；同意，请按新时限完成').waitFor();
    expect(errors).toEqual([]);
  });
});
