import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, postAs, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('nothing typed into the long forms is lost: case registration and a document’s own paragraphs', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const errors: string[] = [];
  const content = '城关镇东街菜市场门口的下水道堵塞一周，污水漫到路面，气味很大，摊贩和居民都反映过多次，请尽快疏通。';

  async function as(username: string, width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: width < 500 ? 844 : 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('登记 on a phone: the dialog closed and the page left, the text comes back (not the citizen’s contact), and is gone once registered', async () => {
    const page = await as('a_staff', 390);
    await page.goto(`${server.url}/cases`);
    await page.getByRole('button', { name: '登记' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#case-title').fill('菜市场门口下水道堵塞');
    await dialog.locator('#case-content').fill(content);
    await dialog.locator('#case-contact').fill('13800001111');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The page left and opened again (kept in this browser, for this user).
    await page.goto(`${server.url}/`);
    await page.goto(`${server.url}/cases`);
    await page.getByRole('button', { name: '登记' }).click();
    const again = page.locator('.ant-modal');
    await again.getByText('已恢复上次未保存的内容').waitFor();
    expect(await again.locator('#case-title').inputValue()).toBe('菜市场门口下水道堵塞');
    expect(await again.locator('#case-content').inputValue()).toBe(content);
    expect(await again.locator('#case-contact').inputValue()).toBe('');
    const kept = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('case-register')).map(([, v]) => v).join(''));
    expect(kept).not.toContain('13800001111');
    await again.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已登记');
    await again.getByRole('button', { name: '继续登记' }).click();
    await again.locator('#case-title').waitFor();
    expect(await again.locator('#case-title').inputValue()).toBe('');
    expect(await again.getByText('已恢复上次未保存的内容').count()).toBe(0);
    await page.close();
  });

  it('a document’s own paragraph typed and not saved is there on the next visit, and saved drops the kept copy', async () => {
    const page = await as('a_staff');
    const c = await postAs(page, server.url, '/api/cases', {
      unitId: county.units.a.id, source: 'hotline', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title: '夜市油烟扰民',
      content: '城关镇夜市烧烤摊油烟很大，附近居民晚上不敢开窗，反映多次没有改善，请相关部门处理。',
    });
    await postAs(page, server.url, `/api/cases/${c.eventId}/triage`, { version: 0, level: 'general', category: '生态环境', handlingUnitId: county.units.a.id });
    const doc = await postAs(page, server.url, '/api/documents/drafts', { unitId: county.units.a.id, type: 'case_brief', caseId: c.eventId });
    await page.goto(`${server.url}/documents/${doc.id}`);
    const slot = page.locator('textarea[data-slot]').first();
    await slot.fill('下一步将会同市场监管部门加装油烟净化设备。');
    // Left without saving, and opened again.
    await page.goto(`${server.url}/documents`);
    await page.goto(`${server.url}/documents/${doc.id}`);
    await page.getByTestId('slots-restored').waitFor();
    expect(await page.locator('textarea[data-slot]').first().inputValue()).toBe('下一步将会同市场监管部门加装油烟净化设备。');
    await page.getByRole('button', { name: '保存段落' }).click();
    await toastShown(page, '已保存');
    await page.reload();
    await page.locator('textarea[data-slot]').first().waitFor();
    expect(await page.locator('textarea[data-slot]').first().inputValue()).toBe('下一步将会同市场监管部门加装油烟净化设备。');
    expect(await page.getByTestId('slots-restored').count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('document-slots')).length)).toBe(0);
    await page.close();
    expect(errors).toEqual([]);
  });
});
