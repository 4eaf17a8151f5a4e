import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../server/app';
import { currentCode } from '../../server/platform/two-factor';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';

/** At phone width: enrol an authenticator, sign in with a code, then with a recovery code; a lost phone reset by the security administrator. */
describe('two-factor sign-in at phone width', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    browser = await launchChromium();
    page = await openPage(browser, phone);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('Content Security Policy')) errors.push(m.text()); });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function submitPassword(p: Page, username: string) {
    await p.goto(`${server.url}/login`);
    await p.fill('#username', username);
    await p.fill('#password', PASSWORD);
    await p.getByRole('button', { name: '登录' }).click();
  }

  async function passwordStep(p: Page) {
    await submitPassword(p, 'a_leader');
    await p.locator('#code').waitFor();
  }

  /** A required account that has not enrolled is taken to enrolment at once. */
  async function sentToEnrol(p: Page, username: string) {
    await submitPassword(p, username);
    await p.waitForURL((u) => u.pathname === '/two-factor');
    await p.getByRole('button', { name: '绑定验证器' }).waitFor();
  }

  it('enrols, signs in with a code and with a recovery code; the security administrator resets a lost phone', async () => {
    const home = await page.goto(`${server.url}/login`);
    expect(home!.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await loginAs(page, server.url, 'a_leader', PASSWORD);
    await page.goto(`${server.url}/two-factor`);
    await page.getByText('未启用').waitFor();
    await page.getByRole('button', { name: '绑定验证器' }).click();
    const qr = page.getByRole('img', { name: '绑定验证器的二维码' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    const enrolCode = currentCode(secret);
    await page.fill('#totp-code', enrolCode);
    await page.getByRole('button', { name: '确认绑定' }).click();
    await toastShown(page, '验证器已绑定');
    const codes = await page.getByTestId('recovery-code').allInnerTexts();
    expect(codes).toHaveLength(10);
    await page.getByText('已启用').waitFor();
    // Nothing on the page needs more width than the phone has.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Sign in again: the password, then the next code from the app.
    const second = await openPage(browser, phone);
    await passwordStep(second);
    await second.fill('#code', currentCode(secret, Date.now() + 30_000));
    await second.getByRole('button', { name: '验证并登录' }).click();
    await second.waitForURL((u) => !u.pathname.startsWith('/login'));

    // A recovery code instead of the phone, once.
    const third = await openPage(browser, phone);
    await passwordStep(third);
    await third.fill('#code', codes[0].trim());
    await third.getByRole('button', { name: '验证并登录' }).click();
    await third.waitForURL((u) => !u.pathname.startsWith('/login'));
    const fourth = await openPage(browser, phone);
    await passwordStep(fourth);
    await fourth.fill('#code', codes[0].trim());
    await fourth.getByRole('button', { name: '验证并登录' }).click();
    await fourth.getByText('验证码不正确或已使用').waitFor();

    // The phone is lost: the security administrator resets it, and the account signs in with its password.
    const sec = await openPage(browser, phone);
    await loginAs(sec, server.url, 'a_secadmin', PASSWORD);
    await sec.goto(`${server.url}/accounts?q=a_leader`);
    await sec.getByPlaceholder('登录名或显示名称').fill('a_leader');
    await sec.getByPlaceholder('登录名或显示名称').press('Enter');
    await sec.getByRole('row', { name: /a_leader/ }).getByText('重置双因素').click();
    await sec.getByRole('button', { name: '重置', exact: true }).click();
    await toastShown(sec, '已重置双因素认证');
    const fifth = await openPage(browser, phone);
    await loginAs(fifth, server.url, 'a_leader', PASSWORD);

    // The security administrator requires two factors of leaders; the leader then has to enrol first.
    await sec.goto(`${server.url}/security`);
    await sec.getByRole('checkbox', { name: '领导' }).check();
    await sec.getByRole('button', { name: '保存' }).click();
    await toastShown(sec, '已保存双因素认证策略');
    await sentToEnrol(await openPage(browser, phone), 'a_leader');
    expect(errors).toEqual([]);
  });
  it('the security administrator requires two factors of staff in one township: its staff must enrol, a sibling township\'s staff not', async () => {
    const sec = await openPage(browser, phone);
    await loginAs(sec, server.url, 'county_secadmin', PASSWORD);
    await sec.goto(`${server.url}/security`);
    await sec.getByRole('button', { name: '添加单位规则' }).click();
    const rule = sec.getByTestId('unit-rule-0');
    await rule.locator('input#unit-rule-0-unit').fill('城关镇');
    await sec.locator('.ant-select-tree-title', { hasText: /^城关镇$/ }).click();
    await rule.getByRole('checkbox', { name: '工作人员' }).check();
    await sec.getByRole('button', { name: '保存' }).click();
    await toastShown(sec, '已保存双因素认证策略');
    // Read back from the server.
    await sec.reload();
    await sec.getByTestId('unit-rule-0').getByText('城关镇').waitFor();
    expect(await sec.getByTestId('unit-rule-0').getByRole('checkbox', { name: '工作人员' }).isChecked()).toBe(true);

    await sentToEnrol(await openPage(browser, phone), 'a_staff');
    const other = await openPage(browser, phone);
    await loginAs(other, server.url, 'b_staff', PASSWORD);
    await other.waitForURL((u) => u.pathname === '/');
    expect(errors).toEqual([]);
  });
});
