/**
 * 报告制度 through the API on both databases: forms and versions, schedules, the scheduler's
 * idempotence (two app servers on one database) and catch-up, submitting with drafts, nil
 * reports, late ones, locks and reopening, review with history, rates level by level, the
 * matrix and trend, reminders that escalate, consolidation, and the bad inputs of the issue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextPeriodKey, periodKeyOf, periodRange } from '../../common/reporting';
import { buildApp } from '../../server/app';
import { openDb } from '../../server/db';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { reportingFigures } from '../../server/modules/reporting/figures';
import { runScheduler } from '../../server/modules/reporting/scheduler';
import { addDays, shanghaiDay, WorkCalendar } from '../../server/platform/calendar';
import { newId, nowIso } from '../../server/platform/ids';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makeUnit, PASSWORD, type UnitRef } from '../helpers/factories';
import { PDF } from '../helpers/access';

const today = shanghaiDay();
const cur = periodKeyOf('monthly', today);
const prev = periodKeyOf('monthly', addDays(`${cur}-01`, -1));
const prev2 = periodKeyOf('monthly', addDays(`${prev}-01`, -1));
const next = nextPeriodKey('monthly', cur);

describe(`reporting [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let a2: UnitRef;
  let a3: UnitRef;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let aStaff: Agent;
  let aLiaison: Agent;
  let a1Liaison: Agent;
  let a1Liaison2: Agent;
  let a2Liaison: Agent;
  let a3Liaison: Agent;
  let b1Liaison: Agent;
  let schedule: { id: string; version: number };

  const monthly = (o: Record<string, unknown> = {}) => ({
    unitId: county.units.county.id, name: '网络意识形态工作月报', formId: 'builtin-monthly', targetMode: 'kinds', targetKinds: ['village'], cycle: 'monthly',
    startsOn: `${prev2}-01`, dueMode: 'working_days', dueN: 5, ...o,
  });
  const fullValues = { situation: '开展网络安全宣传', opinion_found: 3, opinion_handled: 3, study_sessions: 1 };
  const mine = async (agent: Agent, periodKey: string, scheduleId = schedule.id) => {
    const r = await agent.get(`/api/reporting/submissions?view=mine&scheduleId=${scheduleId}&periodKey=${periodKey}`);
    expect(r.status).toBe(200);
    return r.body.items[0];
  };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    a2 = await makeUnit(t.db, { parent: county.units.a, name: '城西村', kind: 'village' });
    a3 = await makeUnit(t.db, { parent: county.units.a, name: '城南村', kind: 'village' });
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison2' });
    await makeAccount(t.db, { unit: county.units.a1, role: 'leader', username: 'a1_leader' });
    await makeAccount(t.db, { unit: a2, role: 'liaison', username: 'a2_liaison' });
    await makeAccount(t.db, { unit: a3, role: 'liaison', username: 'a3_liaison' });
    await makeAccount(t.db, { unit: a3, role: 'leader', username: 'a3_leader' });
    await makeAccount(t.db, { unit: county.units.b1, role: 'liaison', username: 'b1_liaison' });
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    countyLeader = await login(t.app, 'county_leader', PASSWORD);
    aStaff = await login(t.app, 'a_staff', PASSWORD);
    aLiaison = await login(t.app, 'a_liaison', PASSWORD);
    a1Liaison = await login(t.app, 'a1_liaison', PASSWORD);
    a1Liaison2 = await login(t.app, 'a1_liaison2', PASSWORD);
    a2Liaison = await login(t.app, 'a2_liaison', PASSWORD);
    a3Liaison = await login(t.app, 'a3_liaison', PASSWORD);
    b1Liaison = await login(t.app, 'b1_liaison', PASSWORD);
  });
  afterAll(() => t.close());

  it('ships built-in forms for the four kinds; refuses a form without fields and a summable text field; a new version keeps the old one', async () => {
    const list = await countyStaff.get('/api/reporting/forms');
    expect(list.body.items.filter((f: { builtin: boolean }) => f.builtin).map((f: { kind: string }) => f.kind).sort()).toEqual(['half_year', 'monthly', 'quarterly', 'watch_daily']);
    const noFields = await countyStaff.post('/api/reporting/forms', { unitId: county.units.county.id, name: '空表', kind: 'other', fields: [] });
    expect(noFields.status).toBe(400);
    expect(JSON.stringify(noFields.body)).toContain('报表至少要有一个字段');
    const badSum = await countyStaff.post('/api/reporting/forms', { unitId: county.units.county.id, name: '错表', kind: 'other', fields: [{ key: 'a', label: '说明', type: 'text', summable: true }] });
    expect(badSum.status).toBe(400);
    expect(JSON.stringify(badSum.body)).toContain('只有数字字段可以向上汇总');
    const noOptions = await countyStaff.post('/api/reporting/forms', { unitId: county.units.county.id, name: '错表', kind: 'other', fields: [{ key: 'a', label: '类别', type: 'choice', options: ['一'] }] });
    expect(JSON.stringify(noOptions.body)).toContain('单选字段“类别”至少要有两个选项');
    expect(await t.db.selectFrom('report_forms').select('id').where('name', 'in', ['空表', '错表']).execute()).toEqual([]);

    const f = await countyStaff.post('/api/reporting/forms', { unitId: county.units.county.id, name: '网站巡查报告', kind: 'other', fields: [{ key: 'sites', label: '巡查网站数', type: 'number', required: true, summable: true }] });
    expect(f.status).toBe(201);
    expect(f.body).toMatchObject({ versionNo: 1, builtin: false });
    const u = await countyStaff.put(`/api/reporting/forms/${f.body.id}`, { name: '网站巡查报告', fields: [...f.body.fields, { key: 'found', label: '发现问题', type: 'text', required: false }], version: 0 });
    expect(u.body).toMatchObject({ versionNo: 2, version: 1 });
    expect(u.body.versionId).not.toBe(f.body.versionId);
    const sameFields = await countyStaff.put(`/api/reporting/forms/${f.body.id}`, { name: '网站巡查月报', fields: u.body.fields, version: 1 });
    expect(sameFields.body.versionNo).toBe(2);
    expect((await countyStaff.put(`/api/reporting/forms/${f.body.id}`, { name: 'x', fields: u.body.fields, version: 0 })).status).toBe(409);
    const builtin = await countyStaff.put('/api/reporting/forms/builtin-monthly', { name: '改名', fields: [{ key: 'a', label: 'a', type: 'text' }], version: 0 });
    expect(builtin.status).toBe(403);
    expect((await aStaff.get(`/api/reporting/forms/${f.body.id}`)).status).toBe(403);
  });

  it('refuses schedules naming a unit outside the subtree, a date deadline on a cycle, no units of a kind', async () => {
    const outside = await aStaff.post('/api/reporting/schedules', monthly({ unitId: county.units.a.id, targetMode: 'list', targetUnitIds: [county.units.b1.id] }));
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ field: 'targetUnitIds', message: '“山前村”不是城关镇或其下级单位，不能安排报送' });
    const notBelow = await aStaff.post('/api/reporting/schedules', monthly({ unitId: county.units.a1.id, targetMode: 'list', targetUnitIds: [a2.id] }));
    expect(notBelow.status).toBe(400);
    expect(notBelow.body).toMatchObject({ field: 'targetUnitIds' });
    expect(notBelow.body.message).toContain('不是城东村或其下级单位');
    const dateOnCycle = await countyStaff.post('/api/reporting/schedules', monthly({ dueMode: 'date', dueDate: '2026-12-31' }));
    expect(dateOnCycle.status).toBe(400);
    expect(JSON.stringify(dateOnCycle.body)).toContain('指定截止日期只用于一次性报送');
    const noKinds = await countyStaff.post('/api/reporting/schedules', monthly({ targetKinds: [] }));
    expect(JSON.stringify(noKinds.body)).toContain('请选择报送的单位类型');
    expect((await aLiaison.post('/api/reporting/schedules', monthly({ unitId: county.units.a.id }))).status).toBe(403);
  });

  it('the scheduler creates one expected submission per village and period, catches up, and never twice, also with two app servers at once', async () => {
    const c = await countyStaff.post('/api/reporting/schedules', monthly({ lockAfterDays: null, openBeforeEndDays: null }));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ lockAfterDays: null, openBeforeEndDays: null, dueN: 5 });
    schedule = c.body;
    // Two app servers on one database, running the scheduler at the same moment.
    const second = openDb({ databaseUrl: t.config.databaseUrl, dataDir: t.dataDir });
    const app2 = await buildApp(t.config, second);
    try {
      const [r1, r2] = await Promise.all([runScheduler(t.db, today), runScheduler(second.db, today)]);
      // Down since the schedule began: the first run catches up on every period to this one.
      expect(r1.created + r2.created).toBe(4 * 3);
      expect((await runScheduler(second.db, today)).created).toBe(0);
    } finally {
      await app2.app.close();
      await second.close();
    }
    const rows = await t.db.selectFrom('report_submissions').select(['unit_id', 'period_key']).where('schedule_id', '=', schedule.id).execute();
    expect(rows.length).toBe(12);
    expect(new Set(rows.map((r) => `${r.unit_id}/${r.period_key}`)).size).toBe(12);
    expect([...new Set(rows.map((r) => r.period_key))].sort()).toEqual([prev2, prev, cur]);
    expect(new Set(rows.map((r) => r.unit_id))).toEqual(new Set([county.units.a1.id, a2.id, a3.id, county.units.b1.id]));
    // The due time: 5 working days after the period's end, at the end of that Shanghai day.
    const cal = await WorkCalendar.load(t.db);
    const row = await t.db.selectFrom('report_submissions').select('due_at').where('schedule_id', '=', schedule.id).where('period_key', '=', prev2).executeTakeFirstOrThrow();
    expect(shanghaiDay(row.due_at)).toBe(cal.addWorkdays(periodRange('monthly', prev2).to, 5));
  });

  it('changing a schedule affects coming periods only', async () => {
    const before = await t.db.selectFrom('report_submissions').select(['id', 'due_at']).where('schedule_id', '=', schedule.id).orderBy('id').execute();
    const u = await countyStaff.put(`/api/reporting/schedules/${schedule.id}`, { ...monthly({ dueN: 8 }), version: 0 });
    expect(u.status).toBe(200);
    schedule = u.body;
    expect(await t.db.selectFrom('report_submissions').select(['id', 'due_at']).where('schedule_id', '=', schedule.id).orderBy('id').execute()).toEqual(before);
    const cycle = await countyStaff.put(`/api/reporting/schedules/${schedule.id}`, { ...monthly({ cycle: 'quarterly' }), version: 1 });
    expect(cycle.status).toBe(400);
    expect(cycle.body.field).toBe('cycle');
    // The next month, when it begins, takes the new deadline.
    const nextFrom = periodRange('monthly', next).from;
    expect((await runScheduler(t.db, nextFrom)).created).toBe(4);
    const cal = await WorkCalendar.load(t.db);
    const n = await t.db.selectFrom('report_submissions').select('due_at').where('schedule_id', '=', schedule.id).where('period_key', '=', next).executeTakeFirstOrThrow();
    expect(shanghaiDay(n.due_at)).toBe(cal.addWorkdays(periodRange('monthly', next).to, 8));
    // Not open before it begins: the unit cannot report on it yet.
    const early = await t.db.selectFrom('report_submissions').select(['id', 'version']).where('schedule_id', '=', schedule.id).where('period_key', '=', next).where('unit_id', '=', county.units.a1.id).executeTakeFirstOrThrow();
    const r = await a1Liaison.post(`/api/reporting/submissions/${early.id}/submit`, { values: fullValues, version: 0 });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('NOT_OPEN');
    await t.db.deleteFrom('report_submissions').where('schedule_id', '=', schedule.id).where('period_key', '=', next).execute();
    await t.db.updateTable('report_schedules').set({ created_through: cur }).where('id', '=', schedule.id).execute();
  });

  it('refuses a unit outside the schedule and a period not yet open when opening a submission', async () => {
    const outside = await aStaff.post(`/api/reporting/schedules/${schedule.id}/submissions`, { unitId: county.units.a.id, periodKey: cur });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ field: 'unitId' });
    expect(outside.body.message).toContain('城关镇不在');
    const future = await a1Liaison.post(`/api/reporting/schedules/${schedule.id}/submissions`, { unitId: county.units.a1.id, periodKey: nextPeriodKey('monthly', next) });
    expect(future.status).toBe(400);
    expect(future.body.field).toBe('periodKey');
    expect(future.body.message).toContain('尚未开始');
    const nonsense = await a1Liaison.post(`/api/reporting/schedules/${schedule.id}/submissions`, { unitId: county.units.a1.id, periodKey: '2026-13' });
    expect(nonsense.body.field).toBe('periodKey');
    const other = await a1Liaison.post(`/api/reporting/schedules/${schedule.id}/submissions`, { unitId: a2.id, periodKey: cur });
    expect(other.status).toBe(403);
    const existing = await a1Liaison.post(`/api/reporting/schedules/${schedule.id}/submissions`, { unitId: county.units.a1.id, periodKey: cur });
    expect(existing.status).toBe(200);
    expect(existing.body).toMatchObject({ unitName: '城东村', periodKey: cur, state: 'pending' });
  });

  it('drafts, refuses text in a number field and a missing required field, submits on time; a second reporter’s stale save and a double submit get 409', async () => {
    const s = await mine(a1Liaison, cur);
    expect(s).toMatchObject({ status: 'expected', state: 'pending', can: { edit: true, review: false } });
    const text = await a1Liaison.put(`/api/reporting/submissions/${s.id}`, { values: { ...fullValues, opinion_found: '三条' }, version: 0 });
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ field: 'values.opinion_found' });
    expect(text.body.message).toContain('应填写数字');
    const draft = await a1Liaison.put(`/api/reporting/submissions/${s.id}`, { values: { situation: '草稿' , opinion_found: '2' }, version: 0 });
    expect(draft.body).toMatchObject({ status: 'draft', values: { situation: '草稿', opinion_found: 2 }, version: 1 });
    const missing = await a1Liaison2.post(`/api/reporting/submissions/${s.id}/submit`, { values: { situation: '草稿' }, version: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('请填写“发现网络舆情(含苗头性信息)条数”');
    const stale = await a1Liaison2.put(`/api/reporting/submissions/${s.id}`, { values: fullValues, version: 0 });
    expect(stale.status).toBe(409);
    // Two reporters of the unit submit at once: one wins.
    const both = await Promise.all([a1Liaison.post(`/api/reporting/submissions/${s.id}/submit`, { values: fullValues, version: 1 }), a1Liaison2.post(`/api/reporting/submissions/${s.id}/submit`, { values: fullValues, version: 1 })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const done = both.find((r) => r.status === 200)!.body;
    expect(done).toMatchObject({ status: 'submitted', state: 'on_time', late: false, nil: false });
    const again = await a1Liaison.post(`/api/reporting/submissions/${s.id}/submit`, { values: fullValues, version: done.version });
    expect(again.body.code).toBe('ALREADY_SUBMITTED');
    expect((await t.db.selectFrom('report_submissions').select('id').where('schedule_id', '=', schedule.id).where('unit_id', '=', county.units.a1.id).where('period_key', '=', cur).execute()).length).toBe(1);
  });

  it('a late submission is marked 迟报; 本期无情况 is a nil report; a returned one is corrected and resubmitted; history has every step', async () => {
    const late = await mine(a1Liaison, prev2);
    const l = await a1Liaison.post(`/api/reporting/submissions/${late.id}/submit`, { values: fullValues, version: 0 });
    expect(l.body).toMatchObject({ state: 'late', late: true });
    const nil = await mine(a2Liaison, prev2);
    const n = await a2Liaison.post(`/api/reporting/submissions/${nil.id}/nil`, { version: 0 });
    expect(n.body).toMatchObject({ status: 'submitted', nil: true, state: 'nil' });
    const b = await mine(b1Liaison, prev2);
    const sb = await b1Liaison.post(`/api/reporting/submissions/${b.id}/submit`, { values: { ...fullValues, opinion_found: 1, opinion_handled: 1 }, version: 0 });
    expect(sb.status).toBe(200);
    // The village's own township is not the receiving unit; the county is.
    expect((await aStaff.post(`/api/reporting/submissions/${l.body.id}/sign`, { version: l.body.version })).status).toBe(403);
    expect((await a1Liaison.post(`/api/reporting/submissions/${l.body.id}/sign`, { version: l.body.version })).status).toBe(403);
    const noReason = await countyStaff.post(`/api/reporting/submissions/${sb.body.id}/return`, { version: sb.body.version, reason: '' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('退回原因');
    const ret = await countyStaff.post(`/api/reporting/submissions/${sb.body.id}/return`, { version: sb.body.version, reason: '处置条数与台账不符' });
    expect(ret.body).toMatchObject({ status: 'returned', state: 'returned', returnReason: '处置条数与台账不符', can: { review: false } });
    // The village's reporters hear at once through the event (no reminders job has run): the bell shows it.
    const bell = (await b1Liaison.get('/api/notifications')).body.items.filter((x: { kind: string }) => x.kind === 'reporting.returned');
    expect(bell).toHaveLength(1);
    expect(bell[0]).toMatchObject({ kindLabel: '报告被退回', link: `/reporting/submissions/${sb.body.id}` });
    expect(bell[0].title).toContain('处置条数与台账不符');
    expect((await a1Liaison.get('/api/notifications')).body.items.some((x: { kind: string }) => x.kind === 'reporting.returned')).toBe(false);
    const signed = await countyLeader.post(`/api/reporting/submissions/${l.body.id}/sign`, { version: l.body.version });
    expect(signed.body).toMatchObject({ status: 'signed', reviewedBy: 'county_leader(county_leader)' });
    expect((await countyLeader.post(`/api/reporting/submissions/${l.body.id}/sign`, { version: signed.body.version })).body.code).toBe('NOT_SUBMITTED');

    // Corrected on the B side later; then the history shows each step.
    const h = await countyStaff.get(`/api/reporting/submissions/${l.body.id}/history`);
    expect(h.body.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'receive']);
  });

  it('rates level by level down to the missing village, the matrix and the trend, all from the one figures service', async () => {
    const r = await countyStaff.get(`/api/reporting/rates?scheduleId=${schedule.id}&periodKey=${prev2}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toMatchObject({ expected: 4, submitted: 3, onTime: 0, late: 1, nil: 1, returned: 1, missing: 1, pending: 0, timely: 0, reportingRate: 0.75, onTimeRate: 0 });
    const rows = Object.fromEntries(r.body.rows.map((x: { unitName: string; figures: unknown; drillable: boolean }) => [x.unitName, x]));
    expect(Object.keys(rows)).toEqual(['城关镇', '东山镇']);
    expect(rows['城关镇'].figures).toMatchObject({ expected: 3, late: 1, nil: 1, missing: 1, submitted: 2 });
    expect(rows['城关镇'].drillable).toBe(true);
    expect(rows['东山镇'].figures).toMatchObject({ expected: 1, returned: 1, submitted: 1 });
    expect(r.body.missingUnits.map((m: { unitName: string }) => m.unitName)).toEqual(['城南村']);
    const down = await countyStaff.get(`/api/reporting/rates?scheduleId=${schedule.id}&periodKey=${prev2}&unitId=${county.units.a.id}`);
    expect(down.body.rows.map((x: { unitName: string; figures: { missing: number } }) => [x.unitName, x.figures.missing])).toEqual(expect.arrayContaining([['城东村', 0], ['城西村', 0], ['城南村', 1]]));
    // A township sees its own villages under the county's schedule, not the sibling's.
    const aView = await aStaff.get(`/api/reporting/rates?scheduleId=${schedule.id}&periodKey=${prev2}`);
    expect(aView.body.total).toMatchObject({ expected: 3, missing: 1 });
    // The same figures the documents take.
    // Reports due from the start of last month to today, judged now: the prev2 reports, and last month's once due.
    const prevDue = await t.db.selectFrom('report_submissions').select('due_at').where('schedule_id', '=', schedule.id).where('period_key', '=', prev).executeTakeFirstOrThrow();
    // Due today counts as expected all day; it is missing only once its due time has passed, pending before.
    const prevExpected = shanghaiDay(prevDue.due_at) <= today ? 4 : 0;
    const prevMissing = prevExpected && prevDue.due_at < nowIso() ? 4 : 0;
    const f = await reportingFigures(t.db, { unitPath: county.units.county.path, from: `${prev}-01`, to: today });
    expect(f).toMatchObject({ expected: 4 + prevExpected, submitted: 3, late: 1, nil: 1, returned: 1, missing: 1 + prevMissing, pending: prevExpected - prevMissing });
    expect(f.lateUnits.map((u) => u.unitName)).toEqual(['城东村']);
    // Judged as of the range's end: a range that ended before anyone reported counts them all missing.
    const past = await reportingFigures(t.db, { unitPath: county.units.county.path, from: `${prev}-01`, to: periodRange('monthly', prev).to });
    expect(past).toMatchObject({ expected: 4, submitted: 0, missing: 4 });
    // Once last month's reports are past due, every village that has not sent it is missing too.
    expect(f.missingUnits.map((u) => u.unitName)).toEqual(prevMissing ? ['城东村', '城西村', '城南村', '山前村'] : ['城南村']);

    const m = await countyStaff.get(`/api/reporting/matrix?scheduleId=${schedule.id}&periods=12`);
    expect(m.body.periods.map((p: { key: string }) => p.key)).toEqual([prev2, prev, cur]);
    const byName = Object.fromEntries(m.body.units.map((u: { unitName: string; cells: { state: string }[] }) => [u.unitName, u.cells.map((c) => c?.state)]));
    expect(byName['城东村'][0]).toBe('late');
    expect(byName['城东村'][2]).toBe('on_time');
    expect(byName['城西村'][0]).toBe('nil');
    expect(byName['城南村'][0]).toBe('missing');
    expect(byName['山前村'][0]).toBe('returned');
    const tr = await countyStaff.get(`/api/reporting/trend?scheduleId=${schedule.id}&periods=12`);
    expect(tr.body.points.map((p: { key: string; figures: { submitted: number } }) => [p.key, p.figures.submitted])).toEqual([[prev2, 3], [prev, 0], [cur, 1]]);
    // List filtered by state: the matrix's cells and the list agree.
    const missing = await countyStaff.get(`/api/reporting/submissions?scheduleId=${schedule.id}&periodKey=${prev2}&state=missing`);
    expect(missing.body.items.map((s: { unitName: string }) => s.unitName)).toEqual(['城南村']);
    const nils = await countyStaff.get(`/api/reporting/submissions?scheduleId=${schedule.id}&state=nil`);
    expect(nils.body.total).toBe(1);
  });

  it('one click reminds every missing unit; reminders escalate to the leader and then the receiving unit while a report stays missing', async () => {
    const r = await countyStaff.post('/api/reporting/remind', { scheduleId: schedule.id, periodKey: prev2 });
    expect(r.body).toMatchObject({ units: 1, unitNames: ['城南村'] });
    const notes = await a3Liaison.get('/api/notifications');
    const remind = notes.body.items.filter((n: { kind: string }) => n.kind === 'reporting.remind');
    expect(remind).toHaveLength(1);
    expect(remind[0]).toMatchObject({ kindLabel: '催报(报告未报)' });
    expect(remind[0].title).toContain('催报');
    expect(r.body.notified).toBeGreaterThan(0);
    // The report is past the leader's escalation step: the one click tells the unit's leader too, in the same event.
    const ev = await t.db.selectFrom('notifications as n').innerJoin('accounts as a', 'a.id', 'n.account_id').select(['a.role', 'a.unit_id']).where('n.kind', '=', 'reporting.remind').execute();
    expect(ev.map((e) => [e.unit_id, e.role]).sort()).toEqual([[a3.id, 'leader'], [a3.id, 'liaison']]);
    // Pressed again the same day: nobody is told twice.
    expect((await countyStaff.post('/api/reporting/remind', { scheduleId: schedule.id, periodKey: prev2 })).body).toMatchObject({ units: 1, notified: 0 });
    expect((await aStaff.post('/api/reporting/remind', { scheduleId: schedule.id, periodKey: prev2 })).status).toBe(403);
    // The reminders job: the reporters, the leader two working days on, the county five working days on.
    const run = await runReminders(t.db, new Date());
    expect(run.failed).toEqual([]);
    const keys = (await t.db.selectFrom('notifications').select('key').where('key', 'like', 'reporting:%').execute()).map((k) => k.key);
    const s3 = await t.db.selectFrom('report_submissions').select('id').where('schedule_id', '=', schedule.id).where('unit_id', '=', a3.id).where('period_key', '=', prev2).executeTakeFirstOrThrow();
    expect(keys).toEqual(expect.arrayContaining([`reporting:${s3.id}:missing:reporters`, `reporting:${s3.id}:missing:leader`, `reporting:${s3.id}:missing:superior`]));
    // Nil and submitted reports are not reminded.
    const s2 = await t.db.selectFrom('report_submissions').select('id').where('schedule_id', '=', schedule.id).where('unit_id', '=', a2.id).where('period_key', '=', prev2).executeTakeFirstOrThrow();
    expect(keys.filter((k) => k.startsWith(`reporting:${s2.id}:`))).toEqual([]);
    const todo = await countyStaff.get('/api/reporting/submissions?view=toSign');
    expect(todo.body.items.length).toBeGreaterThan(0);
  });

  it('after the lock the unit asks to reopen with a reason; the superior reopens; the report then goes in late', async () => {
    // From two quarters back: in the first day of a quarter last quarter's report is not yet due, so not locked.
    const quarterBefore = (key: string) => periodKeyOf('quarterly', addDays(periodRange('quarterly', key).from, -1));
    const twoBack = quarterBefore(quarterBefore(periodKeyOf('quarterly', today)));
    const c = await countyStaff.post('/api/reporting/schedules', monthly({ name: '季度安全检查', formId: 'builtin-quarterly', cycle: 'quarterly', startsOn: periodRange('quarterly', twoBack).from, dueMode: 'hours', dueN: 24, lockAfterDays: 0 }));
    expect(c.status).toBe(201);
    await runScheduler(t.db, today);
    const q = (await a1Liaison.get(`/api/reporting/submissions?view=mine&scheduleId=${c.body.id}`)).body.items.find((s: { locked: boolean }) => s.locked);
    expect(q).toMatchObject({ locked: true, can: { edit: false, requestReopen: true } });
    const refused = await a1Liaison.post(`/api/reporting/submissions/${q.id}/nil`, { version: 0 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LOCKED');
    expect((await a1Liaison.post(`/api/reporting/submissions/${q.id}/reopen-request`, { reason: '' })).status).toBe(400);
    const req = await a1Liaison.post(`/api/reporting/submissions/${q.id}/reopen-request`, { reason: '联络员调整，交接遗漏' });
    expect(req.body.reopenReason).toBe('联络员调整，交接遗漏');
    expect((await a1Liaison.post(`/api/reporting/submissions/${q.id}/reopen`, { version: req.body.version, days: 3 })).status).toBe(403);
    const open = await countyStaff.post(`/api/reporting/submissions/${q.id}/reopen`, { version: req.body.version, days: 3 });
    expect(open.body).toMatchObject({ locked: false });
    // The quarterly form wants its report file.
    const values = { summary: '本季度工作', meetings: 1, opinion_handled: 2, next_plan: '继续' };
    const noFile = await a1Liaison.post(`/api/reporting/submissions/${q.id}/submit`, { values, version: open.body.version });
    expect(noFile.status).toBe(400);
    expect(noFile.body.field).toBe('values.report_file');
    const up = await a1Liaison.upload('/api/files', { entity: 'report_submission', entityId: q.id }, { name: '季度报告.pdf', content: PDF });
    expect(up.status).toBe(201);
    const ok = await a1Liaison.post(`/api/reporting/submissions/${q.id}/submit`, { values, version: open.body.version });
    expect(ok.body).toMatchObject({ state: 'late', late: true });
    const h = await a1Liaison.get(`/api/reporting/submissions/${q.id}/history`);
    expect(h.body.items.map((e: { action: string }) => e.action)).toEqual(['reopen_request', 'reopen', 'submit']);
  });

  it('returned, corrected and resubmitted; the first submission time still decides 迟报', async () => {
    const b = await mine(b1Liaison, prev2);
    expect(b).toMatchObject({ status: 'returned', returnReason: '处置条数与台账不符', can: { edit: true } });
    const fixed = await b1Liaison.post(`/api/reporting/submissions/${b.id}/submit`, { values: { ...fullValues, opinion_found: 2, opinion_handled: 2 }, version: b.version });
    expect(fixed.body).toMatchObject({ status: 'submitted', state: 'late', values: { opinion_found: 2 } });
    const h = await countyStaff.get(`/api/reporting/submissions/${b.id}/history`);
    expect(h.body.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'return', 'resubmit']);
    expect(h.body.items[1].after.reason).toBe('处置条数与台账不符');
  });

  it('consolidates number fields over the subtree into the superior’s own report, each sum linking to its sources', async () => {
    const c = await countyStaff.post('/api/reporting/schedules', monthly({ name: '全县月报', targetMode: 'all', targetKinds: [] }));
    await runScheduler(t.db, today);
    const open = async (agent: Agent, unit: UnitRef) => (await agent.post(`/api/reporting/schedules/${c.body.id}/submissions`, { unitId: unit.id, periodKey: cur })).body;
    const s1 = await open(a1Liaison, county.units.a1);
    await a1Liaison.post(`/api/reporting/submissions/${s1.id}/submit`, { values: { ...fullValues, opinion_found: 3 }, version: s1.version });
    const s2 = await open(a2Liaison, a2);
    await a2Liaison.post(`/api/reporting/submissions/${s2.id}/submit`, { values: { ...fullValues, opinion_found: 5 }, version: s2.version });
    const s3 = await open(a3Liaison, a3);
    await a3Liaison.post(`/api/reporting/submissions/${s3.id}/nil`, { version: s3.version });
    const own = await open(aStaff, county.units.a);
    const sum = await aStaff.get(`/api/reporting/submissions/${own.id}/consolidation`);
    const found = sum.body.fields.find((f: { key: string }) => f.key === 'opinion_found');
    expect(found.total).toBe(8);
    expect(found.items.map((i: { unitName: string; value: number }) => [i.unitName, i.value])).toEqual([['城东村', 3], ['城西村', 5], ['城南村', 0]]);
    expect(found.items[0].submissionId).toBe(s1.id);
    const aSubmit = await aStaff.post(`/api/reporting/submissions/${own.id}/submit`, { values: { ...fullValues, opinion_found: found.total }, version: own.version });
    expect(aSubmit.status).toBe(200);
    // The county sums the township's total, not its villages again.
    const countyOwn = await t.db.selectFrom('report_submissions').select('id').where('schedule_id', '=', c.body.id).where('unit_id', '=', county.units.a.id).executeTakeFirstOrThrow();
    void countyOwn;
    const bOwn = await open(countyStaff, county.units.b);
    void bOwn;
    const sub = await countyStaff.get(`/api/reporting/submissions/${own.id}/consolidation`);
    expect(sub.body.fields.find((f: { key: string }) => f.key === 'opinion_found').total).toBe(8);
  });

  it('a daily report during watch periods is expected only on days inside a watch period in force for the unit', async () => {
    const now = nowIso();
    await t.db.insertInto('watch_periods').values({
      id: newId(), unit_id: county.units.a.id, name: '全国两会', starts_on: addDays(today, -3), ends_on: addDays(today, -1), note: null, created_by: null,
      archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    const bad = await countyStaff.post('/api/reporting/schedules', monthly({ name: '敏感期日报', formId: 'builtin-watch-daily', watchOnly: true }));
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('watchOnly');
    const c = await countyStaff.post('/api/reporting/schedules', monthly({ name: '敏感期日报', formId: 'builtin-watch-daily', cycle: 'daily', watchOnly: true, startsOn: addDays(today, -5), dueMode: 'hours', dueN: 10 }));
    expect(c.status).toBe(201);
    await runScheduler(t.db, today);
    const rows = await t.db.selectFrom('report_submissions').select(['unit_id', 'period_key', 'due_at']).where('schedule_id', '=', c.body.id).execute();
    // 城关镇's three villages on its three watch days; 东山镇's village on none.
    expect(rows.length).toBe(9);
    expect(new Set(rows.map((r) => r.period_key))).toEqual(new Set([addDays(today, -3), addDays(today, -2), addDays(today, -1)]));
    expect(rows.some((r) => r.unit_id === county.units.b1.id)).toBe(false);
    // Due ten hours after the day ends: 10:00 the next morning, Shanghai time.
    const first = rows.find((r) => r.period_key === addDays(today, -3))!;
    expect(first.due_at).toBe(`${addDays(today, -2)}T02:00:00.000Z`);
    const outside = await b1Liaison.post(`/api/reporting/schedules/${c.body.id}/submissions`, { unitId: county.units.b1.id, periodKey: addDays(today, -2) });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ field: 'periodKey' });
    expect(outside.body.message).toContain('不在山前村的敏感时期内');
    const dayOff = await a1Liaison.post(`/api/reporting/schedules/${c.body.id}/submissions`, { unitId: county.units.a1.id, periodKey: addDays(today, -4) });
    expect(dayOff.status).toBe(400);
  });

  it('home to-dos: reports due for my unit, submissions to sign', async () => {
    const { todoSources } = await import('../../server/platform/modules');
    const src = todoSources().find((s) => s.key === 'reporting')!;
    const actor = async (username: string) => {
      const a = await t.db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.username', 'a.display_name', 'a.role', 'a.unit_id', 'u.name', 'u.path']).where('a.username', '=', username).executeTakeFirstOrThrow();
      return { accountId: a.id, username: a.username, displayName: a.display_name, role: a.role as 'staff', unitId: a.unit_id, unitName: a.name, unitPath: a.path };
    };
    const a3Todos = await src.list(t.db, await actor('a3_liaison'), today);
    expect(a3Todos.find((x) => x.key === 'reporting.due')).toMatchObject({ link: '/reporting/mine' });
    const countyTodos = await src.list(t.db, await actor('county_staff'), today);
    expect(countyTodos.find((x) => x.key === 'reporting.sign')!.count).toBeGreaterThan(0);
  });

  it('attaching files to a report: only those who may submit for that unit, while it is open to the unit', async () => {
    const s = await mine(a2Liaison, cur);
    const attach = (agent: Agent, name: string) => agent.upload('/api/files', { entity: 'report_submission', entityId: s.id }, { name, content: PDF });
    // The township's liaison sees 城西村's report and holds report.submit, but reports for the township only.
    const above = await attach(aLiaison, '镇联络员附件.pdf');
    expect(above.status).toBe(403);
    expect(above.body.message).toBe('联络员只能为本单位报送');
    expect((await attach(a1Liaison, '别村附件.pdf')).status).toBe(403);
    expect((await attach(b1Liaison, '外镇附件.pdf')).status).toBe(403);
    // The unit's own reporter attaches; the township's staff may (代报), as they may submit.
    const own = await attach(a2Liaison, '本月情况.pdf');
    expect(own.status).toBe(201);
    expect((await attach(aStaff, '代报附件.pdf')).status).toBe(201);
    const files = await a2Liaison.get(`/api/files?entity=report_submission&entityId=${s.id}`);
    expect(files.body.items.map((f: { filename: string }) => f.filename).sort()).toEqual(['代报附件.pdf', '本月情况.pdf'].sort());
    expect((await aLiaison.post(`/api/files/${own.body.id}/archive`, {})).status).toBe(403);
    // Once submitted, nobody changes its files: not added, not removed.
    expect((await a2Liaison.post(`/api/reporting/submissions/${s.id}/nil`, { version: s.version })).status).toBe(200);
    const late = await attach(a2Liaison, '补充.pdf');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ALREADY_SUBMITTED');
    expect((await a2Liaison.post(`/api/files/${own.body.id}/archive`, {})).body.code).toBe('ALREADY_SUBMITTED');
    expect((await countyStaff.get(`/api/files?entity=report_submission&entityId=${s.id}`)).body.items).toHaveLength(2);
  });
});
