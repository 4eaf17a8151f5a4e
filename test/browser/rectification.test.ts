import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe('a rectification is signed off by someone other than its owner', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const errors: string[] = [];
  let itemUrl = '';

  async function as(username: string, width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    // 镇李 owns the item and is a leader of 城关镇: he holds the sign-off permission, yet may not use it on his own item.
    await makeAccount(server.db, { unit: county.units.a, role: 'leader', username: 'a_owner', personId: county.people.a.id });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county raises an item for 城关镇 with 镇李 responsible', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/rectification`);
    await page.getByRole('button', { name: '提出整改事项' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#rect-unit').click();
    await page.locator('.ant-select-tree').getByTitle('城关镇', { exact: true }).click();
    await dialog.locator('#rect-problem').fill('门户网站“领导之窗”栏目信息未及时更新');
    await dialog.locator('#rect-measure-0').fill('明确专人负责，每周核对一次');
    await dialog.getByLabel('整改责任人').click();
    await page.locator('.ant-select-item-option', { hasText: '镇李' }).click();
    await dialog.getByText('工作日', { exact: true }).click();
    await dialog.locator('#rect-due-days').fill('10');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/rectification\/[0-9a-f-]+$/);
    itemUrl = page.url();
    await page.getByText('整改中').waitFor();
    await page.close();
  });

  it('the owner reports completion with evidence and cannot sign it off himself', async () => {
    const page = await as('a_owner', 390);
    await page.goto(itemUrl);
    await page.getByRole('button', { name: '报告整改完成' }).click();
    await page.locator('#rect-report-note').fill('已明确宣传委员负责，栏目已更新 12 条');
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: '更新截图.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%test\n') });
    await page.locator('.ant-modal').getByRole('button', { name: '报告' }).click();
    await toastShown(page, '已报告整改完成，上传佐证 1 个');
    await page.getByText('已报完成').first().waitFor();
    await page.locator('.ant-list').getByText('更新截图.pdf').waitFor();
    const signOff = page.getByRole('button', { name: '销号' });
    expect(await signOff.isDisabled()).toBe(true);
    await page.getByText(/您不能为此事项销号：/).waitFor();
    // Nor may the owner unit rewrite or archive what the county raised.
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '归档' }).count()).toBe(0);
    // The API refuses him too, whatever the page shows.
    const id = itemUrl.split('/').pop();
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const r = await page.request.post(`${server.url}/api/rectifications/${id}/sign-off`, { data: { version: 1 }, headers: { 'x-csrf-token': csrf } });
    expect(r.status()).toBe(403);
    expect((await r.json()).code).toBe('SIGN_OFF_REFUSED');
    await page.screenshot({ path: '/tmp/shots/rect-owner-phone.png', fullPage: true });
    await page.close();
  });

  it('the county inspector sends it back with a reason; the owner sees it and reports again', async () => {
    const inspector = await as('county_inspector');
    await inspector.goto(itemUrl);
    await inspector.getByRole('button', { name: '退回' }).click();
    await inspector.locator('#rect-return-reason').fill('缺少栏目更新记录截图，请补充');
    await inspector.locator('.ant-modal').getByRole('button', { name: '退回' }).click();
    await toastShown(inspector, '已退回');
    await inspector.close();

    const owner = await as('a_owner');
    await owner.goto(itemUrl);
    await owner.getByText('已被退回 1 次，最近一次原因：缺少栏目更新记录截图，请补充').waitFor();
    await owner.getByRole('button', { name: '报告整改完成' }).click();
    await owner.locator('#rect-report-note').fill('已补充更新记录截图');
    await owner.locator('.ant-modal').getByRole('button', { name: '报告' }).click();
    await toastShown(owner, '已报告整改完成');
    await owner.close();
  });

  it('a county leader signs it off', async () => {
    const page = await as('county_leader');
    await page.goto(itemUrl);
    await page.getByRole('button', { name: '销号' }).click();
    await page.locator('#rect-signoff-note').fill('经核查，整改到位');
    await page.getByRole('button', { name: '确认销号' }).click();
    await page.getByText('已销号', { exact: true }).first().waitFor();
    await page.getByText(/county_leader\(county_leader\).*经核查，整改到位/).first().waitFor();
    for (const step of ['报告整改完成', '退回重新整改', '销号']) expect(await page.locator('.ant-timeline').getByText(step, { exact: true }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/shots/rect-closed.png', fullPage: true });
    const row = await server.db.selectFrom('rectifications').select(['status', 'signed_off_by_name', 'return_count']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', signed_off_by_name: 'county_leader(county_leader)', return_count: 1 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an overdue item stands out in the list, on a desk and on a phone', async () => {
    const page = await as('county_staff');
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const a = (await server.db.selectFrom('units').select('id').where('name', '=', '城关镇').executeTakeFirstOrThrow()).id;
    const late = await page.request.post(`${server.url}/api/rectifications`, {
      headers: { 'x-csrf-token': csrf },
      data: { unitId: a, problem: '宣传栏内容长期未更换', origin: 'self_check', measures: '每季度更换一次', startDay: '2026-01-05', dueMode: 'date', dueDay: '2026-02-01' },
    });
    expect(late.status()).toBe(201);
    await page.goto(`${server.url}/rectification`);
    const row = page.locator('.ant-table-row', { hasText: '宣传栏内容长期未更换' });
    await row.getByText(/已逾期 \d+ 天/).waitFor();
    await page.screenshot({ path: '/tmp/shots/rect-list.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await row.getByText('整改中').waitFor();
    expect(await row.getByText(/已逾期 \d+ 天/).isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/shots/rect-list-phone.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
