import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('a county keeps its duty list and its agreements', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_staff', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('writes last year’s entry and copies the list into this year', async () => {
    await page.goto(`${server.url}/duty-list`);
    await page.locator('.ant-select', { hasText: `${year}年` }).click();
    await page.locator('.ant-select-item-option', { hasText: `${year - 1}年` }).click();
    await page.getByRole('button', { name: '新增条目' }).click();
    await page.locator('#duty-content').fill('每半年至少专题研究一次网络意识形态工作');
    await page.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '每半年至少专题研究一次网络意识形态工作' }).waitFor();

    await page.locator('.ant-select', { hasText: `${year - 1}年` }).click();
    await page.locator('.ant-select-item-option', { hasText: `${year}年` }).click();
    await page.getByText(`${year}年还没有责任清单`).waitFor();
    await page.getByRole('button', { name: `从${year - 1}年复制` }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '复制' }).click();
    await toastShown(page, '已复制 1 条');
    await page.getByRole('cell', { name: '每半年至少专题研究一次网络意识形态工作' }).waitFor();
    expect(await page.getByRole('button', { name: `从${year - 1}年复制` }).isDisabled()).toBe(true);

    // The copy says where it came from.
    await page.locator('.ant-table').getByText('每半年至少专题研究一次网络意识形态工作').click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('从上一年度复制').waitFor();
    await drawer.getByText(`来自${year - 1}年清单`).waitFor();
    await drawer.locator('.ant-drawer-close').click();
  });

  it('records an agreement for two townships, one signs, the other is listed as not signed', async () => {
    await page.goto(`${server.url}/agreements`);
    await page.getByRole('button', { name: '登记责任书' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#agreement-title').fill(`${year}年网络意识形态工作责任书`);
    await dialog.locator('#agreement-units').click();
    for (const n of ['城关镇', '东山镇']) {
      await page.locator('.ant-select-tree').getByTitle(n, { exact: true }).click();
      await dialog.locator('.ant-select-selection-item', { hasText: n }).waitFor(); // picked before the next click
    }
    await dialog.locator('#agreement-title').click();
    await dialog.getByRole('button', { name: '保存' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('应签 2，已签 0').waitFor();
    await drawer.locator('tr', { hasText: '城关镇' }).getByRole('button', { name: '登记签订' }).click();
    await page.locator('.ant-modal', { hasText: '登记签订：城关镇' }).getByRole('button', { name: '登记', exact: true }).click();
    await drawer.getByText('应签 2，已签 1').waitFor();
    await drawer.getByText('未签订：东山镇').waitFor();
    expect(await drawer.locator('tr', { hasText: '东山镇' }).getAttribute('class')).toContain('row-overdue');
    await drawer.locator('.ant-timeline').getByText('登记签订', { exact: true }).waitFor(); // the history names the step
    await page.screenshot({ path: '/tmp/shots/agreements.png', fullPage: true });
    await drawer.locator('.ant-drawer-close').click();
    // The page's figures come from the same count as the documents will use.
    await page.getByText('未签订 1 个：东山镇').waitFor();
    expect(errors).toEqual([]);
  });
});
