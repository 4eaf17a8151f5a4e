/**
 * Home, notices and robots through the real UI: the township hears of a dispatched task at once
 * (no reminders job runs in this file), a leader's home at 1280 and 390 px puts what waits first
 * and shows the charts, a bar opens the list it counts, a county notice is read by a township and
 * the county sees the receipt, and an admin adds a DingTalk robot and tests it against the mock.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from '../../server/modules/cases/intake';
import { systemCtx } from '../../server/platform/context';
import { inTx } from '../../server/platform/tx';
import { launchChromium, loginAs, openPage, startServer, toastShown } from '../helpers/browser';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { RobotServer } from '../helpers/robot-server';

const SECRET = `SEC${'a1b2c3d4e5f60718'.repeat(4)}`;

describe('home by role, notices and group robots', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let browser: Browser;
  let mock: RobotServer;
  const errors: string[] = [];
  const pages: Page[] = [];

  async function as(username: string, width: number, height = 900) {
    const page = await openPage(browser, { viewport: { width, height } });
    page.on('pageerror', (e) => errors.push(e.message));
    pages.push(page);
    await loginAs(page, server.url, username, PASSWORD);
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    county = await buildCounty(server.db);
    mock = await new RobotServer().start();
    // Three reports received by the county this month, one of them closed.
    await inTx(server.db, async (trx) => {
      for (const [title, content] of [['东街积水', '县城东街下雨后大面积积水，行人无法通行。'], ['路灯不亮', '城东村村口路灯坏了两周，晚上出行不便。'], ['噪音扰民', '城西工地夜间施工噪音到十一点还不停。']]) {
        await intake(trx, systemCtx(), { unit: county.units.county, source: 'online_petition', via: 'staff', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title, content });
      }
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    mock?.close();
    await server?.close();
  });

  it('the county dispatches a task and the township sees it at once, on its home and in the bell', async () => {
    const countyStaff = await as('county_staff', 1280);
    await countyStaff.goto(`${server.url}/tasks`);
    await countyStaff.getByRole('button', { name: '派发任务' }).click();
    const dialog = countyStaff.locator('.ant-modal');
    await dialog.locator('#task-units').click();
    await countyStaff.locator('.ant-select-tree').getByTitle('城关镇', { exact: true }).click();
    await dialog.locator('.ant-select-selection-item', { hasText: '城关镇' }).waitFor();
    await dialog.locator('#task-title').click();
    await dialog.locator('#task-title').fill('网络安全宣传周');
    await dialog.getByText('工作日', { exact: true }).click();
    await dialog.locator('#task-due-days').fill('10');
    await dialog.getByRole('button', { name: '派发' }).click();
    await countyStaff.waitForURL(/\/tasks\/[0-9a-f-]+$/);

    // The village liaison's phone: the first thing on home is what its unit must do next.
    const liaison = await as('a_liaison', 390, 844);
    const todo = liaison.getByTestId('todo-tasks.new');
    await todo.waitFor();
    expect(await todo.getAttribute('aria-label')).toBe('本单位待开始的任务 1');
    const box = await liaison.getByTestId('home-todos').boundingBox();
    expect(box!.y).toBeLessThan(200);
    await expect.poll(async () => liaison.getByTestId('notification-bell').getAttribute('aria-label')).toContain('1 条未读');
    await todo.click();
    await liaison.waitForURL(/\/tasks\?/);
    await liaison.getByText('网络安全宣传周').first().waitFor();
    await liaison.goto(`${server.url}/notifications`);
    await liaison.getByText('测试县派发任务“网络安全宣传周”', { exact: false }).first().waitFor();
  });

  it('a leader’s home at 1280 and 390 px: what waits first, the units ranked, the charts', async () => {
    const leader = await as('county_leader', 1280);
    await leader.getByTestId('home-todos').waitFor();
    await leader.getByTestId('chart-cases').locator('canvas').first().waitFor();
    await leader.getByTestId('chart-tasks').locator('canvas').first().waitFor();
    const ranking = leader.getByTestId('ranking');
    await ranking.getByText('城关镇').waitFor();
    await ranking.getByText('东山镇').waitFor();
    const todosY = (await leader.getByTestId('home-todos').boundingBox())!.y;
    expect(todosY).toBeLessThan((await ranking.boundingBox())!.y);
    expect(todosY).toBeLessThan((await leader.getByTestId('chart-cases').boundingBox())!.y);
    // The figures as a table for screen readers: present in the page, with the month's count as a link.
    const table = leader.getByTestId('chart-cases').locator('table');
    expect(await table.locator('caption').textContent()).toContain('舆情诉求受理与办结');
    await leader.screenshot({ path: '/tmp/home-leader-1280.png', fullPage: true });

    const phone = await as('county_leader', 390, 844);
    await phone.getByTestId('chart-cases').locator('canvas').first().waitFor();
    const todos = (await phone.getByTestId('home-todos').boundingBox())!;
    expect(todos.y).toBeLessThan(844);
    expect(todos.width).toBeLessThanOrEqual(390);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/home-leader-390.png', fullPage: true });
  });

  it('clicking a chart’s bar opens the list it counts, with its filters', async () => {
    // A page of its own, in front: the leader's page from the test above sat behind the phone's since,
    // and a click on it once reached the chart not at all (nothing heard, 30 s of clicks).
    const leader = await as('county_leader', 1280);
    await leader.bringToFront();
    const chart = leader.getByTestId('chart-cases').locator('div[role="img"]');
    // Where the last month's 受理 bar is: asked from the chart itself, then clicked on the canvas like a user.
    // Asked again before each click until the list opens, with the chart centred in the window first and
    // the point checked to be the chart's own canvas: the page above the chart may still grow (its lists
    // load on their own), which once left the bar below the window's edge, where a click reaches nothing.
    let seen = '';
    const clickLastBar = async () => {
      const spot = await chart.evaluate((el) => {
        type Layout = { x: number; y: number; width: number; height: number };
        type Handlers = { on(name: string, f: (e: { target?: { type?: string } | null; seriesId?: string; dataIndex?: number }) => void): void };
        const host = el as unknown as { __chart?: Handlers & { getZr(): Handlers; getModel(): { getSeriesByIndex(i: number): { getData(): { count(): number; getItemLayout(i: number): Layout } } } }; __heard?: unknown; __clicks?: string[] };
        const c = host.__chart;
        if (!c) return { ok: false, why: 'chart not drawn yet', x: 0, y: 0 };
        // What the chart itself heard of each click, for the message if the list never opens.
        if (host.__heard !== c) {
          host.__heard = c;
          const clicks = (host.__clicks ??= []);
          c.getZr().on('click', (e) => clicks.push(`canvas: ${e.target ? e.target.type ?? 'element' : 'nothing there'}`));
          c.on('click', (e) => clicks.push(`chart: series ${e.seriesId} item ${e.dataIndex}`));
          for (const t of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click']) el.addEventListener(t, (e) => clicks.push(`dom ${t} ${(e.target as Element).tagName} ${(e as MouseEvent).clientX},${(e as MouseEvent).clientY}`), true);
        }
        el.scrollIntoView({ block: 'center' });
        const data = c.getModel().getSeriesByIndex(0).getData();
        const bar = data.getItemLayout(data.count() - 1);
        const rect = el.getBoundingClientRect();
        // A bar's layout may have a negative height (drawn upwards from the axis).
        const x = rect.left + bar.x + bar.width / 2;
        const y = rect.top + bar.y + bar.height / 2;
        const top = document.elementFromPoint(x, y);
        const ok = !!top && el.contains(top) && top.tagName === 'CANVAS' && Math.abs(bar.height) >= 2;
        return { ok, why: `bar ${JSON.stringify(bar)} at (${x}, ${y}) in a ${innerWidth}×${innerHeight} window; on top there: ${top?.tagName ?? 'nothing'}; clicks heard: ${(host.__clicks ?? []).slice(-12).join(', ') || 'none'}`, x, y };
      });
      seen = spot.why;
      if (spot.ok) await leader.mouse.click(spot.x, spot.y);
    };
    await expect.poll(async () => {
      if (!leader.url().includes('/cases?')) await clickLastBar().catch((e: Error) => { seen = e.message; });
      return leader.url();
    }, { timeout: 30_000 }).toMatch(/\/cases\?unitId=.+&from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/).catch((e: Error) => {
      throw new Error(`${e.message}\nthe bar's click opened no list; last seen: ${seen}`);
    });
    await leader.getByText('东街积水').first().waitFor();
    await leader.getByText('路灯不亮').first().waitFor();
    await leader.getByText('噪音扰民').first().waitFor();
  });

  it('a notice sent by the county is read by a township, and the county sees the receipt', async () => {
    const countyStaff = await as('county_staff', 1280);
    await countyStaff.goto(`${server.url}/notices`);
    await countyStaff.getByRole('button', { name: '发通知' }).click();
    const dialog = countyStaff.locator('.ant-modal');
    await dialog.locator('#notice-title').fill('关于做好元旦期间网络安全工作的通知');
    await dialog.locator('#notice-body').fill('各乡镇：请于12月31日前完成自查并报送情况。');
    await dialog.getByRole('button', { name: '发送' }).click();
    await toastShown(countyStaff, '已发送给 4 个单位');
    await countyStaff.waitForURL(/\/notices\/[0-9a-f-]+$/);
    const noticeUrl = countyStaff.url();
    await countyStaff.getByText('阅读回执(已读 0/4 个单位)').waitFor();

    const town = await as('a_staff', 390, 844);
    const todo = town.getByTestId('todo-notices.unread');
    await todo.waitFor();
    await todo.click();
    await town.waitForURL(/\/notices\?box=received&unread=true/);
    await town.getByText('关于做好元旦期间网络安全工作的通知').click();
    await town.getByText('本单位已读').waitFor();
    await town.getByText('各乡镇：请于12月31日前完成自查并报送情况。').waitFor();

    await countyStaff.goto(noticeUrl);
    const receipts = countyStaff.getByTestId('receipts');
    await receipts.getByText('阅读回执(已读 1/4 个单位)').waitFor();
    const row = receipts.locator('tr', { hasText: '城关镇' });
    await row.getByText('已读').waitFor();
    expect(await row.textContent()).toContain('a_staff');
  });

  it('an admin adds a DingTalk robot, presses the test button and sees the delivery in the log', async () => {
    const webhook = mock.add('browser-ding', { provider: 'dingtalk', secret: SECRET });
    const admin = await as('county_admin', 1280);
    await admin.goto(`${server.url}/robots`);
    await admin.getByRole('button', { name: '添加机器人' }).click();
    const dialog = admin.locator('.ant-modal');
    await dialog.locator('#robot-name').fill('县网信工作群');
    await dialog.locator('#robot-webhook').fill(webhook);
    await dialog.locator('#robot-secret').fill(SECRET);
    await dialog.getByRole('button', { name: '保存' }).click();
    await admin.waitForURL(/\/robots\/[0-9a-f-]+$/);
    await admin.getByText('已设置(加密保存，不显示)').waitFor();
    expect(await admin.content()).not.toContain(SECRET);
    await admin.getByRole('button', { name: '发送测试消息' }).click();
    await toastShown(admin, '测试消息已发送，平台返回成功');
    const log = admin.getByTestId('deliveries');
    await log.getByText('成功 0').waitFor();
    await log.getByText('测试', { exact: true }).waitFor();
    expect(mock.of('browser-ding')).toHaveLength(1);
    expect(mock.of('browser-ding')[0]).toMatchObject({ ok: true, code: 0 });
    expect(errors).toEqual([]);
  });
});
