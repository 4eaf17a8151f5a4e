/**
 * What a superior set stays set: a township cannot change the title, content or deadline of a
 * task the county assigned to it; it asks for an extension (申请延期), which the county approves
 * or refuses, each step on the task's history. Also the session's unit kind and idle timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe(`task extensions [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let staff: Agent; // 城关镇
  let liaison: Agent; // 城关镇
  let bStaff: Agent; // 东山镇
  let parentId = '';
  let childId = '';

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    staff = await login(t.app, 'a_staff', PASSWORD);
    liaison = await login(t.app, 'a_liaison', PASSWORD);
    bStaff = await login(t.app, 'b_staff', PASSWORD);
    const r = await countyStaff.post('/api/tasks/assign', {
      title: '开展门户网站自查', content: '逐栏目核对', source: 'superior', startDay: '2026-12-01', dueMode: 'date', dueDay: '2026-12-18',
      fromUnitId: county.units.county.id, unitIds: [county.units.a.id, county.units.b.id],
    });
    expect(r.status).toBe(201);
    parentId = r.body.id;
    const children = (await countyStaff.get(`/api/tasks/${parentId}/children`)).body.items;
    childId = children.find((c: { unitName: string }) => c.unitName === '城关镇').id;
  });
  afterAll(() => t.close());

  const edit = async (agent: Agent, changes: Record<string, unknown>) => {
    const c = (await agent.get(`/api/tasks/${childId}`)).body;
    return agent.put(`/api/tasks/${childId}`, {
      title: c.title, content: c.content, source: c.source, basis: c.basis, ownerPersonId: c.ownerPersonId, startDay: c.startDay,
      dueMode: c.dueMode, dueDay: c.dueDay, dueDays: c.dueDays, recurrence: c.recurrence, version: c.version, ...changes,
    });
  };

  it('the receiving township cannot change the deadline or title the county set, and nothing changes', async () => {
    const before = (await staff.get(`/api/tasks/${childId}`)).body;
    const moved = await edit(staff, { dueDay: '2027-01-29' });
    expect(moved.status).toBe(403);
    expect(moved.body).toMatchObject({ code: 'SET_BY_ASSIGNER', field: 'dueDay' });
    expect(moved.body.message).toBe('该任务由测试县派发，完成时限只能由派发单位修改；需要更多时间请“申请延期”');
    const renamed = await edit(staff, { title: '改个名字', content: '别的内容' });
    expect(renamed.body.message).toContain('任务名称、任务内容只能由派发单位修改');
    const after = (await staff.get(`/api/tasks/${childId}`)).body;
    expect(after).toMatchObject({ dueDay: '2026-12-18', title: '开展门户网站自查', version: before.version });
    // What the township decides itself (who does it) it may change.
    const owner = await edit(staff, { ownerPersonId: county.people.a.id });
    expect(owner.status).toBe(200);
    // The county, which set it, may change it.
    const county_ = await edit(countyStaff, { dueDay: '2026-12-20' });
    expect(county_.status).toBe(200);
    expect(county_.body.dueDay).toBe('2026-12-20');
    // A unit's own task stays its own to change.
    const own = await staff.post('/api/tasks', { unitId: county.units.a.id, title: '本镇任务', source: 'work_plan', startDay: '2026-12-01', dueMode: 'date', dueDay: '2026-12-10' });
    const ownEdit = await staff.put(`/api/tasks/${own.body.id}`, { unitId: county.units.a.id, title: '本镇任务', source: 'work_plan', startDay: '2026-12-01', dueMode: 'date', dueDay: '2027-01-10', version: own.body.version });
    expect(ownEdit.status).toBe(200);
    expect((await staff.post(`/api/tasks/${own.body.id}/extensions`, { dueDay: '2027-02-01', reason: '理由' })).body.code).toBe('NOT_ASSIGNED');
  });

  it('the township asks for an extension; bad requests say what is wrong and write nothing', async () => {
    const view = (await staff.get(`/api/tasks/${childId}/extensions`)).body;
    expect(view).toMatchObject({ items: [], lockedBy: '测试县', canRequest: true, canDecide: false });
    const early = await staff.post(`/api/tasks/${childId}/extensions`, { dueDay: '2026-12-15', reason: '人手不足' });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ field: 'dueDay', message: '申请延期至的日期应晚于现在的完成时限(2026-12-20)' });
    const noReason = await staff.post(`/api/tasks/${childId}/extensions`, { dueDay: '2027-01-29' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('reason');
    expect((await countyStaff.post(`/api/tasks/${childId}/extensions`, { dueDay: '2027-01-29', reason: 'x' })).body.code).toBe('ASSIGNER');
    expect((await bStaff.post(`/api/tasks/${childId}/extensions`, { dueDay: '2027-01-29', reason: 'x' })).body.code).toBe('OUT_OF_SCOPE');
    expect((await staff.get(`/api/tasks/${childId}/extensions`)).body.items).toEqual([]);

    // A liaison of the township may ask (it reports progress too).
    const asked = await liaison.post(`/api/tasks/${childId}/extensions`, { dueDay: '2027-01-29', reason: '栏目较多，需逐条核对' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', fromDay: '2026-12-20', dueDay: '2027-01-29', requestedUnitName: '城关镇' });
    const again = await staff.post(`/api/tasks/${childId}/extensions`, { dueDay: '2027-01-30', reason: '再申请' });
    expect(again.body.code).toBe('EXTENSION_PENDING');
    expect((await staff.get(`/api/tasks/${childId}/extensions`)).body).toMatchObject({ canRequest: false, canDecide: false });
    expect((await countyStaff.get(`/api/tasks/${childId}/extensions`)).body).toMatchObject({ lockedBy: null, canRequest: false, canDecide: true });
    // The township cannot approve its own request; the deadline did not move.
    expect((await staff.post(`/api/tasks/${childId}/extensions/${asked.body.id}/decide`, { approve: true })).status).toBe(403);
    expect((await staff.get(`/api/tasks/${childId}`)).body.dueDay).toBe('2026-12-20');
  });

  it('the county approves: the deadline becomes the day asked; a second decision is refused; both steps on the history', async () => {
    const ext = (await countyStaff.get(`/api/tasks/${childId}/extensions`)).body.items[0];
    const [a, b] = await Promise.all([
      countyStaff.post(`/api/tasks/${childId}/extensions/${ext.id}/decide`, { approve: true, note: '同意，请按期完成' }),
      countyStaff.post(`/api/tasks/${childId}/extensions/${ext.id}/decide`, { approve: false }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = a.status === 200 ? a.body : b.body;
    const task = (await staff.get(`/api/tasks/${childId}`)).body;
    if (winner.status === 'approved') {
      expect(task.dueDay).toBe('2027-01-29');
      expect(winner).toMatchObject({ decidedBy: expect.any(String), decisionNote: '同意，请按期完成' });
    } else {
      expect(task.dueDay).toBe('2026-12-20');
    }
    const history = (await staff.get(`/api/tasks/${childId}/history`)).body.items.map((e: { action: string }) => e.action);
    expect(history).toContain('extension.request');
    expect(history.filter((x: string) => x === 'extension.approve' || x === 'extension.refuse')).toHaveLength(1);
    expect((await staff.get(`/api/tasks/${childId}/extensions`)).body.canRequest).toBe(true);
  });

  it('a refusal keeps the deadline', async () => {
    const before = (await staff.get(`/api/tasks/${childId}`)).body.dueDay;
    const asked = await staff.post(`/api/tasks/${childId}/extensions`, { dueDay: '2027-03-01', reason: '再延一次' });
    expect(asked.status).toBe(201);
    const refused = await countyStaff.post(`/api/tasks/${childId}/extensions/${asked.body.id}/decide`, { approve: false, note: '请按原时限完成' });
    expect(refused.body).toMatchObject({ status: 'refused', decisionNote: '请按原时限完成' });
    expect((await staff.get(`/api/tasks/${childId}`)).body.dueDay).toBe(before);
    expect((await countyStaff.post(`/api/tasks/${childId}/extensions/${asked.body.id}/decide`, { approve: true })).body.code).toBe('EXTENSION_DECIDED');
  });

  it('the session tells the unit’s kind and depth and the idle timeout', async () => {
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'v_liaison' });
    const village = await login(t.app, 'v_liaison', PASSWORD);
    expect((await village.get('/api/session')).body).toMatchObject({ unit: { kind: 'village', depth: 2 }, idleMinutes: 30 });
    expect((await countyStaff.get('/api/session')).body).toMatchObject({ unit: { kind: 'county', depth: 0 } });
  });
});

describe(`exports of the people and the leading-group roster [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
  });
  afterAll(() => t.close());

  it('exports the people of a subtree and the roster of a unit as xlsx with Chinese headers', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const admin = await login(t.app, 'county_admin', PASSWORD);
    const member = await admin.post('/api/group-members', { unitId: county.units.county.id, personId: county.people.county.id, groupRole: 'leader', duties: '全面负责' });
    expect(member.status).toBe(201);
    const staff = await login(t.app, 'a_staff', PASSWORD);
    const people = await staff.get(`/api/people/export?unitId=${county.units.a.id}`);
    expect(people.status).toBe(200);
    expect(people.headers['content-disposition']).toContain(encodeURIComponent('人员名册.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(people.raw.rawPayload as never);
    const cells = (wb.worksheets[0].getSheetValues() as unknown[][]).flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['姓名', '所属单位', '镇李', '村王']));
    expect(cells).not.toContain('县张'); // outside 城关镇's subtree
    const roster = await admin.get(`/api/units/${county.units.county.id}/leading-group/export`);
    expect(roster.status).toBe(200);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(roster.raw.rawPayload as never);
    const rows = (wb2.worksheets[0].getSheetValues() as unknown[][]).flat().map(String);
    expect(rows).toEqual(expect.arrayContaining(['领导小组', '组长', '县张', '县委书记', '全面负责']));
    // A township cannot export its superior's roster.
    expect((await staff.get(`/api/units/${county.units.county.id}/leading-group/export`)).status).toBe(403);
  });
});
