/**
 * A township's administrator sets the unit's document settings (handling mark, the brief's 报头),
 * generates a 舆情专报 about an event through the documents page, changes its 报送范围, and downloads
 * the PDF (rendered by LibreOffice on the server): the PDF is a briefing with the 报头, 第1期, the
 * mark and 报送范围. The settings page and the brief read on a phone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { docxBodyText, requireTool } from '../helpers/docx';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('a township issues a numbered 舆情专报 laid out as a briefing', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let page: Page;
  const errors: string[] = [];
  let draftUrl = '';

  beforeAll(async () => {
    mkdirSync('/tmp/shots', { recursive: true });
    server = await startServer();
    county = await buildCounty(server.db);
    await server.db.updateTable('units').set({ office_name: '中共测试县委网信办' }).where('id', '=', county.units.county.id).execute();
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_admin', PASSWORD);
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const r = await page.request.post(`${server.url}/api/cases`, {
      data: { unitId: county.units.a.id, title: '北街积水无人处理', content: '北街雨后积水，行人难以通过。', source: 'online_petition', receivedAt: new Date().toISOString() },
      headers: { 'x-csrf-token': csrf },
    });
    expect(r.status(), await r.text()).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets the unit’s handling mark and the brief’s 报头 in 文稿设置', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('menuitem', { name: '文稿设置' }).click();
    await page.waitForURL((u) => u.pathname === '/documents/settings');
    await page.getByText('不填则为上级单位：中共测试县委网信办').waitFor();
    await page.getByLabel('处理标志').fill('内部资料');
    await page.getByLabel('舆情专报报头').fill('城关镇网信舆情专报');
    await page.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存文稿设置');
    await page.getByText(/最近由a_admin/).waitFor();
  });

  it('generates the brief from the documents page: 报头, 第1期 and the superior as 报送范围', async () => {
    await page.getByRole('menuitem', { name: '文稿生成' }).click();
    await page.waitForURL((u) => u.pathname === '/documents');
    await page.getByRole('combobox', { name: '文稿类型' }).click();
    await page.locator('.ant-select-item-option', { hasText: '舆情专报(单个事件)' }).click();
    await page.getByRole('combobox', { name: '舆情事件' }).click();
    await page.locator('.ant-select-item-option', { hasText: '北街积水无人处理' }).click();
    await page.getByRole('button', { name: '生成' }).click();
    await page.waitForURL((u) => /^\/documents\/[0-9A-Za-z-]+$/.test(u.pathname) && u.pathname !== '/documents/settings');
    draftUrl = page.url();
    const head = page.getByTestId('doc-briefing-head');
    await head.getByText('城关镇网信舆情专报').waitFor();
    await head.getByText('第1期').waitFor();
    await head.getByText('城关镇', { exact: true }).waitFor();
    await page.getByTestId('doc-mark').getByText('内部资料').waitFor();
    const distribution = page.getByLabel('报送范围');
    expect(await distribution.getAttribute('placeholder')).toBe('中共测试县委网信办');
    await distribution.fill('中共测试县委网信办、县委宣传部');
    await page.getByRole('button', { name: '保存段落' }).click();
    await toastShown(page, '已保存');
    await page.screenshot({ path: '/tmp/shots/brief-draft.png', fullPage: true });
  });

  it('downloads the PDF: a briefing with its number and 报送范围', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: '下载 PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('关于“北街积水无人处理”的舆情专报.pdf');
    const file = (await download.path())!;
    const text = execFileSync(requireTool('pdftotext'), ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\s\u2060]+/g, '');
    expect(text.startsWith('内部资料城关镇网信舆情专报第1期城关镇')).toBe(true);
    expect(text).toContain('关于“北街积水无人处理”的舆情专报');
    expect(text).toContain('收到反映“北街积水无人处理”');
    expect(text).toContain('报送：中共测试县委网信办、县委宣传部');
    await page.getByTestId('pdf-fonts').waitFor();
    expect(errors).toEqual([]);
  }, 180_000);

  it('addresses the half-year summary to the superior’s office, or to whom the clerk names', async () => {
    await page.goto(`${server.url}/documents`);
    await page.getByRole('button', { name: '生成' }).click();
    await page.waitForURL((u) => /^\/documents\/[0-9A-Za-z-]+$/.test(u.pathname) && u.pathname !== '/documents/settings');
    const recipient = page.getByLabel('主送机关');
    expect(await recipient.getAttribute('placeholder')).toBe('中共测试县委网信办');
    await recipient.fill('县委网络安全和信息化委员会办公室');
    await page.getByRole('button', { name: '保存段落' }).click();
    await toastShown(page, '已保存');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
    const lines = docxBodyText(readFileSync((await download.path())!)).split('\n').filter(Boolean);
    expect(lines[0]).toBe('内部资料');
    expect(lines).toContain('县委网络安全和信息化委员会办公室：');
    expect(lines).not.toContain('中共测试县委网信办：');
  });

  it('the brief is listed with its number, and the settings and the brief read on a phone', async () => {
    await page.goto(`${server.url}/documents`);
    await page.locator('.ant-tag', { hasText: `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4)}年第1期` }).first().waitFor();
    const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
    phone.on('pageerror', (e) => errors.push(e.message));
    await loginAs(phone, server.url, 'a_admin', PASSWORD);
    await phone.goto(draftUrl);
    await phone.getByTestId('doc-briefing-head').getByText('第1期').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/shots/brief-draft-phone.png', fullPage: true });
    await phone.goto(`${server.url}/documents/settings`);
    await phone.getByLabel('处理标志').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/shots/document-settings-phone.png', fullPage: true });
    await phone.close();
    expect(errors).toEqual([]);
  });
});
