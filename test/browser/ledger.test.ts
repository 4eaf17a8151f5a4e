import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../server/platform/ids';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, makePerson, PASSWORD } from '../helpers/factories';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('a township records its study sessions against the county’s targets', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const errors: string[] = [];
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

  async function as(username: string): Promise<Page> {
    const p = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    await makePerson(server.db, { unit: county.units.a, name: '镇周', position: '宣传委员' });
    // A default no township is on track with on any day of the year (1000 a year: at least 2 due by 1 January).
    await server.db.insertInto('annual_targets').values({ id: newId(), unit_id: county.units.county.id, year, scope: 'subordinates', type: 'lecture', min_total: 1000, min_on_topic: 0, min_per_quarter: 0, updated_at: nowIso() }).execute();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county sets its subordinates’ default: 20 study sessions, 4 on this work', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/targets`);
    await page.getByText('设定' + year + '年目标').waitFor();
    await page.getByRole('switch', { name: '设定中心组学习目标' }).click();
    await page.getByLabel('中心组学习全年至少').fill('20');
    await page.getByLabel('中心组学习涉及本项工作至少').fill('4');
    await page.getByRole('button', { name: '保存目标' }).click();
    await toastShown(page, '已保存年度目标');
    const row = page.locator('.ant-table-tbody tr', { hasText: '城关镇' }).first();
    await row.getByText('0/20(本项 0/4)').waitFor();
    await page.close();
  });

  it('城关镇 records a 中心组学习 with participants and a photo, and its count goes up', async () => {
    const page = await as('a_staff');
    await page.goto(`${server.url}/targets`);
    const row = page.locator('.ant-table-tbody tr', { hasText: '城关镇' }).last();
    await row.getByText('0/20(本项 0/4)').waitFor();

    await page.goto(`${server.url}/activities`);
    await page.getByRole('button', { name: '记录活动' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#entry-topic').fill('学习网络意识形态工作责任制实施细则');
    await dialog.locator('#entry-participants').click();
    for (const name of ['镇李', '镇周']) {
      await page.locator('.ant-select-item-option', { hasText: name }).click();
      // The list re-renders after each pick: wait for the tag before the next click.
      await dialog.locator('.ant-select-selection-item', { hasText: name }).waitFor();
    }
    await dialog.locator('#entry-topic').click();
    await dialog.locator('input[type=file]').setInputFiles({ name: '学习现场.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/activities\/[0-9a-f-]+$/);
    await page.getByText('镇周、镇李').waitFor(); // listed by name
    await page.getByText('学习现场.png').waitFor();

    await page.goto(`${server.url}/targets`);
    await page.locator('.ant-table-tbody tr', { hasText: '城关镇' }).last().getByText('1/20(本项 1/4)').waitFor();
    await page.close();
  });

  it('the county sees which townships are behind', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/targets`);
    const dongshan = page.locator('.ant-table-tbody tr', { hasText: '东山镇' });
    await dongshan.waitFor();
    await dongshan.getByText('落后').waitFor();
    expect(await dongshan.getAttribute('class')).toContain('row-overdue');
    await page.getByText(/个单位落后/).waitFor();
    await page.screenshot({ path: '/tmp/shots/targets.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
