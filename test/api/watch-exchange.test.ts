/**
 * 互换班次 through the API: two people exchange their shifts — one proposes, the other accepts
 * (or declines), or the roster's owner exchanges them for both; both places change in one
 * transaction; ended shifts, another unit's shifts, clashes and stale answers refused; audited;
 * both people told — on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterDetail, ShiftView, SwapView } from '../../common/watch';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { md } from '../../server/modules/watch/events';
import { watchReminders } from '../../server/modules/watch/reminders';
import { watchTodos } from '../../server/modules/watch/todos';
import { WorkCalendar } from '../../server/platform/calendar';
import { actorFor } from '../../server/modules/demo/lookups';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makePerson, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const day = (n: number) => addDays(today, n);

describe(`watch shift exchange [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent; // 城关镇 staff: manages the roster
  let jiaAgent: Agent; // 值班员甲
  let yiAgent: Agent; // 值班员乙
  let bStaff: Agent;
  const p: Record<string, string> = {};
  let roster: RosterDetail;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    p.jia = (await makePerson(t.db, { unit: county.units.a, name: '值班员甲', phone: '13800000001' })).id;
    p.yi = (await makePerson(t.db, { unit: county.units.a, name: '值班员乙', phone: '13800000002' })).id;
    p.bing = (await makePerson(t.db, { unit: county.units.a, name: '值班员丙', phone: '13800000003' })).id;
    p.wu = (await makePerson(t.db, { unit: county.units.a, name: '副镇长吴', position: '副镇长', phone: '13800000009' })).id;
    await t.db.updateTable('accounts').set({ person_id: p.jia }).where('username', '=', 'a_liaison').execute();
    await makeAccount(t.db, { unit: county.units.a, role: 'liaison', username: 'a_duty2', personId: p.yi });
    aStaff = await login(t.app, 'a_staff', PASSWORD);
    jiaAgent = await login(t.app, 'a_liaison', PASSWORD);
    yiAgent = await login(t.app, 'a_duty2', PASSWORD);
    bStaff = await login(t.app, 'b_staff', PASSWORD);
    const r = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, startsOn: day(2), endsOn: day(4), shiftMode: 'full', leaderIds: [p.wu], staffIds: [p.jia, p.yi, p.bing] });
    expect(r.status).toBe(201);
    roster = r.body;
  });
  afterAll(() => t.close());

  const staffOf = async () => ((await aStaff.get(`/api/watch/rosters/${roster.id}`)).body.shifts as ShiftView[]).map((s) => [s.day, s.staff?.name, s.staff?.phone]);
  const shiftOn = (n: number) => roster.shifts.find((s) => s.day === day(n))!;
  const inbox = async (agent: Agent) => ((await agent.get('/api/notifications')).body.items as { kind: string; title: string }[]).filter((n) => n.kind === 'watch.exchange');

  it('the person on duty proposes; the other person accepts; both places change at once, each with their own phone', async () => {
    expect(await staffOf()).toEqual([[day(2), '值班员甲', '13800000001'], [day(3), '值班员乙', '13800000002'], [day(4), '值班员丙', '13800000003']]);
    const asked = await jiaAgent.post(`/api/watch/shifts/${shiftOn(2).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(3).id, reason: '家中有事' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', fromName: '值班员甲', toName: '值班员乙', other: { shiftId: shiftOn(3).id, day: day(3), kind: 'full' }, toAnswer: false });
    // Nothing changes until the other person accepts.
    expect((await staffOf())[0][1]).toBe('值班员甲');
    const told = await inbox(yiAgent);
    expect(told).toHaveLength(1);
    expect(told[0].title).toContain('值班员甲提出互换班次');
    // It waits for 乙, not for the roster's owner: 乙's to-do, not the owner's swaps to approve.
    const yiTodos = await watchTodos.list(t.db, (await actorFor(t.db, 'a_duty2'))!, today);
    expect(yiTodos.find((x) => x.key === 'watch.exchange')).toMatchObject({ count: 1, link: '/watch/swaps?status=pending' });
    expect((await watchTodos.list(t.db, (await actorFor(t.db, 'a_staff'))!, today)).find((x) => x.key === 'watch.swaps')).toBeUndefined();
    const list = (await yiAgent.get('/api/watch/swaps?status=pending')).body.items as SwapView[];
    expect(list.find((w) => w.id === asked.body.id)).toMatchObject({ toAnswer: true });

    // Only 乙 answers: not the proposer, not the owner through accept; a stale version is refused.
    expect((await jiaAgent.post(`/api/watch/swaps/${asked.body.id}/accept`, { version: 0 })).status).toBe(403);
    expect((await aStaff.post(`/api/watch/swaps/${asked.body.id}/accept`, { version: 0 })).status).toBe(403);
    const stale = await yiAgent.post(`/api/watch/swaps/${asked.body.id}/accept`, { version: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');

    // Double click: one wins.
    const [x, y] = await Promise.all([yiAgent.post(`/api/watch/swaps/${asked.body.id}/accept`, { version: 0 }), yiAgent.post(`/api/watch/swaps/${asked.body.id}/accept`, { version: 0 })]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect(await staffOf()).toEqual([[day(2), '值班员乙', '13800000002'], [day(3), '值班员甲', '13800000001'], [day(4), '值班员丙', '13800000003']]);
    // Both hear; the leader's place did not move.
    expect((await inbox(jiaAgent)).map((n) => n.title)).toEqual([expect.stringContaining('已互换')]);
    expect((await inbox(yiAgent)).length).toBe(2);
    const detail = (await aStaff.get(`/api/watch/rosters/${roster.id}`)).body as RosterDetail;
    expect(detail.shifts.every((s) => s.leader?.name === '副镇长吴')).toBe(true);
    const hist = (await aStaff.get(`/api/watch/rosters/${roster.id}/history`)).body.items.map((e: { action: string }) => e.action);
    expect(hist).toEqual(expect.arrayContaining(['watch_swap.propose', 'watch_swap.accept']));
    const shiftPage = (await jiaAgent.get(`/api/watch/shifts/${shiftOn(3).id}`)).body;
    expect(shiftPage.swaps.map((w: SwapView) => w.id)).toContain(asked.body.id);
  });

  it('refuses what cannot be exchanged, naming the field', async () => {
    // Not one's own place (乙 is now on day 2, 甲 on day 3).
    expect((await jiaAgent.post(`/api/watch/shifts/${shiftOn(2).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(4).id })).status).toBe(403);
    const same = await jiaAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(3).id });
    expect(same.body).toMatchObject({ code: 'VALIDATION', field: 'otherShiftId' });
    // The same person in both places.
    const lead = await aStaff.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'leader', otherShiftId: shiftOn(4).id });
    expect(lead.body).toMatchObject({ code: 'VALIDATION', field: 'otherShiftId', message: '两个班次的带班领导是同一人，无需互换' });
    // Another unit's shift.
    const b = await bStaff.post('/api/watch/rosters', { unitId: county.units.b.id, startsOn: day(3), endsOn: day(3), shiftMode: 'full', leaderIds: [], staffIds: [county.people.b.id] });
    expect(b.status).toBe(201);
    const other = await jiaAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: b.body.shifts[0].id });
    expect(other.body).toMatchObject({ code: 'VALIDATION', field: 'otherShiftId', message: '只能与城关镇值班表中的班次互换' });
    // An ended shift.
    const past = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, startsOn: day(-3), endsOn: day(-3), shiftMode: 'full', leaderIds: [], staffIds: [p.bing] });
    expect(past.status).toBe(201);
    const ended = await jiaAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: past.body.shifts[0].id });
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('SHIFT_OVER');
    // One person on two overlapping shifts: 丙 also holds a day shift on day 3, so 丙 cannot take 甲's 24-hour shift that day.
    const second = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, startsOn: day(3), endsOn: day(3), shiftMode: 'day_night', leaderIds: [], staffIds: [p.bing] });
    expect(second.status).toBe(201);
    const clash = await jiaAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(4).id });
    expect(clash.body).toMatchObject({ code: 'VALIDATION', field: 'otherShiftId' });
    expect(clash.body.message).toContain('值班员丙');
    expect(await t.db.selectFrom('watch_swaps').select('id').where('status', '=', 'pending').execute()).toEqual([]);
    await aStaff.post(`/api/watch/rosters/${second.body.id}/archive`, { version: 0 });
  });

  it('the other person may decline; a shift changed meanwhile makes acceptance stale', async () => {
    const asked = await jiaAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(2).id });
    expect(asked.status).toBe(201);
    // A second proposal on either shift waits for the first.
    expect((await jiaAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(4).id })).body.code).toBe('SWAP_PENDING');
    const no = await yiAgent.post(`/api/watch/swaps/${asked.body.id}/decline`, { version: 0, note: '那天要下村' });
    expect(no.body).toMatchObject({ status: 'rejected', decisionNote: '那天要下村' });
    expect((await staffOf())[1][1]).toBe('值班员甲');
    expect((await inbox(jiaAgent)).some((n) => n.title.includes('未同意互换') && n.title.includes('那天要下村'))).toBe(true);

    const again = await jiaAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(2).id });
    expect(again.status).toBe(201);
    // The owner puts 丙 on day 2 in the meantime.
    const s2 = ((await aStaff.get(`/api/watch/rosters/${roster.id}`)).body.shifts as ShiftView[]).find((s) => s.day === day(2))!;
    expect((await aStaff.put(`/api/watch/shifts/${s2.id}`, { leaderPersonId: p.wu, staffPersonId: p.bing, version: s2.version })).status).toBe(200);
    const late = await yiAgent.post(`/api/watch/swaps/${again.body.id}/accept`, { version: 0 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SHIFT_CHANGED');
    expect((await staffOf()).map((r) => r[1])).toEqual(['值班员丙', '值班员甲', '值班员丙']);
    // Refused as a whole: still pending, nothing half-done.
    expect((await yiAgent.get('/api/watch/swaps?status=pending')).body.items.map((w: SwapView) => w.id)).toEqual([again.body.id]);
    expect((await aStaff.post(`/api/watch/swaps/${again.body.id}/reject`, { version: 0 })).body.status).toBe('rejected');
  });

  it('the roster’s owner exchanges two people at once, or agrees on their behalf', async () => {
    // Put 乙 back on day 2, then the owner exchanges day 2 (乙) and day 3 (甲) directly.
    const s2 = ((await aStaff.get(`/api/watch/rosters/${roster.id}`)).body.shifts as ShiftView[]).find((s) => s.day === day(2))!;
    await aStaff.put(`/api/watch/shifts/${s2.id}`, { leaderPersonId: p.wu, staffPersonId: p.yi, version: s2.version });
    const made = await aStaff.post(`/api/watch/shifts/${shiftOn(2).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(3).id, reason: '统筹调整' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'approved', decisionNote: '值班表管理人代为互换' });
    expect((await staffOf()).map((r) => r[1])).toEqual(['值班员甲', '值班员乙', '值班员丙']);
    expect((await inbox(jiaAgent)).filter((n) => n.title.startsWith('值班表管理人已将'))).toHaveLength(1);

    const asked = await yiAgent.post(`/api/watch/shifts/${shiftOn(3).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(4).id });
    expect(asked.status).toBe(201);
    // 丙 has no account: the owner agrees on his behalf.
    const ok = await aStaff.post(`/api/watch/swaps/${asked.body.id}/approve`, { version: 0 });
    expect(ok.body).toMatchObject({ status: 'approved' });
    expect((await staffOf()).map((r) => r[1])).toEqual(['值班员甲', '值班员丙', '值班员乙']);
    const hist = (await aStaff.get(`/api/watch/rosters/${roster.id}/history`)).body.items.map((e: { action: string }) => e.action);
    expect(hist).toEqual(expect.arrayContaining(['watch_swap.exchange', 'watch_swap.accept']));
  });

  it('an exchange unanswered for a day is reminded to the other person once, before the shift begins, and not once answered', async () => {
    // 甲 is on day 2, 乙 on day 4.
    const asked = await jiaAgent.post(`/api/watch/shifts/${shiftOn(2).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(4).id });
    expect(asked.status).toBe(201);
    const key = `watch:exchange:${asked.body.id}:remind`;
    const reminded = () => t.db.selectFrom('notifications').select(['account_id', 'title', 'kind']).where('key', '=', key).execute();
    const hours = (n: number) => new Date(Date.parse(asked.body.createdAt) + n * 3600_000);
    const yiAccount = await t.db.selectFrom('accounts').select('id').where('username', '=', 'a_duty2').executeTakeFirstOrThrow();
    const source = async (at: Date) => (await watchReminders({ db: t.db, now: at, daysBefore: 3, calendar: await WorkCalendar.load(t.db) })).filter((r) => r.key === key);

    // Within the day: nothing.
    await runReminders(t.db, hours(23));
    expect(await reminded()).toEqual([]);
    // After a day: 乙 alone, once, about 互换班次 so 乙's preference for it applies.
    expect(await source(hours(25))).toEqual([expect.objectContaining({ kind: 'notice', about: 'watch.exchange', accountIds: [yiAccount.id] })]);
    await runReminders(t.db, hours(25));
    await runReminders(t.db, hours(26));
    const got = await reminded();
    expect(got).toHaveLength(1);
    expect(got[0].title).toBe(`值班员甲提出与您互换${md(day(2))}和${md(day(4))}的班次，已超过一天未答复，请同意或不同意`);
    expect((await inbox(jiaAgent)).some((n) => n.title.includes('超过一天未答复'))).toBe(false);
    // Once the shift has begun it is too late to ask.
    expect(await source(new Date(Date.parse(shiftOn(2).startsAt) + 3600_000))).toEqual([]);

    // Answered: no reminder any more.
    expect((await yiAgent.post(`/api/watch/swaps/${asked.body.id}/decline`, { version: 0 })).status).toBe(200);
    expect(await source(hours(27))).toEqual([]);

    // Answered within the day: never reminded.
    const quick = await jiaAgent.post(`/api/watch/shifts/${shiftOn(2).id}/exchanges`, { position: 'staff', otherShiftId: shiftOn(4).id });
    expect((await yiAgent.post(`/api/watch/swaps/${quick.body.id}/decline`, { version: 0 })).status).toBe(200);
    await runReminders(t.db, hours(30));
    expect(await t.db.selectFrom('notifications').select('id').where('key', '=', `watch:exchange:${quick.body.id}:remind`).execute()).toEqual([]);
  });
});
