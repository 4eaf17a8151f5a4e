import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, postAs, startServer } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

/** Ticks the row (a table row or a phone card) that shows `text`. */
async function tick(page: Page, text: string) {
  await page.locator('tr.ant-table-row', { hasText: text }).locator('.ant-checkbox-input').check();
}

/** Confirms a bulk action and answers the report dialog's title and the records it names. */
async function bulk(page: Page, label: string) {
  await page.getByRole('button', { name: label }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
  const report = page.locator('.ant-modal-confirm');
  await report.waitFor();
  const title = (await report.locator('.ant-modal-confirm-title').innerText()).trim();
  const failures = (await report.getByTestId('bulk-failures').count()) ? await report.getByTestId('bulk-failures').locator('li').allInnerTexts() : [];
  await report.getByRole('button', { name: '知道了' }).click();
  await report.waitFor({ state: 'detached' });
  return { title, failures };
}

describe('bulk 催办 on tasks and cases, bulk archive of tasks, and printing every record of a filter', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const errors: string[] = [];
  const ids: Record<string, string> = {};

  async function as(username: string, width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: width < 500 ? 844 : 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    browser = await launchChromium();
    const staff = await as('county_staff');
    const base = { title: '', source: 'superior', startDay: '2026-12-01', dueMode: 'date', dueDay: '2027-01-31' };
    const assigned = await postAs(staff, server.url, '/api/tasks/assign', { ...base, title: '宣传周活动总结', unitIds: [county.units.a.id, county.units.b.id], fromUnitId: county.units.county.id });
    ids.assigned = assigned.id;
    const own = await postAs(staff, server.url, '/api/tasks', { ...base, title: '宣传周本级筹备', unitId: county.units.county.id });
    ids.own = own.id;
    // 东山镇's copy was urged this morning: today's second 催办 is skipped.
    const children = (await (await staff.request.get(`${server.url}/api/tasks?q=宣传周活动总结`)).json()).items.filter((t: { parentId: string | null }) => t.parentId);
    const east = children.find((t: { unitName: string }) => t.unitName === '东山镇');
    await postAs(staff, server.url, `/api/tasks/${east.id}/urge`, { note: null });
    for (let i = 1; i <= 23; i++) await postAs(staff, server.url, '/api/tasks', { ...base, title: `打印核对任务${String(i).padStart(2, '0')}`, unitId: county.units.county.id });
    await staff.close();

    const town = await as('a_staff');
    for (const [title, content] of [['河道垃圾堆积', '城关镇东河河道里垃圾堆积半个月没人清理，天热以后气味很大，附近居民意见很大。'], ['夜市噪音扰民', '城关镇夜市每天营业到凌晨两点，音响声音很大，附近小区老人和孩子休息不好，请管一管。']]) {
      const r = await postAs(town, server.url, '/api/cases', { unitId: county.units.a.id, source: 'hotline', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title, content });
      await postAs(town, server.url, `/api/cases/${r.eventId}/triage`, { version: 0, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id });
      ids[title] = r.eventId;
    }
    await town.close();
    const leader = await as('county_leader');
    await postAs(leader, server.url, `/api/cases/${ids['夜市噪音扰民']}/urge`, { note: null });
    await leader.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county urges the tasks it ticked at once: each checked alone, the report says what was urged and what was skipped and why', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/tasks?q=宣传周`);
    await page.locator('tr.ant-table-row', { hasText: '宣传周本级筹备' }).waitFor();
    await page.locator('tr.ant-table-row', { hasText: '城关镇' }).filter({ hasText: '宣传周活动总结' }).locator('.ant-checkbox-input').check();
    await page.locator('tr.ant-table-row', { hasText: '东山镇' }).filter({ hasText: '宣传周活动总结' }).locator('.ant-checkbox-input').check();
    await tick(page, '宣传周本级筹备');
    await page.getByText('已选 3 项').waitFor();
    const r = await bulk(page, '批量催办');
    expect(r.title).toBe('已催办 1 项，跳过 2 项');
    expect(r.failures.sort()).toEqual(['东山镇：宣传周活动总结：今天已催办过该任务', '测试县：宣传周本级筹备：只有派发给下级单位的任务可以催办'].sort());
    await page.close();
    // 城关镇 was told; 东山镇 only once today.
    const town = await as('a_staff');
    const bell = await (await town.request.get(`${server.url}/api/notifications`)).json();
    expect(bell.items.filter((n: { title: string }) => n.title.includes('催办任务“宣传周活动总结”'))).toHaveLength(1);
    await town.close();
  });

  it('bulk archive: each task as alone, the assigned one with the copies it sent down, and a summary', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/tasks?q=宣传周`);
    await page.locator('tr.ant-table-row', { hasText: '宣传周本级筹备' }).waitFor();
    // The assigned task itself (its copies read "测试县派发").
    await page.locator('tr.ant-table-row', { hasText: '宣传周活动总结', hasNotText: '测试县派发' }).locator('.ant-checkbox-input').check();
    await page.locator('tr.ant-table-row', { hasText: '城关镇' }).filter({ hasText: '宣传周活动总结' }).locator('.ant-checkbox-input').check();
    await tick(page, '宣传周本级筹备');
    const r = await bulk(page, '批量归档');
    expect(r).toEqual({ title: '已归档 3 项', failures: [] });
    // The list leaves archived tasks out; the assigned task's copies went with it.
    await page.locator('tr.ant-table-row', { hasText: '宣传周' }).first().waitFor({ state: 'detached' });
    const archived = (await (await page.request.get(`${server.url}/api/tasks?q=宣传周&archived=true`)).json()).items;
    expect(archived.map((t: { unitName: string; title: string }) => `${t.unitName}${t.title}`).sort()).toEqual(['东山镇宣传周活动总结', '城关镇宣传周活动总结', '测试县宣传周本级筹备', '测试县宣传周活动总结'].sort());
    await page.close();
  });

  it('a leader on a phone urges several events at once; the one urged today is skipped', async () => {
    const page = await as('county_leader', 390);
    await page.goto(`${server.url}/cases`);
    await page.locator('tr.ant-table-row', { hasText: '河道垃圾堆积' }).waitFor();
    await tick(page, '河道垃圾堆积');
    await tick(page, '夜市噪音扰民');
    const r = await bulk(page, '批量催办');
    expect(r).toEqual({ title: '已催办 1 项，跳过 1 项', failures: ['城关镇：夜市噪音扰民：今天已催办过该事件'] });
    const e = await (await page.request.get(`${server.url}/api/cases/${ids['河道垃圾堆积']}`)).json();
    expect(e.steps.filter((s: { step: string }) => s.step === 'urge')).toHaveLength(1);
    await page.screenshot({ path: '/tmp/day2-bulk-cases-390.png', fullPage: true });
    await page.close();
  });

  it('打印 prints every task of the filter, not just the page on screen, and the list returns to its page', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/tasks?q=打印核对`);
    await page.getByText('共 23 条').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(20);
    // The print dialog is the browser's: what it would print is counted when it opens.
    await page.evaluate(() => {
      window.print = () => {
        const w = window as unknown as { printed: string[] };
        w.printed = [...document.querySelectorAll('.ant-table-tbody tr.ant-table-row')].map((r) => (r.textContent ?? '').match(/打印核对任务\d+/)?.[0] ?? '');
      };
    });
    await page.getByRole('button', { name: '打印' }).click();
    const printed = (await page.waitForFunction(() => (window as unknown as { printed?: string[] }).printed)).jsonValue() as Promise<string[]>;
    expect((await printed).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `打印核对任务${String(i + 1).padStart(2, '0')}`));
    await expect.poll(() => rows.count()).toBe(20);
    await page.getByText('共 23 条').waitFor();
    await page.close();
    expect(errors).toEqual([]);
  });
});
