import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../server/modules/risks/service';
import { shanghaiDay } from '../../server/platform/calendar';
import { newId, nowIso } from '../../server/platform/ids';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

const cn = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

describe('a township keeps its risk points under review', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    // A risk point whose review date has passed.
    const now = nowIso();
    await server.db.insertInto('risk_points').values({ id: newId(), unit_id: county.units.a.id, description: '村务微信群未明确管理员', area: 'positions', level: 'medium', measures: '明确管理员', owner_person_id: null, review_months: 3, next_review_day: '2026-01-15', status: 'controlled', archived_at: null, version: 0, created_at: now, updated_at: now }).execute();
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_staff', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows an overdue review on the home page and in red in the list', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: '复核逾期的风险点 1' }).click();
    await page.waitForURL(/\/risks\?overdue=true/);
    await page.goto(`${server.url}/risks`);
    const row = page.locator('.ant-table-tbody tr', { hasText: '村务微信群未明确管理员' });
    await row.getByText(/复核逾期 \d+ 天/).waitFor();
    expect(await row.getAttribute('class')).toContain('row-overdue');
  });

  it('registers a risk point, records a review that lowers its level, and sees the next review day', async () => {
    await page.getByRole('button', { name: '登记风险点' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#risk-description').fill('镇政府网站评论区缺少审核');
    await dialog.locator('#risk-level').click();
    await page.locator('.ant-select-item-option', { hasText: '高' }).click();
    await dialog.locator('#risk-measures').fill('落实先审后发');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/risks\/[0-9a-f-]+$/);
    await page.locator('.ant-tag', { hasText: '高' }).first().waitFor();

    await page.getByRole('button', { name: '记录复核' }).click();
    const review = page.locator('.ant-modal');
    await review.locator('#review-level').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '低' }).click();
    await review.locator('#review-result').fill('已关闭评论功能，风险降低');
    await review.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已记录复核');
    const today = shanghaiDay();
    await page.getByText(`等级：高 → 低，下次复核 ${cn(addMonths(today, 3))}`).waitFor();
    await page.locator('.ant-descriptions').getByText(cn(addMonths(today, 3))).waitFor();
    await page.locator('.ant-tag', { hasText: '低' }).first().waitFor();
    await page.getByText('复核', { exact: true }).waitFor(); // the review in the history
    await page.screenshot({ path: '/tmp/shots/risk.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('registers a decision risk assessment and finds it by its conclusion', async () => {
    await page.goto(`${server.url}/risk-assessments`);
    await page.getByRole('button', { name: '登记评估' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#assessment-subject').fill('城关镇老旧小区改造项目');
    await dialog.locator('#assessment-conclusion').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '调整后实施' }).click();
    await dialog.locator('#assessment-risks').fill('施工扰民可能引发网上投诉');
    await dialog.locator('#assessment-measures').fill('提前公示工期，设立意见电话');
    await dialog.locator('#assessment-assessor').fill('城关镇党政办');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/risk-assessments\/[0-9a-f-]+$/);
    await page.locator('.ant-tag', { hasText: '调整后实施' }).waitFor();
    await page.getByText('评估报告').first().waitFor();
    await page.goto(`${server.url}/risk-assessments`);
    await page.locator('.ant-table-tbody tr', { hasText: '城关镇老旧小区改造项目' }).getByText('调整后实施').waitFor();
    expect(errors).toEqual([]);
  });
});
