import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

async function xlsx(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('风险点');
  ws.addRow(['单位', '风险描述', '领域', '等级', '防控措施', '责任人', '复核周期(月)', '下次复核日期']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('importing a register from a workbook on its page (the shared 导入 dialog)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a file with a bad row is refused row by row; the corrected file imports', async () => {
    await loginAs(page, server.url, 'a_staff', PASSWORD);
    await page.goto(`${server.url}/risks`);
    await page.getByRole('button', { name: '导入' }).click();
    const dialog = page.locator('.ant-modal', { hasText: '导入风险点' });
    const input = dialog.locator('input[type=file]');

    const good = ['城关镇', '村务公开栏内容陈旧', '信息发布', '低', '每月更新', '镇李', 6, '2026-12-31'];
    await input.setInputFiles({ name: 'r.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx([good, ['城关镇', '缺领域', '天气', '低', 'x', '', 6, '2026-12-31']]) });
    await dialog.getByText('1 行有问题').waitFor();
    expect(await dialog.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);

    await input.setInputFiles({ name: 'r.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx([good]) });
    await dialog.getByText('检查通过：共 1 行').waitFor();
    await dialog.getByRole('button', { name: '确认导入 1 条' }).click();
    await toastShown(page, '已导入 1 条');
    await page.locator('.ant-table-tbody').getByText('村务公开栏内容陈旧').waitFor();
    expect(errors).toEqual([]);
  });
});
