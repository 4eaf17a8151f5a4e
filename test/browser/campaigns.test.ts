/**
 * The county names a campaign (清朗); a township records an activity under it; the campaign page
 * counts it and the count opens exactly that record; the page fits a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('a named campaign counted by its records', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const errors: string[] = [];

  async function as(username: string, width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county names 清朗 for its subtree', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/campaigns`);
    await page.getByRole('button', { name: '发起专项行动' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#campaign-name').fill('清朗');
    await dialog.locator('#campaign-description').fill('清朗网络空间专项行动');
    await dialog.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已发起专项行动');
    await page.getByText('本年度尚无关联的任务和活动').waitFor();
    await page.close();
  });

  it('城关镇 records an activity under it, and the campaign page counts it and opens it', async () => {
    const page = await as('a_staff');
    await page.goto(`${server.url}/activities`);
    await page.getByRole('button', { name: '记录活动' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#entry-topic').fill('清朗专题宣讲进社区');
    await dialog.locator('#entry-campaign').click();
    await page.locator('.ant-select-item-option', { hasText: '清朗(测试县发起)' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/activities\/[0-9a-f-]+$/);
    await page.goto(`${server.url}/campaigns`);
    await page.getByRole('link', { name: '活动 1 次' }).click();
    await page.waitForURL(/\/activities\?.*campaignId=/);
    await page.getByText('清朗专题宣讲进社区').waitFor();
    await page.getByText('共 1 条').waitFor();
    await page.close();
  });

  it('fits a phone', async () => {
    const page = await as('county_staff', 390);
    await page.goto(`${server.url}/campaigns`);
    await page.getByText('清朗', { exact: true }).waitFor();
    await page.getByRole('link', { name: '活动 1 次' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/rec17-campaigns-phone.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
