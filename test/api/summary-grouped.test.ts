/**
 * Issue 16 (documents): the annual summary's figures are counted in grouped statements instead of
 * reading every row into the process. This file keeps the computations as they were
 * (test/helpers/summary-reference.ts) and compares them with the new ones on a generated
 * province, for every unit of it and several periods and as-of days: activities by type and unit,
 * target progress, 述职/生活会/publicity, tasks, rectifications, risk points and duty lists. Any difference fails
 * with the unit and period that found it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES } from '../../common/ledger';
import { RECT_ORIGINS } from '../../common/rectification';
import { RISK_LEVELS } from '../../common/risks';
import { TASK_SOURCES, TASK_STATUSES } from '../../common/tasks';
import { dutyFigures } from '../../server/modules/duty/figures';
import { activityTopics, ledgerFigures, ledgerFiguresWithProgress } from '../../server/modules/ledger/figures';
import { reportFigures } from '../../server/modules/ledger/reports';
import { targetProgress } from '../../server/modules/ledger/targets';
import { rectFigures } from '../../server/modules/rectification/figures';
import { riskFigures } from '../../server/modules/risks/figures';
import { openTaskLists, openTasks, taskFigures } from '../../server/modules/tasks/figures';
import { newId, nowIso } from '../../server/platform/ids';
import { shanghaiDay } from '../../server/platform/calendar';
import { asOfDay } from '../../server/platform/period';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';
import {
  referenceActivityCounts, referenceActivityTopics, referenceDutyCounts, referenceOpenTasks, referenceRectFigures, referenceReportFigures, referenceRiskCounts, referenceTargetProgress, referenceTaskCounts,
} from '../helpers/summary-reference';

/** mulberry32: small draws (r(2), r(3)) independent of each other, unlike a bare LCG's low bits. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
}

const day = (r: (n: number) => number) => new Date(Date.UTC(2025, 10, 1 + r(460))).toISOString().slice(0, 10); // 2025-11-01 … 2027-02
const PERIODS = [
  { from: '2026-01-01', to: '2026-12-31' },
  { from: '2026-01-01', to: '2026-06-30' },
  { from: '2026-07-01', to: '2026-09-30' },
  { from: '2025-12-15', to: '2026-02-10' },
];

describe(`summary figures in grouped statements equal the row-by-row computation [${dialectName}]`, () => {
  let t: TestApp;
  const units: UnitRef[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.db;
    const r = rng(16);
    const now = nowIso();
    // A province of 2 cities × 2 counties × 3 townships × 3 villages, an archived township, and a second top-level unit.
    const province = await makeUnit(db, { name: '省', kind: 'province' });
    units.push(province);
    for (let c = 0; c < 2; c++) {
      const city = await makeUnit(db, { parent: province, name: `市${c}`, kind: 'city' });
      units.push(city);
      for (let k = 0; k < 2; k++) {
        const county = await makeUnit(db, { parent: city, name: `县${c}${k}`, kind: 'county' });
        units.push(county);
        for (let s = 0; s < 3; s++) {
          const town = await makeUnit(db, { parent: county, name: `镇${c}${k}${s}`, kind: 'township' });
          units.push(town);
          for (let v = 0; v < 3; v++) units.push(await makeUnit(db, { parent: town, name: `村${c}${k}${s}${v}`, kind: 'village' }));
        }
      }
    }
    const gone = await makeUnit(db, { parent: units[3], name: '撤并镇', kind: 'township' });
    await db.updateTable('units').set({ archived_at: now }).where('id', '=', gone.id).execute();
    units.push(gone);
    units.push(await makeUnit(db, { name: '另一省', kind: 'province' }));
    const pick = <T>(xs: readonly T[]) => xs[r(xs.length)];

    const people: { id: string; unit_id: string }[] = [];
    for (const u of units) {
      for (let i = 0; i < 2; i++) {
        const p = { id: newId(), unit_id: u.id, name: `${u.name}人${i}`, position: null, phone: null, archived_at: null, version: 0, created_at: now, updated_at: now };
        await db.insertInto('people').values(p).execute();
        people.push(p);
      }
    }
    const sha = 'a'.repeat(64);
    await db.insertInto('file_blobs').values({ sha256: sha, size: 10, mime: 'application/pdf', created_at: now }).execute();

    const entries = [];
    const exams = [];
    for (let i = 0; i < 1500; i++) {
      const u = pick(units);
      const type = pick(ACTIVITY_TYPES);
      const id = newId();
      const host = r(4) ? pick(people.filter((p) => p.unit_id === u.id)).id : null;
      entries.push({
        id, unit_id: u.id, type, day: day(r), topic: `主题${i}`, on_topic: r(2), others_count: 0, host_person_id: host, summary: null, minutes: null, plan_id: null,
        created_by_name: 't', archived_at: r(10) ? null : now, version: 0, created_at: now, updated_at: now,
        reported_separately: type === 'debriefing' ? pick([0, 1, 1, null]) : null,
        audience_count: r(3) ? null : r(200), materials_count: r(2) ? null : r(500), campaign_id: null,
      });
      if ((type === 'democratic_life' || type === 'org_life') && r(2)) {
        for (let k = r(3); k > 0; k--) exams.push({ id: newId(), sha256: sha, filename: 'x.pdf', entity: 'ledger_self_exam', entity_id: id, unit_id: u.id, uploaded_by: null, archived_at: r(3) ? null : now, created_at: now });
      }
    }
    for (let i = 0; i < entries.length; i += 100) await db.insertInto('ledger_entries').values(entries.slice(i, i + 100)).execute();
    for (let i = 0; i < exams.length; i += 100) await db.insertInto('attachments').values(exams.slice(i, i + 100)).execute();

    const tasks: { id: string }[] = [];
    for (let i = 0; i < 900; i++) {
      const u = pick(units);
      const status = pick(TASK_STATUSES);
      const row = {
        id: newId(), unit_id: u.id, unit_path: u.path, owner_person_id: null, parent_id: tasks.length && !r(6) ? pick(tasks).id : null, title: `任务${i % 300}`, content: null, source: pick(TASK_SOURCES), basis: null,
        start_day: day(r), due_mode: 'date', due_days: null, due_day: r(5) ? day(r) : null, recurrence: null, last_checkin_period: null,
        status, completed_day: status === 'done' ? (r(8) ? day(r) : null) : null, completion_note: null, created_by: 't', archived_at: r(12) ? null : now,
        version: 0, created_at: now, updated_at: now, responsible_leader_id: null, campaign_id: null,
      };
      await db.insertInto('tasks').values(row).execute();
      tasks.push(row);
    }
    const risks = [];
    for (let i = 0; i < 400; i++) {
      risks.push({
        id: newId(), unit_id: pick(units).id, description: `风险${i}`, area: 'positions', level: pick(RISK_LEVELS), measures: '措施', owner_person_id: null, review_months: 3,
        next_review_day: day(r), status: pick(['controlled', 'controlled', 'eliminated']), archived_at: r(10) ? null : now, version: 0, created_at: now, updated_at: now,
      });
    }
    for (let i = 0; i < risks.length; i += 100) await db.insertInto('risk_points').values(risks.slice(i, i + 100)).execute();
    const duty = [];
    for (let i = 0; i < 300; i++) {
      duty.push({
        id: newId(), unit_id: pick(units).id, year: pick([2025, 2026, 2026]), content: `事项${i}`, category: null, leader_person_id: null, department_ids: '[]', departments_text: null, basis: null,
        sort_order: i, archived_at: r(10) ? null : now, version: 0, created_at: now, updated_at: now,
      });
    }
    for (let i = 0; i < duty.length; i += 100) await db.insertInto('duty_items').values(duty.slice(i, i + 100)).execute();
    // Rectifications: every status, signed off at any hour (a Shanghai day is not the UTC day), archived ones.
    const rects = [];
    for (let i = 0; i < 400; i++) {
      const status = pick(['open', 'reported', 'closed', 'closed']);
      const dueDay = day(r);
      // Signed off within two days of the due day, at any hour: on time or late by the Shanghai day.
      const signedOff = status === 'closed' && r(8) ? new Date(Date.parse(dueDay) + ((r(5) - 2) * 24 + r(24)) * 3_600_000 + r(60) * 60_000).toISOString() : null;
      rects.push({
        id: newId(), unit_id: pick(units).id, raised_by_unit_id: province.id, owner_person_id: null, problem: `问题${i}`, origin: pick(RECT_ORIGINS), batch: null, measures: '措施',
        start_day: day(r), due_mode: 'date', due_days: null, due_day: dueDay, status, reported_at: null, reported_by: null, reported_by_name: null, report_note: null,
        signed_off_at: signedOff, signed_off_by: null, signed_off_by_name: null, sign_off_note: null, return_count: 0, last_return_reason: null, created_by_name: 't',
        archived_at: r(10) ? null : now, version: 0, created_at: now, updated_at: now, responsible_leader_id: null, aspect: null, keep_on: 0,
      });
    }
    for (let i = 0; i < rects.length; i += 100) await db.insertInto('rectifications').values(rects.slice(i, i + 100)).execute();
    // Targets: the province's default for everything below, a county's own and a default of zeros (an exemption).
    const target = (unitId: string, scope: string, type: string, minTotal: number, minOnTopic: number, minPerQuarter: number) =>
      ({ id: newId(), unit_id: unitId, year: 2026, scope, type, min_total: minTotal, min_on_topic: minOnTopic, min_per_quarter: minPerQuarter, updated_at: now });
    await db.insertInto('annual_targets').values([
      target(province.id, 'subordinates', 'central_group', 4, 1, 1),
      target(province.id, 'subordinates', 'training', 2, 0, 0),
      target(units[3].id, 'self', 'central_group', 6, 2, 1),
      target(units[3].id, 'subordinates', 'training', 0, 0, 0),
      target(units[4].id, 'subordinates', 'collective_study', 3, 1, 1),
      { ...target(province.id, 'subordinates', 'central_group', 2, 1, 0), year: 2027 },
    ]).execute();
  });
  afterAll(() => t.close());

  it('gives the same figures for every unit, period and as-of day', async () => {
    let compared = 0;
    for (const u of units) {
      for (const p of PERIODS) {
        const r = { unitPath: u.path, ...p };
        const where = `${u.name} ${p.from}…${p.to}`;
        expect(await reportFigures(t.db, r), where).toEqual(await referenceReportFigures(t.db, r));
        const lf = await ledgerFigures(t.db, r);
        expect({ byType: lf.byType, byUnit: lf.byUnit, total: lf.total, onTopic: lf.onTopic }, where).toEqual(await referenceActivityCounts(t.db, r));
        for (const asOf of [p.to, '2026-03-31', p.from]) {
          const { overdueOpen: _o, ...tf } = await taskFigures(t.db, r, asOf);
          expect(tf, `${where} as of ${asOf}`).toEqual(await referenceTaskCounts(t.db, r, asOf));
        }
        // The latest topics a summary names (entries saved together tie on day and time).
        for (const n of [1, 6, 40]) expect(await activityTopics(t.db, r, n), `${where} topics ${n}`).toEqual(await referenceActivityTopics(t.db, r, n));
        // The open-task lists (a summary's 下一步 and overdue examples; the work plan's list with its count).
        expect(await openTasks(t.db, r, 50), where).toEqual(await referenceOpenTasks(t.db, r, 50));
        const { total: _total, ...lists } = await referenceOpenTasks(t.db, r, 7);
        expect(await openTaskLists(t.db, r, 7), where).toEqual(lists);
        const rk = await riskFigures(t.db, r);
        expect({ byLevel: rk.byLevel, controlledByLevel: rk.controlledByLevel, overdueReviews: rk.overdueReviews, controlled: rk.controlled, eliminated: rk.eliminated }, where)
          .toEqual(await referenceRiskCounts(t.db, r, asOfDay(r)));
        expect(await rectFigures(t.db, r), where).toEqual(await referenceRectFigures(t.db, r));
        const df = await dutyFigures(t.db, r);
        expect({ dutyItems: df.dutyItems, unitsWithList: df.unitsWithList }, where).toEqual(await referenceDutyCounts(t.db, r));
        compared++;
      }
      // The summary's one read of the activities: the period's counts and, judged on the period's
      // last day or today while it runs, the targets of the year it ends in.
      for (const p of [...PERIODS, { from: '2027-01-01', to: '2027-03-31' }]) {
        const r = { unitPath: u.path, ...p };
        for (let attempt = 0; ; attempt++) {
          const today = shanghaiDay();
          const { figures, own, subs } = await ledgerFiguresWithProgress(t.db, r);
          const judgedOn = r.to < today ? r.to : today;
          const expected = await referenceTargetProgress(t.db, u.path, Number(r.to.slice(0, 4)), judgedOn);
          if (shanghaiDay() !== today && attempt === 0) continue; // the Shanghai day turned during the call
          const where = `${u.name} ${p.from}…${p.to} judged on ${judgedOn}`;
          // What the summary states of it: the unit's own standing in full, and of the units below with targets how many are behind, the first three named.
          expect(own, where).toEqual(expected.find((x) => x.unitId === u.id));
          const below = expected.filter((x) => x.unitId !== u.id && x.items.length);
          const behind = below.filter((x) => x.behind);
          expect(subs, where).toEqual({ withTarget: below.length, behind: behind.length, firstBehind: behind.slice(0, 3).map((x) => x.unitName) });
          const targets = Object.fromEntries(ACTIVITY_TYPES.map((ty) => [ty, { withTarget: 0, meeting: 0, behind: 0 }]));
          for (const x of expected) for (const i of x.items) {
            targets[i.type].withTarget++;
            targets[i.type][i.behind ? 'behind' : 'meeting']++;
          }
          expect(figures.targets, where).toEqual(targets);
          const { byUnit: _byUnit, ...counts } = await referenceActivityCounts(t.db, r);
          expect({ byType: figures.byType, total: figures.total, onTopic: figures.onTopic }, where).toEqual(counts);
          expect({ ...figures, drills: figures.drills, plansInForce: figures.plansInForce }, where).toEqual({ ...(await ledgerFigures(t.db, r)), byUnit: undefined });
          break;
        }
      }
      for (const today of ['2026-02-15', '2026-06-30', '2026-08-01', '2026-12-31', '2027-01-20', '2025-12-31']) {
        expect(await targetProgress(t.db, u.path, 2026, today), `${u.name} targets on ${today}`).toEqual(await referenceTargetProgress(t.db, u.path, 2026, today));
      }
    }
    expect(compared).toBe(units.length * PERIODS.length);
    // The generated province has something to count in every kind of figure.
    const all = { unitPath: units[0].path, from: '2026-01-01', to: '2026-12-31' };
    const rf = await reportFigures(t.db, all);
    expect(Math.min(rf.debriefingsSeparate, rf.lifeMeetingsWithSelfExam, rf.publicityEvents, rf.separateLeaders.length), JSON.stringify(rf)).toBeGreaterThan(0);
    const tf = await taskFigures(t.db, all, '2026-12-31');
    expect(Math.min(tf.completedOnTime, tf.completedLate, tf.byStatus.pending, tf.dueInPeriod), JSON.stringify(tf)).toBeGreaterThan(0);
    const rf2 = await rectFigures(t.db, { ...all, to: '2026-06-30' });
    expect(Math.min(rf2.opened, rf2.closed, rf2.closedOnTime, rf2.closed - rf2.closedOnTime, rf2.open, rf2.overdueOpen, rf2.reported), JSON.stringify(rf2)).toBeGreaterThan(0);
    // Lists long enough to be cut by the limit, with overdue tasks and tasks that share a title and a due day.
    const open = await referenceOpenTasks(t.db, all, 1000);
    expect(open.total).toBeGreaterThan(50);
    expect(open.overdue.length).toBeGreaterThan(7);
    expect(open.items.some((x, i) => i > 0 && x.title === open.items[i - 1].title && x.dueDay === open.items[i - 1].dueDay)).toBe(true);
    expect((await targetProgress(t.db, units[0].path, 2026, '2026-08-01')).filter((x) => x.behind).length).toBeGreaterThan(0);
    // Targets from every kind of source: a unit's own, a superior's default, an exemption by zeros.
    const progress = await targetProgress(t.db, units[0].path, 2026, '2026-08-01');
    const judged = progress.flatMap((x) => x.items);
    expect(judged.some((i) => i.source.scope === 'self' && i.source.unitId === units[3].id)).toBe(true);
    expect(judged.some((i) => i.type === 'training' && i.source.unitId === units[0].id)).toBe(true);
    expect(judged.some((i) => i.type === 'collective_study' && i.source.unitId === units[4].id)).toBe(false); // units[4] is a village: no subordinates
    const below3 = new Set(units.filter((x) => x.path.startsWith(units[3].path) && x.id !== units[3].id).map((x) => x.id));
    expect(below3.size).toBeGreaterThan(0);
    expect(progress.filter((x) => below3.has(x.unitId)).flatMap((x) => x.items).some((i) => i.type === 'training')).toBe(false);
  }, 600_000);
});

describe(`the root of the only tree counts its activities without looking up units [${dialectName}]`, () => {
  let t: TestApp;
  const units: UnitRef[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.db;
    const r = rng(61);
    const now = nowIso();
    const province = await makeUnit(db, { name: '省', kind: 'province' });
    const city = await makeUnit(db, { parent: province, name: '市', kind: 'city' });
    const county = await makeUnit(db, { parent: city, name: '县', kind: 'county' });
    const gone = await makeUnit(db, { parent: county, name: '撤并镇', kind: 'township' });
    await db.updateTable('units').set({ archived_at: now }).where('id', '=', gone.id).execute();
    units.push(province, city, county, gone);
    const entries = [];
    for (let i = 0; i < 600; i++) {
      entries.push({
        id: newId(), unit_id: units[r(units.length)].id, type: ACTIVITY_TYPES[r(ACTIVITY_TYPES.length)], day: day(r), topic: `主题${i}`, on_topic: r(2), others_count: 0,
        host_person_id: null, summary: null, minutes: null, plan_id: null, created_by_name: 't', archived_at: r(10) ? null : now, version: 0, created_at: now, updated_at: now,
      });
    }
    await db.insertInto('ledger_entries').values(entries).execute();
  });
  afterAll(() => t.close());

  it('gives the counts of the row-by-row computation at the root and below it', async () => {
    // The province is the only top-level unit: its subtree holds every unit.
    expect((await t.db.selectFrom('units').select('id').where('parent_id', 'is', null).execute()).map((x) => x.id)).toEqual([units[0].id]);
    for (const u of units) {
      for (const p of PERIODS) {
        const r = { unitPath: u.path, ...p };
        const { byUnit: _byUnit, ...counts } = await referenceActivityCounts(t.db, r);
        const { figures } = await ledgerFiguresWithProgress(t.db, r);
        expect({ byType: figures.byType, total: figures.total, onTopic: figures.onTopic }, `${u.name} ${p.from}…${p.to}`).toEqual(counts);
      }
    }
    const all = await referenceActivityCounts(t.db, { unitPath: units[0].path, ...PERIODS[0] });
    expect(Math.min(...Object.values(all.byType).map((b) => b.onTopic))).toBeGreaterThan(0);
  }, 120_000);
});
