/**
 * A clerk writes rectification items as the plan will print them (aspect, numbered measures,
 * 长期坚持), records the batch's basis document and 整改专班, and generates the 整改方案 in
 * that structure; the list, the plan card and the form fit a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

const batch = '2026年县委第一轮巡察';

describe('a rectification plan grouped by aspect', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const errors: string[] = [];

  async function as(username: string, width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county raises an item under an aspect with two numbered measures and 长期坚持', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/rectification`);
    await page.getByRole('button', { name: '提出整改事项' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#rect-unit').click();
    await page.locator('.ant-select-tree').getByTitle('城关镇', { exact: true }).click();
    await dialog.locator('#rect-problem').fill('传达部署多、督查检查少');
    await dialog.locator('#batch').fill(batch);
    await dialog.locator('#rect-aspect').fill('落实意识形态工作责任制');
    await dialog.locator('#rect-measure-0').fill('专题学习意识形态工作责任制');
    await dialog.getByRole('button', { name: '添加一条措施' }).click();
    await dialog.locator('#rect-measure-1').fill('纳入年度考核');
    await dialog.getByText('工作日', { exact: true }).click();
    await dialog.locator('#rect-due-days').fill('10');
    await dialog.locator('#rect-keep-on').check();
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/rectification\/[0-9a-f-]+$/);
    await page.getByText('在落实意识形态工作责任制方面').waitFor();
    await page.getByText('一是专题学习意识形态工作责任制').waitFor();
    await page.getByText('二是纳入年度考核').waitFor();
    await page.getByText('前，长期坚持').waitFor();
    await page.close();
  });

  it('records the basis document and the 整改专班 on the batch', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/rectification?batch=${encodeURIComponent(batch)}`);
    await page.getByText('尚未登记依据文件和整改专班').waitFor();
    await page.getByRole('button', { name: '设置依据文件和整改专班' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#plan-basis-title').fill('关于反馈县委第一轮巡察意见的通知');
    await dialog.locator('#plan-basis-no').fill('测委巡〔2026〕7号');
    await dialog.locator('#plan-leader').click();
    await page.locator('.ant-select-item-option', { hasText: '县张' }).click();
    await dialog.locator('#plan-members').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '镇李' }).click();
    // The multiple choice stays open for more: close it before saving.
    await dialog.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存整改方案信息');
    await page.getByText('组长：县张；成员：镇李').waitFor();
    await page.getByText('《关于反馈县委第一轮巡察意见的通知》（测委巡〔2026〕7号）').waitFor();
    await page.close();
  });

  it('generates the 整改方案 with the aspect as its heading and the measures numbered', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/documents`);
    await page.getByRole('combobox', { name: '文稿类型' }).click();
    await page.locator('.ant-select-item-option', { hasText: '整改方案' }).click();
    await page.getByRole('combobox', { name: '检查批次' }).click();
    await page.locator('.ant-select-item-option', { hasText: batch }).click();
    await page.getByRole('button', { name: '生成' }).click();
    const preview = page.getByTestId('doc-preview');
    await preview.getByText('（一）在落实意识形态工作责任制方面').waitFor();
    await preview.getByText('成立整改专班，由县张任组长，镇李为成员，负责整改工作的组织推进、督促检查和验收销号。').waitFor();
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('根据《关于反馈县委第一轮巡察意见的通知》（测委巡〔2026〕7号）要求');
    expect(text).toContain('针对“传达部署多、督查检查少”的问题');
    expect(text).toContain('整改措施：一是专题学习意识形态工作责任制。二是纳入年度考核。');
    expect(text).toMatch(/整改时限：2026年\d+月\d+日前，长期坚持。/);
    expect(text).not.toMatch(/xx|××/i);
    await page.screenshot({ path: '/tmp/rec17-plan-preview.png', fullPage: true });
    await page.close();
  });

  it('fits a phone: the plan card above the cards, and the form with its measures', async () => {
    const page = await as('county_staff', 390);
    await page.goto(`${server.url}/rectification?batch=${encodeURIComponent(batch)}`);
    await page.getByText('组长：县张；成员：镇李').waitFor();
    await page.getByText('传达部署多、督查检查少').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/rec17-plan-phone.png', fullPage: true });
    await page.getByRole('button', { name: '提出整改事项' }).click();
    await page.locator('#rect-measure-0').waitFor();
    await page.getByRole('button', { name: '添加一条措施' }).click();
    await page.locator('#rect-measure-1').waitFor();
    const box = await page.locator('#rect-measure-1').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/rec17-form-phone.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
