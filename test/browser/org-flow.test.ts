import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { launchChromium, loginAs, openPage, startServer } from '../helpers/browser';

describe('an admin builds a unit with its person and account; that account sees only its subtree', () => {
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

  it('runs the whole flow through the real UI', async () => {
    await loginAs(page, server.url, 'county_admin', PASSWORD);

    // Create a unit under the county.
    await page.goto(`${server.url}/units`);
    await page.getByRole('button', { name: '新建下级单位' }).click();
    await page.fill('#unit-name', '新区街道');
    await page.getByRole('button', { name: '保存' }).click();
    // The toast is gone after three seconds; the new node in the tree is the state that stays.
    const node = page.locator('.ant-tree').getByText('新区街道');
    await node.waitFor();
    const before = page.url();
    await node.click();
    await page.waitForURL((u) => /^\/units\/[^/]+$/.test(u.pathname) && u.href !== before);
    const unitId = new URL(page.url()).pathname.split('/').pop()!;
    // The panel shows the previous unit until the new one has loaded: wait for it before using its buttons.
    await page.locator('.ant-card-head-title', { hasText: '新区街道' }).waitFor();

    // Add a person to it.
    await page.getByRole('button', { name: '查看人员' }).click();
    await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('unitId') === unitId);
    await page.getByRole('button', { name: '新增人员' }).click();
    await page.fill('#person-name', '韩立新');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '韩立新' }).waitFor();

    // Create an account for that person from the people list.
    await page.getByRole('row', { name: /韩立新/ }).getByText('创建账号').click();
    await page.waitForURL(/\/accounts/);
    await page.fill('#account-username', 'hanlx');
    await page.fill('#account-password', 'Lixin#Han26');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: 'hanlx', exact: true }).waitFor();
    const account = await server.db.selectFrom('accounts').select(['unit_id', 'person_id']).where('username', '=', 'hanlx').executeTakeFirstOrThrow();
    expect(account.unit_id).toBe(unitId);
    expect(account.person_id).not.toBeNull();

    // Log out, log in as the new account.
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出').click();
    await page.waitForURL(/\/login/);
    await loginAs(page, server.url, 'hanlx', 'Lixin#Han26');

    // Only its own subtree is in the tree.
    await page.goto(`${server.url}/units`);
    const tree = page.locator('.ant-tree');
    await tree.getByText('新区街道').waitFor();
    expect(await tree.getByText('测试县').count()).toBe(0);
    expect(await tree.getByText('城关镇').count()).toBe(0);
    // Staff see no admin-only menu entries.
    expect(await page.getByRole('menuitem', { name: '账号' }).count()).toBe(0);

    // A sibling unit opened by URL is refused.
    await page.goto(`${server.url}/units/${county.units.a.id}`);
    await page.getByText('无权访问').first().waitFor();
    expect(await page.getByText('城关镇').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('works on a phone-sized screen: the menu opens from a button', async () => {
    const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await loginAs(phone, server.url, 'a_admin', PASSWORD);
    await phone.getByRole('button', { name: '打开菜单' }).click();
    await phone.getByRole('menuitem', { name: '人员' }).click();
    await phone.waitForURL(/\/people/);
    await phone.getByRole('cell', { name: '镇李' }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.close();
  });
});
