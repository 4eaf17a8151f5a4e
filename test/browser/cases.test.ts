import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';
import { FeedServer, rss } from '../helpers/feed-server';

const DIGITS = '零一二三四五六七八九十';
/** Solves the arithmetic challenge the way a person does: reads the question on the screen. */
function solve(question: string): string {
  const m = question.match(/^(.)加(.)等于几/);
  if (!m) throw new Error(`unexpected challenge: ${question}`);
  return String(DIGITS.indexOf(m[1]) + DIGITS.indexOf(m[2]));
}

/**
 * Picks an option of a select (or a node of a tree select) in a dialog and waits until it shows:
 * under load a click can land while the drop-down is still opening, so the pick is tried again.
 */
async function pick(page: Page, id: string, option: string, tree = false) {
  const field = page.locator(`#${id}`);
  for (let attempt = 0; ; attempt++) {
    // (Escape would close the whole dialog: open the drop-down only when it is closed.)
    if ((await field.getAttribute('aria-expanded')) !== 'true') await field.click();
    const target = tree ? page.locator('.ant-select-tree').getByTitle(option, { exact: true }) : page.locator('.ant-select-item-option', { hasText: option });
    await target.click();
    try {
      await page.locator('.ant-select', { has: page.locator(`#${id}`), hasText: option }).waitFor({ timeout: 5000 });
      return;
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}

describe('a citizen concern goes from the public page through triage, a village and approval, with a direct report upward', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const errors: string[] = [];
  let code = '';
  let eventUrl = '';
  const reply = '经核实，城东村村口路灯因线路老化损坏，已于本周更换线路并恢复照明。感谢您的反映。';
  const instruction = '请高度重视，三日内修复并回应群众关切';

  async function open(width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: width < 500 ? 844 : 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    return p;
  }
  async function as(username: string, width = 1280): Promise<Page> {
    const p = await open(width);
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }
  /** Opens an action's dialog from the event page. */
  async function action(page: Page, name: string) {
    await page.getByTestId('case-actions').getByRole('button', { name, exact: true }).click();
    return page.locator('.ant-modal');
  }

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    await makeAccount(server.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a citizen on a phone submits a concern to 城关镇 and gets a tracking code', async () => {
    const page = await open(390);
    // The login page links discreetly to the public page.
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: '群众反映诉求' }).click();
    await page.waitForURL(/\/public\/submit$/);
    // The unit is picked in the phone's own list (a plain select: the public page carries no component library).
    const unit = await page.locator('#pub-unit option', { hasText: '城关镇' }).first().getAttribute('value');
    await page.locator('#pub-unit').selectOption(unit!);
    await page.locator('#pub-title').fill('城东村村口路灯坏了一个多月');
    await page.locator('#pub-content').fill('城东村村口到小学门口的三盏路灯坏了一个多月，晚上孩子放学路过很黑，希望尽快修好。');
    await page.locator('#pub-contact').fill('13800000000');
    // A wrong answer is refused on the answer field; the page keeps what was written.
    await page.getByTestId('challenge-question').filter({ hasText: '等于几' }).waitFor();
    const question = (await page.getByTestId('challenge-question').textContent())!;
    await page.locator('#pub-answer').fill(String(Number(solve(question)) + 1));
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('验证题答案不正确').waitFor();
    await page.locator('#pub-answer').fill(solve(question));
    await page.screenshot({ path: '/tmp/shots/cases-public-submit-phone.png', fullPage: true });
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('请妥善保存查询码', { exact: false }).first().waitFor();
    code = (await page.getByTestId('tracking-code').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.getByRole('button', { name: '复制查询码' }).isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/shots/cases-public-code-phone.png', fullPage: true });
    // Before anyone answers, the track page says it is being handled, and nothing more.
    await page.getByRole('link', { name: '查询办理进度' }).first().click();
    await page.locator('#track-code').fill(code.toLowerCase());
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('已受理').waitFor();
    await page.getByText('正在办理，还没有答复').waitFor();
    expect(await page.getByText('13800000000').count()).toBe(0);
    await page.close();
  });

  it('township staff triage it as 较大 and assign it to 城东村; a button they may not use says why', async () => {
    const page = await as('a_staff');
    await page.goto(`${server.url}/cases`);
    const row = page.locator('.ant-table-row', { hasText: '城东村村口路灯坏了一个多月' });
    await row.getByText('1 条报告：网络问政/市长信箱').waitFor();
    await row.getByText('待研判').waitFor();
    await page.screenshot({ path: '/tmp/shots/cases-list.png', fullPage: true });
    await row.getByRole('link', { name: '城东村村口路灯坏了一个多月' }).click();
    await page.waitForURL(/\/cases\/[0-9A-Za-z-]+$/);
    eventUrl = page.url();
    // The submitter's contact is there for the reply.
    await page.getByText('13800000000').waitFor();

    let dialog = await action(page, '研判');
    await dialog.getByText('较大', { exact: true }).click();
    await pick(page, 'triage-category', '城乡建设');
    await dialog.getByRole('button', { name: '保存研判' }).click();
    await toastShown(page, '已研判，并已直报上级单位');
    await page.locator('.ant-timeline').getByText('已直报：测试县').waitFor();

    dialog = await action(page, '交办');
    await pick(page, 'assign-unit', '城东村', true);
    await dialog.locator('#assign-note').fill('请两日内核实并答复');
    await dialog.getByRole('button', { name: '交办', exact: true }).click();
    await page.getByText('已交办', { exact: true }).first().waitFor();
    await page.getByText('(城关镇交办)').waitFor();

    // 退回 belongs to the unit the event was sent to: disabled here, with the reason on the page and on hover.
    const back = page.getByTestId('case-actions').getByRole('button', { name: '退回' });
    expect(await back.isDisabled()).toBe(true);
    await page.getByTestId('case-actions').getByText('退回由当前责任单位城东村进行').waitFor();
    await back.locator('..').hover();
    await page.locator('.ant-tooltip').getByText('退回由当前责任单位城东村进行').waitFor();
    // The SLA clocks of 较大 started: public response within 48 hours, closure within 5 working days.
    await page.getByRole('cell', { name: /公开回应/ }).waitFor();
    await page.getByRole('cell', { name: /办结/ }).first().waitFor();
    expect(await page.locator('.ant-tag', { hasText: '进行中' }).count()).toBe(2);
    await page.screenshot({ path: '/tmp/shots/cases-detail-assigned.png', fullPage: true });
    await page.close();
  });

  it('the county sees it in its 直报 queue and a county leader writes an instruction', async () => {
    const page = await as('county_leader');
    // Unread count on the menu.
    await page.getByTestId('side-menu').getByText('直报').waitFor();
    await page.getByTestId('side-menu').getByTitle('1 条未阅').waitFor();
    await page.goto(`${server.url}/cases/direct-reports`);
    const item = page.locator('.ant-list-item', { hasText: '城东村村口路灯坏了一个多月' });
    await item.getByText('未阅').first().waitFor();
    await item.getByText('较大').waitFor();
    await item.getByRole('button', { name: '批示' }).click();
    await page.locator('#instruct-text').fill(instruction);
    await page.getByRole('button', { name: '发送批示' }).click();
    await toastShown(page, '已发送批示，责任单位可以看到');
    await item.getByText(instruction).waitFor();
    await item.getByText(/county_leader 于 .* 已阅/).waitFor();
    // Writing the instruction counts as reading it: the menu count goes away.
    await page.getByTestId('side-menu').getByTitle(/条未阅$/).waitFor({ state: 'detached' });
    await page.screenshot({ path: '/tmp/shots/cases-direct-reports.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/shots/cases-direct-reports-phone.png', fullPage: true });
    await page.close();
  });

  it('the village liaison, on a phone, sees the instruction, verifies and replies', async () => {
    const page = await as('a1_liaison', 390);
    // The home page lists what waits for the village first, linked to exactly those records.
    await page.getByRole('link', { name: '交办给本单位待核实 1' }).click();
    await page.waitForURL(/\/cases\?.*status=assigned/);
    await page.getByRole('link', { name: '城东村村口路灯坏了一个多月' }).click();
    await page.waitForURL(eventUrl);
    await page.getByText('上级批示(1 条)').waitFor();
    await page.locator('.ant-alert').getByText(instruction).waitFor();

    let dialog = await action(page, '核实');
    await dialog.getByText('属实', { exact: true }).click();
    await dialog.locator('#verify-note').fill('到村口查看，三盏路灯不亮，线路老化');
    await dialog.getByRole('button', { name: '保存核实结果' }).click();
    await toastShown(page, '已保存核实结果');

    dialog = await action(page, '处置与回应');
    await dialog.locator('#respond-measures').fill('联系供电所更换线路');
    await dialog.locator('#respond-reply').fill(reply);
    await dialog.getByRole('button', { name: '保存回应' }).click();
    await toastShown(page, '已保存处置与回应');
    await page.getByText('已回应', { exact: true }).first().waitFor();
    // The page fits the phone: nothing wider than the screen.
    await page.locator('.ant-modal-wrap').first().waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/shots/cases-detail-village-phone.png', fullPage: true });
    await page.close();
  });

  it('township staff request closure; only a leader may approve, and the township leader does', async () => {
    const staff = await as('a_staff');
    await staff.goto(eventUrl);
    const dialog = await action(staff, '申请办结');
    await dialog.locator('#close-note').fill('路灯已修复，已答复反映人');
    await dialog.getByRole('button', { name: '提交领导审批' }).click();
    await staff.getByText('已申请办结，等待领导审批').first().waitFor();
    expect(await staff.getByTestId('case-actions').getByRole('button', { name: '批准办结' }).isDisabled()).toBe(true);
    await staff.getByTestId('case-actions').getByText('办结由领导审批').first().waitFor();
    await staff.close();

    const leader = await as('a_leader', 390);
    await leader.goto(eventUrl);
    await leader.getByTestId('case-actions').getByRole('button', { name: '批准办结' }).waitFor();
    await leader.screenshot({ path: '/tmp/shots/cases-approve-phone.png' });
    const approve = await action(leader, '批准办结');
    await approve.locator('#approve-note').fill('同意办结');
    await approve.getByRole('button', { name: '批准办结' }).click();
    await toastShown(leader, '已批准办结');
    await leader.getByText('已办结', { exact: true }).first().waitFor();
    await leader.close();
  });

  it('the citizen reads the reply by tracking code', async () => {
    const page = await open(390);
    await page.goto(`${server.url}/public/track`);
    await page.locator('#track-code').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('track-result').getByText('已办结', { exact: true }).first().waitFor();
    expect((await page.getByTestId('track-reply').textContent())!.trim()).toBe(reply);
    // Nothing internal reaches the citizen: not the measures, the verification or the instruction.
    for (const secret of ['联系供电所更换线路', '线路老化', instruction, '城东村村口到小学门口']) {
      expect(await page.getByText(secret, { exact: false }).count(), secret).toBe(secret === '线路老化' ? 1 : 0);
    }
    await page.screenshot({ path: '/tmp/shots/cases-public-track-phone.png', fullPage: true });
    // An unknown code says so, on the field.
    await page.locator('#track-code').fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有找到这个查询码对应的诉求').waitFor();
    await page.close();
  });

  it('township staff see the county instruction on the timeline', async () => {
    const page = await as('a_staff');
    await page.goto(eventUrl);
    const timeline = page.locator('.ant-timeline');
    await timeline.getByText(instruction).waitFor();
    await timeline.getByText(/测试县 county_leader/).waitFor();
    for (const step of ['登记', '研判', '直报上级', '交办', '批示', '核实', '处置与回应', '申请办结', '批准办结']) {
      expect(await timeline.getByText(step, { exact: true }).count(), step).toBeGreaterThan(0);
    }
    // The direct-report receipt: read by the county leader.
    await page.getByRole('cell', { name: /county_leader/ }).waitFor();
    const row = await server.db.selectFrom('case_events').select(['status', 'level', 'approved_by_name']).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', level: 'major' });
    await page.screenshot({ path: '/tmp/shots/cases-detail-closed.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('staff register reports that group into one event; filters, settings, figures and clues', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let feeds: FeedServer;
  let browser: Browser;
  const errors: string[] = [];
  let eventUrl = '';

  async function as(username: string, width = 1280): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    await makeAccount(server.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    feeds = await new FeedServer().start();
    feeds.set('/news.xml', rss([
      { title: '城关镇公园健身器材损坏无人维修', link: 'https://example.cn/p1', description: '城关镇滨河公园的健身器材损坏多日，居民反映无人维修。' },
    ]));
    browser = await launchChromium();
  });
  afterAll(async () => {
    feeds?.close();
    await browser?.close();
    await server?.close();
  });

  it('a second report of the same matter, in traditional characters, joins the first event and the page says so', async () => {
    const page = await as('a_staff');
    await page.goto(`${server.url}/cases`);
    await page.getByText('暂无舆情诉求').waitFor();
    const register = async (source: string, title: string, content: string) => {
      await page.locator('.ant-card-head').getByRole('button', { name: '登记' }).click();
      const dialog = page.locator('.ant-modal');
      await pick(page, 'case-source', source);
      await dialog.locator('#case-title').fill(title);
      await dialog.locator('#case-content').fill(content);
      await dialog.getByRole('button', { name: '保存' }).click();
    };
    // A clear refusal on the field when the address is not a web address.
    await page.locator('.ant-card-head').getByRole('button', { name: '登记' }).click();
    await page.locator('#case-url').fill('example.cn/abc');
    await page.locator('.ant-modal').getByRole('button', { name: '保存' }).click();
    await page.getByText('网址应以 http:// 或 https:// 开头').waitFor();
    await page.getByText('请填写标题').waitFor();
    // The clerk clears the wrong address before closing: what stays typed would come back as a draft.
    await page.locator('#case-url').fill('');
    await page.locator('.ant-modal').getByRole('button', { name: '取消' }).click();

    await register('举报电话', '城关镇菜市场周边占道经营严重', '城关镇菜市场周边占道经营严重，早上七点到九点车辆无法通行，希望有关部门管一管。');
    await page.getByText('已登记为新事件：').waitFor();
    await page.locator('.ant-modal').getByRole('link', { name: '城关镇菜市场周边占道经营严重' }).waitFor();
    // Material for this report, after saving.
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: '来电记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%test\n') });
    await page.locator('.ant-modal').getByText('来电记录.pdf').waitFor();
    await page.locator('.ant-modal').getByRole('button', { name: '完成' }).click();

    await register('媒体报料', '城關鎮菜市場周邊佔道經營嚴重', '城關鎮菜市場周邊佔道經營嚴重，早上七點到九點車輛無法通行，希望有關部門管一管！');
    await page.getByText('与已有事件相似，已归入：').waitFor();
    await page.screenshot({ path: '/tmp/shots/cases-register-joined.png', fullPage: true });
    await page.locator('.ant-modal').getByRole('link', { name: '城关镇菜市场周边占道经营严重' }).click();
    await page.waitForURL(/\/cases\/[0-9A-Za-z-]+$/);
    eventUrl = page.url();
    await page.getByText('2 条报告：举报电话、媒体报料').first().waitFor();
    await page.getByText('来电记录.pdf').waitFor();
    await page.getByText(/与本事件相似\(差异 \d+\)，自动归入/).waitFor();
    // Before triage nothing else can happen, and the page says what comes first.
    await page.getByTestId('case-actions').getByRole('button', { name: '研判' }).waitFor();
    // Before triage the one clock running is 研判's own (sla.triage).
    const clocks = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: /^时限$/ }) });
    await clocks.getByRole('cell', { name: /^研判/ }).waitFor();
    expect(await clocks.locator('tbody tr').count()).toBe(1);
    await page.close();
  });

  it('filters live in the URL, so a link carries them, and export uses the same filters', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/cases?source=hotline`);
    await page.locator('.ant-table-row', { hasText: '城关镇菜市场周边占道经营严重' }).waitFor();
    await page.locator('.ant-select-content', { hasText: '举报电话' }).or(page.locator('.ant-select-selection-item', { hasText: '举报电话' })).first().waitFor();
    expect(await page.getByRole('link', { name: '导出' }).getAttribute('href')).toBe('/api/cases/export?source=hotline');
    await page.goto(`${server.url}/cases?level=serious`);
    await page.getByText('没有符合条件的事件').waitFor();
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.locator('.ant-table-row', { hasText: '城关镇菜市场周边占道经营严重' }).waitFor();
    await page.locator('#cases-q').fill('菜市场');
    await page.locator('#cases-q').press('Enter');
    await page.waitForURL(/q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('菜市场');
    await page.locator('.ant-table-row', { hasText: '城关镇菜市场周边占道经营严重' }).waitFor();
    await page.locator('#cases-q').fill('健身器材');
    await page.locator('#cases-q').press('Enter');
    await page.getByText('没有符合条件的事件').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/cases`);
    await page.getByText('2 条报告：举报电话、媒体报料').waitFor();
    await page.screenshot({ path: '/tmp/shots/cases-list-phone.png', fullPage: true });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('figures count reports and events for the county', async () => {
    const page = await as('county_staff');
    await page.goto(`${server.url}/cases/figures`);
    const stat = (title: string) => page.locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content');
    await expect.poll(() => stat('收到报告').textContent()).toBe('2条');
    await expect.poll(() => stat('事件').first().textContent()).toBe('1个');
    await page.getByRole('cell', { name: '举报电话' }).waitFor();
    await page.getByRole('cell', { name: '媒体报料' }).waitFor();
    await page.screenshot({ path: '/tmp/shots/cases-figures.png', fullPage: true });
    // Closed after its deadline (set here: the clocks take days): the page names it and links to it.
    const event = await server.db.selectFrom('case_events').select(['id', 'title', 'status', 'closed_at', 'due_close_at', 'first_received_at']).executeTakeFirstOrThrow();
    await server.db.updateTable('case_events').set({ status: 'closed', closed_at: new Date().toISOString(), due_close_at: event.first_received_at }).where('id', '=', event.id).execute();
    try {
      await page.reload();
      const late = page.locator('.ant-card', { hasText: '超过办结时限才办结的事件' });
      await late.getByRole('link', { name: event.title }).waitFor();
      await page.screenshot({ path: '/tmp/shots/cases-figures-late.png', fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: '/tmp/shots/cases-figures-late-phone.png', fullPage: true });
      await late.getByRole('link', { name: event.title }).click();
      await page.waitForURL(`**/cases/${event.id}`);
    } finally {
      await server.db.updateTable('case_events').set({ status: event.status, closed_at: event.closed_at, due_close_at: event.due_close_at }).where('id', '=', event.id).execute();
    }
    await page.close();
  });

  it('only an admin of the top-level unit changes the settings; others read them', async () => {
    const township = await as('a_admin');
    await township.goto(`${server.url}/cases/settings`);
    await township.getByText('设置由最上级单位的管理员修改，这里只能查看。').waitFor();
    await township.getByText(/1 小时内向上级报告，5 小时内首次发布权威信息，24 小时内作出完整的公开回应/).waitFor();
    expect(await township.getByRole('button', { name: '保存设置' }).count()).toBe(0);
    await township.close();

    const page = await as('county_admin');
    await page.goto(`${server.url}/cases/settings`);
    await page.locator('#settings-threshold').fill('8');
    await page.getByRole('button', { name: '保存设置' }).click();
    await toastShown(page, '已保存设置');
    await page.screenshot({ path: '/tmp/shots/cases-settings.png', fullPage: true });
    await page.reload();
    await expect.poll(() => page.locator('#settings-threshold').inputValue()).toBe('8');
    await page.close();
  });

  it('triaged straight to a village, the village sends it back with a reason and the township sees why', async () => {
    const staff = await as('a_staff');
    await staff.goto(eventUrl);
    const dialog = staff.locator('.ant-modal');
    await staff.getByTestId('case-actions').getByRole('button', { name: '研判', exact: true }).click();
    await dialog.getByText('一般', { exact: true }).click();
    await pick(staff, 'triage-category', '市场监管');
    await pick(staff, 'triage-unit', '城东村', true);
    await dialog.getByRole('button', { name: '保存研判' }).click();
    await staff.getByText('已研判', { exact: true }).first().waitFor();
    await staff.getByText('(城关镇交办)').waitFor();
    await staff.close();

    const village = await as('a1_liaison', 390);
    await village.goto(eventUrl);
    await village.getByTestId('case-actions').getByRole('button', { name: '退回', exact: true }).click();
    // The reason is required, and the page says so on the field.
    await village.locator('.ant-modal').getByRole('button', { name: '退回', exact: true }).click();
    await village.getByText('请填写退回原因').waitFor();
    await village.locator('#return-reason').fill('菜市场不在城东村范围内，属镇市场监管所管理');
    await village.locator('.ant-modal').getByRole('button', { name: '退回', exact: true }).click();
    await toastShown(village, '已退回给城关镇');
    await village.waitForURL(/\/cases$/);
    await village.close();

    const back = await as('a_staff');
    await back.goto(eventUrl);
    await back.locator('.ant-timeline').getByText('菜市场不在城东村范围内，属镇市场监管所管理').waitFor();
    await back.locator('.ant-timeline').getByText('城东村 退回 城关镇，原因：').waitFor();
    await back.getByText('已研判', { exact: true }).first().waitFor();
    await back.close();
  });

  it('a clue from a watched feed becomes a case from the clue queue', async () => {
    const page = await as('a_staff');
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const unitId = (await server.db.selectFrom('units').select('id').where('name', '=', '城关镇').executeTakeFirstOrThrow()).id;
    const feed = await page.request.post(`${server.url}/api/feeds`, {
      headers: { 'x-csrf-token': csrf },
      data: { unitId, name: '县融媒体新闻', url: `${feeds.base}/news.xml`, any: ['公园'], all: [], none: [], intervalMinutes: 60, enabled: true },
    });
    expect(feed.status()).toBe(201);
    const poll = await page.request.post(`${server.url}/api/feeds/${(await feed.json()).id}/poll`, { headers: { 'x-csrf-token': csrf }, data: {} });
    expect(poll.status()).toBe(200);

    await page.goto(`${server.url}/clues`);
    const item = page.locator('.ant-list-item', { hasText: '城关镇公园健身器材损坏无人维修' });
    await item.getByRole('button', { name: '转为舆情诉求' }).click();
    await page.locator('.ant-popover').getByRole('button', { name: '转为舆情诉求' }).click();
    await page.getByText('已转为舆情诉求：').waitFor();
    await page.getByText('已转为舆情诉求', { exact: true }).click();
    await item.getByRole('link', { name: '查看事件' }).click();
    await page.waitForURL(/\/cases\/[0-9A-Za-z-]+$/);
    await page.getByRole('heading', { name: '城关镇公园健身器材损坏无人维修' }).waitFor();
    await page.getByText('1 条报告：监测发现').waitFor();
    expect(page.url()).not.toBe(eventUrl);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('a step handled by phone on Friday is entered on Monday with when it happened and why, and is marked on the timeline', async () => {
    const page = await as('a_staff');
    const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
    const unitId = (await server.db.selectFrom('units').select('id').where('name', '=', '城关镇').executeTakeFirstOrThrow()).id;
    const threeDaysAgo = new Date(Date.now() - 72 * 3600_000);
    const reg = await page.request.post(`${server.url}/api/cases`, {
      headers: { 'x-csrf-token': csrf },
      data: { unitId, source: 'hotline', receivedAt: threeDaysAgo.toISOString(), title: '小学门口减速带被压坏', content: '城关镇城东村小学门口的减速带被大货车压坏，放学时车辆车速很快，家长担心孩子过马路的安全。' },
    });
    expect(reg.status()).toBe(201);
    await page.goto(`${server.url}/cases/${(await reg.json()).eventId}`);
    await page.getByRole('heading', { name: '小学门口减速带被压坏' }).waitFor();

    const dialog = page.locator('.ant-modal');
    await page.getByTestId('case-actions').getByRole('button', { name: '研判', exact: true }).click();
    await dialog.getByText('一般', { exact: true }).click();
    await pick(page, 'triage-category', '城乡建设');
    // Handled two and a half days ago: typed in the browser's own zone, shown in Beijing time.
    const handledMs = Math.floor((threeDaysAgo.getTime() + 12 * 3600_000) / 60_000) * 60_000;
    const happened = await page.evaluate((ms) => {
      const d = new Date(ms);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
    }, handledMs);
    const shown = new Date(handledMs).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    await dialog.locator('#late-happened-at').click();
    await dialog.locator('#late-happened-at').fill(happened);
    await page.locator('.ant-picker-dropdown .ant-picker-ok button').click();
    await dialog.locator('#late-reason').waitFor();
    // More than 24 hours ago: the reason is required before anything is sent.
    await dialog.getByRole('button', { name: '保存研判' }).click();
    await dialog.getByText('补录 24 小时以前的步骤，请填写补录原因').waitFor();
    await dialog.locator('#late-reason').fill('周五电话研判，周一补录');
    await dialog.getByRole('button', { name: '保存研判' }).click();
    await toastShown(page, '已研判');
    const mark = page.locator('.ant-timeline .late-entry', { hasText: '补录' });
    await mark.waitFor();
    await page.locator('.ant-timeline').getByText(/录入于 .*，周五电话研判，周一补录/).waitFor();
    // The triage row shows when it happened, with the mark.
    await page.locator('.ant-timeline-item', { hasText: '研判' }).filter({ hasText: shown }).filter({ has: page.locator('.late-entry') }).first().waitFor();
    await page.screenshot({ path: '/tmp/shots/cases-late-entry.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
