import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer } from '../helpers/browser';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

// A 1×1 PNG: the photo of the work done.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A JSON call as the signed-in page, with its CSRF token. */
async function call(page: Page, base: string, method: 'POST' | 'PUT', path: string, data: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
  const r = await page.request.fetch(`${base}${path}`, { method, headers: { 'x-csrf-token': csrf }, data });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return r.json();
}

describe('a day in each role: menus, pages that fit, photos, filters that stay', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const errors: string[] = [];
  let taskId = '';

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    await makeAccount(server.db, { unit: county.units.a1, role: 'liaison', username: 'v_liaison' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a village liaison at 390 px sees only what a village uses', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'v_liaison', PASSWORD);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const menu = page.getByRole('dialog', { name: '菜单' });
    await menu.getByText('任务台账').waitFor();
    const labels = await menu.getByRole('menuitem').allInnerTexts();
    for (const useful of ['首页', '任务台账', '整改', '活动台账', '舆情诉求', '消息提醒']) expect(labels).toContain(useful);
    for (const useless of ['领导小组与责任分工', '责任书', '风险点', '统计', '文稿生成', '舆情诉求设置', '工作日历', '单位管理']) expect(labels).not.toContain(useless);
    await page.screenshot({ path: '/tmp/shots/liaison-menu-phone.png' });
    // The township's liaison still sees the township's registers; settings only where they can be changed.
    const town = await openPage(browser, { viewport: { width: 1280, height: 800 } });
    await loginAs(town, server.url, 'a_liaison', PASSWORD);
    const side = town.getByTestId('side-menu');
    await side.getByText('风险点').waitFor();
    expect(await side.getByText('舆情诉求设置').count()).toBe(0);
    await town.close();
    const admin = await openPage(browser, { viewport: { width: 1280, height: 800 } });
    await loginAs(admin, server.url, 'county_admin', PASSWORD);
    await admin.getByTestId('side-menu').getByText('舆情诉求设置').waitFor();
    await admin.close();
    await page.close();
  });

  it('a first-time liaison gets a short 先做什么 for the role, dismissed once; empty lists say what to do first', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'v_liaison', PASSWORD);
    await page.getByTestId('first-use-bar').waitFor();
    await page.getByRole('button', { name: '看看先做什么' }).click();
    const guide = page.getByRole('dialog', { name: '先做什么' });
    await guide.getByRole('link', { name: /打开上级派发的任务，点“报送进展”/ }).waitFor();
    // Only pages this liaison's menu shows are offered.
    expect(await guide.getByRole('link').allInnerTexts()).toHaveLength(4);
    await guide.getByRole('button', { name: '知道了' }).click();
    await page.getByTestId('first-use-bar').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('button', { name: '打开菜单' }).waitFor();
    expect(await page.getByTestId('first-use-bar').count()).toBe(0);
    // The empty task list says what to do and where tasks come from.
    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('empty-hint').getByText('上级派发给本单位的任务会出现在这里').waitFor();
    await page.close();
    // The clue queue says clues come from watched feeds.
    const staff = await openPage(browser, { viewport: { width: 1280, height: 800 } });
    await loginAs(staff, server.url, 'county_staff', PASSWORD);
    await staff.goto(`${server.url}/clues`);
    await staff.getByTestId('empty-hint').getByText(/线索来自订阅源/).waitFor();
    await staff.goto(`${server.url}/rectification?status=open`);
    await staff.getByText('没有符合筛选条件的记录').waitFor();
    await staff.close();
  });

  it('a page opened from the menu starts at its top, the side menu staying in place', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 500 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    await page.goto(`${server.url}/activities`);
    await page.getByText('活动台账').first().waitFor();
    // A long page, scrolled down.
    await page.evaluate(() => { (document.querySelector('main') as HTMLElement).style.minHeight = '3000px'; window.scrollTo(0, 1200); });
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    const side = page.getByTestId('side-menu');
    expect((await side.boundingBox())!.y).toBe(0);
    await side.getByText('舆情诉求', { exact: true }).click();
    await page.waitForURL(/\/cases$/);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await page.close();
  });

  it('the task list at 390 px shows each task with its deadline and status', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    const t = await call(page, server.url, 'POST', '/api/tasks', { unitId: county.units.county.id, title: '整理网络意识形态工作台账', source: 'work_plan', startDay: '2026-12-01', dueMode: 'date', dueDay: '2026-12-28' });
    taskId = t.id;
    await call(page, server.url, 'POST', '/api/tasks', { unitId: county.units.county.id, title: '开展网络安全宣传周活动', source: 'superior', startDay: '2026-12-01', dueMode: 'date', dueDay: '2026-12-20' });
    await page.goto(`${server.url}/tasks`);
    const card = page.locator('.ant-table-tbody tr', { hasText: '整理网络意识形态工作台账' });
    await card.getByText('时限 2026年12月28日').waitFor();
    await card.getByText('未开始').or(card.getByText('进行中')).first().waitFor();
    // Nothing sticks out of the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = (await card.getByText('时限 2026年12月28日').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/shots/tasks-phone.png' });
    await page.close();
  });

  it('a photo attached to a task shows as a thumbnail that opens in the viewer', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const up = await page.request.post(`${server.url}/api/files`, {
      headers: { 'x-csrf-token': csrf },
      multipart: { entity: 'task', entityId: taskId, file: { name: '台账封面.png', mimeType: 'image/png', buffer: PNG } },
    });
    expect(up.status()).toBe(201);
    await page.goto(`${server.url}/tasks/${taskId}`);
    const thumb = page.getByTestId('attachment-photos').getByRole('img', { name: '台账封面.png' });
    await thumb.waitFor();
    expect(await thumb.getAttribute('src')).toMatch(/^\/api\/files\/[0-9a-f-]+\/download$/);
    await thumb.click();
    const viewer = page.locator('.ant-image-preview-img');
    await viewer.waitFor();
    expect(await viewer.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await page.close();
  });

  it('Back from a task keeps the list’s filters, and a link with filters opens the list filtered', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    await page.goto(`${server.url}/tasks`);
    await page.getByRole('link', { name: '开展网络安全宣传周活动' }).waitFor();
    await page.getByPlaceholder('任务名称、内容或依据').fill('台账');
    await page.getByPlaceholder('任务名称、内容或依据').press('Enter');
    await page.waitForURL(/q=%E5%8F%B0%E8%B4%A6/);
    await expect.poll(() => page.getByRole('link', { name: '开展网络安全宣传周活动' }).count()).toBe(0);
    await page.getByRole('link', { name: '整理网络意识形态工作台账' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]+$/);
    await page.goBack();
    await page.waitForURL(/\/tasks\?q=/);
    await page.getByRole('link', { name: '整理网络意识形态工作台账' }).waitFor();
    expect(await page.getByRole('link', { name: '开展网络安全宣传周活动' }).count()).toBe(0);
    expect(await page.getByPlaceholder('任务名称、内容或依据').inputValue()).toBe('台账');
    // The reminders list keeps "全部" in the address too.
    await page.goto(`${server.url}/notifications`);
    await page.getByText('全部', { exact: true }).click();
    await page.waitForURL(/show=all/);
    await page.close();
    expect(errors).toEqual([]);
  });
});
