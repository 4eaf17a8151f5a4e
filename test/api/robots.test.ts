/**
 * Group robots against a local mock of DingTalk, WeCom and Feishu (test/helpers/robot-server.ts):
 * the outbox is written in the event's transaction, each platform's signature is checked as it
 * documents it, success is read from the returned code, rate limits hold messages back and a
 * burst goes out as one digest, failures are retried with backoff, nothing is sent twice across
 * a restart or by two app servers, and secrets never leave the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue, MAX_ATTEMPTS } from '../../server/modules/robots/outbox';
import { checkWebhook } from '../../server/modules/robots/service';
import { dingtalkSign, feishuSign } from '../../server/modules/robots/providers';
import { emitEvents } from '../../server/platform/events';
import { newId, nowIso } from '../../server/platform/ids';
import { shanghaiDay } from '../../server/platform/period';
import { inTx } from '../../server/platform/tx';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { RobotServer } from '../helpers/robot-server';

const SECRET = `SEC${'0123456789abcdef'.repeat(4)}`;
const FEISHU_SECRET = 'ZuYD7jM7ETJ6Q2ZoVH1Hbd';

describe(`group robots [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let mock: RobotServer;
  let aAdmin: Agent;
  let aStaff: Agent;
  let countyStaff: Agent;
  let bStaff: Agent;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://netduty.example.gov.cn' });
    county = await buildCounty(t.db);
    mock = await new RobotServer().start();
    [aAdmin, aStaff, countyStaff, bStaff] = await Promise.all(['a_admin', 'a_staff', 'county_staff', 'b_staff'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(async () => {
    mock.close();
    await t.close();
  });

  /** A robot of 城关镇 subscribed to `kinds`, backed by a fresh mock robot. */
  async function robot(provider: 'dingtalk' | 'wecom' | 'feishu', o: { secret?: string; mockSecret?: string; keyword?: string; mockKeyword?: string; kinds?: string[]; withTitles?: boolean; quietFrom?: string; quietTo?: string } = {}) {
    const token = `${provider}${++seq}`;
    const webhook = mock.add(token, { provider, secret: o.mockSecret ?? o.secret, keyword: o.mockKeyword ?? o.keyword });
    const r = await aAdmin.post('/api/robots', {
      unitId: county.units.a.id, provider, name: `工作群${seq}`, webhook, secret: o.secret ?? null, keyword: o.keyword ?? null, kinds: o.kinds ?? ['urge'],
      withTitles: o.withTitles ?? true, quietFrom: o.quietFrom ?? null, quietTo: o.quietTo ?? null,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.id as string, token, view: r.body };
  }
  const urge = (title: string, key = newId()) => inTx(t.db, (trx) => emitEvents(trx, { kind: 'urge', unitId: county.units.a.id, roles: ['staff'], title, subject: title, link: '/tasks/x', key }));
  const outbox = (robotId: string) => t.db.selectFrom('robot_outbox').selectAll().where('robot_id', '=', robotId).orderBy('created_at').orderBy('id').execute();
  const later = (ms: number) => new Date(Date.now() + ms);

  it('keeps the webhook and secret sealed, never returns them, and hides them in the audit log', async () => {
    const { id, view } = await robot('dingtalk', { secret: SECRET });
    expect(view).toMatchObject({ provider: 'dingtalk', providerLabel: '钉钉', hasSecret: true });
    expect(view.webhookHint).toMatch(/^127\.0\.0\.1:\d+\/…\w{4}$/);
    const text = JSON.stringify([view, (await aAdmin.get(`/api/robots/${id}`)).body, (await aAdmin.get('/api/robots')).body]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('access_token');
    const row = await t.db.selectFrom('robots').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret_sealed).toMatch(/^sm4:/);
    expect(row.webhook_sealed).toMatch(/^sm4:/);
    expect(row.secret_sealed).not.toContain(SECRET);
    const audit = await t.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('entity', '=', 'robot').where('entity_id', '=', id).execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(JSON.stringify(audit)).not.toContain('access_token');
    expect(JSON.stringify(audit)).toContain('[已隐藏]');
    // Editing without a new secret keeps it; the staff reads the log, only admins change robots.
    const kept = await aAdmin.put(`/api/robots/${id}`, { version: 0, name: '改名', webhook: '', secret: null, keepSecret: true, keyword: null, kinds: ['urge'], withTitles: true });
    expect(kept.body).toMatchObject({ name: '改名', hasSecret: true, version: 1 });
    expect((await aStaff.get(`/api/robots/${id}/deliveries`)).status).toBe(200);
    expect((await aStaff.post(`/api/robots/${id}/test`, {})).status).toBe(403);
    expect((await bStaff.get(`/api/robots/${id}`)).status).toBe(403);
  });

  it('refuses a webhook that is not https, points inside unless allowed, or has the wrong shape, and secrets of the wrong shape', async () => {
    const base = { unitId: county.units.a.id, provider: 'dingtalk', name: '群', secret: null, keyword: null, kinds: ['urge'], withTitles: true };
    const http = await aAdmin.post('/api/robots', { ...base, webhook: 'http://203.0.113.5/robot/send?access_token=abc' });
    expect(http.body).toMatchObject({ code: 'VALIDATION', field: 'webhook', message: 'Webhook 地址应以 https:// 开头' });
    await expect(checkWebhook('dingtalk', 'https://127.0.0.1/robot/send?access_token=abc', false)).rejects.toMatchObject({ field: 'webhook', message: expect.stringContaining('内网或本机') });
    await expect(checkWebhook('dingtalk', 'https://10.1.2.3/robot/send?access_token=abc', false)).rejects.toMatchObject({ field: 'webhook' });
    await expect(checkWebhook('wecom', 'https://203.0.113.5/cgi-bin/webhook/send', false)).rejects.toMatchObject({ message: '企业微信的 Webhook 地址应包含 key 参数' });
    expect((await checkWebhook('dingtalk', 'https://203.0.113.5/robot/send?access_token=abc', false)).host).toBe('203.0.113.5');
    const badSecret = await aAdmin.post('/api/robots', { ...base, webhook: mock.add('x1', { provider: 'dingtalk' }), secret: 'SECshort' });
    expect(badSecret.body).toMatchObject({ field: 'secret', message: expect.stringContaining('SEC') });
    const wecomSecret = await aAdmin.post('/api/robots', { ...base, provider: 'wecom', webhook: mock.add('x2', { provider: 'wecom' }), secret: 'whatever' });
    expect(wecomSecret.body.field).toBe('secret');
    const badKind = await aAdmin.post('/api/robots', { ...base, webhook: mock.add('x3', { provider: 'dingtalk' }), kinds: ['nonsense'] });
    expect(badKind.body).toMatchObject({ field: 'kinds' });
    const halfQuiet = await aAdmin.post('/api/robots', { ...base, webhook: mock.add('x4', { provider: 'dingtalk' }), quietFrom: '22:00' });
    expect(halfQuiet.body.field).toBe('quietTo');
    // Another unit's admin cannot add one for 城关镇; staff cannot add any.
    expect((await aStaff.post('/api/robots', { ...base, webhook: mock.add('x5', { provider: 'dingtalk' }) })).status).toBe(403);
    expect((await t.db.selectFrom('robots').select('id').where('name', '=', '群').execute()).length).toBe(0);
  });

  it('signs as each platform documents and reads success from the returned code', async () => {
    // The signatures match the platforms' published examples of the algorithm.
    expect(dingtalkSign(SECRET, 1700000000000)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(feishuSign(FEISHU_SECRET, 1700000000)).not.toBe(dingtalkSign(FEISHU_SECRET, 1700000000));
    const ding = await robot('dingtalk', { secret: SECRET });
    const fei = await robot('feishu', { secret: FEISHU_SECRET });
    const wecom = await robot('wecom');
    const wrong = await robot('dingtalk', { secret: SECRET, mockSecret: `SEC${'f'.repeat(64)}` });
    const kw = await robot('dingtalk', { keyword: '值守' });
    const kwMissing = await robot('feishu', { keyword: '值班', mockKeyword: '舆情' });
    for (const r of [ding, fei, wecom, wrong, kw, kwMissing]) {
      const res = await aAdmin.post(`/api/robots/${r.id}/test`, {});
      expect(res.status).toBe(200);
    }
    const log = async (id: string) => (await aAdmin.get(`/api/robots/${id}/deliveries`)).body.items[0];
    expect(await log(ding.id)).toMatchObject({ ok: true, errcode: 0, httpStatus: 200, test: true });
    expect(await log(fei.id)).toMatchObject({ ok: true, errcode: 0 });
    expect(await log(wecom.id)).toMatchObject({ ok: true, errcode: 0 });
    // HTTP 200 with an error code is a failure.
    expect(await log(wrong.id)).toMatchObject({ ok: false, errcode: 310000, httpStatus: 200, errmsg: expect.stringContaining('sign not match') });
    expect(await log(kw.id)).toMatchObject({ ok: true });
    expect(mock.of(kw.token)[0].text.startsWith('【值守】')).toBe(true);
    expect(await log(kwMissing.id)).toMatchObject({ ok: false, errcode: 19024, errmsg: 'Key Words Not Found' });
  });

  it('writes the outbox in the event’s transaction, and group messages carry no citizen’s words and, if switched off, no titles', async () => {
    const r = await robot('dingtalk', { kinds: ['task.assigned', 'case.assigned', 'urge'] });
    const hidden = await robot('wecom', { kinds: ['task.assigned'], withTitles: false });
    // A failed transaction leaves no outbox row.
    await expect(inTx(t.db, async (trx) => {
      await emitEvents(trx, { kind: 'urge', unitId: county.units.a.id, roles: ['staff'], title: '回滚', subject: '回滚', link: '/x', key: newId() });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await outbox(r.id)).toHaveLength(0);

    const assign = await countyStaff.post('/api/tasks/assign', {
      fromUnitId: county.units.county.id, unitIds: [county.units.a.id], title: '网络安全宣传周', source: 'superior', startDay: '2026-09-01', dueMode: 'date', dueDay: '2099-10-31',
    });
    expect(assign.status).toBe(201);
    const rows = await outbox(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'task.assigned', status: 'pending' });
    expect(rows[0].text).toBe(`【网信工作台】收到派发的任务：城关镇 “网络安全宣传周”\nhttps://netduty.example.gov.cn${(await aStaff.get('/api/notifications')).body.items.find((n: { kind: string }) => n.kind === 'task.assigned').link}`);
    expect((await outbox(hidden.id))[0].text).not.toContain('网络安全宣传周');

    const c = await countyStaff.post('/api/cases', {
      unitId: county.units.county.id, source: 'online_petition', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title: '张三反映东街积水',
      content: '张三(电话13900001111)反映县城东街下雨后大面积积水，行人无法通行。', contact: '13900001111',
    });
    await countyStaff.post(`/api/cases/${c.body.eventId}/triage`, { version: 0, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id });
    const caseRow = (await outbox(r.id)).find((x) => x.kind === 'case.assigned')!;
    expect(caseRow.text).toContain('交办给本单位：城关镇');
    for (const secret of ['张三', '13900001111', '东街', '积水']) expect(caseRow.text).not.toContain(secret);
  });

  it('folds a burst into one digest, holds back at the rate limit, and retries a refusal with backoff', async () => {
    const r = await robot('dingtalk', { secret: SECRET });
    for (let i = 0; i < 25; i++) await urge(`任务${i}`);
    const run = await deliverDue(t.db, { owner: 'a' });
    expect(run.sent).toBeGreaterThanOrEqual(25);
    const got = mock.of(r.token);
    expect(got).toHaveLength(1);
    expect(got[0].text).toMatch(/^【网信工作台】25 条提醒：\n1\. 催办：城关镇 “任务0”/);
    expect((await outbox(r.id)).every((x) => x.status === 'sent')).toBe(true);

    // 20 sent in the last minute: the robot waits, the message is not lost.
    const now = nowIso();
    await t.db.insertInto('robot_deliveries').values(Array.from({ length: 19 }, () => ({ id: newId(), robot_id: r.id, at: now, messages: 1, text: '先前', http_status: 200, errcode: 0, errmsg: 'ok', ok: 1, test: 0 }))).execute();
    await urge('限流中');
    expect((await deliverDue(t.db, { owner: 'a' })).held).toBeGreaterThanOrEqual(1);
    expect(mock.of(r.token)).toHaveLength(1);
    const sentLater = await deliverDue(t.db, { owner: 'a', now: later(61_000) });
    expect(sentLater.sent).toBeGreaterThanOrEqual(1);
    expect(mock.of(r.token).at(-1)!.text).toContain('限流中');

    // The platform refuses (rate limited): logged with its code, retried after the backoff, then sent once.
    mock.set(r.token, { force: { code: 130101, msg: 'send too fast, exceed 20 times per minute' } });
    await urge('被平台限流');
    const t0 = later(3 * 60_000);
    await deliverDue(t.db, { owner: 'a', now: t0 });
    const failed = (await outbox(r.id)).find((x) => x.text.includes('被平台限流'))!;
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(failed.next_at) - t0.getTime()).toBe(30_000);
    const logged = (await aStaff.get(`/api/robots/${r.id}/deliveries`)).body.items[0];
    expect(logged).toMatchObject({ ok: false, errcode: 130101, httpStatus: 200 });
    mock.set(r.token, { force: null });
    const before = mock.of(r.token).length;
    await deliverDue(t.db, { owner: 'a', now: new Date(t0.getTime() + 10_000) }); // before the backoff: nothing
    expect(mock.of(r.token).length).toBe(before);
    expect(mock.of(r.token).filter((m) => m.ok && m.text.includes('被平台限流'))).toHaveLength(0);
    await deliverDue(t.db, { owner: 'a', now: new Date(t0.getTime() + 31_000) });
    expect(mock.of(r.token).filter((m) => m.ok && m.text.includes('被平台限流'))).toHaveLength(1);
    expect((await outbox(r.id)).find((x) => x.text.includes('被平台限流'))).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('gives up after the last attempt and cuts text to the platform’s size', async () => {
    const w = await robot('wecom');
    mock.set(w.token, { force: { code: 93000, msg: 'invalid webhook url' } });
    await urge('不可达');
    let at = Date.now() + 10 * 60_000;
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await deliverDue(t.db, { owner: 'a', now: new Date(at) });
      at += 60 * 60_000;
    }
    expect(mock.of(w.token).filter((m) => m.text.includes('不可达'))).toHaveLength(MAX_ATTEMPTS);
    expect((await outbox(w.id))[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });

    // 30 messages are more than WeCom's 2,048 bytes: the digest is cut, and accepted.
    const big = await robot('wecom');
    for (let i = 0; i < 30; i++) await urge(`一项标题相当长的派发任务需要在群里提醒大家及时报送进展情况第${i}项`);
    await deliverDue(t.db, { owner: 'a', now: new Date(at) });
    const got = mock.of(big.token);
    expect(got).toHaveLength(1);
    expect(got[0].ok).toBe(true);
    expect(Buffer.byteLength(got[0].text, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('never sends a row twice: two app servers at once, and a server that stopped mid-send', async () => {
    const robots = await Promise.all([robot('dingtalk'), robot('feishu'), robot('wecom')]);
    for (let i = 0; i < 3; i++) await urge(`并发${i}`);
    const at = later(20 * 60_000);
    await Promise.all([deliverDue(t.db, { owner: 'server-1', now: at }), deliverDue(t.db, { owner: 'server-2', now: at })]);
    for (const r of robots) {
      expect(mock.of(r.token).filter((m) => m.ok)).toHaveLength(1);
      expect((await outbox(r.id)).every((x) => x.status === 'sent')).toBe(true);
    }
    // A server claimed a row and stopped before recording the outcome: after a restart the row is given up, not resent.
    const [d] = robots;
    await urge('重启前');
    const row = (await outbox(d.id)).find((x) => x.text.includes('重启前'))!;
    await t.db.updateTable('robot_outbox').set({ status: 'sending', claimed_by: 'server-1', claimed_at: at.toISOString() }).where('id', '=', row.id).execute();
    await deliverDue(t.db, { owner: 'server-2', now: new Date(at.getTime() + 11 * 60_000) });
    expect(mock.of(d.token).filter((m) => m.text.includes('重启前'))).toHaveLength(0);
    expect((await outbox(d.id)).find((x) => x.id === row.id)!.status).toBe('unknown');
  });

  it('keeps quiet hours, except during a watch period', async () => {
    const r = await robot('dingtalk', { quietFrom: '00:00', quietTo: '23:59' });
    await urge('夜间');
    const at = later(0);
    // 23:59–00:00 is the one minute outside; a time inside by the clock of Shanghai.
    const inside = new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000 + 86_400_000 + 4 * 3600_000); // 12:00 Shanghai tomorrow
    expect((await deliverDue(t.db, { owner: 'a', now: inside })).held).toBeGreaterThanOrEqual(1);
    expect(mock.of(r.token)).toHaveLength(0);
    const now = nowIso();
    await t.db.insertInto('watch_periods').values({
      id: newId(), unit_id: county.units.county.id, name: '元旦', starts_on: shanghaiDay(inside), ends_on: shanghaiDay(inside), note: null, created_by: null,
      archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    await deliverDue(t.db, { owner: 'a', now: inside });
    expect(mock.of(r.token)).toHaveLength(1);
  });
});
