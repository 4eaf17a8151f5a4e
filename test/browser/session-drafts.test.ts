import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('nothing typed is lost: the session warning, text kept across signing in again, Enter in a dialog', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('warns before the idle timeout ends and lets the user stay signed in', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.clock.install();
    await loginAs(page, server.url, 'a_staff', PASSWORD);
    await page.getByTestId('side-menu').waitFor();
    const warning = page.getByRole('dialog', { name: '即将自动退出登录' });
    expect(await warning.count()).toBe(0);
    // 27½ idle minutes of the 30 (SESSION_IDLE_MINUTES' default) pass in the browser.
    await page.clock.fastForward('27:30');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/\d 分 \d\d 秒后将自动退出/);
    await warning.getByRole('button', { name: '继续使用' }).click();
    await warning.waitFor({ state: 'detached' });
    // Still signed in, and no warning again right away.
    expect((await page.request.get(`${server.url}/api/session`)).status()).toBe(200);
    await page.clock.fastForward('00:30');
    expect(await warning.count()).toBe(0);
    await page.close();
  });

  it('text typed before the session ended is back after signing in again, and gone once sent', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_staff', PASSWORD);
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const created = await page.request.post(`${server.url}/api/tasks`, {
      headers: { 'x-csrf-token': csrf },
      data: { unitId: county.units.a.id, title: '更新镇政府网站栏目', source: 'work_plan', startDay: '2026-12-01', dueMode: 'date', dueDay: '2026-12-30' },
    });
    expect(created.status()).toBe(201);
    const taskUrl = `${server.url}/tasks/${(await created.json()).id}`;
    await page.goto(taskUrl);
    const note = '已对镇政府网站“政务公开”栏目逐条核对，更新过期信息 6 条，下周完成其余栏目';
    await page.locator('#progress-note').fill(note);
    // The server ends the session (idle timeout) while the clerk is typing.
    await server.db.deleteFrom('sessions').execute();
    await page.getByRole('button', { name: '报送进展' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('登录已超时，请重新登录').waitFor();
    await page.fill('#username', 'a_staff');
    await page.fill('#password', PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(taskUrl);
    await page.getByText('已恢复上次未报送的内容').waitFor();
    expect(await page.locator('#progress-note').inputValue()).toBe(note);
    await page.getByRole('button', { name: '报送进展' }).click();
    await toastShown(page, '已报送进展');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('netduty.draft')))).toEqual([]);
    // Another user of the same browser never sees it: drafts are per account.
    await page.close();
  });

  it('Enter in a dialog saves it', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_admin', PASSWORD);
    await page.goto(`${server.url}/people?unitId=${county.units.a.id}`);
    await page.getByRole('button', { name: '新增人员' }).click();
    await page.locator('#person-name').fill('回车保存');
    await page.locator('#person-name').press('Enter');
    await toastShown(page, '已保存');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('回车保存').waitFor();
    await page.close();
    expect(errors).toEqual([]);
  });
});
