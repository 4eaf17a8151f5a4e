/**
 * What the units' own documents keep (issue 17), through the real UI: a township clerk records a
 * rule in force and sees it in the regenerated half-year summary, where before the preview listed
 * it as missing.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('a township clerk records what its documents state and sees it in the summary', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let draftUrl = '';
  const preview = () => page.getByTestId('doc-preview');

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_staff', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const regenerate = async () => {
    await page.goto(draftUrl);
    await page.getByRole('button', { name: '重新生成' }).click();
    await toastShown(page, '已按最新记录重新生成');
  };

  it('generates the 2026 second-half summary: no rule yet, so the preview lists it as missing', async () => {
    await page.goto(`${server.url}/documents`);
    await page.getByRole('combobox', { name: '年度' }).click();
    await page.locator('.ant-select-item-option', { hasText: '2026年' }).click();
    await page.getByRole('combobox', { name: '上半年或下半年' }).click();
    await page.locator('.ant-select-item-option', { hasText: '下半年' }).click();
    await page.getByRole('button', { name: '生成' }).click();
    await page.waitForURL(/\/documents\/[0-9A-Za-z-]+$/);
    draftUrl = page.url();
    await page.getByTestId('missing').getByText('未登记现行有效的制度文件').waitFor();
    expect(await preview().textContent()).not.toContain('现行有效的制度');
  });

  it('records a rule in force with its 文号 and sees it in the regenerated summary', async () => {
    await page.goto(`${server.url}/rules`);
    await page.getByRole('button', { name: '登记制度' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#rule-title').fill('城关镇政务新媒体信息发布三审三校制度');
    await dialog.locator('#rule-category').click();
    await page.locator('.ant-select-item-option', { hasText: '三审三校制度' }).click();
    await dialog.locator('#rule-doc-number').fill('城发〔2026〕12号');
    await dialog.locator('#rule-issuer').fill('中共城关镇委员会');
    await dialog.locator('#rule-effective').click();
    await dialog.locator('#rule-effective').fill('2026-09-01');
    await dialog.locator('#rule-effective').press('Enter');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await toastShown(page, '已保存');
    // The drawer opens on the new rule with its first version, where the file goes.
    await page.locator('.ant-drawer').getByText('第1版 · 2026年9月1日施行 · 城发〔2026〕12号').waitFor();
    await page.locator('.ant-drawer').getByRole('button', { name: /关闭|Close/ }).click().catch(() => undefined);
    await page.getByText('共 1 项').waitFor();

    await regenerate();
    await preview().getByText('建立健全工作制度，现行有效的制度1项，包括《城关镇政务新媒体信息发布三审三校制度》；本期新制定1项。').waitFor();
    expect(await page.getByTestId('missing').textContent()).not.toContain('未登记现行有效的制度文件');
    // The figure opens the rules it counts.
    await page.locator('[data-figure="rules.inForce"]').click();
    await page.waitForURL((u) => u.pathname === '/rules');
    await page.getByText('共 1 项').waitFor();
  });

  it('records a 述职 in which the leader reported this work separately and sees it in the regenerated summary', async () => {
    await page.goto(`${server.url}/activities`);
    await page.getByRole('button', { name: '记录活动' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#entry-type').click();
    await page.locator('.ant-select-item-option', { hasText: /^述职$/ }).click();
    await dialog.locator('#entry-topic').fill('党委书记2026年度抓网络意识形态工作述职');
    await dialog.locator('#entry-host').click();
    await page.locator('.ant-select-item-option', { hasText: '镇李' }).click();
    await dialog.locator('#entry-reported-separately').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await toastShown(page, '已记录');
    await page.waitForURL(/\/activities\/[0-9A-Za-z-]+$/);
    await page.getByText('专门报告网络意识形态工作').waitFor();

    await regenerate();
    await preview().getByText('领导班子成员述职1次，其中1次专门报告网络意识形态工作情况（镇李）。').waitFor();
    expect(await page.getByTestId('missing').textContent()).not.toContain('本期没有登记领导述职');
  });

  it('records a security inspection, raises its finding as a rectification and sees both in the regenerated summary', async () => {
    await page.goto(`${server.url}/activities`);
    await page.getByRole('button', { name: '记录活动' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#entry-type').click();
    await dialog.locator('#entry-type').fill('网络安全');
    await page.locator('.ant-select-item-option', { hasText: /^网络安全检查$/ }).click();
    await dialog.locator('#entry-topic').fill('年末网络安全检查');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await toastShown(page, '已记录');
    await page.waitForURL(/\/activities\/[0-9A-Za-z-]+$/);
    await page.getByRole('button', { name: '登记问题并提出整改' }).click();
    const finding = page.locator('.ant-modal').filter({ hasText: '登记检查发现的问题' });
    await finding.locator('#finding-problem').fill('便民服务中心2台电脑内外网混用');
    await finding.locator('#finding-measures').fill('分设内外网终端并张贴标识');
    await finding.getByRole('button', { name: /保\s*存/ }).click();
    await toastShown(page, '已登记问题并提出整改');
    // The finding is a rectification: its link opens the rectification raised for it.
    await page.getByRole('link', { name: '便民服务中心2台电脑内外网混用' }).click();
    await page.waitForURL(/\/rectification\/[0-9A-Za-z-]+$/);
    await page.getByText('分设内外网终端并张贴标识').first().waitFor();

    await regenerate();
    await preview().getByText('开展网络安全检查1次，发现问题1个，已整改销号0个。').waitFor();
    expect(await page.getByTestId('missing').textContent()).not.toContain('本期没有登记网络安全检查');
  });

  it('shows no page errors', () => {
    expect(errors).toEqual([]);
  });
});
