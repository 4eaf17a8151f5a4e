/**
 * Work announces itself: each event notifies the people who must act, in the same transaction
 * as the event and at once (no reminders job runs anywhere in this file), 催办 on tasks and
 * cases, the 研判 clock of a citizen's submission, and each person's choice of kinds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { emitEvents } from '../../server/platform/events';
import { inTx } from '../../server/platform/tx';
import { type Agent, anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const DIGITS = '零一二三四五六七八九十';
const solve = (q: string) => {
  const [, a, b] = q.match(/^(.)加(.)等于几/)!;
  return String(DIGITS.indexOf(a) + DIGITS.indexOf(b));
};

describe(`events announce work at once [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let aStaff: Agent;
  let aLeader: Agent;
  let aLiaison: Agent;
  let bStaff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [countyStaff, countyLeader, aStaff, aLeader, aLiaison, bStaff] = await Promise.all(
      ['county_staff', 'county_leader', 'a_staff', 'a_leader', 'a_liaison', 'b_staff'].map((u) => login(t.app, u, PASSWORD)),
    );
  });
  afterAll(() => t.close());

  const inbox = async (agent: Agent) => (await agent.get('/api/notifications?pageSize=100')).body.items as { kind: string; kindLabel: string; title: string; link: string; readAt: string | null }[];
  const ofKind = async (agent: Agent, kind: string) => (await inbox(agent)).filter((n) => n.kind === kind);
  const assign = (patch: object = {}) => countyStaff.post('/api/tasks/assign', {
    fromUnitId: county.units.county.id, unitIds: [county.units.a.id, county.units.b.id], title: '网络安全宣传周', source: 'superior',
    startDay: '2026-09-01', dueMode: 'date', dueDay: '2099-10-31', ...patch,
  });

  it('tells each receiving unit of a dispatched task in the same request, and nobody else', async () => {
    const r = await assign();
    expect(r.status).toBe(201);
    const children = (await countyStaff.get(`/api/tasks/${r.body.id}/children`)).body.items as { id: string; unitId: string }[];
    const childA = children.find((c) => c.unitId === county.units.a.id)!;
    for (const agent of [aStaff, aLeader, aLiaison]) {
      const got = await ofKind(agent, 'task.assigned');
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ kindLabel: '收到派发的任务', title: '测试县派发任务“网络安全宣传周”，10月31日前完成', link: `/tasks/${childA.id}`, readAt: null });
    }
    expect(await ofKind(bStaff, 'task.assigned')).toHaveLength(1);
    expect(await ofKind(countyStaff, 'task.assigned')).toHaveLength(0);
    // The bell counts it too.
    expect((await aLiaison.get('/api/notifications/unread-count')).body.count).toBeGreaterThanOrEqual(1);
  });

  it('writes nothing when the change fails: the announcement is part of its transaction', async () => {
    const before = (await ofKind(aStaff, 'task.assigned')).length;
    // Refused: 城关镇 is not below 东山镇, so neither unit is sent anything.
    const bad = await bStaff.post('/api/tasks/assign', {
      fromUnitId: county.units.b.id, unitIds: [county.units.b1.id, county.units.a.id], title: '越界派发', source: 'superior', startDay: '2026-09-01', dueMode: 'date', dueDay: '2099-10-31',
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect((await ofKind(aStaff, 'task.assigned')).length).toBe(before);
    // Directly: an event emitted inside a transaction that then fails leaves no notification.
    await expect(inTx(t.db, async (trx) => {
      await emitEvents(trx, { kind: 'urge', unitId: county.units.a.id, roles: ['staff'], title: '回滚的事件', subject: null, link: '/tasks', key: 'rollback-test' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect((await inbox(aStaff)).some((n) => n.title === '回滚的事件')).toBe(false);
    await inTx(t.db, (trx) => emitEvents(trx, { kind: 'urge', unitId: county.units.a.id, roles: ['staff'], title: '提交的事件', subject: null, link: '/tasks', key: 'commit-test' }));
    expect((await inbox(aStaff)).filter((n) => n.title === '提交的事件')).toHaveLength(1);
  });

  it('tells the assigning unit of a progress report, and lets it urge (催办) a unit that has not finished', async () => {
    const r = await assign({ title: '清朗专项行动' });
    const childA = ((await countyStaff.get(`/api/tasks/${r.body.id}/children`)).body.items as { id: string; unitId: string }[]).find((c) => c.unitId === county.units.a.id)!;
    const p = await aLiaison.post(`/api/tasks/${childA.id}/progress`, { day: '2026-09-02', note: '已部署' });
    expect(p.status).toBe(201);
    const heard = (await ofKind(countyStaff, 'task.progress')).filter((n) => n.title.includes('清朗专项行动'));
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ title: '城关镇报送了任务“清朗专项行动”的进展', link: `/tasks/${r.body.id}` });

    // The receiving unit cannot urge itself; a sibling cannot reach it; the task's parent cannot be urged.
    expect((await aStaff.post(`/api/tasks/${childA.id}/urge`, {})).body).toMatchObject({ message: expect.stringContaining('上级单位') });
    expect((await bStaff.post(`/api/tasks/${childA.id}/urge`, {})).status).toBe(403);
    expect((await countyStaff.post(`/api/tasks/${r.body.id}/urge`, {})).body.message).toContain('派发给下级单位');
    const before = (await ofKind(aStaff, 'urge')).length;
    const u = await countyStaff.post(`/api/tasks/${childA.id}/urge`, { note: '请于本周内报送' });
    expect(u.status).toBe(200);
    const urged = await ofKind(aStaff, 'urge');
    expect(urged.length).toBe(before + 1);
    expect(urged[0]).toMatchObject({ kindLabel: '催办', title: '测试县催办任务“清朗专项行动”：请于本周内报送', link: `/tasks/${childA.id}` });
    expect((await ofKind(aLiaison, 'urge')).length).toBeGreaterThan(0);
    // Once a day: the second press is refused, not repeated.
    const again = await countyStaff.post(`/api/tasks/${childA.id}/urge`, {});
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('今天已催办');
    const tooLong = await countyStaff.post(`/api/tasks/${childA.id}/urge`, { note: '催'.repeat(201) });
    expect(tooLong.body).toMatchObject({ code: 'VALIDATION', field: 'note' });
    // Audited.
    const h = await countyStaff.get(`/api/tasks/${childA.id}/history`);
    expect(h.body.items.map((e: { action: string }) => e.action)).toContain('urge');
    // Completed: nothing to urge.
    const done = await aStaff.post(`/api/tasks/${childA.id}/complete`, { version: 1, completedDay: '2026-09-03', note: '完成' });
    expect(done.status).toBe(200);
    expect((await countyStaff.post(`/api/tasks/${childA.id}/urge`, {})).body.message).toContain('已完成');
  });

  it('a citizen’s submission reaches the receiving unit at once, with a 研判 clock from the SLA policy', async () => {
    const ch = await anonymous(t.app, 'GET', '/api/public/challenge', undefined, '203.0.113.9');
    const s = await anonymous(t.app, 'POST', '/api/public/cases', {
      unitId: county.units.a.id, title: '村口路灯不亮', content: '城东村村口的路灯已经坏了两周，晚上出行很不方便，请尽快维修。', contact: '13800000000',
      challenge: ch.body.token, answer: solve(ch.body.question),
    }, '203.0.113.9');
    expect(s.status).toBe(201);
    const event = await t.db.selectFrom('cases').select('event_id').where('tracking_code', '=', s.body.trackingCode).executeTakeFirstOrThrow();
    const got = await ofKind(aStaff, 'case.submitted');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kindLabel: '收到群众反映', title: '群众反映：“村口路灯不亮”，请研判', link: `/cases/${event.event_id}` });
    expect(await ofKind(aLeader, 'case.submitted')).toHaveLength(1);
    expect(await ofKind(countyStaff, 'case.submitted')).toHaveLength(0);
    const row = await t.db.selectFrom('case_events').select(['first_received_at', 'due_triage_at']).where('id', '=', event.event_id).executeTakeFirstOrThrow();
    // Default policy: 研判 within 24 hours of the first report.
    expect(Date.parse(row.due_triage_at!) - Date.parse(row.first_received_at)).toBe(24 * 3600_000);
    // The case's clock list shows it, first, until someone triages; then met, and not counted as 超期 either way.
    const open = await aStaff.get(`/api/cases/${event.event_id}`);
    expect(open.body.clocks).toEqual([{ key: 'triage', label: '研判', limit: '24小时', dueAt: row.due_triage_at, metAt: null, state: 'open' }]);
    expect(open.body.overdue).toBe(false);
    expect((await aStaff.post(`/api/cases/${event.event_id}/triage`, { version: open.body.version, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id })).status).toBe(200);
    const triaged = await aStaff.get(`/api/cases/${event.event_id}`);
    expect(triaged.body.clocks[0]).toMatchObject({ key: 'triage', state: 'met', metAt: expect.any(String) });
    expect(triaged.body.clocks.map((c: { key: string }) => c.key)).toEqual(['triage', 'response', 'close']);
  });

  it('announces case assignment, return, 催办, direct reports and closure requests to whoever acts next', async () => {
    const c = await countyStaff.post('/api/cases', {
      unitId: county.units.county.id, source: 'online_petition', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title: '县城东街积水',
      content: '县城东街下雨后大面积积水，行人无法通行，已经持续三天没有人处理。', channel: '市长信箱',
    });
    expect(c.status).toBe(201);
    const id = c.body.eventId;
    const tri = await countyStaff.post(`/api/cases/${id}/triage`, { version: 0, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id });
    expect(tri.status).toBe(200);
    const assigned = (await ofKind(aLiaison, 'case.assigned')).filter((n) => n.link === `/cases/${id}`);
    expect(assigned).toHaveLength(1);
    expect(assigned[0].title).toBe('交办：“县城东街积水”，请核实处置');

    // 催办 by the county; not by the handling unit itself, not by a sibling.
    expect((await aStaff.post(`/api/cases/${id}/urge`, {})).body.message).toContain('上级单位');
    expect((await bStaff.post(`/api/cases/${id}/urge`, {})).status).toBe(403);
    const u = await countyLeader.post(`/api/cases/${id}/urge`, { note: '今天内核实' });
    expect(u.status).toBe(200);
    expect(u.body.steps.map((s: { step: string }) => s.step)).toContain('urge');
    expect((await ofKind(aStaff, 'urge')).filter((n) => n.link === `/cases/${id}`)[0].title).toBe('催办：“县城东街积水”，请抓紧办理(今天内核实)');
    // Once a day per event, as for tasks: today's second 催办 is refused and tells no one again.
    const again = await countyStaff.post(`/api/cases/${id}/urge`, { note: null });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'URGED_TODAY', message: '今天已催办过该事件' });
    expect((await ofKind(aStaff, 'urge')).filter((n) => n.link === `/cases/${id}`)).toHaveLength(1);

    // 退回 goes back to the county.
    const view = (await aStaff.get(`/api/cases/${id}`)).body;
    const back = await aStaff.post(`/api/cases/${id}/return`, { version: view.version, reason: '不属于本镇职责' });
    expect(back.status).toBe(200);
    expect((await ofKind(countyStaff, 'case.returned')).filter((n) => n.link === `/cases/${id}`)).toHaveLength(1);

    // 较大 at the township: the county's leaders get the direct report at once.
    const m = await aStaff.post('/api/cases', {
      unitId: county.units.a.id, source: 'media_tip', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title: '镇区自来水发黄',
      content: '城关镇镇区自来水从昨天开始发黄浑浊，烧开后有沉淀，多个小区居民反映。',
    });
    await aStaff.post(`/api/cases/${m.body.eventId}/triage`, { version: 0, level: 'major', category: '生态环境', handlingUnitId: county.units.a.id });
    const direct = (await ofKind(countyLeader, 'case.direct_report')).filter((n) => n.link === `/cases/${m.body.eventId}`);
    expect(direct).toHaveLength(1);
    expect(direct[0].title).toBe('直报：“镇区自来水发黄”，请阅示');

    // The reminders job afterwards repeats none of these (same keys).
    const n = (await inbox(countyLeader)).length;
    await runReminders(t.db);
    expect((await inbox(countyLeader)).filter((x) => x.link === `/cases/${m.body.eventId}`)).toHaveLength(1);
    expect((await inbox(countyLeader)).length).toBeGreaterThanOrEqual(n);
  });

  it('tells the raising unit when an item is reported done, and the owner when it is sent back', async () => {
    const r = await countyStaff.post('/api/rectifications', {
      unitId: county.units.a.id, problem: '值班制度未上墙', origin: 'supervision', measures: '制度上墙', startDay: '2026-09-30', dueMode: 'date', dueDay: '2099-06-30',
    });
    expect(r.status).toBe(201);
    const rep = await aStaff.post(`/api/rectifications/${r.body.id}/report`, { version: 0, note: '已上墙' });
    expect(rep.status).toBe(200);
    const heard = (await ofKind(countyLeader, 'rect.reported')).filter((n) => n.link === `/rectification/${r.body.id}`);
    expect(heard).toHaveLength(1);
    expect(heard[0].title).toBe('整改事项“值班制度未上墙”已报告完成，待销号');
    const ret = await countyLeader.post(`/api/rectifications/${r.body.id}/return`, { version: 1, reason: '缺少照片' });
    expect(ret.status).toBe(200);
    expect((await ofKind(aStaff, 'rect.returned')).filter((n) => n.link === `/rectification/${r.body.id}`)[0].title).toBe('整改事项“值班制度未上墙”被退回：缺少照片');
  });

  it('lets each person choose which kinds reach them in the app', async () => {
    const kinds = (await aLiaison.get('/api/event-kinds')).body.items as { key: string; label: string }[];
    expect(kinds.map((k) => k.key)).toEqual(expect.arrayContaining(['urge', 'task.assigned', 'case.assigned', 'rect.reported']));
    const bad = await aLiaison.put('/api/notification-prefs', { off: ['nonsense'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'off', message: expect.stringContaining('nonsense') });
    const set = await aLiaison.put('/api/notification-prefs', { off: ['task.assigned'] });
    expect(set.status).toBe(200);
    expect(set.body.items.find((k: { key: string }) => k.key === 'task.assigned').inApp).toBe(false);
    const before = (await ofKind(aLiaison, 'task.assigned')).length;
    const beforeStaff = (await ofKind(aStaff, 'task.assigned')).length;
    await assign({ title: '第三项任务' });
    expect((await ofKind(aLiaison, 'task.assigned')).length).toBe(before);
    expect((await ofKind(aStaff, 'task.assigned')).length).toBe(beforeStaff + 1);
    // Only one's own preferences: they are read back for the caller.
    expect((await aStaff.get('/api/notification-prefs')).body.items.every((k: { inApp: boolean }) => k.inApp)).toBe(true);
  });
});
