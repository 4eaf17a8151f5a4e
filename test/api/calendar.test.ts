import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDayView, CalendarYearView } from '../../common/calendar';
import { verifyAuditChain } from '../../server/platform/audit';
import { WorkCalendar } from '../../server/platform/calendar';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makeUnit, PASSWORD } from '../helpers/factories';

describe(`working-day calendar administration [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let root: Agent;
  let township: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    root = await login(t.app, 'county_admin', PASSWORD);
    township = await login(t.app, 'a_admin', PASSWORD);
  });
  afterAll(() => t.close());

  const dayOf = (y: CalendarYearView, day: string) => y.days.find((d) => d.day === day) as CalendarDayView;
  const auditRows = (day: string) =>
    t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'calendar_day').where('entity_id', '=', day).orderBy('seq').execute();

  it('lists every day of 2026 with its status and source from the chinese-days data', async () => {
    const r = await root.get('/api/calendar?year=2026');
    expect(r.status).toBe(200);
    const y = r.body as CalendarYearView;
    expect(y.year).toBe(2026);
    expect(y.days).toHaveLength(365);
    expect(y.covered).toBe(true);
    expect(y.coverage!.from).toBeLessThanOrEqual(2026);
    expect(y.coverage!.to).toBeGreaterThanOrEqual(2026);
    expect(y.canManage).toBe(true);
    expect(dayOf(y, '2026-10-01')).toMatchObject({ workday: false, source: 'holiday', holidayName: '国庆节', weekday: 4, override: null });
    expect(dayOf(y, '2026-10-10')).toMatchObject({ workday: true, source: 'makeup_workday', holidayName: '国庆节', weekday: 6 });
    expect(dayOf(y, '2026-09-20')).toMatchObject({ workday: true, source: 'makeup_workday' });
    expect(dayOf(y, '2026-10-11')).toMatchObject({ workday: false, source: 'weekend', holidayName: null });
    expect(dayOf(y, '2026-10-09')).toMatchObject({ workday: true, source: 'workday', holidayName: null });
    expect(dayOf(y, '2026-01-01')).toMatchObject({ workday: false, source: 'holiday', holidayName: '元旦' });
    // The page shows exactly what deadlines are counted on.
    const cal = new WorkCalendar();
    const mismatched = y.days.filter((d) => d.workday !== cal.isWorkday(d.day)).map((d) => d.day);
    expect(mismatched).toEqual([]);
  });

  it('says when a year is beyond the shipped data and counts only weekends there', async () => {
    const first = (await root.get('/api/calendar?year=2026')).body as CalendarYearView;
    const beyond = first.coverage!.to + 1;
    const y = (await root.get(`/api/calendar?year=${beyond}`)).body as CalendarYearView;
    expect(y.covered).toBe(false);
    expect(y.days.every((d) => d.source === 'weekend' || d.source === 'workday')).toBe(true);
    expect(y.days.every((d) => d.workday === (d.weekday !== 0 && d.weekday !== 6))).toBe(true);
  });

  it('lets every role read the calendar, but only the top-level unit may change it', async () => {
    for (const name of ['a_liaison', 'a_inspector', 'county_staff']) {
      const a = await login(t.app, name, PASSWORD);
      const r = await a.get('/api/calendar?year=2026');
      expect(r.status, name).toBe(200);
      expect(r.body.canManage, name).toBe(false);
    }
    expect((await township.get('/api/calendar?year=2026')).body.canManage).toBe(false);
  });

  it('an override by the root admin changes WorkCalendar.isWorkday and is audited', async () => {
    expect((await WorkCalendar.load(t.db)).isWorkday('2026-11-20')).toBe(true);
    const r = await root.put('/api/calendar/days/2026-11-20', { workday: false, note: '县城停电检修，全县放假一天' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      day: '2026-11-20', workday: false, source: 'override', base: { workday: true, source: 'workday' },
      override: { workday: false, note: '县城停电检修，全县放假一天', updatedBy: 'county_admin' },
    });
    const cal = await WorkCalendar.load(t.db);
    expect(cal.isWorkday('2026-11-20')).toBe(false);
    // Thursday 19th + 1 working day skips the day off and the weekend.
    expect(cal.addWorkdays('2026-11-19', 1)).toBe('2026-11-23');

    // A holiday Saturday turned into a workday.
    const sat = await root.put('/api/calendar/days/2026-10-03', { workday: true, note: null });
    expect(sat.body).toMatchObject({ workday: true, source: 'override', holidayName: '国庆节', base: { workday: false, source: 'holiday' } });
    expect((await WorkCalendar.load(t.db)).isWorkday('2026-10-03')).toBe(true);

    const listed = (await township.get('/api/calendar?year=2026')).body as CalendarYearView;
    expect(dayOf(listed, '2026-11-20')).toMatchObject({ workday: false, source: 'override' });

    const rows = await auditRows('2026-11-20');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'update', actor_id: county.accounts.countyAdmin.id, unit_path: county.units.county.path });
    expect(JSON.parse(rows[0].before_json!)).toMatchObject({ status: '上班', source: '工作日' });
    expect(JSON.parse(rows[0].after_json!)).toMatchObject({ status: '休息', source: '本地调整', note: '县城停电检修，全县放假一天' });

    // Changing it again updates the one override and is audited again.
    const again = await root.put('/api/calendar/days/2026-11-20', { workday: false, note: '停电检修' });
    expect(again.body.override.note).toBe('停电检修');
    expect(await t.db.selectFrom('calendar_overrides').selectAll().where('day', '=', '2026-11-20').execute()).toHaveLength(1);
    expect(await auditRows('2026-11-20')).toHaveLength(2);

    const audit = await (await login(t.app, 'county_auditadmin', PASSWORD)).get('/api/audit?pageSize=50');
    const item = audit.body.items.find((x: { entity: string; entityId: string }) => x.entity === 'calendar_day' && x.entityId === '2026-11-20');
    expect(item.entityLabel).toBe('工作日历');
  });

  it('resets an override to the package data, audited; a day without one is refused', async () => {
    await root.put('/api/calendar/days/2026-12-01', { workday: false, note: '临时调整' });
    expect((await WorkCalendar.load(t.db)).isWorkday('2026-12-01')).toBe(false);
    const r = await root.post('/api/calendar/days/2026-12-01/reset');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ workday: true, source: 'workday', override: null });
    expect((await WorkCalendar.load(t.db)).isWorkday('2026-12-01')).toBe(true);
    const rows = await auditRows('2026-12-01');
    expect(rows.map((x) => x.action)).toEqual(['update', 'reset']);
    const again = await root.post('/api/calendar/days/2026-12-01/reset');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOT_OVERRIDDEN');
    expect(await auditRows('2026-12-01')).toHaveLength(2);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('refuses a township admin, and other roles, changing the calendar; nothing is written', async () => {
    const before = await t.db.selectFrom('calendar_overrides').selectAll().orderBy('day').execute();
    const r = await township.put('/api/calendar/days/2026-10-08', { workday: false, note: '镇里想放假' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN');
    expect(r.body.message).toContain('最上级单位');
    const reset = await township.post('/api/calendar/days/2026-11-20/reset');
    expect(reset.status).toBe(403);
    for (const name of ['county_staff', 'county_leader', 'county_inspector']) {
      const a = await login(t.app, name, PASSWORD);
      const x = await a.put('/api/calendar/days/2026-10-08', { workday: false, note: null });
      expect(x.status, name).toBe(403);
    }
    expect(await t.db.selectFrom('calendar_overrides').selectAll().orderBy('day').execute()).toEqual(before);
    expect(await auditRows('2026-10-08')).toHaveLength(0);
    expect((await WorkCalendar.load(t.db)).isWorkday('2026-10-08')).toBe(true);
  });

  it('lets the admin of any top-level unit change it, and no admin of a unit below one', async () => {
    const otherRoot = await makeUnit(t.db, { name: '另一个县' });
    await makeAccount(t.db, { unit: otherRoot, role: 'admin', username: 'other_root_admin' });
    const village = await makeAccount(t.db, { unit: county.units.a1, role: 'admin', username: 'village_admin' });
    const o = await login(t.app, 'other_root_admin', PASSWORD);
    expect((await o.put('/api/calendar/days/2026-12-02', { workday: true, note: null })).status).toBe(200);
    const v = await login(t.app, village.username, PASSWORD);
    expect((await v.put('/api/calendar/days/2026-12-02', { workday: false, note: null })).status).toBe(403);
  });

  it('refuses malformed dates and years, naming the field in Chinese', async () => {
    for (const bad of ['2026-13-01', '2026-02-30', '20261001', 'tomorrow', '1999-10-01']) {
      const r = await root.put(`/api/calendar/days/${bad}`, { workday: false, note: null });
      expect(r.status, bad).toBe(400);
      expect(r.body.code, bad).toBe('VALIDATION');
      expect(r.body.field, bad).toBe('day');
      expect(r.body.message, bad).toMatch(/日期/);
    }
    const reset = await root.post('/api/calendar/days/2026-02-30/reset');
    expect(reset.status).toBe(400);
    expect(reset.body.field).toBe('day');
    for (const bad of ['abc', '1800', '2026.5']) {
      const r = await root.get(`/api/calendar?year=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.field, bad).toBe('year');
      expect(r.body.message, bad).toMatch(/年份/);
    }
    const body = await root.put('/api/calendar/days/2026-10-08', { workday: '是', note: null });
    expect(body.status).toBe(400);
    expect(body.body.field).toBe('workday');
    expect(body.body.message).toContain('上班还是休息');
    const long = await root.put('/api/calendar/days/2026-10-08', { workday: false, note: '长'.repeat(101) });
    expect(long.body.field).toBe('note');
    expect(long.body.message).toContain('说明');
    expect(await auditRows('2026-10-08')).toHaveLength(0);
  });

  it('defaults to the current year in Asia/Shanghai', async () => {
    const r = await root.get('/api/calendar');
    const shanghaiYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    expect(r.body.year).toBe(shanghaiYear);
  });
});
