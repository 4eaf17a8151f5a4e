/**
 * 值班值守 through the API: 敏感时期 declared by the county for its subtree, rosters generated
 * from a rotation and edited by hand, overlapping shifts and swaps outside the unit refused,
 * gaps, swaps asked and approved or made on someone's behalf, the duty log with a case link and
 * handover, 今日值班, reminders, to-dos and figures — on SQLite and PostgreSQL.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchFigures } from '../../server/modules/watch/figures';
import { watchReminders } from '../../server/modules/watch/reminders';
import { watchTodos } from '../../server/modules/watch/todos';
import { actorFor } from '../../server/modules/demo/lookups';
import { verifyAuditChain } from '../../server/platform/audit';
import { WorkCalendar } from '../../server/platform/calendar';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makePerson, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const actorOf = async (db: Parameters<typeof actorFor>[0], username: string) => (await actorFor(db, username))!;
const day = (n: number) => addDays(today, n);

describe(`watch [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let aStaff: Agent; // 城关镇 staff, linked to 镇李 (leader on duty)
  let aLiaison: Agent; // 城关镇 liaison, linked to 值班员甲
  let aDuty2: Agent; // 城关镇 liaison, linked to 值班员乙
  let bStaff: Agent;
  const p: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    p.li = county.people.a.id;
    p.jia = (await makePerson(t.db, { unit: county.units.a, name: '值班员甲', phone: '13800000001' })).id;
    p.yi = (await makePerson(t.db, { unit: county.units.a, name: '值班员乙', phone: '13800000002' })).id;
    p.bing = (await makePerson(t.db, { unit: county.units.a, name: '值班员丙', phone: '13800000003' })).id;
    p.wu = (await makePerson(t.db, { unit: county.units.a, name: '副镇长吴', position: '副镇长', phone: '13800000009' })).id;
    await t.db.updateTable('people').set({ phone: '13900000000' }).where('id', '=', p.li).execute();
    await t.db.updateTable('accounts').set({ person_id: p.li }).where('username', '=', 'a_staff').execute();
    await t.db.updateTable('accounts').set({ person_id: p.jia }).where('username', '=', 'a_liaison').execute();
    await makeAccount(t.db, { unit: county.units.a, role: 'liaison', username: 'a_duty2', personId: p.yi });
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    aStaff = await login(t.app, 'a_staff', PASSWORD);
    aLiaison = await login(t.app, 'a_liaison', PASSWORD);
    aDuty2 = await login(t.app, 'a_duty2', PASSWORD);
    bStaff = await login(t.app, 'b_staff', PASSWORD);
    // 城关镇's group robot, subscribed to the watch events (never delivered here: only its outbox is read).
    const at = new Date().toISOString();
    await t.db.insertInto('robots').values({
      id: 'robot-a', unit_id: county.units.a.id, name: '城关镇值班群', provider: 'dingtalk', webhook_sealed: 'x', webhook_hint: 'x', secret_sealed: null, keyword: null,
      kinds: JSON.stringify(['watch.period', 'watch.swap', 'watch.handover']), with_titles: 0, quiet_from: null, quiet_to: null, archived_at: null, version: 0, created_at: at, updated_at: at,
    }).execute();
  });
  const outboxKinds = async () => (await t.db.selectFrom('robot_outbox').select('kind').where('robot_id', '=', 'robot-a').orderBy('created_at').execute()).map((r) => r.kind);
  afterAll(() => t.close());

  let periodId = '';

  it('declares a watch period from the list of names for the subtree; townships see it and cannot change it', async () => {
    const names = await countyStaff.get('/api/watch/names');
    expect(names.body.items.map((n: { name: string }) => n.name)).toEqual(['元旦', '春节', '全国两会', '清明', '五一', '国庆']);
    const unknown = await countyStaff.post('/api/watch/periods', { unitId: county.units.county.id, name: '县运动会', startsOn: day(5), endsOn: day(7) });
    expect(unknown.body).toMatchObject({ code: 'VALIDATION', field: 'name' });
    const added = await countyStaff.post('/api/watch/names', { unitId: county.units.county.id, name: '县运动会' });
    expect(added.status).toBe(201);
    expect((await countyStaff.post('/api/watch/names', { unitId: county.units.county.id, name: '国庆' })).body).toMatchObject({ field: 'name', message: '名称“国庆”已在列表中' });
    // The township picks from the county's names too.
    expect((await aStaff.get('/api/watch/names')).body.items.map((n: { name: string }) => n.name)).toContain('县运动会');

    const bad = await countyStaff.post('/api/watch/periods', { unitId: county.units.county.id, name: '国庆', startsOn: day(7), endsOn: day(5) });
    expect(bad.body).toMatchObject({ code: 'VALIDATION', field: 'endsOn', message: '结束日期不能早于开始日期' });
    const created = await countyStaff.post('/api/watch/periods', { unitId: county.units.county.id, name: '县运动会', startsOn: day(5), endsOn: day(6), note: '全县24小时值班' });
    expect(created.status).toBe(201);
    periodId = created.body.id;
    // Every unit in scope hears at once (an event, no reminders job): a township's staff and a village's.
    for (const agent of [aStaff, bStaff]) {
      const bell = (await agent.get('/api/notifications')).body.items.filter((x: { kind: string }) => x.kind === 'watch.period');
      expect(bell).toHaveLength(1);
      expect(bell[0]).toMatchObject({ kindLabel: '敏感时期发布' });
      expect(bell[0].title).toContain('县运动会');
    }
    const told = await t.db.selectFrom('notifications as n').innerJoin('accounts as a', 'a.id', 'n.account_id').select('a.unit_id').distinct().where('n.kind', '=', 'watch.period').execute();
    expect(told.map((x) => x.unit_id)).toEqual(expect.arrayContaining([county.units.county.id, county.units.a.id, county.units.b.id]));
    expect(await outboxKinds()).toEqual(['watch.period']);
    const dup = await countyStaff.post('/api/watch/periods', { unitId: county.units.county.id, name: '县运动会', startsOn: day(6), endsOn: day(8) });
    expect(dup.body).toMatchObject({ field: 'startsOn' });

    const edit = await countyStaff.put(`/api/watch/periods/${periodId}`, { name: '县运动会', startsOn: day(5), endsOn: day(7), note: '全县24小时值班', version: 0 });
    expect(edit.body).toMatchObject({ endsOn: day(7), version: 1 });
    const stale = await countyStaff.put(`/api/watch/periods/${periodId}`, { name: '县运动会', startsOn: day(5), endsOn: day(8), version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');

    const seen = await aStaff.get('/api/watch/periods');
    expect(seen.body.items).toEqual([expect.objectContaining({ id: periodId, unitName: '测试县', own: false })]);
    expect((await aStaff.get(`/api/watch/periods/${periodId}`)).status).toBe(200);
    expect((await aStaff.put(`/api/watch/periods/${periodId}`, { name: '国庆', startsOn: day(5), endsOn: day(7), version: 1 })).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.post(`/api/watch/periods/${periodId}/archive`, { version: 1 })).body.code).toBe('OUT_OF_SCOPE');
    // A sibling's own period is not the township's business.
    const bp = await bStaff.post('/api/watch/periods', { unitId: county.units.b.id, name: '清明', startsOn: day(20), endsOn: day(21) });
    expect(bp.status).toBe(201);
    expect((await aStaff.get(`/api/watch/periods/${bp.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.get('/api/watch/periods')).body.items.map((x: { id: string }) => x.id)).not.toContain(bp.body.id);

    const h = await countyStaff.get(`/api/watch/periods/${periodId}/history`);
    expect(h.body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
  });

  it('refuses a daytime-only roster over a watch period, and flags the township as incomplete before it starts', async () => {
    const office = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, startsOn: day(4), endsOn: day(8), shiftMode: 'office', staffIds: [p.jia], leaderIds: [p.li] });
    expect(office.body).toMatchObject({ code: 'VALIDATION', field: 'shiftMode' });
    expect(office.body.message).toContain('县运动会');
    const cov = await countyStaff.get(`/api/watch/periods/${periodId}/coverage`);
    const a = cov.body.items.find((r: { unitName: string }) => r.unitName === '城关镇');
    expect(a).toMatchObject({ complete: false, uncoveredDays: [day(5), day(6), day(7)] });
    expect(cov.body.total).toBe(5);
    const reminders = await watchReminders({ db: t.db, now: new Date(), daysBefore: 7, calendar: await WorkCalendar.load(t.db) });
    const mine = reminders.find((r) => r.key === `watch:${periodId}:${county.units.a.id}:roster`);
    expect(mine).toMatchObject({ kind: 'due_soon', unitId: county.units.a.id });
    expect(mine!.title).toContain('还有3天未安排24小时值班');
    const todos = await watchTodos.list(t.db, (await actorOf(t.db, 'a_staff')), today);
    expect(todos.find((x) => x.key === 'watch.uncovered')).toMatchObject({ count: 1 });
  });

  let rosterId = '';

  it('generates a roster from a rotation, with the people’s phones, and shows gaps', async () => {
    const r = await aStaff.post('/api/watch/rosters', {
      unitId: county.units.a.id, startsOn: day(5), endsOn: day(7), shiftMode: 'day_night', leaderIds: [p.li, p.wu], staffIds: [p.jia, p.yi],
    });
    expect(r.status).toBe(201);
    rosterId = r.body.id;
    expect(r.body).toMatchObject({ unitName: '城关镇', shiftCount: 6, gapCount: 0, uncoveredWatchDays: [], watchPeriods: [expect.objectContaining({ name: '县运动会' })] });
    const s = r.body.shifts;
    expect(s.map((x: { kind: string }) => x.kind)).toEqual(['day', 'night', 'day', 'night', 'day', 'night']);
    expect(s.map((x: { staff: { name: string } }) => x.staff.name)).toEqual(['值班员甲', '值班员乙', '值班员甲', '值班员乙', '值班员甲', '值班员乙']);
    expect(s.map((x: { leader: { name: string } }) => x.leader.name)).toEqual(['镇李', '镇李', '副镇长吴', '副镇长吴', '镇李', '镇李']);
    expect(s[0].staff.phone).toBe('13800000001');
    expect(s[0].leader.phone).toBe('13900000000');
    // Phones are sealed at rest.
    const raw = await t.db.selectFrom('watch_shifts').select(['staff_phone']).where('id', '=', s[0].id).executeTakeFirstOrThrow();
    expect(raw.staff_phone).toMatch(/^sm4:/);
    // The county sees the township complete now.
    const cov = await countyStaff.get(`/api/watch/periods/${periodId}/coverage`);
    expect(cov.body.items.find((x: { unitName: string }) => x.unitName === '城关镇')).toMatchObject({ complete: true });

    // A shift emptied by hand is a gap, listed and counted.
    const e = await aStaff.put(`/api/watch/shifts/${s[5].id}`, { leaderPersonId: p.li, staffPersonId: null, version: 0 });
    expect(e.body).toMatchObject({ gaps: ['值班人员'], staff: null });
    const gaps = await aStaff.get(`/api/watch/rosters?gaps=true&unitId=${county.units.a.id}`);
    expect(gaps.body.items).toEqual([expect.objectContaining({ id: rosterId, gapCount: 1 })]);
    const todos = await watchTodos.list(t.db, await actorOf(t.db, 'a_staff'), today);
    expect(todos.find((x) => x.key === 'watch.gaps')).toMatchObject({ count: 1 });
    expect((await countyStaff.get(`/api/watch/periods/${periodId}/coverage`)).body.items.find((x: { unitName: string }) => x.unitName === '城关镇')).toMatchObject({ complete: false, gapShifts: 1 });
    // Filled again, with a duty phone of its own.
    const f = await aStaff.put(`/api/watch/shifts/${s[5].id}`, { leaderPersonId: p.li, staffPersonId: p.bing, staffPhone: '0731-1234567', version: 1 });
    expect(f.body).toMatchObject({ gaps: [], staff: { name: '值班员丙', phone: '0731-1234567' } });
    const stale = await aStaff.put(`/api/watch/shifts/${s[5].id}`, { leaderPersonId: p.li, staffPersonId: p.jia, version: 1 });
    expect(stale.body.code).toBe('STALE');
  });

  it('refuses one person on two overlapping shifts, someone of another unit, and a person leading and staffing one shift', async () => {
    // A second roster of the same days (a special 24-hour roster): 值班员甲 is already on the day shifts.
    const clash = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, title: '专项值班表', startsOn: day(5), endsOn: day(5), shiftMode: 'full', staffIds: [p.jia] });
    expect(clash.body).toMatchObject({ code: 'VALIDATION', field: 'staffIds' });
    expect(clash.body.message).toContain('值班员甲');
    expect(clash.body.message).toContain('重叠');
    expect((await aStaff.get('/api/watch/rosters')).body.items).toHaveLength(1);
    const other = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, startsOn: day(30), endsOn: day(31), shiftMode: 'full', staffIds: [county.people.a1.id] });
    expect(other.body).toMatchObject({ field: 'staffIds', message: '值班人员只能是城关镇的人员' });
    const special = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, title: '专项值班表', startsOn: day(5), endsOn: day(5), shiftMode: 'full' });
    expect(special.body.gapCount).toBe(1);
    const sh = special.body.shifts[0];
    const two = await aStaff.put(`/api/watch/shifts/${sh.id}`, { leaderPersonId: null, staffPersonId: p.yi, version: 0 });
    expect(two.body).toMatchObject({ field: 'staffPersonId' });
    expect(two.body.message).toContain('值班员乙');
    const same = await aStaff.put(`/api/watch/shifts/${sh.id}`, { leaderPersonId: p.bing, staffPersonId: p.bing, version: 0 });
    expect(same.body).toMatchObject({ field: 'staffPersonId', message: '同一人不能在一个班次中既任带班领导又任值班人员' });
    // Another township’s staff cannot touch the roster at all.
    expect((await bStaff.put(`/api/watch/shifts/${sh.id}`, { leaderPersonId: null, staffPersonId: null, version: 0 })).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get(`/api/watch/rosters/${rosterId}`)).body.code).toBe('OUT_OF_SCOPE');
    const archived = await aStaff.post(`/api/watch/rosters/${special.body.id}/archive`, { version: 0 });
    expect(archived.body.archived).toBe(true);
  });

  it('swaps: the person on duty asks and the owner approves; the owner swaps on someone’s behalf; outside the unit refused', async () => {
    const roster = (await aStaff.get(`/api/watch/rosters/${rosterId}`)).body;
    const first = roster.shifts[0]; // 值班员甲, day shift
    const outside = await aLiaison.post(`/api/watch/shifts/${first.id}/swaps`, { position: 'staff', toPersonId: county.people.b.id, reason: '家中有事' });
    expect(outside.body).toMatchObject({ code: 'VALIDATION', field: 'toPersonId', message: '换班人员只能是城关镇的人员' });
    const village = await aLiaison.post(`/api/watch/shifts/${first.id}/swaps`, { position: 'staff', toPersonId: county.people.a1.id });
    expect(village.body).toMatchObject({ field: 'toPersonId' });
    // Someone not on the shift may not ask for it.
    expect((await aDuty2.post(`/api/watch/shifts/${first.id}/swaps`, { position: 'staff', toPersonId: p.bing })).status).toBe(403);
    const ask = await aLiaison.post(`/api/watch/shifts/${first.id}/swaps`, { position: 'staff', toPersonId: p.bing, reason: '家中有事' });
    expect(ask.status).toBe(201);
    expect(ask.body).toMatchObject({ status: 'pending', fromName: '值班员甲', toName: '值班员丙' });
    // The roster's managers hear at once; the person asking does not, nor another township.
    const asked = (await aStaff.get('/api/notifications')).body.items.filter((x: { kind: string }) => x.kind === 'watch.swap');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ kindLabel: '换班待审批', link: '/watch/swaps?status=pending' });
    expect(asked[0].title).toContain('值班员丙');
    expect((await aLiaison.get('/api/notifications')).body.items.some((x: { kind: string }) => x.kind === 'watch.swap')).toBe(false);
    expect((await bStaff.get('/api/notifications')).body.items.some((x: { kind: string }) => x.kind === 'watch.swap')).toBe(false);
    expect(await outboxKinds()).toEqual(['watch.period', 'watch.swap']);
    expect((await aLiaison.post(`/api/watch/shifts/${first.id}/swaps`, { position: 'staff', toPersonId: p.bing })).body.code).toBe('SWAP_PENDING');
    // The liaison cannot approve; the owner can, once.
    expect((await aLiaison.post(`/api/watch/swaps/${ask.body.id}/approve`, { version: 0 })).status).toBe(403);
    const [x, y] = await Promise.all([aStaff.post(`/api/watch/swaps/${ask.body.id}/approve`, { version: 0 }), aStaff.post(`/api/watch/swaps/${ask.body.id}/approve`, { version: 0 })]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const after = (await aStaff.get(`/api/watch/shifts/${first.id}`)).body;
    expect(after.staff).toMatchObject({ name: '值班员丙', phone: '13800000003' });
    expect(after.leader.phone).toBe('13900000000');
    expect(after.swaps[0]).toMatchObject({ status: 'approved' });
    // The owner swaps the leader of the night shift on 镇李's behalf: done at once.
    const night = roster.shifts[1];
    const behalf = await aStaff.post(`/api/watch/shifts/${night.id}/swaps`, { position: 'leader', toPersonId: p.wu, reason: '代为换班' });
    expect(behalf.body).toMatchObject({ status: 'approved', fromName: '镇李', toName: '副镇长吴' });
    expect((await aStaff.get(`/api/watch/shifts/${night.id}`)).body.leader.name).toBe('副镇长吴');
    // A swap that would put someone on two overlapping shifts is refused too.
    const d2 = roster.shifts[2]; // day 6 day shift: staff 甲
    const overlap = await aStaff.post(`/api/watch/shifts/${d2.id}/swaps`, { position: 'leader', toPersonId: p.yi });
    expect(overlap.status).toBe(201); // 乙 is on the night shift, which does not overlap the day shift
    const dn = roster.shifts[3]; // day 6 night: staff 乙, leader 吴
    const clash = await aStaff.post(`/api/watch/shifts/${dn.id}/swaps`, { position: 'leader', toPersonId: p.yi });
    expect(clash.body).toMatchObject({ field: 'toPersonId', message: '同一人不能在一个班次中既任带班领导又任值班人员' });
    const list = await aStaff.get('/api/watch/swaps?status=approved');
    expect(list.body.total).toBe(3);
  });

  let dutyShiftId = '';

  it('the person on duty opens the log, records an entry linked to a case, and hands over', async () => {
    // From two days back: before 08:00 the shift running is yesterday's, and the one before it must exist.
    const r = await aStaff.post('/api/watch/rosters', { unitId: county.units.a.id, title: '本周值班表', startsOn: day(-2), endsOn: day(1), shiftMode: 'full', staffIds: [p.jia], leaderIds: [p.wu] });
    expect(r.status).toBe(201);
    const now = new Date().toISOString();
    const running = r.body.shifts.find((s: { startsAt: string; endsAt: string }) => s.startsAt <= now && s.endsAt > now);
    const previous = r.body.shifts[r.body.shifts.indexOf(running) - 1];
    const future = r.body.shifts[r.body.shifts.indexOf(running) + 1];
    dutyShiftId = running.id;
    // A shift started over an hour ago whose log nobody opened is reminded to the person on duty.
    const before = await watchReminders({ db: t.db, now: new Date(), daysBefore: 3, calendar: await WorkCalendar.load(t.db) });
    const acct = await t.db.selectFrom('accounts').select('id').where('username', '=', 'a_liaison').executeTakeFirstOrThrow();
    expect(before.find((x) => x.key === `watch:shift:${previous.id}:log`)).toMatchObject({ kind: 'overdue', accountIds: [acct.id] });

    const opened = await aLiaison.post(`/api/watch/shifts/${running.id}/open`, {});
    expect(opened.body).toMatchObject({ mine: true });
    expect(opened.body.logOpenedAt).not.toBeNull();
    // The shift running now is today's duty on the person's to-do list until handed over.
    const todos = await watchTodos.list(t.db, await actorOf(t.db, 'a_liaison'), today);
    expect(todos.find((x) => x.key === 'watch.today')).toBeDefined();
    const reg = await aStaff.post('/api/cases', { unitId: county.units.a.id, source: 'online_petition', receivedAt: new Date(Date.now() - 60_000).toISOString(), title: '夜间施工噪音扰民', content: '群众反映城关镇东街工地夜间施工噪音大，影响休息。', channel: '12345' });
    expect(reg.status).toBe(201);
    const bCase = await bStaff.post('/api/cases', { unitId: county.units.b.id, source: 'online_petition', receivedAt: new Date(Date.now() - 60_000).toISOString(), title: '山前村道路积水', content: '山前村村道积水严重，群众出行不便，请求处理。', channel: '12345' });
    // Five minutes ago, Shanghai wall clock, or the shift's start if it began less than five minutes ago (08:00–08:05).
    const atMs = Math.max(Date.now() - 5 * 60_000, Date.parse(running.startsAt));
    const atText = new Date(atMs + 8 * 3600_000).toISOString().slice(0, 16);
    const outside = await aLiaison.post(`/api/watch/shifts/${running.id}/log`, { at: atText, matter: '接群众电话', caseId: bCase.body.eventId });
    expect(outside.body).toMatchObject({ code: 'VALIDATION', field: 'caseId' });
    const entry = await aLiaison.post(`/api/watch/shifts/${running.id}/log`, { at: atText, matter: '接群众电话反映东街工地夜间施工噪音', handling: '已登记并转镇城建办核实', caseId: reg.body.eventId });
    expect(entry.status).toBe(201);
    expect(entry.body).toMatchObject({ caseId: reg.body.eventId, caseTitle: '夜间施工噪音扰民', authorName: 'a_liaison(a_liaison)' });
    expect((await aLiaison.post(`/api/watch/shifts/${running.id}/log`, { matter: '' })).body).toMatchObject({ field: 'matter', message: '请填写事项' });
    expect((await aLiaison.post(`/api/watch/shifts/${future.id}/log`, { matter: '提前记录' })).body.code).toBe('SHIFT_NOT_STARTED');
    // Someone not on the shift may not write it; another township cannot see it.
    expect((await aDuty2.post(`/api/watch/shifts/${running.id}/log`, { matter: '代记' })).status).toBe(403);
    expect((await bStaff.get(`/api/watch/shifts/${running.id}`)).body.code).toBe('OUT_OF_SCOPE');

    // The next shift goes to 值班员乙 (a_duty2), who hears of the handover.
    expect((await aStaff.put(`/api/watch/shifts/${future.id}`, { leaderPersonId: p.wu, staffPersonId: p.yi, version: future.version })).status).toBe(200);
    const shift = (await aLiaison.get(`/api/watch/shifts/${running.id}`)).body;
    expect(shift.entries).toHaveLength(1);
    expect(shift.next).toMatchObject({ id: future.id });
    const [h1, h2] = await Promise.all([
      aLiaison.post(`/api/watch/shifts/${running.id}/handover`, { note: '东街工地噪音待城建办回复', version: shift.version }),
      aLiaison.post(`/api/watch/shifts/${running.id}/handover`, { note: '东街工地噪音待城建办回复', version: shift.version }),
    ]);
    expect([h1.status, h2.status].sort()).toEqual([200, 409]);
    const handed = (await aDuty2.get('/api/notifications')).body.items.filter((x: { kind: string }) => x.kind === 'watch.handover');
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({ kindLabel: '值班交班', link: `/watch/shifts/${future.id}` });
    expect(handed[0].title).toContain('东街工地噪音待城建办回复');
    expect((await aLiaison.get('/api/notifications')).body.items.some((x: { kind: string }) => x.kind === 'watch.handover')).toBe(false);
    expect((await outboxKinds()).filter((k) => k === 'watch.handover')).toHaveLength(1);
    expect((await aLiaison.post(`/api/watch/shifts/${running.id}/log`, { matter: '补记' })).body.code).toBe('HANDED_OVER');
    const next = (await aLiaison.get(`/api/watch/shifts/${future.id}`)).body;
    expect(next.previous).toMatchObject({ id: running.id, handoverNote: '东街工地噪音待城建办回复' });
    const log = await countyStaff.get(`/api/watch/log?unitId=${county.units.a.id}`);
    expect(log.body.items.map((e: { matter: string }) => e.matter)).toEqual(['接群众电话反映东街工地夜间施工噪音']);
    expect((await bStaff.get('/api/watch/log')).body.items).toEqual([]);
    const my = await aLiaison.get('/api/watch/my');
    expect(my.body.items.map((s: { id: string }) => s.id)).toContain(running.id);
  });

  it('shows the county 今日值班 for its whole subtree with phones, and figures from one service', async () => {
    const td = await countyStaff.get('/api/watch/today');
    expect(td.body.day).toBe(today);
    const a = td.body.items.find((u: { unitName: string }) => u.unitName === '城关镇');
    expect(a.shifts.some((s: { staff: { name: string; phone: string } }) => s.staff?.name === '值班员甲' && s.staff.phone === '13800000001')).toBe(true);
    expect(td.body.items.find((u: { unitName: string }) => u.unitName === '东山镇').shifts).toEqual([]);
    expect(td.body.items).toHaveLength(5);
    expect((await aStaff.get(`/api/watch/today?unitId=${county.units.b.id}`)).body.code).toBe('OUT_OF_SCOPE');

    const fig = await countyStaff.get(`/api/watch/figures?from=${day(-1)}&to=${day(8)}`);
    expect(fig.body).toMatchObject({ watchPeriods: 1, rosters: 2, shifts: 9, gapShifts: 0, logEntries: 1, handovers: 1 });
    // 县运动会: 5 units × 3 days, of which 城关镇's 3 are covered; 东山镇's 清明 is outside the period.
    expect(fig.body).toMatchObject({ watchUnitDays: 15, watchUnitDaysCovered: 3 });
    expect(fig.body.rosterCompleteness).toBeCloseTo(3 / 15);
    const county2 = await watchFigures(t.db, { unitPath: county.units.county.path, from: day(-1), to: day(8) });
    expect(county2).toEqual(fig.body);

    const xlsx = await countyStaff.request('GET', `/api/watch/rosters/export?unitId=${county.units.a.id}&from=${day(5)}&to=${day(7)}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('值班表台账');
    expect(ws.rowCount).toBe(3 + 6);
    const logX = await countyStaff.request('GET', `/api/watch/log/export?unitId=${county.units.a.id}`);
    expect(logX.status).toBe(200);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

});
