import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { FeedServer, rss } from '../helpers/feed-server';

describe('township staff watch a public feed and sort its clues', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let feeds: FeedServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    feeds = await new FeedServer().start();
    feeds.set('/news.xml', rss([
      { title: '城关镇召开网信工作推进会', link: 'https://example.cn/n1', description: '部署网络安全宣传周' },
      { title: '城關鎮網絡安全宣傳周啟動', link: 'https://example.cn/n2' },
      { title: '城关镇秋收进度', link: 'https://example.cn/n3' },
    ]));
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    feeds?.close();
    await browser?.close();
    await server?.close();
  });

  it('registers a feed with keywords, polls it, and dismisses a clue with a reason', async () => {
    await loginAs(page, server.url, 'a_staff', PASSWORD);
    await page.goto(`${server.url}/feeds`);
    await page.getByRole('button', { name: '新增订阅源' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('.ant-select').first().click();
    await page.locator('.ant-select-dropdown').getByText('城关镇', { exact: true }).click();
    await dialog.getByLabel('订阅名称').fill('县融媒体新闻');
    await dialog.getByLabel('订阅地址(RSS/Atom)').fill(`${feeds.base}/news.xml`);
    const any = dialog.getByLabel('任一关键词(命中其中一个即可)');
    await any.fill('网信');
    await any.press('Enter');
    await any.fill('网络安全');
    await any.press('Enter');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: /县融媒体新闻/ }).waitFor();
    await expect.poll(() => page.getByText('尚未抓取').count()).toBe(1);

    await page.getByRole('button', { name: '抓取' }).click();
    await page.getByText('抓取到 3 条，新增线索 2 条').waitFor();
    await page.getByRole('link', { name: '2 条' }).click();
    await page.waitForURL(/\/clues\?feedId=/);
    await page.getByText('城关镇召开网信工作推进会').waitFor();
    await page.getByText('城關鎮網絡安全宣傳周啟動').waitFor();
    expect(await page.getByText('城关镇秋收进度').count()).toBe(0);

    const item = page.locator('.ant-list-item', { hasText: '城关镇召开网信工作推进会' });
    await item.getByRole('button', { name: '忽略' }).click();
    await page.locator('.ant-modal textarea').fill('已在本单位网站答复');
    await page.locator('.ant-modal').getByRole('button', { name: '忽略' }).click();
    await expect.poll(() => page.locator('.ant-list-item').count()).toBe(1);
    await page.getByText('已忽略', { exact: true }).click();
    await page.getByText(/忽略：已在本单位网站答复/).waitFor();
    const row = await server.db.selectFrom('clues').select(['state', 'note']).where('link', '=', 'https://example.cn/n1').executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'dismissed', note: '已在本单位网站答复' });
    await page.screenshot({ path: '/tmp/shots/clues.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
