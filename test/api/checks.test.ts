/**
 * 自查与考核 through the API: frameworks (points adding up, veto items, copy with its diff),
 * a self-inspection that fills its bound items from the records, a campaign scored by two
 * assessors (409 for the second save of one item, refusals for a unit outside it), deductions
 * with caps, bonus, veto, grade bands and ranking with ties, visibility before and after
 * publishing, findings turned into rectifications both ways, and accountability records.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksRegister } from '../../server/modules/checks/ledger';
import { checkReminders } from '../../server/modules/checks/reminders';
import { checkTodos } from '../../server/modules/checks/todos';
import type { Actor } from '../../server/platform/context';
import { type Agent, login } from '../helpers/client';
import { docxBodyText } from '../helpers/docx';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makeUnit, PASSWORD, type UnitRef } from '../helpers/factories';

const FROM = '2026-01-01';
const TO = '2026-12-31';

const bands = [{ label: '优秀', min: 20 }, { label: '良好', min: 17 }, { label: '一般', min: 12 }, { label: '较差', min: 0 }];

/** 23 points: i1 5 (by hand), i2 10 (deduction bound to open rectifications, 2 each, cap 6), i3 5 (graded), i4 3 (villages only); a bonus and a veto item. */
function content(patch: (c: any) => void = () => {}) {
  const c = {
    sections: [
      {
        key: 's1', title: '组织领导', items: [
          { key: 'i1', text: '成立领导小组', kind: 'normal', points: 5, scoring: 'pass_fail', kinds: [], evidence: '文件' },
          { key: 'i2', text: '整改按期销号，未销号的每项扣2分，最多扣6分', kind: 'normal', points: 10, scoring: 'deduction', perOccurrence: 2, cap: 6, indicator: 'rectification.open', comparator: '<=', threshold: 0, kinds: [], evidence: '整改台账' },
          { key: 'i3', text: '阵地管理规范', kind: 'normal', points: 5, scoring: 'graded', grades: [{ label: '好', points: 5 }, { label: '中', points: 3 }, { label: '差', points: 0 }], kinds: [], evidence: '阵地台账' },
          { key: 'i4', text: '村级联络员在岗', kind: 'normal', points: 3, scoring: 'pass_fail', kinds: ['village'], evidence: '名单' },
        ],
      },
      {
        key: 's2', title: '加分与否决', items: [
          { key: 'b1', text: '经验被推广，每次加1分，最多2分', kind: 'bonus', points: 2, scoring: 'deduction', perOccurrence: 1, cap: 2, kinds: [], evidence: '文件' },
          { key: 'v1', text: '发生重大负面舆情', kind: 'veto', points: 0, scoring: 'pass_fail', kinds: [], evidence: '处理文件' },
        ],
      },
    ],
  };
  patch(c);
  return c;
}

describe(`checks [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let c3: UnitRef;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let countyInspector: Agent;
  let aStaff: Agent;
  let aLeader: Agent;
  let bStaff: Agent;
  let frameworkId: string;
  let campaignId: string;
  let selfId: string;
  const assessment: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    c3 = await makeUnit(t.db, { parent: county.units.county, name: '西河镇', kind: 'township' });
    await makeAccount(t.db, { unit: c3, role: 'staff', username: 'c_staff' });
    [countyStaff, countyLeader, countyInspector, aStaff, aLeader, bStaff] = await Promise.all(
      ['county_staff', 'county_leader', 'county_inspector', 'a_staff', 'a_leader', 'b_staff'].map((u) => login(t.app, u, PASSWORD)),
    );
    // Four open rectifications at 城关镇: the bound deduction item counts them.
    for (let i = 0; i < 4; i++) {
      const r = await countyStaff.post('/api/rectifications', { unitId: county.units.a.id, problem: `问题${i}`, origin: 'supervision', measures: '整改', startDay: '2026-03-01', dueMode: 'date', dueDay: '2026-12-31' });
      expect(r.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const answer = (agent: Agent, unitId: string, body: object) => agent.post(`/api/checks/campaigns/${campaignId}/answers`, { unitId, version: null, method: 'documents', ...body });

  it('lists the indicators the modules contribute and a starter framework that adds up', async () => {
    const inds = (await countyStaff.get('/api/checks/indicators')).body.items;
    expect(inds.map((i: any) => i.key)).toContain('rectification.open');
    const starter = (await countyStaff.get('/api/checks/starter?year=2025')).body;
    const items = starter.content.sections.flatMap((s: any) => s.items);
    expect(items.length).toBeGreaterThanOrEqual(25);
    // Every bound item names an installed indicator; the starter saves as it is.
    for (const it of items.filter((i: any) => i.indicator)) expect(inds.map((i: any) => i.key)).toContain(it.indicator);
    // Every indicator of the modules this framework was written against is bound by an item.
    const bound = new Set(items.filter((i: any) => i.indicator).map((i: any) => i.indicator));
    for (const k of ['ledger.study_sessions', 'ledger.study_sessions_on_topic', 'ledger.special_meetings', 'tasks.overdue', 'tasks.on_time_rate', 'rectification.open', 'cases.closure_rate', 'cases.on_time_rate', 'risks.reviews']) {
      expect(bound.has(k), k).toBe(true);
    }
    expect(items.filter((i: any) => i.kind === 'veto').every((i: any) => i.points === 0)).toBe(true);
    const r = await countyStaff.post('/api/checks/frameworks', { year: 2025, name: starter.name, totalPoints: starter.totalPoints, content: starter.content });
    expect(r.status).toBe(201);
  });

  it('refuses a framework whose points do not add up, a veto item with points, a missing indicator, and a copy of a year without one', async () => {
    let r = await countyStaff.post('/api/checks/frameworks', { year: 2026, name: '细则', totalPoints: 22, content: content() });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('totalPoints');
    expect(r.body.message).toContain('与总分 22 分不符');
    r = await countyStaff.post('/api/checks/frameworks', { year: 2026, name: '细则', totalPoints: 23, content: content((c) => { c.sections[1].items[1].points = 1; }) });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('content.sections.1.items.1.points');
    r = await countyStaff.post('/api/checks/frameworks', { year: 2026, name: '细则', totalPoints: 23, content: content((c) => { c.sections[0].items[1].indicator = 'nope.none'; }) });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('不存在');
    r = await countyStaff.post('/api/checks/frameworks/copy', { fromYear: 2020, toYear: 2026 });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ field: 'fromYear', message: '本单位2020年度没有考核细则，无法复制' });
    expect(await t.db.selectFrom('check_frameworks').select('id').where('year', '=', 2026).execute()).toHaveLength(0);
    // A township's staff may not keep the county's framework.
    r = await aLeader.post('/api/checks/frameworks', { year: 2026, name: '细则', totalPoints: 23, content: content() });
    expect(r.status).toBe(201);
    const put = await countyStaff.put(`/api/checks/frameworks/${r.body.id}`, { name: '改', totalPoints: 23, content: content(), version: 0 });
    expect(put.status).toBe(200); // the county is above the township
    const put2 = await bStaff.put(`/api/checks/frameworks/${r.body.id}`, { name: '改', totalPoints: 23, content: content(), version: 1 });
    expect(put2.status).toBe(403);
  });

  it('keeps a framework, copies it to the next year with a visible diff', async () => {
    const r = await countyStaff.post('/api/checks/frameworks', { year: 2026, name: '2026年度考核细则', totalPoints: 23, content: content() });
    expect(r.status).toBe(201);
    frameworkId = r.body.id;
    const dup = await countyStaff.post('/api/checks/frameworks', { year: 2026, name: '又一个', totalPoints: 23, content: content() });
    expect(dup.status).toBe(409);
    const copy = await countyStaff.post('/api/checks/frameworks/copy', { fromYear: 2026, toYear: 2027 });
    expect(copy.status).toBe(201);
    expect(copy.body.name).toBe('2027年度考核细则');
    expect(copy.body.basedOnId).toBe(frameworkId);
    const changed = content((c) => { c.sections[0].items[0].text = '成立并调整领导小组'; c.sections[0].items[0].points = 4; c.sections[0].items[2].points = 6; c.sections[0].items[2].grades[0].points = 6; });
    const upd = await countyStaff.put(`/api/checks/frameworks/${copy.body.id}`, { name: copy.body.name, totalPoints: 23, content: changed, version: 0 });
    expect(upd.status).toBe(200);
    const stale = await countyStaff.put(`/api/checks/frameworks/${copy.body.id}`, { name: copy.body.name, totalPoints: 23, content: changed, version: 0 });
    expect(stale.status).toBe(409);
    const diff = (await countyStaff.get(`/api/checks/frameworks/${copy.body.id}/diff`)).body;
    expect(diff.basedOn).toMatchObject({ id: frameworkId, year: 2026 });
    expect(diff.lines).toEqual([
      { change: 'changed', key: 'i1', text: '成立并调整领导小组', fields: ['考核内容', '分值'] },
      { change: 'changed', key: 'i3', text: '阵地管理规范', fields: ['分值', '档次'] },
    ]);
    // Townships see the county's frameworks (they are assessed by them).
    const list = (await aStaff.get('/api/checks/frameworks?year=2026')).body.items;
    expect(list.map((f: any) => f.id)).toContain(frameworkId);
    expect(list.find((f: any) => f.id === frameworkId).canEdit).toBe(false);
  });

  it('runs a self-inspection: bound items fill in from the records, the rest by hand, then submitted', async () => {
    const r = await aStaff.post('/api/checks/self', { frameworkId, unitId: county.units.a.id, from: FROM, to: TO });
    expect(r.status).toBe(201);
    selfId = r.body.id;
    const i2 = r.body.items.find((x: any) => x.item.key === 'i2');
    expect(i2.value).toBe(4);
    expect(i2.valueText).toBe('4项');
    expect(i2.link).toBe(`/rectification?unitId=${county.units.a.id}`);
    expect(i2.answer).toMatchObject({ occurrences: 4, points: 4 }); // 4 × 2 = 8, capped at 6
    expect(r.body.items.find((x: any) => x.item.key === 'i4').applies).toBe(false);
    // Not all answered yet.
    let s = await aStaff.post(`/api/checks/self/${selfId}/submit`, { version: 0 });
    expect(s.status).toBe(400);
    expect(s.body.message).toContain('还有 4 项未填写');
    // Bad answers: a grade the item lacks, a pass/fail without the choice.
    expect((await aStaff.post(`/api/checks/assessments/${selfId}/answers`, { itemKey: 'i3', version: null, grade: '优' })).body.field).toBe('grade');
    expect((await aStaff.post(`/api/checks/assessments/${selfId}/answers`, { itemKey: 'i1', version: null })).body.field).toBe('passed');
    expect((await aStaff.post(`/api/checks/assessments/${selfId}/answers`, { itemKey: 'i4', version: null, passed: true })).status).toBe(400);
    for (const body of [{ itemKey: 'i1', passed: true, note: '2026年3月调整' }, { itemKey: 'i3', grade: '中' }, { itemKey: 'b1', occurrences: 5 }, { itemKey: 'v1', passed: true }]) {
      const a = await aStaff.post(`/api/checks/assessments/${selfId}/answers`, { version: null, ...body });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
    }
    // Another unit's staff cannot see or answer it.
    expect((await bStaff.get(`/api/checks/assessments/${selfId}`)).status).toBe(403);
    s = await aStaff.post(`/api/checks/self/${selfId}/submit`, { version: 0 });
    expect(s.status).toBe(200);
    expect(s.body.status).toBe('submitted');
    // 23 − 6 (i2) − 2 (i3) + 2 (bonus, capped) = 17; i4 does not apply to a township and is not deducted.
    expect(s.body.totals).toMatchObject({ score: 17, bonus: 2, vetoFailed: false, assessed: 5, applicable: 5 });
    expect((await aStaff.post(`/api/checks/assessments/${selfId}/answers`, { itemKey: 'i1', version: 0, passed: false })).status).toBe(409);
  });

  it('starts a campaign over the townships; units do not see it before publishing; assessors only, inside the campaign', async () => {
    const bad = await countyStaff.post('/api/checks/campaigns', { frameworkId, name: '2026年度考核', from: FROM, to: TO, unitKinds: ['school'], bands });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('unitKinds');
    const r = await countyStaff.post('/api/checks/campaigns', { frameworkId, name: '2026年度网络意识形态工作考核', from: FROM, to: TO, unitKinds: ['township'], bands });
    expect(r.status).toBe(201);
    campaignId = r.body.id;
    expect(r.body.results.map((x: any) => x.unitName).sort()).toEqual(['东山镇', '城关镇', '西河镇'].sort());
    for (const x of r.body.results) assessment[x.unitName] = x.assessmentId;
    // The assessed side: the campaign but no results, no assessment.
    const seen = await aStaff.get(`/api/checks/campaigns/${campaignId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.results).toBeNull();
    expect((await aStaff.get(`/api/checks/campaigns/${campaignId}/units/${county.units.a.id}`)).status).toBe(403);
    expect((await aStaff.get(`/api/checks/assessments/${assessment['城关镇']}`)).status).toBe(403);
    expect((await bStaff.get(`/api/checks/campaigns/${campaignId}/units/${county.units.a.id}`)).status).toBe(403);
    // Scoring: a unit outside the campaign, a township's leader, county staff, a missing method.
    const outside = await answer(countyInspector, county.units.a1.id, { itemKey: 'i1', passed: true });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ field: 'unitId', message: '该单位不在本次考核范围内' });
    expect((await answer(aLeader, county.units.b.id, { itemKey: 'i1', passed: true })).status).toBe(403);
    expect((await answer(countyStaff, county.units.a.id, { itemKey: 'i1', passed: true })).status).toBe(403);
    expect((await answer(countyInspector, county.units.a.id, { itemKey: 'i1', passed: true, method: null })).body.field).toBe('method');
    expect(await t.db.selectFrom('check_answers').select('id').where('assessment_id', '=', assessment['城关镇']).execute()).toHaveLength(0);
  });

  it('answers 409 to the second of two assessors saving the same item', async () => {
    const [x, y] = await Promise.all([
      answer(countyInspector, county.units.b.id, { itemKey: 'i1', passed: true }),
      answer(countyLeader, county.units.b.id, { itemKey: 'i1', passed: false }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const again = await answer(countyLeader, county.units.b.id, { itemKey: 'i1', passed: true });
    expect(again.status).toBe(409);
    const rows = await t.db.selectFrom('check_answers').select(['passed', 'version']).where('assessment_id', '=', assessment['东山镇']).where('item_key', '=', 'i1').execute();
    expect(rows).toHaveLength(1);
    // Whichever won, the assessor settles it at the version saved.
    expect((await answer(countyInspector, county.units.b.id, { itemKey: 'i1', version: rows[0].version, passed: true })).status).toBe(200);
  });

  it('shows the self-inspection beside the assessor, needs a reason to override a bound item, and scores with caps, bonus, veto and ties', async () => {
    // 城关镇: take the records and the self-inspection, then the assessor grades i3 lower.
    let v = await countyInspector.post(`/api/checks/assessments/${assessment['城关镇']}/accept`, { method: 'documents' });
    expect(v.status).toBe(200);
    expect(v.body.totals).toMatchObject({ assessed: 5, applicable: 5, score: 17 });
    const i3 = v.body.items.find((x: any) => x.item.key === 'i3');
    expect(i3.self.grade).toBe('中');
    const noReason = await answer(countyInspector, county.units.a.id, { itemKey: 'i2', version: v.body.items.find((x: any) => x.item.key === 'i2').answer.version, occurrences: 0 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('overrideReason');
    v = await answer(countyInspector, county.units.a.id, { itemKey: 'i3', version: i3.answer.version, grade: '差', method: 'site', note: '栏目长期未更新' });
    expect(v.status).toBe(200);
    const after = v.body.items.find((x: any) => x.item.key === 'i3');
    expect(after.differs).toBe(true);
    expect(after.shortfall).toBe(true);
    expect(after.answer.method).toBe('site');
    expect(v.body.totals.score).toBe(14); // 23 − 6 − 5 + 2
    expect(v.body.grade).toBe('一般');

    // 东山镇: everything met but the veto item: 23 points, 不合格.
    const bAns = [{ itemKey: 'i2' }, { itemKey: 'i3', grade: '好' }, { itemKey: 'b1', occurrences: 0 }, { itemKey: 'v1', passed: false, note: '发生重大负面舆情' }];
    for (const b of bAns) expect((await answer(countyLeader, county.units.b.id, b)).status).toBe(200);
    // 西河镇: an override of the bound item with its reason; 23 − 5 − 5 + 1 = 14, tied with 城关镇.
    const ov = await answer(countyInspector, c3.id, { itemKey: 'i2', occurrences: 1, overrideReason: '现场发现一项整改未到位' });
    expect(ov.status).toBe(200);
    const ovItem = ov.body.items.find((x: any) => x.item.key === 'i2');
    expect(ovItem.answer).toMatchObject({ occurrences: 1, points: 8, overrideReason: '现场发现一项整改未到位' });
    expect(ovItem.computed).toEqual({ occurrences: 0 });
    for (const b of [{ itemKey: 'i1', passed: false }, { itemKey: 'i3', grade: '差' }, { itemKey: 'b1', occurrences: 3 }]) {
      expect((await answer(countyInspector, c3.id, b)).status).toBe(200);
    }
    // Back to the records for i2 (no open rectification: full 10 points), the bonus down to 1: 23 − 5 − 5 + 1 = 14.
    const cur = (await countyInspector.get(`/api/checks/campaigns/${campaignId}/units/${c3.id}`)).body;
    const ver = (k: string) => cur.items.find((x: any) => x.item.key === k).answer.version;
    expect((await answer(countyInspector, c3.id, { itemKey: 'i2', version: ver('i2') })).body.items.find((x: any) => x.item.key === 'i2').answer).toMatchObject({ points: 10, overrideReason: null });
    const last = await answer(countyInspector, c3.id, { itemKey: 'b1', version: ver('b1'), occurrences: 1 });
    expect(last.body.totals.score).toBe(14);

    const c = (await countyLeader.get(`/api/checks/campaigns/${campaignId}`)).body;
    expect(c.progress).toEqual({ assessed: 14, applicable: 15 }); // 西河镇's veto item is not assessed yet
    const rows = Object.fromEntries(c.results.map((x: any) => [x.unitName, x]));
    expect(rows['城关镇']).toMatchObject({ score: 14, rank: 1, grade: '一般', vetoFailed: false });
    expect(rows['西河镇']).toMatchObject({ score: 14, rank: 1, grade: '一般' });
    expect(rows['东山镇']).toMatchObject({ score: 23, rank: 3, grade: '不合格', vetoFailed: true });
  });

  it('publishes only when every unit is assessed; then each unit sees the ranking and its own result only', async () => {
    let p = await countyInspector.post(`/api/checks/campaigns/${campaignId}/publish`, { version: 0 });
    expect(p.status).toBe(409);
    expect(p.body.code).toBe('UNFINISHED');
    expect((await countyStaff.post(`/api/checks/campaigns/${campaignId}/publish`, { version: 0 })).status).toBe(403);
    expect((await answer(countyInspector, c3.id, { itemKey: 'v1', passed: true })).status).toBe(200);
    p = await countyInspector.post(`/api/checks/campaigns/${campaignId}/publish`, { version: 0 });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.status).toBe('published');
    expect((await answer(countyInspector, county.units.a.id, { itemKey: 'i1', version: 0, passed: false })).body.code).toBe('PUBLISHED');

    const seen = (await aStaff.get(`/api/checks/campaigns/${campaignId}`)).body;
    expect(seen.results).toHaveLength(3);
    expect(seen.own).toEqual([assessment['城关镇']]);
    const others = seen.results.filter((r: any) => r.unitName !== '城关镇');
    expect(others.every((r: any) => r.assessmentId === '')).toBe(true);
    expect((await aStaff.get(`/api/checks/assessments/${assessment['城关镇']}`)).status).toBe(200);
    expect((await aStaff.get(`/api/checks/assessments/${assessment['东山镇']}`)).status).toBe(403);
    expect((await bStaff.get(`/api/checks/campaigns/${campaignId}/units/${county.units.a.id}`)).status).toBe(403);

    const xlsx = await countyLeader.get(`/api/checks/assessments/${assessment['城关镇']}/export`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as never);
    const cells = wb.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toContain('阵地管理规范');
    expect(cells).toContain('合计得分');
    expect(cells).toContain('14');
    const res = await countyLeader.get(`/api/checks/campaigns/${campaignId}/export`);
    expect(res.status).toBe(200);
    // The register the inspection pack holds: the subtree's self-inspections and the campaign's results.
    const leaderActor = await t.db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.unit_id', 'u.name', 'u.path']).where('username', '=', 'county_leader').executeTakeFirstOrThrow();
    const reg = await checksRegister(t.db, { accountId: leaderActor.id, username: 'county_leader', displayName: 'county_leader', role: 'leader', unitId: leaderActor.unit_id, unitName: leaderActor.name, unitPath: leaderActor.path }, { unitId: county.units.county.id, from: FROM, to: TO });
    const rb = new ExcelJS.Workbook();
    await rb.xlsx.load(reg as never);
    const regCells = rb.worksheets[0].getSheetValues().flat().map(String);
    expect(regCells).toContain('自查');
    expect(regCells.filter((x) => x === '考核')).toHaveLength(3);
    expect(regCells).toContain('3/3');
  });

  it('turns a deduction into a rectification in one step, linked both ways, with the sign-off on the item', async () => {
    const aId = assessment['城关镇'];
    expect((await aStaff.post(`/api/checks/assessments/${aId}/items/i3/rectification`, { measures: '明确专人', dueDay: '2026-12-31' })).status).toBe(403);
    expect((await countyStaff.post(`/api/checks/assessments/${aId}/items/i1/rectification`, { measures: '明确专人', dueDay: '2026-12-31' })).body.field).toBe('itemKey');
    const r = await countyStaff.post(`/api/checks/assessments/${aId}/items/i3/rectification`, { measures: '明确专人每周更新', dueDay: '2026-12-31' });
    expect(r.status).toBe(201);
    const item = r.body.items.find((x: any) => x.item.key === 'i3');
    const rectId = item.answer.rectificationId;
    expect(item.answer.rectification).toMatchObject({ status: 'open' });
    expect((await countyStaff.post(`/api/checks/assessments/${aId}/items/i3/rectification`, { measures: '再来', dueDay: '2026-12-31' })).status).toBe(409);
    const rect = (await countyStaff.get(`/api/rectifications/${rectId}`)).body;
    expect(rect).toMatchObject({ origin: 'assessment', batch: '2026年度网络意识形态工作考核', unitId: county.units.a.id });
    expect(rect.problem).toContain('阵地管理规范');
    const back = (await aStaff.get(`/api/checks/findings/${rectId}`)).body.finding;
    expect(back).toMatchObject({ assessmentId: aId, itemKey: 'i3', itemText: '阵地管理规范', campaignName: '2026年度网络意识形态工作考核' });
    // The township reports, the county signs off; the item shows it.
    expect((await aStaff.post(`/api/rectifications/${rectId}/report`, { version: 0, note: '已落实专人' })).status).toBe(200);
    expect((await countyLeader.post(`/api/rectifications/${rectId}/sign-off`, { version: 1 })).status).toBe(200);
    const now = (await aStaff.get(`/api/checks/assessments/${aId}`)).body.items.find((x: any) => x.item.key === 'i3');
    expect(now.answer.rectification).toMatchObject({ status: 'closed', statusLabel: '已销号', signedOffByName: 'county_leader(county_leader)' });
    // A self-inspection's finding is raised by the unit itself, origin 自查.
    const s = await aStaff.post(`/api/checks/assessments/${selfId}/items/i3/rectification`, { measures: '自行整改', dueDay: '2026-12-31' });
    expect(s.status).toBe(201);
    const sr = (await aStaff.get(`/api/rectifications/${s.body.items.find((x: any) => x.item.key === 'i3').answer.rectificationId}`)).body;
    expect(sr).toMatchObject({ origin: 'self_check', batch: '2026年度自查' });
    // The to-do counts what is left: 东山镇's veto and 西河镇's items, 城关镇's i2.
    const findings = (await countyStaff.get('/api/checks/findings')).body.items;
    expect(findings.some((f: any) => f.itemKey === 'i3' && f.unitName === '城关镇')).toBe(false);
    expect(findings.some((f: any) => f.itemKey === 'v1' && f.unitName === '东山镇' && f.veto)).toBe(true);
  });

  it('generates the 自查报告 and the 考核结果通报 from the records, every figure linked, the user’s paragraphs kept', async () => {
    const r = await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'self_report', period: { kind: 'year', year: 2026 } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const d = r.body;
    expect(d.title).toBe('城关镇关于2026年度网络意识形态工作责任制落实情况的自查报告');
    // The preview notes the deducted item not yet turned into a rectification (never in the document).
    expect(d.content.missing.map((m: any) => m.text)).toEqual(['“整改按期销号，未销号的每项扣2分，最多扣6分”尚未转为整改事项']);
    const fig = Object.fromEntries(d.content.figures.map((x: any) => [x.key, x]));
    expect(fig['selfReport.score']).toMatchObject({ value: '17', link: `/checks/self/${selfId}` });
    expect(fig['selfReport.ind.rectification.open']).toMatchObject({ value: '4项', link: `/rectification?unitId=${county.units.a.id}` });
    expect(d.content.figures.every((x: any) => x.link)).toBe(true);
    const headings = d.content.sections.map((x: any) => x.heading);
    expect(headings).toEqual([null, '基本情况', '自查结果', '存在的问题', '整改措施', '下一步工作']);
    const text = JSON.stringify(d.content);
    expect(text).not.toMatch(/xx|XX|××/);
    expect(text).toContain('阵地管理规范：');
    expect(text).toContain('自行整改'); // the self-inspection's finding became a rectification: its measures are listed
    // The user's paragraph survives regeneration.
    const saved = await aStaff.put(`/api/documents/drafts/${d.id}`, { version: d.version, slots: { 'next.text': '明年继续加强阵地管理。' } });
    expect(saved.status).toBe(200);
    const regen = await aStaff.post(`/api/documents/drafts/${d.id}/regenerate`, { version: saved.body.version });
    expect(regen.status).toBe(200);
    expect(regen.body.slots['next.text']).toBe('明年继续加强阵地管理。');
    const docx = await aStaff.get(`/api/documents/drafts/${d.id}/docx`);
    expect(docx.status).toBe(200);
    const body = docxBodyText(docx.raw.rawPayload);
    expect(body).toContain('自查报告');
    expect(body).toContain('存在的问题');
    expect(body).toContain('明年继续加强阵地管理。');

    const n = await countyLeader.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'check_notice', period: { kind: 'year', year: 2026 } });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    expect(n.body.title).toBe('关于2026年度网络意识形态工作考核结果的通报');
    expect(n.body.content.recipient).toBe('各乡镇（街道）');
    const nf = Object.fromEntries(n.body.content.figures.map((x: any) => [x.key, x.value]));
    expect(nf['checkNotice.units']).toBe(3);
    expect(nf['checkNotice.grade.一般']).toBe(2);
    expect(nf['checkNotice.grade.不合格']).toBe(1);
    const table = n.body.content.sections.find((x: any) => x.key === 'result').items.find((i: any) => i.kind === 'table');
    expect(table.rows).toEqual([['1', '城关镇', '14', '一般'], ['1', '西河镇', '14', '一般'], ['3', '东山镇', '23', '不合格']]);
    expect(JSON.stringify(n.body.content)).not.toContain('问责');

    // The work summary's 考核 section, for the county that ran the campaign and for a township in it.
    const sum = await countyLeader.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'summary', period: { kind: 'year', year: 2026 } });
    expect(sum.status, JSON.stringify(sum.body)).toBe(201);
    const sf = Object.fromEntries(sum.body.content.figures.map((x: any) => [x.key, x]));
    expect(sf[`checks.ran.${campaignId}.units`]).toMatchObject({ value: 3, link: `/checks/campaigns/${campaignId}` });
    expect(sf[`checks.ran.${campaignId}.不合格`].value).toBe(1);
    const aSum = await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: { kind: 'year', year: 2026 } });
    const af = Object.fromEntries(aSum.body.content.figures.map((x: any) => [x.key, x.value]));
    expect([af[`checks.got.${campaignId}.score`], af[`checks.got.${campaignId}.rank`], af[`checks.got.${campaignId}.units`]]).toEqual([14, 1, 3]);
    expect(JSON.stringify(aSum.body.content)).toContain('自查与考核');
    // The work plan's 报告和考核 paragraph comes from the year's framework and campaign.
    const plan = await countyLeader.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'plan', period: { kind: 'year', year: 2026 } });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const pf = Object.fromEntries(plan.body.content.figures.map((x: any) => [x.key, x.value]));
    expect([pf['plan.checks.items'], pf['plan.checks.total'], pf['plan.checks.vetoes'], pf['plan.checks.bound']]).toEqual([6, 23, 1, 1]);
    expect(JSON.stringify(plan.body.content.sections.find((x: any) => x.key === 'reporting'))).toContain('考核结果分为优秀（20分以上）');
  });

  it('lists to-dos: items to assess, a self-inspection due, findings to rectify', async () => {
    const actor = async (username: string): Promise<Actor> => {
      const a = await t.db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.username', 'a.role', 'a.unit_id', 'u.name', 'u.path']).where('username', '=', username).executeTakeFirstOrThrow();
      return { accountId: a.id, username: a.username, displayName: a.username, role: a.role as Actor['role'], unitId: a.unit_id, unitName: a.name, unitPath: a.path };
    };
    const next = await countyStaff.post('/api/checks/campaigns', { frameworkId, name: '2026年度专项考核', from: FROM, to: TO, unitKinds: ['township'], bands });
    expect(next.status).toBe(201);
    const all = async (u: string) => (await Promise.all(checkTodos.map((s) => s.list(t.db, awaitActor[u], '2026-12-01')))).flat();
    const awaitActor: Record<string, Actor> = { county_inspector: await actor('county_inspector'), b_staff: await actor('b_staff'), a_staff: await actor('a_staff'), county_staff: await actor('county_staff') };
    expect((await all('county_inspector')).find((x) => x.key === 'checks.assess')).toMatchObject({ count: 3, link: `/checks/campaigns/${next.body.id}` });
    expect((await all('b_staff')).find((x) => x.key === 'checks.self_due')).toMatchObject({ count: 1 });
    expect((await all('a_staff')).find((x) => x.key === 'checks.self_due')).toBeUndefined(); // 城关镇 submitted its self-inspection
    expect((await all('county_staff')).find((x) => x.key === 'checks.findings')!.count).toBeGreaterThan(0);
    // Reminders: 东山镇 has not submitted a self-inspection for the open campaign ending 12-31; everyone in the published one hears of its result.
    const rem = await checkReminders({ db: t.db, calendar: undefined as never, now: new Date('2026-12-29T02:00:00Z'), daysBefore: 3 });
    expect(rem.find((x) => x.key === `check:${next.body.id}:self:${county.units.b.id}:due_soon`)).toMatchObject({ kind: 'due_soon', title: '请在12月31日前完成2026年度专项考核的自查并报送' });
    expect(rem.some((x) => x.key === `check:${next.body.id}:self:${county.units.a.id}:due_soon`)).toBe(false);
    expect(rem.filter((x) => x.key.startsWith(`check:${campaignId}:published:`))).toHaveLength(3);
  });

  it('keeps accountability records for leaders and inspectors of the deciding unit and above, auditing every read', async () => {
    const body = {
      situation: '对重大网络舆情应对不力、处置失当', targetUnitId: county.units.b.id, personName: null, liable: '个人', responsibility: '主要领导责任', form: '通报批评',
      decidedOn: '2026-11-20', decisionDoc: '县委办〔2026〕12号', dissent: '本人对处置时限有不同意见', filedOn: '2026-11-25', receipt: '组织部回执第8号', noHonours: true, campaignId,
    };
    let r = await countyLeader.post('/api/checks/accountability', body);
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('personName');
    r = await countyLeader.post('/api/checks/accountability', { ...body, personName: '镇赵' });
    expect(r.status).toBe(201);
    const id = r.body.id;
    expect((await countyStaff.get('/api/checks/accountability')).status).toBe(403);
    expect((await aStaff.get(`/api/checks/accountability/${id}`)).status).toBe(403);
    expect((await aLeader.get(`/api/checks/accountability/${id}`)).status).toBe(403);
    expect((await aLeader.get('/api/checks/accountability')).body.items).toEqual([]);
    const before = await t.db.selectFrom('audit_log').select('seq').where('entity', '=', 'check_accountability').where('action', '=', 'read').execute();
    const got = await countyInspector.get(`/api/checks/accountability/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ personName: '镇赵', form: '通报批评', noHonours: true, dissent: '本人对处置时限有不同意见', receipt: '组织部回执第8号' });
    expect((await countyInspector.get('/api/checks/accountability')).body.items.map((x: any) => x.id)).toEqual([id]);
    const reads = await t.db.selectFrom('audit_log').select(['entity_id', 'actor_name']).where('entity', '=', 'check_accountability').where('action', '=', 'read').orderBy('seq').execute();
    expect(reads.length - before.length).toBe(2);
    expect(reads.at(-2)).toMatchObject({ entity_id: id, actor_name: 'county_inspector(county_inspector)' });
    // The flag shows in the campaign's results on the assessing side, not to the townships.
    const res = (await countyLeader.get(`/api/checks/campaigns/${campaignId}`)).body.results;
    expect(res.find((x: any) => x.unitName === '东山镇').noHonours).toBe(true);
    expect((await bStaff.get(`/api/checks/campaigns/${campaignId}`)).body.results.every((x: any) => x.noHonours === false)).toBe(true);
    // The 情形 list is editable.
    const sit = await countyLeader.put('/api/checks/situations', { items: ['新情形一', '新情形二'] });
    expect(sit.body).toEqual({ items: ['新情形一', '新情形二'], own: true });
    expect((await aLeader.get('/api/checks/situations')).body.items).toEqual(['新情形一', '新情形二']);
  });

  it('shows each unit’s change against last year’s campaign', async () => {
    const f27 = (await countyStaff.get('/api/checks/frameworks?year=2027')).body.items.find((f: any) => f.unitName === '测试县');
    const r = await countyStaff.post('/api/checks/campaigns', { frameworkId: f27.id, name: '2027年度考核', from: '2027-01-01', to: '2027-12-31', unitKinds: ['township'], bands });
    expect(r.status).toBe(201);
    const a = r.body.results.find((x: any) => x.unitName === '城关镇');
    expect(a.lastScore).toBe(14);
    expect(a.change).toBe(a.score - 14);
  });
});
