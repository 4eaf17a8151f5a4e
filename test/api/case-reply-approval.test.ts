/**
 * Second-person approval of public replies: a unit's setting (holding for its subtree) keeps a
 * reply as a draft the citizen does not see until someone other than its author approves it.
 * Self-approval and publishing without approval are refused, a stale version answers 409, and
 * each step is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

const DIGITS = '零一二三四五六七八九十';
const solve = (q: string) => {
  const [, a, b] = q.match(/^(.)加(.)等于几/)!;
  return String(DIGITS.indexOf(a) + DIGITS.indexOf(b));
};

describe(`public replies approved by a second person [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let aStaff2: Agent;
  let aLeader: Agent;
  let aAdmin: Agent;
  let countyAdmin: Agent;
  let bStaff: Agent;
  let ip = 10;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a, role: 'staff', username: 'a_staff2' });
    [aStaff, aStaff2, aLeader, aAdmin, countyAdmin, bStaff] = await Promise.all(
      ['a_staff', 'a_staff2', 'a_leader', 'a_admin', 'county_admin', 'b_staff'].map((u) => login(t.app, u, PASSWORD)),
    );
  });
  afterAll(() => t.close());

  /** A citizen's concern to 城关镇, triaged and verified by 城关镇: ready for 处置与回应. Returns the event and its tracking code. */
  async function verifiedEvent(title: string) {
    const addr = `203.0.113.${ip++}`;
    const ch = await anonymous(t.app, 'GET', '/api/public/challenge', undefined, addr);
    const s = await anonymous(t.app, 'POST', '/api/public/cases', {
      unitId: county.units.a.id, title, content: `${title}：小区门口的下水道井盖缺失已经一周，晚上有人差点掉进去，请尽快处理。`,
      challenge: ch.body.token, answer: solve(ch.body.question),
    }, addr);
    expect(s.status).toBe(201);
    const { event_id: id } = await t.db.selectFrom('cases').select('event_id').where('tracking_code', '=', s.body.trackingCode).executeTakeFirstOrThrow();
    const tr = await aStaff.post(`/api/cases/${id}/triage`, { version: 0, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id });
    expect(tr.status).toBe(200);
    const v = await aStaff.post(`/api/cases/${id}/verify`, { version: tr.body.version, result: 'true', note: '现场查看属实' });
    expect(v.status).toBe(200);
    return { id, code: s.body.trackingCode as string, version: v.body.version as number };
  }
  const track = async (code: string) => (await anonymous(t.app, 'GET', `/api/public/cases/${code}`)).body;

  it('is off by default: a reply is published at once', async () => {
    const setting = await aAdmin.get('/api/cases/reply-approval');
    expect(setting.body).toMatchObject({ unitId: county.units.a.id, unitName: '城关镇', required: false, requiredBy: null, version: 0 });
    const e = await verifiedEvent('井盖缺失一');
    const r = await aStaff.post(`/api/cases/${e.id}/respond`, { version: e.version, measures: '已补装井盖', publicReply: '井盖已于当日补装，感谢您的反映。' });
    expect(r.body).toMatchObject({ status: 'responded', publicReply: '井盖已于当日补装，感谢您的反映。', replyDraft: null, replyApproval: null });
    expect((await track(e.code)).reply).toBe('井盖已于当日补装，感谢您的反映。');
  });

  it('an admin of the unit turns it on (audited); a stale save answers 409; only admins may set it', async () => {
    expect((await aStaff.put('/api/cases/reply-approval', { required: true, version: 0 })).status).toBe(403);
    const on = await aAdmin.put('/api/cases/reply-approval', { required: true, version: 0 });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ required: true, version: 1, updatedByName: 'a_admin' });
    const stale = await aAdmin.put('/api/cases/reply-approval', { required: false, version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');
    expect((await aAdmin.get('/api/cases/reply-approval')).body.required).toBe(true);
    const bad = await aAdmin.put('/api/cases/reply-approval', { required: '是', version: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('required');
    const audit = await t.db.selectFrom('audit_log').select(['actor_name', 'after_json']).where('action', '=', 'case.reply_approval').execute();
    expect(audit.map((a) => [a.actor_name, JSON.parse(a.after_json!)])).toEqual([['a_admin(a_admin)', { required: true }]]);
    // A sibling township is not affected.
    expect((await bStaff.get('/api/cases/reply-approval')).body).toMatchObject({ unitName: '东山镇', required: false, requiredBy: null });
  });

  it('keeps the reply as a draft the citizen does not see, refuses self-approval, and publishes on a second person’s approval', async () => {
    const e = await verifiedEvent('井盖缺失二');
    const before = await aStaff.get(`/api/cases/${e.id}`);
    expect(before.body.replyApproval).toBe('城关镇');
    const r = await aStaff.post(`/api/cases/${e.id}/respond`, { version: e.version, measures: '已补装井盖', publicReply: '井盖已补装，谢谢。' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'verified', publicReply: null, replyDraft: '井盖已补装，谢谢。', replyDraftByName: 'a_staff', measures: '已补装井盖', respondedAt: null });
    expect(r.body.steps.at(-1)).toMatchObject({ step: 'reply_draft', label: '答复送审', comment: '井盖已补装，谢谢。' });
    // The citizen sees nothing yet; the event cannot be closed before the reply is out.
    expect(await track(e.code)).toMatchObject({ reply: null, repliedAt: null });
    expect(r.body.can.close).toBe(false);
    const closeEarly = await aStaff.post(`/api/cases/${e.id}/close`, { version: r.body.version });
    expect(closeEarly.status).toBe(403);
    // The same person may not approve their own reply.
    expect(r.body.can.approveReply).toBe(false);
    expect(r.body.why.approveReply).toBe('起草答复的人不能审核自己的答复，请由另一人审核');
    const self = await aStaff.post(`/api/cases/${e.id}/approve-reply`, { version: r.body.version });
    expect(self.status).toBe(403);
    expect(self.body.message).toBe('起草答复的人不能审核自己的答复，请由另一人审核');
    // Nor does 发布权威信息 put text before the citizen while approval is required.
    const info = await aStaff.post(`/api/cases/${e.id}/first-info`, { version: r.body.version, text: '已派人处理' });
    expect(info.status).toBe(200);
    expect(await track(e.code)).toMatchObject({ reply: null });
    // Whoever waits to review it is told.
    const told = await t.db.selectFrom('notifications').select('title').where('link', '=', `/cases/${e.id}`).execute();
    expect(told.map((n) => n.title)).toContain('答复待审核：“井盖缺失二”的公开答复须由另一人审核后公开');

    // A stale version answers 409 and changes nothing.
    const stale = await aStaff2.post(`/api/cases/${e.id}/approve-reply`, { version: r.body.version });
    expect(stale.status).toBe(409);
    expect(await track(e.code)).toMatchObject({ reply: null });
    const ok = await aStaff2.post(`/api/cases/${e.id}/approve-reply`, { version: info.body.version, note: '同意' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'responded', publicReply: '井盖已补装，谢谢。', replyDraft: null, respondedAt: expect.any(String) });
    expect(ok.body.steps.at(-1)).toMatchObject({ step: 'approve_reply', actorName: 'a_staff2', comment: '同意', data: { reply: '井盖已补装，谢谢。', authorName: 'a_staff' } });
    expect(await track(e.code)).toMatchObject({ reply: '井盖已补装，谢谢。', repliedAt: ok.body.respondedAt });
    // Approving again: nothing is waiting.
    const again = await aLeader.post(`/api/cases/${e.id}/approve-reply`, { version: ok.body.version });
    expect(again.status).toBe(403);
    expect(again.body.message).toBe('没有待审核的公开答复');

    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_name']).where('entity_id', '=', e.id).where('action', 'in', ['case.reply_draft', 'case.approve_reply']).orderBy('seq').execute();
    expect(audit).toEqual([{ action: 'case.reply_draft', actor_name: 'a_staff(a_staff)' }, { action: 'case.approve_reply', actor_name: 'a_staff2(a_staff2)' }]);
  });

  it('a reviewer returns a draft with a reason; the author writes it again; of two simultaneous approvals one wins', async () => {
    const e = await verifiedEvent('井盖缺失三');
    const r = await aStaff.post(`/api/cases/${e.id}/respond`, { version: e.version, measures: '已补装', publicReply: '处理了。' });
    const noReason = await aLeader.post(`/api/cases/${e.id}/return-reply`, { version: r.body.version, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('reason');
    const back = await aLeader.post(`/api/cases/${e.id}/return-reply`, { version: r.body.version, reason: '请写明补装的时间' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ replyDraft: null, publicReply: null, status: 'verified' });
    expect(back.body.steps.at(-1)).toMatchObject({ step: 'return_reply', comment: '请写明补装的时间' });
    expect(await track(e.code)).toMatchObject({ reply: null });

    const again = await aStaff.post(`/api/cases/${e.id}/respond`, { version: back.body.version, measures: '已补装', publicReply: '井盖已于12月5日补装。' });
    const [x, y] = await Promise.all([
      aLeader.post(`/api/cases/${e.id}/approve-reply`, { version: again.body.version }),
      aStaff2.post(`/api/cases/${e.id}/approve-reply`, { version: again.body.version }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const steps = (await aStaff.get(`/api/cases/${e.id}`)).body.steps.filter((s: { step: string }) => s.step === 'approve_reply');
    expect(steps).toHaveLength(1);
    expect(await track(e.code)).toMatchObject({ reply: '井盖已于12月5日补装。' });
  });

  it('a county’s setting holds for the townships below it, whatever a township sets', async () => {
    await aAdmin.put('/api/cases/reply-approval', { required: false, version: 1 });
    const e = await verifiedEvent('井盖缺失四');
    expect((await aStaff.get(`/api/cases/${e.id}`)).body.replyApproval).toBeNull();
    expect((await countyAdmin.put('/api/cases/reply-approval', { required: true, version: 0 })).status).toBe(200);
    expect((await aAdmin.get('/api/cases/reply-approval')).body).toMatchObject({ required: false, requiredBy: '测试县' });
    const r = await aStaff.post(`/api/cases/${e.id}/respond`, { version: e.version, measures: '已补装', publicReply: '已补装。' });
    expect(r.body).toMatchObject({ replyApproval: '测试县', replyDraft: '已补装。', publicReply: null });
    // Someone who does not handle it (an inspector) may not approve.
    const inspector = await login(t.app, 'a_inspector', PASSWORD);
    expect((await inspector.post(`/api/cases/${e.id}/approve-reply`, { version: r.body.version })).status).toBe(403);
    // Another township cannot see it at all.
    expect((await bStaff.post(`/api/cases/${e.id}/approve-reply`, { version: r.body.version })).status).toBe(403);
  });
});
