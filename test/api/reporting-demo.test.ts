/** The demo county's 报告制度: a monthly schedule for every village and community with on-time, late, nil and missing reports, seen by the county and by a liaison. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';

describe(`reporting demo [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
  }, 240_000); // the whole demo county, on a shared machine
  afterAll(() => t.close());

  it('has a realistic mix on the monthly schedule, and the liaison sees this month’s report', async () => {
    const staff = await login(t.app, 'staff', DEMO_PASSWORD);
    const schedules = (await staff.get('/api/reporting/schedules')).body.items;
    const monthly = schedules.find((s: { cycle: string }) => s.cycle === 'monthly');
    expect(monthly.name).toBe('村(社区)网络意识形态工作月报');
    const m = (await staff.get(`/api/reporting/matrix?scheduleId=${monthly.id}`)).body;
    expect(m.periods.length).toBeGreaterThanOrEqual(4);
    const states = new Set(m.units.flatMap((u: { cells: { state: string }[] }) => u.cells.map((c) => c?.state)));
    for (const s of ['on_time', 'late', 'nil', 'missing']) expect(states).toContain(s);
    const past = m.periods[m.periods.length - 3].key;
    const r = (await staff.get(`/api/reporting/rates?scheduleId=${monthly.id}&periodKey=${past}`)).body;
    expect(r.total.expected).toBe(m.units.length);
    expect(m.units.length).toBeGreaterThan(25);
    expect(r.total.nil).toBeGreaterThan(0);
    expect(r.missingUnits.length).toBe(r.total.missing);
    const liaison = await login(t.app, 'liaison', DEMO_PASSWORD);
    const mine = (await liaison.get('/api/reporting/submissions?view=mine')).body.items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((s: { unitName: string }) => s.unitName === '柳林村')).toBe(true);
  });
});
