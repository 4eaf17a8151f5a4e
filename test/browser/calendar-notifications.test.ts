import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { WorkCalendar } from '../../server/platform/calendar';
import { registerReminderSource, type Reminder } from '../../server/platform/reminders';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

/** A click during the dialog's opening zoom can land beside the moving button: wait until it stands still. */
async function dialogSettled(page: Page, selector = '.ant-modal') {
  await expect
    .poll(() => page.evaluate((sel) => {
      const m = document.querySelector(sel);
      const t = m ? getComputedStyle(m).transform : 'missing';
      return t === 'none' || t === 'matrix(1, 0, 0, 1, 0, 0)';
    }, selector))
    .toBe(true);
}

describe('the root admin corrects the working-day calendar; a staff member follows a reminder from the bell', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let pending: Reminder[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    registerReminderSource('browser-test', async () => pending);
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('marks holidays and make-up days, and turns a workday into a day off', async () => {
    await loginAs(page, server.url, 'county_admin', PASSWORD);
    await page.goto(`${server.url}/calendar?year=2026`);
    await expect.poll(() => page.getAttribute('#cal-day-2026-10-01', 'data-source')).toBe('holiday');
    expect(await page.getAttribute('#cal-day-2026-10-10', 'data-source')).toBe('makeup_workday');
    expect(await page.getAttribute('#cal-day-2026-10-11', 'data-source')).toBe('weekend');

    await page.click('#cal-day-2026-11-20');
    await dialogSettled(page);
    await page.locator('#cal-workday').getByText('休息').click();
    expect(await page.getByRole('radio', { name: '休息' }).isChecked()).toBe(true);
    await page.fill('#cal-note', '县城停电检修，全县放假一天');
    await page.click('#cal-save');
    await toastShown(page, '已将 2026年11月20日 周五 调整为休息');
    expect(await page.getAttribute('#cal-day-2026-11-20', 'data-source')).toBe('override');
    await page.getByRole('cell', { name: '县城停电检修，全县放假一天' }).waitFor();
    expect((await WorkCalendar.load(server.db)).isWorkday('2026-11-20')).toBe(false);

    // Undo it from the same dialog.
    await page.click('#cal-day-2026-11-20');
    await dialogSettled(page);
    await page.click('#cal-reset');
    await toastShown(page, '已恢复数据包中的安排');
    expect(await page.getAttribute('#cal-day-2026-11-20', 'data-source')).toBe('workday');
    expect((await WorkCalendar.load(server.db)).isWorkday('2026-11-20')).toBe(true);

    // The reminder setting on the same page.
    await page.fill('#reminder-days', '5');
    await page.getByRole('button', { name: '保存提醒设置' }).click();
    await toastShown(page, '已保存提醒设置');
  });

  it('shows the township staff the unread count, the home card, and clears it when followed', async () => {
    pending = [
      { key: 'bt:task-1:due_soon', kind: 'due_soon', unitId: county.units.a.id, roles: ['staff'], title: '任务“网络安全宣传周”将于 11月25日 到期', link: '/people', dueAt: '2026-11-25T15:59:59.999Z' },
      { key: 'bt:task-2:overdue', kind: 'overdue', unitId: county.units.a.id, roles: ['staff'], title: '整改“网站栏目未更新”已逾期', link: '/units', dueAt: '2026-11-20T15:59:59.999Z' },
    ];
    expect((await runReminders(server.db)).created).toBe(2);
    const staff = await openPage(browser, { viewport: { width: 390, height: 844 } });
    staff.on('pageerror', (e) => errors.push(e.message));
    await loginAs(staff, server.url, 'a_staff', PASSWORD);
    const bell = staff.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('消息提醒，2 条未读');
    const card = staff.getByTestId('home-reminders');
    await card.getByText('任务“网络安全宣传周”将于 11月25日 到期').click();
    await staff.waitForURL((u) => u.pathname === '/people');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('消息提醒，1 条未读');

    await bell.click();
    await staff.waitForURL((u) => u.pathname === '/notifications');
    await staff.getByText('整改“网站栏目未更新”已逾期').waitFor();
    await staff.getByRole('button', { name: '全部标为已读' }).click();
    await dialogSettled(staff, '.ant-popover');
    await staff.getByRole('button', { name: '确定' }).click();
    await staff.getByText('没有未读提醒').waitFor();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('消息提醒');
    expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const rows = await server.db.selectFrom('notifications').select('read_at').where('account_id', '=', county.accounts.staff.id).execute();
    expect(rows.every((r) => r.read_at !== null)).toBe(true);
    expect(errors).toEqual([]);
  });
});
