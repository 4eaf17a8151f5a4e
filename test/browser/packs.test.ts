import fs from 'node:fs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../server/platform/ids';
import { storeBlob } from '../../server/platform/files';
import { shanghaiDay } from '../../server/platform/period';
import { launchChromium, loginAs, openPage, startServer } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('a township builds its inspection pack and downloads it', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const y = Number(shanghaiDay().slice(0, 4)); // Shanghai's year: on 31 December after 16:00 UTC it is already the next

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    // A study session of this year with its minutes and forty photos; with the 9 ledgers, the half-year summary and
    // periodic 舆情专报 (generated), and the index, 53 files.
    const now = nowIso();
    const entryId = newId();
    await server.db.insertInto('ledger_entries').values({
      id: entryId, unit_id: county.units.a.id, type: 'central_group', day: `${y}-03-10`, topic: '学习网络意识形态工作责任制实施细则', on_topic: 1,
      host_person_id: null, others_count: 0, summary: null, minutes: null, plan_id: null, created_by_name: '城关镇工作人员', archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    const files = [{ name: '会议记录.pdf', content: Buffer.from('%PDF-1.4\n% minutes\n') }];
    for (let i = 1; i <= 40; i++) files.push({ name: `现场照片${i}.jpg`, content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(20_000, i)]) });
    for (const f of files) {
      const { sha256 } = storeBlob(server.dataDir, f.content);
      await server.db.insertInto('file_blobs').values({ sha256, size: f.content.length, mime: f.name.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg', created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await server.db.insertInto('attachments').values({ id: newId(), sha256, filename: f.name, entity: 'ledger_entry', entity_id: entryId, unit_id: county.units.a.id, uploaded_by: null, archived_at: null, created_at: now }).execute();
    }
    // The county's checklist framework, one item bound to the study sessions: a pack may be arranged by it.
    await server.db.insertInto('check_frameworks').values({
      id: newId(), unit_id: county.units.county.id, year: y, name: `${y}年度考核细则`, total_points: 100, based_on_id: null, archived_at: null, version: 0, created_at: now, updated_at: now,
      content: JSON.stringify({ sections: [{ key: 's1', title: '学习教育', items: [
        { key: 'k1', text: '理论学习中心组学习全年不少于1次', kind: 'normal', points: 100, scoring: 'pass_fail', indicator: 'ledger.study_sessions', comparator: '>=', threshold: 1, kinds: [], evidence: '学习记录、活动台账' },
      ] }] }),
    }).execute();
    browser = await launchChromium();
    page = await openPage(browser, { viewport: { width: 390, height: 844 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await loginAs(page, server.url, 'a_staff', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('at phone width: opens the page from the menu, builds, sees the progress reach done, downloads the zip', async () => {
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '迎检材料包' }).click();
    await page.waitForURL(/\/packs$/);
    await page.getByText('还没有生成过材料包').waitFor();

    await page.locator('#pack-preset').click();
    await page.locator('.ant-select-item-option', { hasText: `${y}年上半年` }).click();
    expect(await page.locator('#pack-from').inputValue()).toBe(`${y}-01-01`);
    expect(await page.locator('#pack-to').inputValue()).toBe(`${y}-06-30`);
    await page.getByRole('button', { name: '生成材料包' }).click();

    const current = page.getByTestId('pack-current');
    await current.locator('.ant-progress').waitFor();
    await page.getByText(`城关镇 ${y}年1月1日至${y}年6月30日：已完成`).waitFor({ timeout: 60_000 });
    await current.getByText('65 个文件').waitFor();
    await page.screenshot({ path: '/tmp/shots/packs-phone.png', fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), current.getByRole('link', { name: /下载材料包/ }).click()]);
    expect(download.suggestedFilename()).toBe(`城关镇迎检材料(${y}年1月1日至${y}年6月30日).zip`);
    const file = await download.path();
    const zip = await JSZip.loadAsync(fs.readFileSync(file!));
    const names = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name);
    expect(names).toHaveLength(65);
    // The ledgers of 阵地 and of reporting, duty and information in their own topic folders.
    expect(names.filter((n) => n.includes('/09 阵地管理/')).length).toBe(3);
    expect(names.filter((n) => n.includes('/10 报告值班与信息报送/')).length).toBe(5);
    expect(names.filter((n) => n.includes('08 工作文档/')).map((n) => n.split('/').pop())).toEqual([`${y}年上半年工作总结.docx`, `${y}年上半年舆情专报.docx`]);
    expect(names.some((n) => n.endsWith('/00 材料目录.xlsx'))).toBe(true);
    expect(names.some((n) => n.endsWith('/03 学习与会议/活动台账.xlsx'))).toBe(true);
    expect(names.filter((n) => n.includes('/03 学习与会议/活动记录附件/')).length).toBe(41);

    // The list shows it, downloadable.
    const row = page.locator('.ant-table-tbody tr', { hasText: '城关镇' }).first();
    await row.getByText('已完成').waitFor();
    await row.getByRole('link', { name: /下载/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('at desktop width: lists the pack with its period, progress, size and a download link', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/packs`);
    const row = page.locator('.ant-table-tbody tr', { hasText: `${y}年1月1日至${y}年6月30日` });
    await row.getByText('已完成').waitFor();
    await row.getByText('65 个文件').waitFor();
    expect(await row.getByRole('link', { name: '下载' }).getAttribute('href')).toMatch(/^\/api\/packs\/[0-9a-f-]+\/download$/);
    await page.screenshot({ path: '/tmp/shots/packs-desktop.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('at desktop width: builds the year’s pack arranged by the county’s checklist, each item’s files in its folder', async () => {
    await page.locator('#pack-arrange').click();
    await page.locator('.ant-select-item-option', { hasText: `按检查项目：${y}年度考核细则` }).click();
    await page.getByRole('button', { name: '生成材料包' }).click();
    const current = page.getByTestId('pack-current');
    await page.getByText(`城关镇 ${y}年1月1日至${y}年12月31日(按检查项目编排)：已完成`).waitFor({ timeout: 60_000 });
    await page.locator('.ant-table-tbody tr', { hasText: `${y}年12月31日` }).getByText('按检查项目').waitFor();
    await page.screenshot({ path: '/tmp/shots/packs-by-item.png', fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), current.getByRole('link', { name: /下载材料包/ }).click()]);
    const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
    const root = `城关镇迎检材料(${y}年1月1日至${y}年12月31日)/`;
    const names = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name.slice(root.length));
    const item = '一、学习教育/1.1 理论学习中心组学习全年不少于1次';
    // The study session's minutes and forty photos (the records behind the bound indicator) and the ledger its evidence names.
    expect(names.filter((n) => n.startsWith(`${item}/${y}-03-10 中心组学习：学习网络意识形态工作责任制实施细则/`)).length).toBe(41);
    expect(names).toContain(`${item}/活动台账.xlsx`);
    // The rest apart, in their topic folders; the index first.
    expect(names).toContain('未对应检查项目的材料/04 任务台账/任务台账.xlsx');
    expect(names).toContain('00 材料目录.xlsx');
    expect(names.every((n) => n.startsWith(`${item}/`) || n.startsWith('未对应检查项目的材料/') || n === '00 材料目录.xlsx')).toBe(true);
    expect(errors).toEqual([]);
  });
});
