import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('the audit log page: filters live in the address', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the sign-in and a new person; choosing 人员 keeps only the person and puts the filter in the link', async () => {
    await loginAs(page, server.url, 'county_admin', PASSWORD);
    // A person created through the API as the signed-in admin, so the log has a 新建 人员 row.
    const status = await page.evaluate(async (unitId) => {
      const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)nd_csrf=([^;]+)/)?.[1] ?? '');
      const res = await fetch('/api/people', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ unitId, name: '审计测试人' }) });
      return res.status;
    }, county.units.county.id);
    expect(status).toBe(201);

    // 三员: the log is read by the audit administrator, in a session of their own.
    page = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_auditadmin', PASSWORD);
    await page.goto(`${server.url}/audit`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    // A cold load: the shell, then antd with the page (not with the shell since home loads without antd), then the list.
    await expect.poll(() => rows.filter({ hasText: '登录' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => rows.filter({ hasText: '人员' }).count()).toBe(1);

    await page.locator('.ant-select', { hasText: '记录类型' }).click();
    await page.locator('.ant-select-item-option', { hasText: /^人员$/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('entity')).toBe('person');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('新建');

    // The link carries the filter: opened afresh, the list is filtered the same way.
    await page.goto(`${server.url}/audit?entity=person`);
    await expect.poll(() => rows.count()).toBe(1);
    await expect(page.locator('.ant-select', { hasText: '人员' }).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
  });
});
