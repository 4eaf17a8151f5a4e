import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAs, openPage, postAs, startServer, toastShown } from '../helpers/browser';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe('a township requires a second person to approve public replies: the author cannot publish alone, a colleague approves', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let eventId = '';
  const errors: string[] = [];
  const reply = '经核实，小区门口井盖缺失属实，已于当日补装新井盖并设置警示标识，感谢您的反映。';

  async function as(username: string, width: number): Promise<Page> {
    const p = await openPage(browser, { viewport: { width, height: width < 500 ? 844 : 900 } });
    p.on('pageerror', (e) => errors.push(e.message));
    await loginAs(p, server.url, username, PASSWORD);
    return p;
  }

  beforeAll(async () => {
    server = await startServer();
    const county = await buildCounty(server.db);
    await makeAccount(server.db, { unit: county.units.a, role: 'staff', username: 'a_staff2' });
    browser = await launchChromium();
    const staff = await as('a_staff', 1280);
    const r = await postAs(staff, server.url, '/api/cases', {
      unitId: county.units.a.id, source: 'hotline', receivedAt: new Date(Date.now() - 3600_000).toISOString(),
      title: '小区门口井盖缺失', content: '小区门口的下水道井盖缺失已经一周，晚上有人差点掉进去，请尽快处理。',
    });
    eventId = r.eventId;
    const tr = await postAs(staff, server.url, `/api/cases/${eventId}/triage`, { version: 0, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id });
    await postAs(staff, server.url, `/api/cases/${eventId}/verify`, { version: tr.version, result: 'true', note: '现场查看属实' });
    await staff.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the township admin turns the rule on in 舆情诉求设置', async () => {
    const page = await as('a_admin', 1280);
    await page.getByRole('menuitem', { name: '舆情诉求设置' }).click();
    const card = page.getByTestId('reply-approval');
    await card.getByText('城关镇及下级单位的公开答复须经起草人以外的第二人审核').waitFor();
    await card.getByRole('switch').click();
    await toastShown(page, '已设置：本单位及下级单位的公开答复须经第二人审核后公开');
    await card.getByText(/a_admin于.*设置/).waitFor();
    expect(await card.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await page.close();
  });

  it('on a phone the author writes the reply; it goes to review and they cannot approve it themselves', async () => {
    const page = await as('a_staff', 390);
    await page.goto(`${server.url}/cases/${eventId}`);
    await page.getByTestId('case-actions').getByRole('button', { name: '处置与回应', exact: true }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByText('城关镇要求公开答复经第二人审核').waitFor();
    await dialog.locator('#respond-measures').fill('补装井盖，设置警示标识');
    await dialog.locator('#respond-reply').fill(reply);
    await dialog.getByRole('button', { name: '保存回应' }).click();
    await toastShown(page, '答复已送审');
    const draft = page.getByTestId('reply-draft');
    await draft.getByText('公开答复待审核：a_staff于').waitFor();
    await draft.getByText(reply).waitFor();
    const approve = page.getByTestId('case-actions').getByRole('button', { name: '审核通过答复' });
    expect(await approve.isDisabled()).toBe(true);
    await page.getByText('起草答复的人不能审核自己的答复，请由另一人审核').first().waitFor();
    await page.screenshot({ path: '/tmp/day2-reply-390.png', fullPage: true });
    await page.close();
  });

  it('a colleague reads the draft and approves it; the reply is then what the citizen sees', async () => {
    const page = await as('a_staff2', 1280);
    await page.goto(`${server.url}/cases/${eventId}`);
    await page.getByTestId('reply-draft').waitFor();
    await page.getByTestId('case-actions').getByRole('button', { name: '审核通过答复' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByText('(a_staff起草)').waitFor();
    await dialog.getByText(reply).waitFor();
    await dialog.locator('#approve-reply-note').fill('同意');
    await dialog.getByRole('button', { name: '通过并公开' }).click();
    await toastShown(page, '答复已审核通过并公开');
    await page.getByTestId('reply-draft').waitFor({ state: 'detached' });
    await page.getByText('答复审核通过并公开').first().waitFor();
    await page.screenshot({ path: '/tmp/day2-reply-1280.png', fullPage: true });
    const e = await (await page.request.get(`${server.url}/api/cases/${eventId}`)).json();
    expect(e).toMatchObject({ status: 'responded', publicReply: reply, replyDraft: null });
    await page.close();
    expect(errors).toEqual([]);
  });
});
