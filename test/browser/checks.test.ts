/**
 * 自查与考核 in the browser: the county copies last year's framework and changes one item; 城关镇
 * runs its self-inspection (the bound item filled in from its records), answers the rest with a
 * photo, submits and downloads its 自查报告 (.docx read back, and the PDF LibreOffice renders);
 * the county's inspector assesses two townships, one failing the veto item; the results are
 * published with the ranking; a deduction becomes a rectification the township reports and the
 * county signs off, shown on the item.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckItem } from '../../common/checks';
import { createFramework } from '../../server/modules/checks/frameworks';
import { createRect } from '../../server/modules/rectification/service';
import type { Actor, ActorCtx } from '../../server/platform/context';
import { shanghaiYear } from '../../server/platform/period';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { docxBodyText, requireTool } from '../helpers/docx';
import { buildCounty, PASSWORD } from '../helpers/factories';

const YEAR = shanghaiYear();
const item = (key: string, text: string, points: number, extra: Partial<CheckItem> = {}): CheckItem => ({ key, text, kind: 'normal', points, scoring: 'pass_fail', kinds: [], evidence: '', ...extra });

describe('a county assesses its townships with a framework whose items answer from the records', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const errors: string[] = [];
  let selfUrl = '';
  let campaignUrl = '';
  let rectUrl = '';

  async function as(username: string, width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }
  const card = (page: Page, key: string) => page.locator(`[data-item="${key}"]`);
  async function answer(page: Page, key: string, choice: string) {
    await card(page, key).getByText(choice, { exact: true }).click();
    await card(page, key).getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存');
  }

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    const actorOf = async (username: string): Promise<ActorCtx> => {
      const a = await server.db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.username', 'a.role', 'a.unit_id', 'u.name', 'u.path']).where('username', '=', username).executeTakeFirstOrThrow();
      const actor: Actor = { accountId: a.id, username: a.username, displayName: a.username, role: a.role as Actor['role'], unitId: a.unit_id, unitName: a.name, unitPath: a.path };
      return { actor, requestId: null, ip: null };
    };
    const staff = await actorOf('county_staff');
    // Last year's framework, 100 points: one item bound to the open rectifications, a veto item.
    await createFramework(server.db, staff, {
      year: YEAR - 1, name: `${YEAR - 1}年度网络意识形态工作考核细则`, totalPoints: 100,
      content: {
        sections: [
          { key: 's1', title: '组织领导', items: [item('i1', '成立网络意识形态工作领导小组', 20), item('i2', '整改按期销号，未销号的每项扣5分，最多扣20分', 20, { scoring: 'deduction', perOccurrence: 5, cap: 20, indicator: 'rectification.open', comparator: '<=', threshold: 0 })] },
          {
            key: 's2', title: '阵地管理', items: [
              item('i3', '阵地管理规范', 20, { scoring: 'graded', grades: [{ label: '好', points: 20 }, { label: '中', points: 12 }, { label: '差', points: 0 }] }),
              item('i4', '每月按时报送工作情况', 20), item('i5', '组织网络安全培训', 20),
              item('v1', '发生因失职造成的重大负面舆情', 0, { kind: 'veto' }),
            ],
          },
        ],
      },
    });
    // Two open rectifications at 城关镇: the bound item reads them.
    for (const p of ['网站栏目更新不及时', '公众号审核记录不全']) {
      await createRect(server.db, staff, { unitId: county.units.a.id, problem: p, origin: 'supervision', batch: null, measures: '整改', ownerPersonId: null, responsibleLeaderId: null, startDay: `${YEAR}-03-01`, dueMode: 'date', dueDay: `${YEAR}-12-31`, dueDays: null });
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the county copies last year’s framework and changes one item, the diff shown', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/checks?tab=frameworks`);
    await page.getByRole('button', { name: '复制上年度细则' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '复制' }).click();
    await toastShown(page, `已复制为${YEAR}年度考核细则`);
    await page.waitForURL(/\/checks\/frameworks\/[0-9a-f-]+$/);
    await page.getByText(`由${YEAR - 1}年度`).waitFor();
    await card(page, 'i5').getByText('编辑').click();
    await page.locator('#item-text').fill('组织网络安全和网络素养培训');
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存考核细则');
    await page.locator('[data-diff]').getByText('修改：组织网络安全和网络素养培训（考核内容）').waitFor();
    // Last year's stays as it was.
    await page.goto(`${server.url}/checks?tab=frameworks`);
    await page.getByText(`${YEAR - 1}年度网络意识形态工作考核细则`).waitFor();
    await page.getByText(`${YEAR}年度网络意识形态工作考核细则`).waitFor();
    await page.close();
  });

  it('the county starts this year’s campaign over the townships', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/checks?tab=campaigns`);
    await page.getByRole('button', { name: '发起考核' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '发起' }).click();
    await toastShown(page, '已发起考核，共 2 个单位');
    await page.waitForURL(/\/checks\/campaigns\/[0-9a-f-]+$/);
    campaignUrl = page.url();
    await page.close();
  });

  it('城关镇 runs its self-inspection on a phone: the bound item from its records, the rest by hand with a photo', async () => {
    const page = await as('a_staff', 390);
    await page.goto(`${server.url}/checks?tab=self`);
    await page.getByRole('button', { name: '开展自查' }).click();
    await page.locator('.ant-modal').getByRole('button', { name: '开始' }).click();
    await toastShown(page, '已开始自查');
    await page.waitForURL(/\/checks\/self\/[0-9a-f-]+$/);
    selfUrl = page.url();
    // The bound item: 2 open rectifications, 2 × 5 = 10 off, the link to them.
    await card(page, 'i2').getByText('2项').waitFor();
    expect(await card(page, 'i2').locator('a[data-figure="i2"]').getAttribute('href')).toBe(`/rectification?unitId=${county.units.a.id}`);
    expect(await card(page, 'i2').textContent()).toContain('2次');
    await answer(page, 'i1', '达标');
    await card(page, 'i1').locator('input[type=file]').setInputFiles({ name: '领导小组会议照片.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa5b7a1f30000000049454e44ae426082', 'hex') });
    await toastShown(page, '已上传');
    await card(page, 'i1').getByText('领导小组会议照片.png').waitFor();
    await card(page, 'i3').getByRole('combobox').click();
    await page.locator('.ant-select-item-option', { hasText: '中(12分)' }).click();
    await card(page, 'i3').getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存');
    await answer(page, 'i4', '达标');
    await answer(page, 'i5', '达标');
    await answer(page, 'v1', '未发生');
    // 100 − 10 − 8 = 82.
    await expect.poll(() => page.locator('[data-score]').textContent()).toBe('82');
    await page.getByRole('button', { name: '报送上级' }).click();
    await toastShown(page, '已报送上级');
    await page.getByText('已报送').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/shots/checks-self-phone.png', fullPage: true });
    await page.close();
  });

  it('generates and downloads its 自查报告, which LibreOffice renders with the title and figures', async () => {
    const page = await as('a_staff');
    await page.goto(selfUrl);
    await page.getByRole('button', { name: '生成自查报告' }).click();
    await page.waitForURL(/\/documents\/[0-9a-f-]+$/);
    await page.getByTestId('doc-preview').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
    const title = `城关镇关于${YEAR}年度网络意识形态工作责任制落实情况的自查报告`;
    expect(download.suggestedFilename()).toBe(`${title}.docx`);
    const docx = readFileSync((await download.path())!);
    const text = docxBodyText(docx);
    expect(text).toContain(title);
    expect(text).toContain('自查得分82分（满分100分）');
    expect(text).toContain('尚未销号的整改事项数2项');
    expect(text).toContain('存在的问题');
    expect(text).not.toMatch(/xx|XX|××/);
    // Rendered once with LibreOffice: the title and a figure are on the page.
    const soffice = requireTool('soffice');
    const pdftotext = requireTool('pdftotext');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'checks-report-'));
    writeFileSync(path.join(dir, 'report.docx'), docx);
    execFileSync(soffice, [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'report.docx')], { timeout: 120_000 });
    const pdf = execFileSync(pdftotext, ['-layout', path.join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdf).toContain('自查报告');
    expect(pdf).toContain('82分');
    await page.close();
  });

  it('the county inspector assesses both townships, 东山镇 failing the veto item, and publishes the ranking', async () => {
    const page = await as('county_inspector');
    await page.goto(campaignUrl);
    await page.getByRole('link', { name: '城关镇' }).click();
    await page.waitForURL(/\/units\//);
    // 城关镇's own answers stand beside; the assessor takes them and the records, then grades one item lower.
    await page.getByRole('button', { name: '未评项目采纳台账和自查结果' }).click();
    await toastShown(page, '未评项目已采纳');
    await card(page, 'i3').getByRole('combobox').first().click();
    await page.locator('.ant-select-item-option', { hasText: '差(0分)' }).click();
    await card(page, 'i3').getByLabel('i3说明').fill('现场检查栏目长期未更新');
    await card(page, 'i3').getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存');
    await card(page, 'i3').getByText('与考核结果不同').waitFor();
    await expect.poll(() => page.locator('[data-score]').textContent()).toBe('70');

    await page.goto(campaignUrl);
    await page.getByRole('link', { name: '东山镇' }).click();
    await page.waitForURL(/\/units\//);
    for (const [key, choice] of [['i1', '达标'], ['i4', '达标'], ['i5', '达标'], ['v1', '发生(否决)']] as const) await answer(page, key, choice);
    await card(page, 'i2').getByRole('button', { name: '保存' }).click(); // the records: no open rectification
    await toastShown(page, '已保存');
    await card(page, 'i3').getByRole('combobox').first().click();
    await page.locator('.ant-select-item-option', { hasText: '好(20分)' }).click();
    await card(page, 'i3').getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存');
    await page.getByText('一票否决项未通过，等次为不合格').waitFor();

    await page.goto(campaignUrl);
    await page.getByRole('button', { name: '公布结果' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '公布' }).click();
    await toastShown(page, '考核结果已公布');
    const rows = page.locator('.ant-table-tbody tr');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringMatching(/^1城关镇70一般/), expect.stringMatching(/^2东山镇100不合格一票否决/)]);
    await page.close();
  });

  it('城关镇 sees the ranking and its own result only', async () => {
    const page = await as('a_staff');
    await page.goto(campaignUrl);
    await page.getByText('考核结果').first().waitFor();
    expect(await page.getByRole('link', { name: '东山镇' }).count()).toBe(0);
    await page.getByRole('link', { name: '城关镇' }).waitFor();
    await page.close();
  });

  it('a deduction becomes a rectification that the township reports and the county signs off, shown on the item', async () => {
    const page = await as('county_staff');
    await page.goto(campaignUrl);
    await page.getByRole('link', { name: '城关镇' }).click();
    await card(page, 'i3').getByRole('button', { name: '转为整改' }).click();
    await page.locator('#finding-measures').fill('明确专人每周更新栏目');
    await page.locator('.ant-modal').getByRole('button', { name: '转为整改' }).click();
    await toastShown(page, '已转为整改事项');
    await card(page, 'i3').getByRole('link', { name: '整改中' }).click();
    await page.waitForURL(/\/rectification\/[0-9a-f-]+$/);
    rectUrl = page.url();
    await page.getByText('考核评估').first().waitFor();
    await page.getByRole('link', { name: /城关镇 · 阵地管理规范/ }).waitFor();
    await page.close();

    const township = await as('a_staff');
    await township.goto(rectUrl);
    await township.getByRole('button', { name: '报告整改完成' }).click();
    await township.locator('#rect-report-note').fill('已明确专人，栏目每周更新');
    await township.locator('.ant-modal').getByRole('button', { name: '报告' }).click();
    await toastShown(township, '已报告整改完成');
    await township.close();

    const leader = await as('county_leader');
    await leader.goto(rectUrl);
    await leader.getByRole('button', { name: '销号' }).click();
    await leader.locator('.ant-modal').getByRole('button', { name: '确认销号' }).click();
    await toastShown(leader, '已销号');
    await leader.goto(campaignUrl);
    await leader.getByRole('link', { name: '城关镇' }).click();
    await card(leader, 'i3').getByRole('link', { name: '已销号' }).waitFor();
    await card(leader, 'i3').getByText(/county_leader 于/).waitFor();
    await leader.screenshot({ path: '/tmp/shots/checks-assessment.png', fullPage: true });
    await leader.close();
    expect(errors).toEqual([]);
  });
});
