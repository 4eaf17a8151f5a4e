import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

async function post(page: Page, base: string, path: string, data: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
  const r = await page.request.post(`${base}${path}`, { headers: { 'x-csrf-token': csrf }, data });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return r.json();
}

describe('a leader signs off several rectifications at once; each is checked and failures are named', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    browser = await launchChromium();
    const staff = await openPage(browser);
    await loginAs(staff, server.url, 'county_staff', PASSWORD);
    const town = await openPage(browser);
    await loginAs(town, server.url, 'a_staff', PASSWORD);
    for (const [problem, report] of [['网站栏目长期未更新', true], ['公众号错别字未更正', true], ['值班表未上墙', false]] as const) {
      const r = await post(staff, server.url, '/api/rectifications', { unitId: county.units.a.id, problem, origin: 'supervision', measures: '立即整改', startDay: '2026-12-01', dueMode: 'date', dueDay: '2026-12-31' });
      if (report) await post(town, server.url, `/api/rectifications/${r.id}/report`, { version: r.version, note: '已整改完毕' });
    }
    await staff.close();
    await town.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('two reported items are signed off, the open one is refused with its reason', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_leader', PASSWORD);
    await page.goto(`${server.url}/rectification`);
    for (const problem of ['网站栏目长期未更新', '公众号错别字未更正', '值班表未上墙']) {
      await page.locator('.ant-table-tbody tr', { hasText: problem }).locator('.ant-checkbox-input').check();
    }
    await page.getByText('已选 3 项').waitFor();
    await page.getByRole('button', { name: '批量销号' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    const report = page.getByRole('dialog', { name: '已销号 2 项，1 项未成功' });
    await report.waitFor();
    const failures = await report.getByTestId('bulk-failures').innerText();
    expect(failures).toContain('城关镇：值班表未上墙');
    await report.getByRole('button', { name: '知道了' }).click();
    await page.goto(`${server.url}/rectification?status=closed`);
    await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '网站栏目长期未更新' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '公众号错别字未更正' }).waitFor();
    expect(await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '值班表未上墙' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
