import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, makeUnit, PASSWORD } from '../helpers/factories';

// A 1×1 PNG: the "photo" of the work done.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('a county assigns a task to three townships and follows each one', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let taskUrl = '';

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    await makeUnit(server.db, { parent: county.units.county, name: '西河镇', kind: 'township' });
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county staff assigns one task to 城关镇, 东山镇 and 西河镇', async () => {
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    await page.goto(`${server.url}/tasks`);
    await page.getByRole('button', { name: '派发任务' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#task-units').click();
    for (const name of ['城关镇', '东山镇', '西河镇']) {
      await page.locator('.ant-select-tree').getByTitle(name, { exact: true }).click();
      await dialog.locator('.ant-select-selection-item', { hasText: name }).waitFor(); // picked before the next click
    }
    await dialog.locator('#task-title').click(); // closes the unit drop-down
    await dialog.locator('#task-title').fill('开展门户网站和公众号自查');
    await dialog.getByText('工作日', { exact: true }).click();
    await dialog.locator('#task-due-days').fill('10');
    // The server says which day 10 working days from today is, before anything is saved.
    const preview = dialog.locator('#task-resolved-due');
    await expect.poll(() => preview.textContent()).toMatch(/^完成时限为 \d{4}年\d{1,2}月\d{1,2}日$/);
    const resolved = (await preview.textContent())!.replace('完成时限为 ', '');
    await dialog.getByRole('button', { name: '派发' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]+$/);
    await page.getByText(resolved).first().waitFor();
    taskUrl = page.url();
    await page.getByText('各承办单位进展(0/3 已完成)').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByText('尚未报送').count()).toBe(3);
  });

  it('城关镇 staff reports progress with a photo', async () => {
    const town = await openPage(browser, { viewport: { width: 390, height: 844 } });
    town.on('pageerror', (e) => errors.push(e.message));
    await loginAs(town, server.url, 'a_staff', PASSWORD);
    await town.goto(`${server.url}/tasks`);
    await town.getByRole('link', { name: '开展门户网站和公众号自查' }).click();
    await town.locator('#progress-note').fill('已完成门户网站自查，更正错别字 2 处');
    await town.locator('form input[type=file]').setInputFiles({ name: '自查现场.png', mimeType: 'image/png', buffer: PNG });
    await town.getByRole('button', { name: '报送进展' }).click();
    await toastShown(town, '已报送进展，上传佐证 1 个');
    await town.getByRole('link', { name: '自查现场.png' }).waitFor();
    await town.screenshot({ path: '/tmp/shots/task-progress-phone.png', fullPage: true });
    await town.close();
  });

  it('the county sees each township’s progress', async () => {
    await page.goto(taskUrl);
    const row = page.locator('.ant-table-tbody tr', { hasText: '城关镇' });
    await row.getByText('已完成门户网站自查，更正错别字 2 处', { exact: false }).waitFor();
    expect(await row.locator('td').nth(2).innerText()).toBe('1');
    expect(await page.locator('.ant-table-tbody tr', { hasText: '东山镇' }).getByText('尚未报送').count()).toBe(1);
    expect(await page.locator('.ant-table-tbody tr', { hasText: '西河镇' }).getByText('尚未报送').count()).toBe(1);
    await row.getByRole('link', { name: '城关镇' }).click();
    await page.getByRole('link', { name: '自查现场.png' }).waitFor();
    const photo = await page.request.get(`${server.url}${await page.getByRole('link', { name: '自查现场.png' }).getAttribute('href')}`);
    expect(photo.status()).toBe(200);
    expect(Buffer.from(await photo.body()).equals(PNG)).toBe(true);
    await page.screenshot({ path: '/tmp/shots/task-child.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
