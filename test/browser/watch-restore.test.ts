/**
 * Restoring an archived watch period through the real UI, on a phone: one that has begun comes
 * back and is told to the units at once; one overlapping a live period of the same name is
 * refused with the reason, and stays archived; 归档 archives it again; a roster's page archives and restores it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();

describe('restoring an archived watch period', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    const at = new Date().toISOString();
    const period = (id: string, startsOn: string, endsOn: string) => ({
      id, unit_id: county.units.a.id, name: '国庆', starts_on: startsOn, ends_on: endsOn, note: null, created_by: '城关镇',
      archived_at: at, version: 1, created_at: at, updated_at: at, announced_at: null,
    });
    // Both archived by 城关镇; they overlap on today, so only one of them can come back.
    await server.db.insertInto('watch_periods').values([period('begun', addDays(today, -1), addDays(today, 1)), period('twin', today, addDays(today, 2))]).execute();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a begun period comes back and its units are told; its overlapping twin is refused', async () => {
    const errors: string[] = [];
    const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_staff', PASSWORD);
    await page.goto(`${server.url}/watch/periods/begun`);
    await page.getByText('已归档').waitFor();
    await page.getByRole('button', { name: '恢复' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await page.getByRole('button', { name: '归档' }).waitFor();
    await page.getByText('已归档').waitFor({ state: 'detached' });
    // Told at once: 城关镇's leader hears it in the app.
    const told = await server.db.selectFrom('notifications').select(['account_id', 'title']).where('key', '=', `watch:begun:${county.units.a.id}:restored:2`).execute();
    expect(told.map((n) => n.account_id).sort()).toEqual([county.accounts.leader.id, county.accounts.staff.id].sort());
    expect(told[0].title).toContain('城关镇恢复敏感时期“国庆”');

    await page.goto(`${server.url}/watch/periods/twin`);
    await page.getByText('已归档').waitFor();
    await page.getByRole('button', { name: '恢复' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await toastShown(page, '本单位已发布与这些日期重叠的“国庆”敏感时期，不能恢复');
    expect(await page.getByText('已归档').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // And 归档 archives (the button calls archive, not restore).
    await page.goto(`${server.url}/watch/periods/begun`);
    await page.getByRole('button', { name: '归档' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await page.getByText('已归档').waitFor();
    expect((await server.db.selectFrom('watch_periods').select('archived_at').where('id', '=', 'begun').executeTakeFirstOrThrow()).archived_at).not.toBeNull();
    await page.close();
    expect(errors).toEqual([]);
  });

  it('a roster is archived and restored from its page', async () => {
    const errors: string[] = [];
    const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_staff', PASSWORD);
    // Made through the API, as the roster form would.
    const rosterId = await page.evaluate(async (b) => {
      const csrf = decodeURIComponent(document.cookie.match(/(?:^|;\s*)nd_csrf=([^;]+)/)![1]);
      const r = await fetch('/api/watch/rosters', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(b) });
      return (await r.json()).id as string;
    }, { unitId: county.units.a.id, startsOn: addDays(today, 5), endsOn: addDays(today, 5), shiftMode: 'full', leaderIds: [county.people.a.id], staffIds: [county.people.a.id] });
    await page.goto(`${server.url}/watch/rosters/${rosterId}`);
    await page.getByRole('button', { name: '归档' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await page.getByText('已归档').waitFor();
    await page.getByRole('button', { name: '恢复' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await page.getByText('已归档').waitFor({ state: 'detached' });
    const row = await server.db.selectFrom('watch_rosters').select(['archived_at', 'version']).where('id', '=', rosterId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ archived_at: null, version: 2 });
    await page.close();
    expect(errors).toEqual([]);
  });
});
