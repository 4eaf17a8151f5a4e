/**
 * 值班值守 through the real UI: the county declares a watch period starting today and sees a
 * township's roster gap flagged; the township fills its roster; the county sees 今日值班 on a
 * phone with tap-to-call; the person on duty writes a log entry linked to a case and hands over;
 * two people exchange their shifts on their phones (one proposes, the other accepts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, makeAccount, makePerson, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();

async function pick(page: Page, field: string, option: string) {
  await page.locator('.ant-modal .ant-select', { has: page.locator(`#${field}`) }).first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('a watch period: roster gap flagged, roster filled, 今日值班 on a phone, duty log and handover', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    const jia = await makePerson(server.db, { unit: county.units.a, name: '值班员甲', phone: '13800000001' });
    await server.db.updateTable('people').set({ phone: '13900000000' }).where('id', '=', county.people.a.id).execute();
    await server.db.updateTable('accounts').set({ person_id: jia.id }).where('username', '=', 'a_liaison').execute();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county declares a watch period starting today; 城关镇 is flagged without a complete roster', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    await page.goto(`${server.url}/watch/periods`);
    await page.getByRole('button', { name: '发布敏感时期' }).click();
    await pick(page, 'name', '国庆');
    await page.locator('.ant-modal #range').click();
    await page.keyboard.type(today);
    await page.keyboard.press('Enter');
    await page.keyboard.type(addDays(today, 2));
    await page.keyboard.press('Enter');
    await page.locator('.ant-modal').getByRole('button', { name: '发布' }).click();
    await toastShown(page, '已发布敏感时期');
    await page.waitForURL(/\/watch\/periods\/[0-9a-f-]+$/);
    await page.getByText('敏感时期：国庆').waitFor();
    const cg = page.getByTestId('coverage-城关镇');
    await cg.getByText('未排全').waitFor();
    expect(await cg.innerText()).toContain('未安排24小时值班');
    await page.getByText('已排全 0/5').waitFor();
    await page.close();
  });

  it('城关镇 generates its roster from a rotation and the gap is gone', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_staff', PASSWORD);
    await page.goto(`${server.url}/watch`);
    await page.getByRole('button', { name: '生成值班表' }).click();
    await pick(page, 'leaderIds', '镇李');
    await page.keyboard.press('Escape');
    await pick(page, 'staffIds', '值班员甲');
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal #range').click();
    await page.keyboard.type(addDays(today, -1));
    await page.keyboard.press('Enter');
    await page.keyboard.type(addDays(today, 2));
    await page.keyboard.press('Enter');
    await page.locator('.ant-modal').getByRole('button', { name: '生成' }).click();
    await toastShown(page, '已生成值班表');
    await page.waitForURL(/\/watch\/rosters\/[0-9a-f-]+$/);
    await page.getByText('已排全').first().waitFor();
    await page.getByText('敏感时期“国庆”', { exact: false }).waitFor();
    expect(await page.getByText('缺值班人员').count()).toBe(0);
    await page.close();

    // The county's view of the period now shows 城关镇 complete.
    const county = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await loginAs(county, server.url, 'county_staff', PASSWORD);
    await county.goto(`${server.url}/watch/periods`);
    await county.getByRole('link', { name: '国庆' }).click();
    await county.getByTestId('coverage-城关镇').getByText('已排全').waitFor();
    await county.close();
  });

  it('the county sees 今日值班 for its whole subtree on a phone, with tap-to-call', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'county_staff', PASSWORD);
    await page.goto(`${server.url}/watch/today`);
    const cg = page.getByTestId('today-城关镇');
    await cg.getByText('值班员甲').first().waitFor();
    expect(await cg.locator('a[href="tel:13800000001"]').count()).toBeGreaterThan(0);
    expect(await cg.locator('a[href="tel:13900000000"]').count()).toBeGreaterThan(0);
    await page.getByTestId('today-unscheduled').getByText('东山镇').waitFor();
    // Nothing overflows the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('the person on duty writes a log entry linked to a case and hands over', async () => {
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_liaison', PASSWORD);
    // A case registered during the shift (through the API, as the case form would).
    const status = await page.evaluate(async (unitId) => {
      const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)nd_csrf=([^;]+)/)![1]);
      const r = await fetch('/api/cases', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ unitId, source: 'online_petition', receivedAt: new Date(Date.now() - 60_000).toISOString(), title: '夜间施工噪音扰民', content: '群众反映东街工地夜间施工噪音大，影响休息。', channel: '12345' }),
      });
      return r.status;
    }, county.units.a.id);
    expect(status).toBe(201);
    await page.goto(`${server.url}/watch/my`);
    await page.locator('.ant-list-item', { hasText: '值班中' }).getByRole('link').first().click();
    await page.waitForURL(/\/watch\/shifts\/[0-9a-f-]+$/);
    await page.locator('#matter').fill('接群众电话反映东街工地夜间施工噪音');
    await page.locator('#handling').fill('已登记并转镇城建办核实');
    await page.locator('#caseId').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '夜间施工噪音扰民' }).click();
    await page.getByRole('button', { name: '记录' }).click();
    await toastShown(page, '已记录');
    const entry = page.getByTestId('log-entry');
    await entry.getByText('接群众电话反映东街工地夜间施工噪音').waitFor();
    await entry.getByRole('link', { name: '关联事件：夜间施工噪音扰民' }).waitFor();
    await page.locator('#note').fill('东街工地噪音待城建办回复');
    await page.getByRole('button', { name: /^交班/ }).click();
    await toastShown(page, '已交班');
    await page.getByText('已交班').first().waitFor();
    await page.getByText('东街工地噪音待城建办回复').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
    expect(errors).toEqual([]);
  });

  it('two people exchange their shifts on their phones: 甲 proposes, 乙 accepts, the roster shows both moved', async () => {
    const yi = await makePerson(server.db, { unit: county.units.a, name: '值班员乙', phone: '13800000002' });
    await makeAccount(server.db, { unit: county.units.a, role: 'liaison', username: 'a_duty2', personId: yi.id });
    const d5 = addDays(today, 5);
    const d6 = addDays(today, 6);
    // The township's roster for two later days: 甲 on the first, 乙 on the second (made through the API, as the roster form would).
    const owner = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await loginAs(owner, server.url, 'a_staff', PASSWORD);
    const rosterId = await owner.evaluate(async (b) => {
      const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)nd_csrf=([^;]+)/)![1]);
      const r = await fetch('/api/watch/rosters', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(b) });
      return (await r.json()).id as string;
    }, { unitId: county.units.a.id, startsOn: d5, endsOn: d6, shiftMode: 'full', leaderIds: [county.people.a.id], staffIds: [(await server.db.selectFrom('people').select('id').where('name', '=', '值班员甲').executeTakeFirstOrThrow()).id, yi.id] });
    await owner.close();

    const jia = await openPage(browser, { viewport: { width: 390, height: 844 } });
    jia.on('pageerror', (e) => errors.push(e.message));
    await loginAs(jia, server.url, 'a_liaison', PASSWORD);
    await jia.goto(`${server.url}/watch/rosters/${rosterId}`);
    await jia.getByTestId(`shift-${d5}-full`).getByRole('button', { name: '互换' }).click();
    await pick(jia, 'otherShiftId', '值班员乙');
    await jia.locator('.ant-modal #reason').fill('孩子开家长会');
    await jia.locator('.ant-modal').getByRole('button', { name: '提交' }).click();
    await toastShown(jia, '已发给值班员乙确认');
    expect(await jia.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Nothing moved yet.
    expect(await jia.getByTestId(`shift-${d5}-full`).innerText()).toContain('值班员甲');
    await jia.close();

    const other = await openPage(browser, { viewport: { width: 390, height: 844 } });
    other.on('pageerror', (e) => errors.push(e.message));
    await loginAs(other, server.url, 'a_duty2', PASSWORD);
    await other.goto(`${server.url}/watch/swaps?status=pending`);
    await other.getByText('待对方确认').waitFor();
    await other.getByRole('button', { name: '同意互换' }).click();
    await toastShown(other, '已同意互换，两个班次已调整');
    // Settled: it leaves the pending list.
    await other.getByText('待对方确认').waitFor({ state: 'detached' });
    expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await other.goto(`${server.url}/watch/rosters/${rosterId}`);
    await other.getByTestId(`shift-${d5}-full`).getByText('值班员乙').waitFor();
    expect(await other.getByTestId(`shift-${d6}-full`).innerText()).toContain('值班员甲');
    await other.close();
    expect(errors).toEqual([]);
  });
});
