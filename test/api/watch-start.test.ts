/**
 * A watch period's start told to every unit in its scope once (in the app and in subscribed
 * group robots), also with two app servers on one database, caught up after downtime and not
 * announced once over; and a watch period declared for days already passed, whose daily
 * reports are expected for those days too, exactly once — on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db';
import { runScheduler } from '../../server/modules/reporting/scheduler';
import { expectPassedWatchDays } from '../../server/modules/reporting/watch-days';
import { md } from '../../server/modules/watch/events';
import { announceStarts } from '../../server/modules/watch/start';
import { addDays, shanghaiDay, shanghaiDayStartUtc } from '../../server/platform/period';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const day = (n: number) => addDays(today, n);
/** 09:00 Shanghai on day n. */
const morningOf = (n: number) => new Date(Date.parse(shanghaiDayStartUtc(day(n))) + 9 * 3600_000);

describe(`watch period start and past days [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    const at = new Date().toISOString();
    const robot = (id: string, kinds: string[]) => ({
      id, unit_id: county.units.a.id, name: id, provider: 'dingtalk', webhook_sealed: 'x', webhook_hint: 'x', secret_sealed: null, keyword: null,
      kinds: JSON.stringify(kinds), with_titles: 1, quiet_from: null, quiet_to: null, archived_at: null, version: 0, created_at: at, updated_at: at,
    });
    // 城关镇's duty group hears of starts; its office group only of declarations.
    await t.db.insertInto('robots').values([robot('robot-start', ['watch.started']), robot('robot-declared', ['watch.period'])]).execute();
  });
  afterAll(() => t.close());

  const declare = async (name: string, startsOn: string, endsOn: string) => {
    const r = await countyStaff.post('/api/watch/periods', { unitId: county.units.county.id, name, startsOn, endsOn });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const startedNotices = (periodId: string) => t.db.selectFrom('notifications').select(['account_id', 'title', 'kind'])
    .where('key', 'like', `watch:${periodId}:%:started`).execute();
  const outbox = (robotId: string, kind: string) => t.db.selectFrom('robot_outbox').select(['text', 'key']).where('robot_id', '=', robotId).where('kind', '=', kind).execute();

  it('tells every unit in scope when the period begins, once, and robots subscribed to 敏感时期开始 only', async () => {
    expect(t.scheduler.names).toContain('watch-start');
    const id = await declare('国庆', day(1), day(3));
    // Not begun yet: nobody is told it has.
    expect(await announceStarts(t.db, morningOf(0))).toBe(0);
    expect(await startedNotices(id)).toHaveLength(0);

    expect(await announceStarts(t.db, morningOf(1))).toBe(1);
    const told = await startedNotices(id);
    // Staff, leaders and liaisons of every unit of the county's subtree.
    const expected = [county.accounts.countyLeader, county.accounts.countyStaff, county.accounts.countyLiaison, county.accounts.leader, county.accounts.staff, county.accounts.liaison, county.accounts.bStaff];
    expect(told.map((n) => n.account_id).sort()).toEqual(expected.map((a) => a.id).sort());
    expect(told[0].kind).toBe('watch.started');
    expect(told[0].title).toBe(`敏感时期“国庆”今天开始，至${Number(day(3).slice(5, 7))}月${Number(day(3).slice(8))}日：请落实24小时值班和领导带班，每日报送`);
    const msgs = await outbox('robot-start', 'watch.started');
    expect(msgs).toHaveLength(1);
    expect(msgs[0].text).toContain('敏感时期开始：城关镇 “国庆(');
    expect(await outbox('robot-declared', 'watch.started')).toHaveLength(0);
    // The declaration reached the other group, not this one.
    expect(await outbox('robot-declared', 'watch.period')).toHaveLength(1);

    // Later runs, the same day or the next, say nothing more.
    expect(await announceStarts(t.db, morningOf(1))).toBe(0);
    expect(await announceStarts(t.db, morningOf(2))).toBe(0);
    expect(await startedNotices(id)).toHaveLength(expected.length);
    expect(await outbox('robot-start', 'watch.started')).toHaveLength(1);
  });

  it('announces a period once with two app servers on one database', async () => {
    const id = await declare('春节', day(1), day(2));
    const other = openDb({ databaseUrl: t.config.databaseUrl, dataDir: t.dataDir });
    try {
      // PostgreSQL: at the same moment. SQLite (one writer; both connections live in this one process, where a
      // waiting writer blocks the other's transaction): one after the other.
      const runs = dialectName === 'postgres'
        ? await Promise.all([announceStarts(t.db, morningOf(1)), announceStarts(other.db, morningOf(1)), announceStarts(t.db, morningOf(1))])
        : [await announceStarts(other.db, morningOf(1)), await announceStarts(t.db, morningOf(1))];
      expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await other.close();
    }
    const told = await startedNotices(id);
    expect(new Set(told.map((n) => n.account_id)).size).toBe(told.length);
    expect(told.filter((n) => n.account_id === county.accounts.staff.id)).toHaveLength(1);
    expect((await outbox('robot-start', 'watch.started')).filter((m) => m.key === `watch:${id}:${county.units.a.id}:started`)).toHaveLength(1);
  });

  it('catches up after downtime while the period runs, and never announces one that has ended', async () => {
    const running = await declare('全国两会', day(1), day(4));
    const over = await declare('清明', day(1), day(1));
    // The servers were down on day 1; they come back on day 3.
    expect(await announceStarts(t.db, morningOf(3))).toBe(1);
    const told = await startedNotices(running);
    expect(told.find((n) => n.account_id === county.accounts.staff.id)!.title).toBe(
      `敏感时期“全国两会”已于${Number(day(1).slice(5, 7))}月${Number(day(1).slice(8))}日开始，至${Number(day(4).slice(5, 7))}月${Number(day(4).slice(8))}日：请落实24小时值班和领导带班，每日报送`,
    );
    expect(await startedNotices(over)).toHaveLength(0);
    const row = await t.db.selectFrom('watch_periods').select('announced_at').where('id', '=', over).executeTakeFirstOrThrow();
    expect(row.announced_at).toBeNull();
  });

  it('a period declared on or after its first day was announced by its declaration, and moving it later announces it again when it comes', async () => {
    const id = await declare('五一', day(0), day(2));
    expect((await t.db.selectFrom('watch_periods').select('announced_at').where('id', '=', id).executeTakeFirstOrThrow()).announced_at).not.toBeNull();
    expect(await announceStarts(t.db, morningOf(0))).toBe(0);
    expect(await startedNotices(id)).toHaveLength(0);
    const p = (await countyStaff.get(`/api/watch/periods/${id}`)).body;
    const moved = await countyStaff.put(`/api/watch/periods/${id}`, { name: '五一', startsOn: day(5), endsOn: day(6), note: null, version: p.version });
    expect(moved.status).toBe(200);
    expect(await announceStarts(t.db, morningOf(5))).toBe(1);
    expect((await startedNotices(id)).length).toBeGreaterThan(0);
  });

  it('a watch period declared for days already passed expects their daily reports too, once', async () => {
    const c = await countyStaff.post('/api/reporting/schedules', {
      unitId: county.units.county.id, name: '敏感期舆情日报', formId: 'builtin-watch-daily', targetMode: 'kinds', targetKinds: ['village'],
      cycle: 'daily', watchOnly: true, startsOn: day(-10), dueMode: 'hours', dueN: 10,
    });
    expect(c.status).toBe(201);
    const scheduleId = c.body.id as string;
    await runScheduler(t.db, today);
    const rows = () => t.db.selectFrom('report_submissions').select(['unit_id', 'period_key', 'due_at', 'status']).where('schedule_id', '=', scheduleId).orderBy('period_key').orderBy('unit_id').execute();
    // The days before were no watch days of any unit in scope (the periods above are in the future).
    expect((await rows()).filter((r) => r.period_key < day(0))).toHaveLength(0);

    // 城关镇 declares, today, a period that began three days ago: its village's reports for those days are expected now.
    const r = await login(t.app, 'a_staff', PASSWORD);
    const names = await r.post('/api/watch/names', { unitId: county.units.a.id, name: '镇人代会' });
    expect(names.status).toBe(201);
    const created = await r.post('/api/watch/periods', { unitId: county.units.a.id, name: '镇人代会', startsOn: day(-4), endsOn: day(-2) });
    expect(created.status).toBe(201);
    const got = (await rows()).filter((x) => x.period_key < day(0));
    expect(got.map((x) => [x.unit_id, x.period_key])).toEqual([day(-4), day(-3), day(-2)].map((d) => [county.units.a1.id, d]));
    // Past their due time (10:00 the next morning) and never submitted: missing, not dropped.
    expect(got.every((x) => x.status === 'expected' && x.due_at < new Date().toISOString())).toBe(true);
    const rates = await countyStaff.get(`/api/reporting/figures?unitId=${county.units.county.id}&from=${day(-4)}&to=${day(0)}`);
    expect(rates.status).toBe(200);
    expect(rates.body).toMatchObject({ expected: 3, missing: 3 });

    // Exactly once: again, the scheduler's next run, and an edit of the period add nothing.
    expect(await expectPassedWatchDays(t.db, { from: day(-4), to: day(-2) })).toBe(0);
    await runScheduler(t.db, today);
    const v = (await r.get(`/api/watch/periods/${created.body.id}`)).body;
    expect((await r.put(`/api/watch/periods/${created.body.id}`, { name: '镇人代会', startsOn: day(-5), endsOn: day(-2), note: '延长一天', version: v.version })).status).toBe(200);
    const after = (await rows()).filter((x) => x.period_key < day(0));
    // The edit moved the start a day earlier: that day's report is expected as well, the others stay as they were.
    expect(after.map((x) => x.period_key)).toEqual([day(-5), day(-4), day(-3), day(-2)]);
    // 东山镇's village is outside 城关镇's period.
    expect(after.some((x) => x.unit_id === county.units.b1.id)).toBe(false);
  });

  it('restoring an archived period declares it anew: passed days expected, a begun one told at once, one still ahead left to the start job', async () => {
    const r = await login(t.app, 'a_staff', PASSWORD);
    expect((await r.post('/api/watch/names', { unitId: county.units.a.id, name: '镇庆' })).status).toBe(201);
    const schedule = await t.db.selectFrom('report_schedules').select('id').where('name', '=', '敏感期舆情日报').executeTakeFirstOrThrow();
    const reports = (from: string) => t.db.selectFrom('report_submissions').select(['unit_id', 'period_key', 'status'])
      .where('schedule_id', '=', schedule.id).where('period_key', '>=', from).where('period_key', '<', day(-5)).orderBy('period_key').execute();
    // Archived before its days came, so the scheduler passed them by: 城关镇's 镇庆 of day -8 to day 1.
    const at = new Date().toISOString();
    await t.db.insertInto('watch_periods').values({
      id: 'restored-begun', unit_id: county.units.a.id, name: '镇庆', starts_on: day(-8), ends_on: day(1), note: null, created_by: '城关镇 a_staff',
      archived_at: at, version: 1, created_at: at, updated_at: at, announced_at: null,
    }).execute();
    expect(await reports(day(-8))).toEqual([]);
    const restored = await r.post('/api/watch/periods/restored-begun/restore', { version: 1 });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ archived: false, version: 2 });
    // Its passed days (those not already expected for 镇人代会) are expected now: missing, like any other.
    expect((await reports(day(-8))).map((x) => [x.unit_id, x.period_key, x.status])).toEqual([day(-8), day(-7), day(-6)].map((d) => [county.units.a1.id, d, 'expected']));
    // Begun: the restore tells 城关镇 and its village at once, and the start job does not tell them again.
    const told = await t.db.selectFrom('notifications').select(['account_id', 'title', 'kind']).where('key', 'like', 'watch:restored-begun:%:restored:2').execute();
    expect(told.map((n) => n.account_id).sort()).toEqual([county.accounts.leader.id, county.accounts.staff.id].sort());
    expect(told[0]).toMatchObject({ kind: 'watch.period', title: `城关镇恢复敏感时期“镇庆”(${md(day(-8))}起(已开始)至${md(day(1))})：请安排24小时值班，每日报送` });
    expect((await t.db.selectFrom('watch_periods').select('announced_at').where('id', '=', 'restored-begun').executeTakeFirstOrThrow()).announced_at).not.toBeNull();
    expect(await announceStarts(t.db, morningOf(0))).toBe(0);
    const hist = (await r.get('/api/watch/periods/restored-begun/history')).body.items.map((e: { action: string }) => e.action);
    expect(hist).toContain('restore');

    // Archived and restored again: told again (a new restore), the reports stay as they were.
    const v = (await r.post('/api/watch/periods/restored-begun/archive', { version: 2 })).body.version as number;
    expect((await r.post('/api/watch/periods/restored-begun/restore', { version: v })).status).toBe(200);
    expect(await t.db.selectFrom('notifications').select('id').where('key', '=', `watch:restored-begun:${county.units.a.id}:restored:${v + 1}`).execute()).toHaveLength(2);
    expect(await reports(day(-8))).toHaveLength(3);
  });

  it('restoring a period still ahead clears its announcement for the start job; one overlapping a live period of the same name is refused', async () => {
    const id = await declare('国庆', day(8), day(9));
    const p = (await countyStaff.post(`/api/watch/periods/${id}/archive`, { version: 0 })).body;
    expect(p.archived).toBe(true);
    // As left by an announcement of earlier dates.
    await t.db.updateTable('watch_periods').set({ announced_at: new Date().toISOString() }).where('id', '=', id).execute();
    const back = await countyStaff.post(`/api/watch/periods/${id}/restore`, { version: p.version });
    expect(back.status).toBe(200);
    expect((await t.db.selectFrom('watch_periods').select('announced_at').where('id', '=', id).executeTakeFirstOrThrow()).announced_at).toBeNull();
    // Nobody is told of its start before it comes; on its first day the start job tells them.
    expect(await t.db.selectFrom('notifications').select('id').where('key', 'like', `watch:${id}:%:restored:%`).execute()).toEqual([]);
    expect(await startedNotices(id)).toHaveLength(0);
    expect(await announceStarts(t.db, morningOf(8))).toBe(1);
    expect((await startedNotices(id)).length).toBeGreaterThan(0);

    // Archived, then declared again for overlapping days: the old one cannot come back beside it.
    const again = (await countyStaff.post(`/api/watch/periods/${id}/archive`, { version: back.body.version })).body;
    const replacement = await declare('国庆', day(9), day(10));
    const refused = await countyStaff.post(`/api/watch/periods/${id}/restore`, { version: again.version });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION', message: '本单位已发布与这些日期重叠的“国庆”敏感时期，不能恢复' });
    expect((await countyStaff.get(`/api/watch/periods/${id}`)).body).toMatchObject({ archived: true, version: again.version });
    expect((await countyStaff.get(`/api/watch/periods/${replacement}`)).body.archived).toBe(false);
  });
});
