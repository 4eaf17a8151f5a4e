/**
 * 阵地 and 三审三校 through the real UI: a township registers its WeChat account; a clerk drafts a
 * post that hits two proofreading rules; 初审 by one person on a phone acknowledges both; the
 * author is refused 复审 (the button says why); 复审 and 终审 by two others; publication recorded;
 * the approval form downloaded, read as .docx and rendered to PDF with LibreOffice; a correction lowers the accuracy rate on the
 * figures page; an outlet left quiet is flagged in the registry; the township's admin edits and
 * stops its own proofreading rule and sets its review chain, the county's admin the update thresholds.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../server/platform/ids';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { docxBodyText, docxPdfText } from '../helpers/docx';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe('a township registers its WeChat account and publishes through 三审三校', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const errors: string[] = [];
  let postUrl = '';

  const pageFor = async (username: string, width = 1280) => {
    const p = await openPage(browser, { viewport: { width, height: width > 500 ? 900 : 844 }, acceptDownloads: true });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  };
  const pick = async (page: Page, selectId: string, option: string) => {
    await page.locator(selectId).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  };

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    // A Weibo account 城关镇 opened in January and never posted on: left quiet.
    const now = nowIso();
    await server.db.insertInto('outlets').values({
      id: newId(), unit_id: county.units.a.id, type: 'weibo', name: '城关镇政务微博', platform: '新浪微博', account: null, host_unit: null, ops_unit: null, manager_person_id: null,
      editors: null, icp_no: null, psb_no: null, domain: null, domain_expires: null, filing_expires: null, verified: 0, mlps_grade: null, mlps_assessed_on: null,
      contract_expires: null, purpose: null, rules: null, terminal_count: null, quiet_days: null, status: 'running', status_day: '2026-01-05', start_day: '2026-01-05',
      created_by_name: 'a_staff(a_staff)', archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('城关镇 registers its WeChat official account', async () => {
    const page = await pageFor('a_staff');
    await page.goto(`${server.url}/outlets`);
    await page.getByRole('button', { name: '登记阵地' }).click();
    const dialog = page.locator('.ant-modal');
    await pick(page, '#outlet-type', '微信公众号');
    await dialog.locator('#outlet-name').fill('城关镇发布');
    await dialog.locator('#outlet-platform').fill('微信');
    await dialog.locator('#outlet-account').fill('chengguan_fabu');
    await dialog.locator('#outlet-verified').check();
    await dialog.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已登记阵地');
    await page.waitForURL(/\/outlets\/[0-9a-f-]+$/);
    await page.getByText('chengguan_fabu').waitFor();
    await page.getByText('微信(已认证)').waitFor();
    await page.close();
  });

  it('a clerk drafts a post that hits two rules and submits it', async () => {
    const page = await pageFor('a_staff');
    await page.goto(`${server.url}/publishing`);
    await page.getByRole('button', { name: '撰写信息' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#post-title').fill('城关镇推进秋季乡村旅游');
    await dialog.locator('#post-body').fill('经国家旅游局批准，城关镇将举办秋季乡村旅游节。全镇干部群众要再接再励，办好这次活动。');
    await pick(page, '#post-outlets', '城关镇发布');
    await dialog.locator('#post-title').click(); // closes the drop-down
    await dialog.getByRole('button', { name: '保存草稿' }).click();
    await toastShown(page, '已保存草稿');
    await page.waitForURL(/\/publishing\/[0-9a-f-]+$/);
    postUrl = page.url();
    await page.getByRole('button', { name: '提交审核' }).click();
    await toastShown(page, '已提交审核，校对发现 2 处需确认');
    await page.getByText('“国家旅游局” → “文化和旅游部”').waitFor();
    await page.getByText('“再接再励” → “再接再厉”').waitFor();
    expect(await page.locator('mark.proof-hit').count()).toBe(2);
    await page.close();
  });

  it('初审 on a phone: one person acknowledges both hits and approves', async () => {
    const phone = await pageFor('a_leader', 390);
    await phone.goto(`${server.url}/publishing?waiting=me`);
    await phone.getByRole('link', { name: '城关镇推进秋季乡村旅游' }).click();
    await phone.waitForURL(postUrl);
    const rows = phone.locator('.proof-hit-row');
    await rows.filter({ hasText: '国家旅游局' }).getByRole('button', { name: '改正' }).click();
    await toastShown(phone, '已改为“文化和旅游部”');
    await phone.getByText('经文化和旅游部批准').waitFor();
    await rows.filter({ hasText: '再接再励' }).getByRole('button', { name: '保留原文' }).click();
    await phone.locator('#hit-reason').fill('引用领导讲话原文，已与讲话稿核对');
    await phone.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await toastShown(phone, '已确认保留原文');
    await phone.getByText('校对提示(已全部确认)').waitFor();
    await phone.getByRole('button', { name: '初审通过' }).click();
    await phone.locator('#post-opinion').fill('同意，已核对活动时间');
    await phone.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await toastShown(phone, '已完成初审');
    await phone.getByText('待复审').first().waitFor();
    await phone.screenshot({ path: '/tmp/shots/outlets-first-review-phone.png', fullPage: true });
    // The same person cannot take 复审: the page says why.
    await phone.getByText('您已完成本信息的“初审”，同一人不能承担两个审核环节').waitFor();
    await phone.close();
  });

  it('the author tries 复审 and is refused, with the reason', async () => {
    const page = await pageFor('a_staff');
    await page.goto(postUrl);
    const button = page.getByRole('button', { name: '复审通过' });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    await page.getByText('作者本人不能审核自己撰写的信息').waitFor();
    await page.close();
  });

  it('复审 and 终审 by two others; 终审 confirms 不涉密', async () => {
    const second = await pageFor('county_staff');
    await second.goto(postUrl);
    await second.getByRole('button', { name: '复审通过' }).click();
    await second.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await toastShown(second, '已完成复审');
    await second.close();

    const final = await pageFor('county_leader');
    await final.goto(postUrl);
    await final.getByRole('button', { name: '终审通过' }).click();
    const dialog = final.locator('.ant-modal');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText('终审前须确认信息不涉密').waitFor();
    await final.locator('#post-not-secret').check();
    await dialog.getByRole('button', { name: '确定' }).click();
    await toastShown(final, '已完成终审');
    await final.getByText('已审定待发布').first().waitFor();
    await final.close();
  });

  it('the clerk records publication and downloads the approval form', async () => {
    const page = await pageFor('a_staff');
    await page.goto(postUrl);
    await page.getByRole('button', { name: '登记发布' }).click();
    await page.locator('#publish-url').fill('https://mp.weixin.qq.com/s/chengguan-tour');
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await toastShown(page, '已登记发布');
    await page.getByRole('link', { name: 'https://mp.weixin.qq.com/s/chengguan-tour' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /审批表/ }).click()]);
    expect(download.suggestedFilename()).toBe('信息发布审批表-城关镇推进秋季乡村旅游.docx');
    const file = (await download.path())!;
    const text = docxBodyText(readFileSync(file));
    for (const s of ['信息发布审批表', '城关镇推进秋季乡村旅游', 'a_leader', '同意，已核对活动时间', 'county_staff', 'county_leader', '经审核不涉密', '国家旅游局', '已改正', '保留原文：引用领导讲话原文，已与讲话稿核对', 'https://mp.weixin.qq.com/s/chengguan-tour']) {
      expect(text, s).toContain(s);
    }
    await download.saveAs('/tmp/shots/outlets-approval-form.docx');
    // Rendered with LibreOffice, the printed form carries the title and the three reviewers.
    const pdf = docxPdfText(readFileSync(file), 'approval-form');
    expect(pdf).toContain('信息发布审批表');
    expect(pdf).toContain('城关镇推进秋季乡村旅游');
    const reviews = pdf.slice(pdf.indexOf('审核意见'), pdf.indexOf('校对情况'));
    for (const s of ['初审', 'a_leader', '复审', 'county_staff', '终审', 'county_leader']) expect(reviews, s).toContain(s);
    await page.screenshot({ path: '/tmp/shots/outlets-post-published.png', fullPage: true });
    await page.close();
  });

  it('a correction lowers the accuracy rate on the figures page', async () => {
    const page = await pageFor('a_staff');
    await page.goto(`${server.url}/publishing/figures`);
    await page.getByText('发布 1 条，其中更正 0 条').waitFor();
    await page.getByText('100%').waitFor();
    await page.goto(postUrl);
    await page.getByRole('button', { name: '登记更正' }).click();
    await page.locator('#correct-wrong').fill('旅游节开幕日期写错');
    await page.locator('.ant-modal').getByText('严重表述错误').click();
    await page.locator('.ant-modal').getByText('上级通报').click();
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await toastShown(page, '已登记更正');
    await page.goto(`${server.url}/publishing/figures`);
    await page.getByText('发布 1 条，其中更正 1 条').waitFor();
    const rate = page.locator('.ant-statistic', { hasText: '信息准确率' }).locator('.ant-statistic-content');
    await expect.poll(() => rate.textContent()).toBe('0%');
    await page.locator('.ant-statistic', { hasText: '严重表述错误' }).getByText('1').waitFor();
    await page.screenshot({ path: '/tmp/shots/outlets-figures.png', fullPage: true });
    await page.close();
  });

  it('an outlet left quiet is flagged in the registry', async () => {
    const page = await pageFor('a_staff');
    await page.goto(`${server.url}/outlets`);
    const weibo = page.locator('.ant-table-row', { hasText: '城关镇政务微博' });
    await weibo.getByText('睡眠').waitFor();
    const wechat = page.locator('.ant-table-row', { hasText: '城关镇发布' });
    await wechat.getByText('正常更新').waitFor();
    await page.goto(`${server.url}/outlets?quiet=any`);
    await page.locator('.ant-table-row', { hasText: '城关镇政务微博' }).waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    await page.screenshot({ path: '/tmp/shots/outlets-registry.png', fullPage: true });
    const phone = await pageFor('a_staff', 390);
    await phone.goto(`${server.url}/outlets`);
    await phone.locator('.ant-table-row', { hasText: '城关镇政务微博' }).getByText('睡眠').waitFor();
    await phone.screenshot({ path: '/tmp/shots/outlets-registry-phone.png', fullPage: true });
    await phone.close();
    await page.close();
    expect(errors).toEqual([]);
  });

  it('the township admin edits and stops its own proofreading rule and sets its review chain; the county admin sets the update thresholds', async () => {
    const clerk = await pageFor('a_staff');
    await clerk.goto(`${server.url}/publishing/rules`);
    await clerk.getByText('错误写法').first().waitFor();
    expect(await clerk.getByRole('button', { name: '新增规则' }).count()).toBe(0);
    expect(await clerk.getByRole('link', { name: '审核流程和更新频次' }).count()).toBe(0);
    await clerk.close();

    const page = await pageFor('a_admin');
    await page.goto(`${server.url}/publishing/rules`);
    await page.getByRole('button', { name: '新增规则' }).click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.locator('#rule-pattern').fill('城关镇政府');
    await dialog.locator('#rule-correct').fill('城关镇人民政府');
    await dialog.locator('#rule-must-match').fill('城关镇政府召开会议');
    await dialog.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存校对规则');
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('.ant-table-row', { hasText: '城关镇政府' });
    await row.getByRole('button', { name: '修改' }).click();
    await dialog.locator('#rule-must-not-match').fill('城关镇政府网站');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText(/被规则命中了/).first().waitFor(); // its own example fails: refused
    await dialog.locator('#rule-must-not-match').fill('城关镇人民政府召开会议');
    await dialog.locator('#rule-note').fill('规范全称');
    await dialog.getByRole('button', { name: '保存' }).click();
    await toastShown(page, '已保存校对规则');
    await row.getByText('规范全称').waitFor();
    await row.getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-popover').getByRole('button', { name: '停用' }).click();
    await toastShown(page, '已停用该校对规则');
    await row.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: '审核流程和更新频次' }).click();
    await page.getByText('城关镇的审核流程').waitFor();
    await page.getByText('目前使用默认流程').waitFor();
    expect(await page.getByText('阵地更新频次要求').count()).toBe(0); // a township does not set them
    await page.getByRole('button', { name: '添加校对环节' }).click();
    await page.getByRole('button', { name: '保存审核流程' }).click();
    await toastShown(page, '已保存审核流程');
    await page.locator('.chain-step', { hasText: '终审' }).waitFor();
    expect(await page.locator('input[aria-label="环节3名称"]').inputValue()).toBe('一校');
    expect(await page.getByText('目前使用默认流程').count()).toBe(0);
    await page.screenshot({ path: '/tmp/shots/publishing-settings.png', fullPage: true });
    await page.close();

    const county = await pageFor('county_admin', 390);
    await county.goto(`${server.url}/publishing/settings`);
    await county.getByText('阵地更新频次要求').waitFor();
    await county.locator('.chain-step', { hasText: '终审' }).getByText('领导').waitFor(); // the roles stay on screen at phone width
    const wechatQuiet = county.locator('input[aria-label="微信公众号未按期更新天数"]');
    await expect.poll(() => wechatQuiet.inputValue()).toBe('14');
    await wechatQuiet.fill('10');
    await county.getByRole('button', { name: '保存更新频次' }).click();
    await toastShown(county, '已保存更新频次要求');
    await county.reload();
    await expect.poll(() => county.locator('input[aria-label="微信公众号未按期更新天数"]').inputValue()).toBe('10');
    await county.screenshot({ path: '/tmp/shots/publishing-settings-phone.png', fullPage: true });
    await county.close();
    expect(errors).toEqual([]);
  });
});
