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

  it('dates the demo history of reports and duty as the records it describes, not the seeding time', async () => {
    const seededAt = (await t.db.selectFrom('audit_log').select((eb) => eb.fn.max('at').as('at')).executeTakeFirstOrThrow()).at as string;
    const ago = (iso: string) => Date.now() - Date.parse(iso);
    // A signed report: submitted, then signed, each entry at its own time, both well before the seeding.
    const signed = await t.db.selectFrom('report_submissions').select(['id', 'submitted_at', 'reviewed_at']).where('status', '=', 'signed').orderBy('submitted_at').executeTakeFirstOrThrow();
    const steps = await t.db.selectFrom('audit_log').select(['action', 'at']).where('entity', '=', 'report_submission').where('entity_id', '=', signed.id).orderBy('seq').execute();
    expect(steps).toEqual([{ action: 'submit', at: signed.submitted_at }, { action: 'receive', at: signed.reviewed_at }]);
    expect(ago(signed.submitted_at!)).toBeGreaterThan(20 * 86_400_000);
    const schedule = await t.db.selectFrom('report_schedules').select(['id', 'created_at']).where('cycle', '=', 'monthly').executeTakeFirstOrThrow();
    const made = await t.db.selectFrom('audit_log').select('at').where('entity', '=', 'report_schedule').where('entity_id', '=', schedule.id).executeTakeFirstOrThrow();
    expect(made.at).toBe(schedule.created_at);
    expect(ago(made.at)).toBeGreaterThan(60 * 86_400_000);
    // Yesterday's duty: the log entries at their times, the handover as the shift ended.
    const shift = await t.db.selectFrom('watch_shifts').select(['id', 'ends_at', 'handed_over_at']).where('handed_over_at', 'is not', null).executeTakeFirstOrThrow();
    expect(shift.handed_over_at).toBe(shift.ends_at);
    const handover = await t.db.selectFrom('audit_log').select('at').where('entity', '=', 'watch_shift').where('entity_id', '=', shift.id).where('action', '=', 'handover').executeTakeFirstOrThrow();
    expect(handover.at).toBe(shift.ends_at);
    const entries = await t.db.selectFrom('watch_log_entries').select(['id', 'at', 'created_at']).where('shift_id', '=', shift.id).execute();
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      const a = await t.db.selectFrom('audit_log').select('at').where('entity', '=', 'watch_log_entry').where('entity_id', '=', e.id).executeTakeFirstOrThrow();
      expect(a.at).toBe(e.created_at);
      expect(a.at < seededAt).toBe(true);
    }
  });
});
