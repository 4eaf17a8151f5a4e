/**
 * 报告制度's figures read each submission's own copy of its unit's path (unitPathCopies). This
 * checks them against a straightforward count, unit by unit, on a generated tree whose
 * submissions are given random states: the rates level by level at every unit with units below,
 * the missing units, the matrix, the trend and the range figures of documents and indicators.
 * Then a village moves to another township, and its submissions are counted under the new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodKeyOf } from '../../common/reporting';
import { buildApp } from '../../server/app';
import { openDb } from '../../server/db';
import { reportingFigures } from '../../server/modules/reporting/figures';
import { runScheduler } from '../../server/modules/reporting/scheduler';
import { addDays, shanghaiDay } from '../../server/platform/calendar';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeUnit, PASSWORD, type UnitRef } from '../helpers/factories';

type State = 'on_time' | 'late' | 'nil' | 'returned' | 'missing' | 'pending';
const STATES: State[] = ['on_time', 'late', 'nil', 'returned', 'missing', 'pending'];
const COUNTS = ['expected', 'submitted', 'onTime', 'late', 'nil', 'returned', 'missing', 'pending', 'timely'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

const today = shanghaiDay();
const cur = periodKeyOf('monthly', today);
/** The first day of the month two before this one: three periods. */
const start = `${addDays(`${cur}-01`, -45).slice(0, 7)}-01`;

describe(`reporting figures against a unit-by-unit count [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let countyAdmin: Agent;
  let scheduleId: string;
  let periods: string[];
  /** The state each submission was given, and whether it counts for 及时率. */
  const given = new Map<string, { state: State; timely: boolean }>();

  let seed = 12;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    // A tree of uneven depth: four townships of 2–5 villages, some villages with groups (村民小组) below.
    const towns: UnitRef[] = [county.units.a, county.units.b];
    for (let i = 0; i < 2; i++) towns.push(await makeUnit(t.db, { parent: county.units.county, name: `生成镇${i}`, kind: 'township' }));
    for (const [i, town] of towns.entries()) {
      for (let v = 0; v < 2 + rand(4); v++) {
        const village = await makeUnit(t.db, { parent: town, name: `生成村${i}-${v}`, kind: 'village' });
        for (let g = 0; g < rand(3); g++) await makeUnit(t.db, { parent: village, name: `生成组${i}-${v}-${g}`, kind: 'other' });
      }
    }
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    countyAdmin = await login(t.app, 'county_admin', PASSWORD);
    const c = await countyStaff.post('/api/reporting/schedules', {
      unitId: county.units.county.id, name: '生成月报', formId: 'builtin-monthly', targetMode: 'all', targetKinds: [], cycle: 'monthly', startsOn: start, dueMode: 'working_days', dueN: 5,
    });
    expect(c.status).toBe(201);
    scheduleId = c.body.id;
    expect((await runScheduler(t.db, today)).created).toBeGreaterThan(0);

    // Random states, written straight onto the rows (the API's own rules are tested in reporting.test.ts).
    const now = Date.now();
    const iso = (days: number) => new Date(now + days * 86_400_000).toISOString();
    const rows = await t.db.selectFrom('report_submissions').select('id').where('schedule_id', '=', scheduleId).orderBy('id').execute();
    for (const r of rows) {
      const state = STATES[rand(STATES.length)];
      // Nil reports on time and late; returned ones ordinary or nil (returned wins: it is counted returned only).
      const lateNil = state === 'nil' && rand(2) === 0;
      const nil = state === 'nil' || (state === 'returned' && rand(2) === 0);
      const due = state === 'pending' ? iso(5) : iso(-4);
      const first = state === 'missing' || state === 'pending' ? null : state === 'late' || lateNil ? iso(-1) : iso(-6);
      await t.db.updateTable('report_submissions').set({
        due_at: due, first_submitted_at: first, submitted_at: first, nil: nil ? 1 : 0,
        status: state === 'returned' ? 'returned' : first ? (rand(2) ? 'signed' : 'submitted') : rand(2) ? 'draft' : 'expected',
      }).where('id', '=', r.id).execute();
      given.set(r.id, { state, timely: !!first && first <= due });
    }
    periods = (await t.db.selectFrom('report_submissions').select('period_key').distinct().where('schedule_id', '=', scheduleId).orderBy('period_key').execute()).map((p) => p.period_key);
    expect(periods.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(() => t.close());

  /** The straightforward way: every submission of the period, its unit's path read from the units table. */
  async function rowsOf(periodKey?: string) {
    let q = t.db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id')
      .select(['s.id', 's.unit_id', 's.period_key', 'u.path', 'u.name']).where('s.schedule_id', '=', scheduleId);
    if (periodKey) q = q.where('s.period_key', '=', periodKey);
    return (await q.execute()).map((r) => ({ ...r, ...given.get(r.id)! }));
  }
  function count(rows: { state: State; timely: boolean }[]): Counts {
    const c = Object.fromEntries(COUNTS.map((k) => [k, 0])) as Counts;
    for (const r of rows) {
      c.expected++;
      c[({ on_time: 'onTime', late: 'late', nil: 'nil', returned: 'returned', missing: 'missing', pending: 'pending' } as const)[r.state]]++;
      if (!['missing', 'pending'].includes(r.state)) c.submitted++;
      if (r.timely) c.timely++;
    }
    return c;
  }
  const pick = (f: object) => Object.fromEntries(COUNTS.map((k) => [k, (f as Record<string, unknown>)[k]]));

  async function expectFiguresMatch() {
    const units = await t.db.selectFrom('units').select(['id', 'name', 'path', 'parent_id']).orderBy('path').execute();
    let drilled = 0;
    for (const periodKey of periods) {
      const rows = await rowsOf(periodKey);
      // Every unit with units below: its rows are each child subtree that has submissions, and the total adds them up with its own.
      for (const unit of units.filter((u) => u.path.startsWith(county.units.county.path) && units.some((c) => c.parent_id === u.id))) {
        const r = await countyStaff.get(`/api/reporting/rates?scheduleId=${scheduleId}&periodKey=${periodKey}&unitId=${unit.id}`);
        expect(r.status).toBe(200);
        const inSub = rows.filter((x) => x.path.startsWith(unit.path));
        expect(pick(r.body.total)).toEqual(count(inSub));
        const children = units.filter((c) => c.parent_id === unit.id).map((c) => ({ c, rows: rows.filter((x) => x.path.startsWith(c.path)) })).filter((x) => x.rows.length);
        const got = r.body.rows.filter((x: { unitKind: string }) => x.unitKind !== 'self');
        expect(got.map((x: { unitId: string }) => x.unitId).sort()).toEqual(children.map((x) => x.c.id).sort());
        for (const { c, rows: cr } of children) {
          const row = got.find((x: { unitId: string }) => x.unitId === c.id);
          expect(pick(row.figures), `${periodKey} ${unit.name} › ${c.name}`).toEqual(count(cr));
          expect(row.drillable).toBe(cr.some((x) => x.unit_id !== c.id));
        }
        expect(r.body.missingUnits.map((m: { unitId: string }) => m.unitId)).toEqual(inSub.filter((x) => x.state === 'missing').sort((x, y) => (x.path < y.path ? -1 : 1)).map((x) => x.unit_id));
        drilled++;
      }
    }
    expect(drilled).toBeGreaterThan(periods.length * 5);

    // The matrix and the trend of the county and of one township.
    const all = await rowsOf();
    for (const unit of [county.units.county, county.units.a]) {
      const path = units.find((u) => u.id === unit.id)!.path;
      const inSub = all.filter((x) => x.path.startsWith(path));
      const m = await countyStaff.get(`/api/reporting/matrix?scheduleId=${scheduleId}&unitId=${unit.id}&periods=12`);
      expect(m.body.periods.map((p: { key: string }) => p.key)).toEqual(periods);
      const expectedUnits = [...new Set(inSub.sort((x, y) => (x.path < y.path ? -1 : 1)).map((x) => x.unit_id))];
      expect(m.body.units.map((u: { unitId: string }) => u.unitId)).toEqual(expectedUnits);
      for (const u of m.body.units as { unitId: string; unitName: string; cells: ({ state: string; submissionId: string } | null)[] }[]) {
        expect(u.unitName).toBe(units.find((x) => x.id === u.unitId)!.name);
        expect(u.cells.map((c) => c && [c.state, c.submissionId])).toEqual(periods.map((p) => {
          const x = inSub.find((r) => r.unit_id === u.unitId && r.period_key === p);
          return x ? [x.state, x.id] : null;
        }));
      }
      const tr = await countyStaff.get(`/api/reporting/trend?scheduleId=${scheduleId}&unitId=${unit.id}&periods=12`);
      expect(tr.body.points.map((p: { key: string; figures: Record<string, unknown> }) => [p.key, pick(p.figures)])).toEqual(periods.map((p) => [p, count(inSub.filter((x) => x.period_key === p))]));

      // What documents, ledgers and indicators take: every submission due in the range, and the late and missing units by name.
      const f = await reportingFigures(t.db, { unitPath: path, from: start, to: addDays(today, 30) });
      expect(pick(f)).toEqual(count(inSub));
      const byUnit = (state: State) => expectedUnits.map((id) => ({ id, n: inSub.filter((x) => x.unit_id === id && x.state === state).length })).filter((x) => x.n)
        .map((x) => ({ unitId: x.id, unitName: units.find((u) => u.id === x.id)!.name, count: x.n }));
      expect(f.lateUnits).toEqual(byUnit('late'));
      expect(f.missingUnits).toEqual(byUnit('missing'));
    }
  }

  it('the scheduler keeps each unit’s path on its submissions, for every way of naming the units', async () => {
    const list = await countyStaff.post('/api/reporting/schedules', {
      unitId: county.units.county.id, name: '名单季报', formId: 'builtin-quarterly', targetMode: 'list', targetKinds: [], targetUnitIds: [county.units.a1.id, county.units.b.id], cycle: 'quarterly',
      startsOn: start, dueMode: 'working_days', dueN: 5,
    });
    expect(list.status).toBe(201);
    const kinds = await countyStaff.post('/api/reporting/schedules', {
      unitId: county.units.a.id, name: '镇村月报', formId: 'builtin-monthly', targetMode: 'kinds', targetKinds: ['village'], cycle: 'monthly', startsOn: start, dueMode: 'working_days', dueN: 5,
    });
    expect(kinds.status).toBe(201);
    await runScheduler(t.db, today);
    const rows = await t.db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id')
      .select(['s.id', 's.schedule_id', 's.unit_id', 's.unit_path', 'u.path', 'u.kind', 's.period_key']).where('s.schedule_id', 'in', [scheduleId, list.body.id, kinds.body.id]).execute();
    for (const r of rows) expect(r.unit_path).toBe(r.path);
    expect(new Set(rows.filter((r) => r.schedule_id === list.body.id).map((r) => r.unit_id))).toEqual(new Set([county.units.a1.id, county.units.b.id]));
    const villagesOfA = await t.db.selectFrom('units').select('id').where('kind', '=', 'village').where('path', 'like', `${county.units.a.path}%`).execute();
    expect(rows.filter((r) => r.schedule_id === kinds.body.id).length).toBe(villagesOfA.length * new Set(rows.filter((r) => r.schedule_id === kinds.body.id).map((r) => r.period_key)).size);
    // Ids are unique and uuid-shaped.
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const r of rows) expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Out of the way of the range figures below, which count every live schedule.
    await t.db.updateTable('report_schedules').set({ archived_at: new Date().toISOString() }).where('id', 'in', [list.body.id, kinds.body.id]).execute();
  });

  it('rates level by level, the missing units, the matrix, the trend and the range figures equal a unit-by-unit count', async () => {
    await expectFiguresMatch();
  });

  it('after a village moves to another township, its submissions are counted under the new one', async () => {
    const village = await t.db.selectFrom('units').select(['id', 'path', 'version']).where('name', '=', '生成村0-0').executeTakeFirstOrThrow();
    const target = county.units.b;
    const before = await countyStaff.get(`/api/reporting/rates?scheduleId=${scheduleId}&periodKey=${periods[0]}`);
    const moved = await countyAdmin.post(`/api/units/${village.id}/move`, { newParentId: target.id, version: village.version });
    expect(moved.status).toBe(200);
    const newPath = `${target.path}${village.id}/`;
    const copies = await t.db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id').select(['s.schedule_id', 's.unit_path', 'u.path'])
      .where('s.unit_path', 'like', `${newPath}%`).execute();
    expect(copies.length).toBeGreaterThanOrEqual(periods.length);
    for (const c of copies) expect(c.unit_path).toBe(c.path);
    expect(await t.db.selectFrom('report_submissions').select('id').where('unit_path', 'like', `${village.path}%`).execute()).toEqual([]);

    const after = await countyStaff.get(`/api/reporting/rates?scheduleId=${scheduleId}&periodKey=${periods[0]}`);
    const expectedOf = (r: typeof before, id: string) => r.body.rows.find((x: { unitId: string }) => x.unitId === id)?.figures.expected ?? 0;
    // The village and its groups, each with one submission per period of the schedule.
    const movedCount = copies.filter((c) => c.schedule_id === scheduleId).length / periods.length;
    expect(movedCount).toBe((await t.db.selectFrom('units').select('id').where('path', 'like', `${newPath}%`).execute()).length);
    expect(expectedOf(after, county.units.a.id)).toBe(expectedOf(before, county.units.a.id) - movedCount);
    expect(expectedOf(after, target.id)).toBe(expectedOf(before, target.id) + movedCount);
    expect(after.body.total).toEqual(before.body.total);
    const drill = await countyStaff.get(`/api/reporting/rates?scheduleId=${scheduleId}&periodKey=${periods[0]}&unitId=${target.id}`);
    expect(drill.body.rows.map((x: { unitId: string }) => x.unitId)).toContain(village.id);
    // And everything still equals the unit-by-unit count on the new tree.
    await expectFiguresMatch();
  });

  it('a unit moving while the scheduler catches up (two app servers on PostgreSQL): every period once per unit, every copy on the new path', async () => {
    const c = await countyStaff.post('/api/reporting/schedules', {
      unitId: county.units.county.id, name: '迁移中的月报', formId: 'builtin-monthly', targetMode: 'all', targetKinds: [], cycle: 'monthly', startsOn: start, dueMode: 'working_days', dueN: 5,
    });
    expect(c.status).toBe(201);
    const village = await t.db.selectFrom('units').select(['id', 'version']).where('name', '=', '生成村2-0').executeTakeFirstOrThrow();
    // SQLite: one server (a second connection in this process would wait on the first's write lock, not on the other server).
    const second = dialectName === 'postgres' ? openDb({ databaseUrl: t.config.databaseUrl, dataDir: t.dataDir }) : null;
    const app2 = second ? await buildApp(t.config, second) : null;
    try {
      const [r1, r2, moved] = await Promise.all([
        runScheduler(t.db, today), second ? runScheduler(second.db, today) : Promise.resolve({ created: 0 }),
        countyAdmin.post(`/api/units/${village.id}/move`, { newParentId: county.units.a.id, version: village.version }),
      ]);
      expect(moved.status).toBe(200);
      const units = await t.db.selectFrom('units').select(['id', 'path']).where('path', '>', county.units.county.path).where('path', '<', `${county.units.county.path.slice(0, -1)}0`).execute();
      const rows = await t.db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id').select(['s.unit_id', 's.period_key', 's.unit_path', 'u.path'])
        .where('s.schedule_id', '=', c.body.id).execute();
      expect(r1.created + r2.created).toBe(units.length * periods.length);
      expect(rows.length).toBe(units.length * periods.length);
      expect(new Set(rows.map((r) => `${r.unit_id}/${r.period_key}`)).size).toBe(rows.length);
      for (const r of rows) expect(r.unit_path).toBe(r.path);
    } finally {
      await app2?.app.close();
      await second?.close();
    }
  });
});
