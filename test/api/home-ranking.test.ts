/**
 * Home's ranking of the units below, computed by each rate's grouped form (`valuesFor`, one
 * query for all the units, with `link`), equals what each rate's own `value` (its module's
 * figures for that unit's subtree) gives every unit, value and link, on a generated tree: a
 * county, four townships and their villages, each with cases and tasks of every kind the rates
 * tell apart (closed on time, late, without a deadline, closed after the period, open, archived;
 * tasks done on time, late, after the period, open, overdue, an assignment and its units' tasks),
 * and watch periods declared at the county and at a township with rosters covering some of their
 * days. This year and last year (a past period judged at its end). The cases and tasks charts,
 * counted in the database by month, equal the same months counted here row by row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeFigures } from '../../server/modules/home/service';
import { indicators } from '../../server/platform/modules';
import { shanghaiDay } from '../../server/platform/period';
import { newId, nowIso } from '../../server/platform/ids';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { actorOfAccount, buildCounty, makeUnit } from '../helpers/factories';
import { overdueOf } from '../../server/modules/tasks/service';
import { monthsOf } from '../../server/platform/months';

describe(`home ranking by grouped queries [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const today = shanghaiDay();
  const year = Number(today.slice(0, 4));
  let seed = 11;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % n;
  };
  const now = nowIso();
  /** A day of last year or this year up to today. */
  const someDay = () => {
    const start = Date.UTC(year - 1, 0, 1);
    const end = Date.parse(`${today}T00:00:00Z`);
    return new Date(start + rand(Math.floor((end - start) / 86_400_000) + 1) * 86_400_000).toISOString().slice(0, 10);
  };
  const plusDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86_400_000).toISOString();

  async function fill(unit: { id: string; path: string }, n: number) {
    const unitId = unit.id;
    for (let i = 0; i < n; i++) {
      const received = `${someDay()}T0${rand(9)}:00:00.000Z`;
      const kind = rand(6); // 0 open, 1 closed on time, 2 closed late, 3 closed with no deadline, 4 closed on time under supervision, 5 closed a year later
      const closedAt = kind === 0 ? null : kind === 2 ? plusDays(received, 12) : kind === 5 ? plusDays(received, 370) : plusDays(received, 3);
      await t.db.insertInto('case_events').values({
        id: newId(), unit_id: unitId, handling_unit_id: unitId, assigned_by_unit_id: null, title: `反映${i}`, summary: '内容', level: 'general', category: '其他',
        status: closedAt ? 'closed' : 'triaged', print: '0', report_count: 1, first_received_at: received, triaged_at: received, triage_note: null, paused_at: null, pause_reason: null,
        paused_ms: 0, due_report_at: null, due_first_info_at: null, due_response_at: null, due_close_at: kind === 3 ? null : plusDays(received, 7), due_triage_at: null,
        supervise_due_at: kind === 4 ? plusDays(received, 2) : null, reported_up_at: null, first_info_at: null, responded_at: closedAt, closed_at: closedAt, verification_result: null,
        verification_note: null, measures: null, public_reply: null, close_requested_at: null, close_requested_by: null, close_note: null, approved_by_name: null,
        followup_result: null, followup_note: null, followup_at: null, search_terms: '', created_by_name: 'test', archived_at: rand(8) === 0 ? now : null, version: 0, created_at: now, updated_at: now,
        owner_path: unit.path, handler_path: unit.path,
      } as never).execute();
      const start = someDay();
      const due = plusDays(`${start}T00:00:00Z`, 5 + rand(40)).slice(0, 10);
      const state = rand(4); // 0 open, 1 done on time, 2 done late, 3 done a year later
      const completed = state === 0 ? null : state === 1 ? due : plusDays(`${due}T00:00:00Z`, state === 2 ? 3 : 380).slice(0, 10);
      const id = newId();
      await t.db.insertInto('tasks').values({
        id, unit_id: unitId, unit_path: unit.path, owner_person_id: null, parent_id: null, title: `任务${i}`, content: null, source: 'superior', basis: null,
        start_day: start, due_mode: 'date', due_days: null, due_day: due, recurrence: null, last_checkin_period: null,
        status: completed ? 'done' : 'in_progress', completed_day: completed, completion_note: null, created_by: 'test', archived_at: rand(10) === 0 ? now : null, version: 0, created_at: now, updated_at: now,
      } as never).execute();
      if (i === 0) {
        // An assignment's unit task: the parent is not counted again, the child is.
        await t.db.insertInto('tasks').values({
          id: newId(), unit_id: unitId, unit_path: unit.path, owner_person_id: null, parent_id: id, title: `任务${i}（分解）`, content: null, source: 'superior', basis: null,
          start_day: start, due_mode: 'date', due_days: null, due_day: due, recurrence: null, last_checkin_period: null,
          status: 'done', completed_day: start, completion_note: null, created_by: 'test', archived_at: null, version: 0, created_at: now, updated_at: now,
        } as never).execute();
      }
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    const c = await makeUnit(t.db, { parent: county.units.county, name: '西河乡', kind: 'township' });
    await makeUnit(t.db, { parent: county.units.county, name: '北岭乡', kind: 'township' }); // nothing recorded: every rate null
    const c1 = await makeUnit(t.db, { parent: c, name: '河西村', kind: 'village' });
    const b2 = await makeUnit(t.db, { parent: county.units.b, name: '山后村', kind: 'village' });
    for (const [u, n] of [[county.units.county, 6], [county.units.a, 8], [county.units.a1, 5], [county.units.b, 4], [county.units.b1, 7], [b2, 3], [c, 9], [c1, 2]] as const) await fill(u, n);
    // Watch periods: one declared at the county (every unit of the tree), one at a township (its
    // own subtree); rosters covering some of their days, fully (one full shift, or day and night) or not.
    for (const y of [year - 1, year]) {
      const countyPeriod = { from: `${y}-03-01`, to: `${y}-03-06` };
      const townPeriod = { from: `${y}-05-10`, to: `${y}-05-13` };
      for (const [u, p] of [[county.units.county, countyPeriod], [c, townPeriod]] as const) {
        await t.db.insertInto('watch_periods').values({
          id: newId(), unit_id: u.id, name: `敏感期${y}`, starts_on: p.from, ends_on: p.to, note: null, created_by: null, archived_at: null, version: 0, created_at: now, updated_at: now, announced_at: null,
        }).execute();
      }
      for (const [u, p, days, kinds] of [
        [county.units.a, countyPeriod, 6, ['full']], [county.units.a1, countyPeriod, 3, ['day', 'night']], [county.units.b, countyPeriod, 4, ['day']],
        [c, countyPeriod, 2, ['full']], [c, townPeriod, 4, ['full']], [c1, townPeriod, 1, ['day', 'night']],
      ] as const) {
        const roster = newId();
        await t.db.insertInto('watch_rosters').values({
          id: roster, unit_id: u.id, title: '值班表', starts_on: p.from, ends_on: p.to, shift_mode: 'full', note: null, created_by: 'test', archived_at: null, version: 0, created_at: now, updated_at: now,
        }).execute();
        for (let d = 0; d < days; d++) {
          const day = `${p.from.slice(0, 8)}${String(Number(p.from.slice(8)) + d).padStart(2, '0')}`;
          for (const kind of kinds) {
            await t.db.insertInto('watch_shifts').values({
              id: newId(), roster_id: roster, unit_id: u.id, day, kind, starts_at: `${day}T00:00:00.000Z`, ends_at: `${day}T23:59:59.000Z`,
              leader_person_id: null, leader_phone: null, staff_person_id: null, staff_phone: null, log_opened_at: null, handed_over_at: null,
              handed_over_by: null, handover_note: null, version: 0, created_at: now, updated_at: now,
            }).execute();
          }
        }
      }
    }
  });
  afterAll(() => t.close());

  for (const which of ['this year', 'last year'] as const) {
    it(`gives each unit below what its own figures give, ${which}`, async () => {
      const y = which === 'this year' ? year : year - 1;
      const actor = await actorOfAccount(t.db, 'county_leader');
      const f = await homeFigures(t.db, actor, { unitId: county.units.county.id, year: y }, today);
      const from = `${y}-01-01`;
      const to = y === year ? today : `${y}-12-31`;
      const rates = indicators().filter((i) => i.format === 'rate');
      // Every rate has its grouped form: the ranking runs no rate unit by unit.
      expect(rates.filter((i) => !i.valuesFor || !i.link).map((i) => i.key)).toEqual([]);
      expect(rates.map((i) => i.key)).toEqual(expect.arrayContaining(['cases.closure_rate', 'cases.on_time_rate', 'tasks.on_time_rate', 'watch.roster_completeness', 'reporting.reporting_rate', 'information.adoption_rate', 'publishing.accuracy_rate']));
      expect(f.ranking.units).toHaveLength(4);
      const children = await t.db.selectFrom('units').select(['id', 'path']).where('parent_id', '=', county.units.county.id).execute();
      let nonNull = 0;
      for (const u of f.ranking.units) {
        const path = children.find((c) => c.id === u.unitId)!.path;
        for (const i of rates) {
          const own = await i.value(t.db, { unitId: u.unitId, unitPath: path, from, to });
          expect(u.values[i.key], `${u.unitName} ${i.key}`).toEqual(own);
          if (own.value !== null) nonNull++;
        }
      }
      // The tree gives the grouped rates something to count (a test that cannot fail compares nulls only).
      expect(nonNull).toBeGreaterThanOrEqual(6);
      const distinct = new Set(f.ranking.units.map((u) => u.values['cases.closure_rate'].value));
      expect(distinct.size).toBeGreaterThan(2);
      const watch = new Set(f.ranking.units.map((u) => u.values['watch.roster_completeness'].value));
      expect(watch.size, 'roster completeness tells the units apart').toBeGreaterThan(2);
    });

    it(`counts the cases and tasks charts as the rows give them, for the county and a township, ${which}`, async () => {
      const y = which === 'this year' ? year : year - 1;
      const actor = await actorOfAccount(t.db, 'county_leader');
      const months = monthsOf(y, today);
      const c = await t.db.selectFrom('units').select(['id', 'path']).where('name', '=', '西河乡').executeTakeFirstOrThrow();
      for (const u of [county.units.county, c]) {
        const f = await homeFigures(t.db, actor, { unitId: u.id, year: y }, today);
        const events = await t.db.selectFrom('case_events as e').innerJoin('units as un', 'un.id', 'e.unit_id')
          .select(['e.first_received_at', 'e.status', 'e.closed_at', 'e.due_close_at', 'e.supervise_due_at'])
          .where('un.path', 'like', `${u.path}%`).where('e.archived_at', 'is', null).execute();
        const tasks = await t.db.selectFrom('tasks as t').innerJoin('units as un', 'un.id', 't.unit_id')
          .select(['t.id', 't.status', 't.start_day', 't.due_day', 't.recurrence', 't.last_checkin_period', 't.archived_at'])
          .where('un.path', 'like', `${u.path}%`).where('t.archived_at', 'is', null).execute();
        const parents = new Set((await t.db.selectFrom('tasks').select('parent_id').where('parent_id', 'is not', null).execute()).map((x) => x.parent_id));
        const byMonth = (m: string) => {
          const ev = events.filter((e) => shanghaiDay(e.first_received_at).slice(0, 7) === m);
          const closed = ev.filter((e) => e.status === 'closed' && e.closed_at);
          const withDue = closed.filter((e) => e.supervise_due_at ?? e.due_close_at);
          const onTime = withDue.filter((e) => e.closed_at! <= (e.supervise_due_at ?? e.due_close_at)!);
          const ts = tasks.filter((x) => !parents.has(x.id) && (x.start_day.slice(0, 7) === m || x.due_day?.slice(0, 7) === m));
          const late = (x: (typeof ts)[number]) => { const o = overdueOf(x, today); return o.days > 0 || !!o.missed; };
          return {
            received: ev.length, closed: closed.length, onTimeRate: withDue.length ? onTime.length / withDue.length : null,
            completed: ts.filter((x) => x.status === 'done').length, overdue: ts.filter((x) => x.status !== 'done' && late(x)).length,
          };
        };
        const expected = months.map(byMonth);
        const series = (chart: string, key: string) => f.charts.find((x) => x.key === chart)!.series.find((s) => s.key === key)!.points.map((p) => p.value);
        expect(series('cases', 'received'), `${u.path} received`).toEqual(expected.map((e) => e.received));
        expect(series('cases', 'closed'), `${u.path} closed`).toEqual(expected.map((e) => e.closed));
        expect(series('cases', 'onTimeRate'), `${u.path} on time`).toEqual(expected.map((e) => e.onTimeRate));
        expect(series('tasks', 'completed'), `${u.path} completed`).toEqual(expected.map((e) => e.completed));
        expect(series('tasks', 'overdue'), `${u.path} overdue`).toEqual(expected.map((e) => e.overdue));
        // Something to count: a chart of zeros compares nothing.
        expect(expected.reduce((a, e) => a + e.received + e.completed + e.overdue, 0)).toBeGreaterThan(3);
      }
    });
  }
});
