/**
 * 任务台账 through the API: deadlines in calendar and working days, ongoing tasks with
 * check-ins, assignment to many units, progress, completion, figures, import and export.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '../../common/periods';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { taskFigures } from '../../server/modules/tasks/figures';
import { verifyAuditChain } from '../../server/platform/audit';
import { addDays, daysOverdue, shanghaiDay } from '../../server/platform/calendar';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeUnit, PASSWORD } from '../helpers/factories';
import { PDF } from '../helpers/access';

const today = shanghaiDay();

async function xlsx(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务');
  ws.addRow(['任务名称', '任务内容', '来源', '责任单位', '责任人', '开始日期', '完成时限', '依据文件']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(`tasks [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let staff: Agent; // 城关镇
  let bStaff: Agent; // 东山镇
  let liaison: Agent; // 城关镇 liaison
  let inspector: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    staff = await login(t.app, 'a_staff', PASSWORD);
    bStaff = await login(t.app, 'b_staff', PASSWORD);
    liaison = await login(t.app, 'a_liaison', PASSWORD);
    inspector = await login(t.app, 'a_inspector', PASSWORD);
  });
  afterAll(() => t.close());

  const base = () => ({ unitId: county.units.a.id, title: '网络安全宣传周', source: 'superior', startDay: '2026-09-30', dueMode: 'date', dueDay: '2026-10-31' });

  it('resolves deadlines in calendar days and in working days across National Day', async () => {
    const wd = await staff.post('/api/tasks', { ...base(), dueMode: 'working_days', dueDays: 3, dueDay: null });
    expect(wd.status).toBe(201);
    expect(wd.body).toMatchObject({ dueMode: 'working_days', dueDays: 3, dueDay: '2026-10-10', status: 'pending' }); // 10-01..07 off, 10-10 a make-up Saturday
    const cd = await staff.post('/api/tasks', { ...base(), title: '自然日任务', dueMode: 'calendar_days', dueDays: 3, dueDay: null });
    expect(cd.body.dueDay).toBe('2026-10-03');
    expect(wd.body.overdueDays).toBe(daysOverdue('2026-10-10', today));
    // The form's preview gives the same day before saving.
    expect((await liaison.get('/api/tasks/due-day?startDay=2026-09-30&dueMode=working_days&dueDays=3')).body).toEqual({ dueDay: '2026-10-10' });
    const bad = await staff.get('/api/tasks/due-day?startDay=2026-09-30&dueMode=working_days&dueDays=0');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('天数');
  });

  it('creates, edits with the current version, refuses a stale edit, archives and restores', async () => {
    const c = await staff.post('/api/tasks', { ...base(), ownerPersonId: county.people.a.id, content: '开展宣传', basis: '县委网信办〔2026〕5号' });
    expect(c.body).toMatchObject({ unitName: '城关镇', ownerPersonName: '镇李', basis: '县委网信办〔2026〕5号', version: 0 });
    const body = { ...base(), title: '网络安全宣传周活动', dueDay: '2026-12-31', version: 0 };
    const u = await staff.put(`/api/tasks/${c.body.id}`, body);
    expect(u.body).toMatchObject({ title: '网络安全宣传周活动', dueDay: '2026-12-31', version: 1 });
    const stale = await staff.put(`/api/tasks/${c.body.id}`, body);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');
    const a = await staff.post(`/api/tasks/${c.body.id}/archive`, { version: 1 });
    expect(a.body.archived).toBe(true);
    expect((await staff.get('/api/tasks?pageSize=200')).body.items.map((x: { id: string }) => x.id)).not.toContain(c.body.id);
    expect((await staff.get('/api/tasks?archived=true')).body.items.map((x: { id: string }) => x.id)).toContain(c.body.id);
    const r = await staff.post(`/api/tasks/${c.body.id}/restore`, { version: 2 });
    expect(r.body).toMatchObject({ archived: false, version: 3 });
    const h = await staff.get(`/api/tasks/${c.body.id}/history`);
    expect(h.body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'archive', 'restore']);
    expect(h.body.items[1].changes).toEqual(expect.arrayContaining([{ field: 'title', before: '网络安全宣传周', after: '网络安全宣传周活动' }]));
  });

  it('refuses bad input with a Chinese message naming the field', async () => {
    const bad = async (patch: object) => (await staff.post('/api/tasks', { ...base(), ...patch })).body;
    expect(await bad({ title: '' })).toMatchObject({ code: 'VALIDATION', field: 'title', message: '请填写任务名称' });
    expect(await bad({ title: '长'.repeat(201) })).toMatchObject({ field: 'title', message: '任务名称不能超过 200 个字' });
    expect(await bad({ source: 'rumour' })).toMatchObject({ field: 'source', message: '任务来源的取值无效' });
    expect(await bad({ dueDay: '2026-02-30' })).toMatchObject({ field: 'dueDay', message: '完成时限不是有效的日期' });
    expect(await bad({ dueDay: '2026-09-01' })).toMatchObject({ field: 'dueDay', message: '完成时限不能早于开始日期' });
    expect(await bad({ dueMode: 'working_days', dueDay: null })).toMatchObject({ field: 'dueDays', message: '请填写完成时限的天数' });
    expect(await bad({ dueMode: 'ongoing', dueDay: null })).toMatchObject({ field: 'recurrence' });
    expect(await bad({ startDay: 20260930 })).toMatchObject({ field: 'startDay' });
    expect(await bad({ ownerPersonId: county.people.b.id })).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect(await bad({ ownerPersonId: county.people.a1.id })).toMatchObject({ field: 'ownerPersonId', message: '责任人应是责任单位的人员' });
    expect((await liaison.post('/api/tasks', base())).status).toBe(403);
  });

  it('assigns one task to three townships at once and follows each one', async () => {
    const c = await makeUnit(t.db, { parent: county.units.county, name: '西河镇', kind: 'township' });
    const r = await countyStaff.post('/api/tasks/assign', {
      fromUnitId: county.units.county.id, unitIds: [county.units.a.id, county.units.b.id, c.id], title: '开展网络安全自查',
      source: 'superior', startDay: '2026-11-02', dueMode: 'working_days', dueDays: 10, dueDay: null, content: '各乡镇对门户网站和公众号开展自查',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ unitName: '测试县', childCount: 3, childDone: 0, dueDay: '2026-11-16', status: 'in_progress' });
    const kids = (await countyStaff.get(`/api/tasks/${r.body.id}/children`)).body.items;
    expect(kids.map((k: { unitName: string }) => k.unitName).sort()).toEqual(['东山镇', '城关镇', '西河镇'].sort());
    expect(kids.every((k: { parentUnitName: string; dueDay: string }) => k.parentUnitName === '测试县' && k.dueDay === '2026-11-16')).toBe(true);

    // 城关镇 sees only its own child; reports progress with a photo; its liaison may too.
    const mine = (await staff.get('/api/tasks?q=自查&pageSize=50')).body.items;
    expect(mine).toHaveLength(1);
    const child = mine[0];
    const p = await staff.post(`/api/tasks/${child.id}/progress`, { day: '2026-11-05', note: '已完成网站自查，整改错别字 2 处' });
    expect(p.status).toBe(201);
    const photo = await staff.upload('/api/files', { entity: 'task_progress', entityId: p.body.id }, { name: '自查现场.pdf', content: PDF });
    expect(photo.status).toBe(201);
    expect((await liaison.post(`/api/tasks/${child.id}/progress`, { day: '2026-11-06', note: '村级自查完成' })).status).toBe(201);
    expect((await bStaff.post(`/api/tasks/${child.id}/progress`, { day: '2026-11-06', note: '越权' })).body.code).toBe('OUT_OF_SCOPE');

    const follow = (await countyStaff.get(`/api/tasks/${r.body.id}/children`)).body.items;
    const a = follow.find((k: { unitName: string }) => k.unitName === '城关镇');
    expect(a).toMatchObject({ status: 'in_progress', progressCount: 2, latestProgress: { day: '2026-11-06', note: '村级自查完成' } });
    expect(follow.filter((k: { progressCount: number }) => k.progressCount === 0)).toHaveLength(2);
    const list = (await countyStaff.get(`/api/tasks/${child.id}/progress`)).body.items;
    expect(list[1]).toMatchObject({ note: '已完成网站自查，整改错别字 2 处', authorUnitName: '城关镇', attachments: [{ filename: '自查现场.pdf' }] });
  });

  it('refuses an assignment to a unit that is not below the assigning unit, writing nothing', async () => {
    const before = (await t.db.selectFrom('tasks').select('id').execute()).length;
    const r = await staff.post('/api/tasks/assign', {
      fromUnitId: county.units.a.id, unitIds: [county.units.a1.id, county.units.a.id], title: '含本级', source: 'work_plan', startDay: '2026-11-02', dueMode: 'date', dueDay: '2026-11-30',
    });
    expect(r.body).toMatchObject({ code: 'VALIDATION', field: 'unitIds', message: expect.stringContaining('不是城关镇的下级单位') });
    const r2 = await staff.post('/api/tasks/assign', {
      fromUnitId: county.units.a.id, unitIds: [county.units.a1.id, county.units.b1.id], title: '跨镇', source: 'work_plan', startDay: '2026-11-02', dueMode: 'date', dueDay: '2026-11-30',
    });
    expect(r2.body.code).toBe('OUT_OF_SCOPE');
    expect((await t.db.selectFrom('tasks').select('id').execute()).length).toBe(before);
  });

  it('completes, refuses progress on a done task, reopens with a reason; overdue tasks are marked and filterable', async () => {
    const late = await staff.post('/api/tasks', { ...base(), title: '逾期任务', startDay: '2026-10-01', dueDay: '2026-10-20' });
    expect(late.body.overdueDays).toBe(daysOverdue('2026-10-20', today));
    expect(late.body.overdueDays).toBeGreaterThan(0);
    const overdue = (await staff.get('/api/tasks?overdue=true&pageSize=200')).body.items.map((x: { title: string }) => x.title);
    expect(overdue).toContain('逾期任务');
    expect(overdue).not.toContain('网络安全宣传周活动'); // due 12-31

    const future = await staff.post(`/api/tasks/${late.body.id}/complete`, { version: 0, completedDay: '2099-01-01', note: 'x' });
    expect(future.body).toMatchObject({ code: 'VALIDATION', field: 'completedDay', message: '完成日期不能晚于今天' });
    const done = await staff.post(`/api/tasks/${late.body.id}/complete`, { version: 0, completedDay: '2026-10-25', note: '已完成' });
    expect(done.body).toMatchObject({ status: 'done', completedDay: '2026-10-25', overdueDays: 0 });
    expect((await staff.post(`/api/tasks/${late.body.id}/progress`, { day: '2026-10-26', note: 'x' })).body.code).toBe('TASK_DONE');
    expect((await staff.post(`/api/tasks/${late.body.id}/complete`, { version: 1, completedDay: '2026-10-25', note: 'x' })).body.code).toBe('TASK_DONE');
    const reopened = await staff.post(`/api/tasks/${late.body.id}/reopen`, { version: 1, reason: '上级督查认为不到位' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', completedDay: null });
    await staff.post(`/api/tasks/${late.body.id}/complete`, { version: 2, completedDay: '2026-10-28', note: '补充完成' });
    expect((await staff.post(`/api/tasks/${late.body.id}/progress`, { day: addDays(today, 1), note: '未来' })).body.code).toBe('TASK_DONE');
  });

  it('tracks an ongoing task by monthly check-ins', async () => {
    const o = await staff.post('/api/tasks', { ...base(), title: '长期坚持的舆情研判', startDay: '2026-08-01', dueMode: 'ongoing', dueDay: null, recurrence: 'monthly' });
    expect(o.body).toMatchObject({ dueMode: 'ongoing', dueDay: null, recurrence: 'monthly', missedPeriod: '2026-08' });
    expect(o.body.overdueDays).toBe(daysOverdue('2026-08-31', today));
    expect((await staff.get('/api/tasks?overdue=true&pageSize=200')).body.items.map((x: { id: string }) => x.id)).toContain(o.body.id);
    await staff.post(`/api/tasks/${o.body.id}/progress`, { day: '2026-08-20', note: '八月研判' });
    expect((await staff.get(`/api/tasks/${o.body.id}`)).body).toMatchObject({ lastCheckinPeriod: '2026-08', missedPeriod: '2026-09' });
    await staff.post(`/api/tasks/${o.body.id}/progress`, { day: today, note: '本月研判' });
    const now = (await staff.get(`/api/tasks/${o.body.id}`)).body;
    expect(now).toMatchObject({ lastCheckinPeriod: periodOf('monthly', today), missedPeriod: null, overdueDays: 0 });
    expect((await staff.get('/api/tasks?overdue=true&pageSize=200')).body.items.map((x: { id: string }) => x.id)).not.toContain(o.body.id);
  });

  it('keeps tasks inside the subtree: a sibling cannot read or change them, a superior can', async () => {
    const mine = (await staff.get('/api/tasks?pageSize=200')).body.items;
    const one = mine[0];
    expect((await bStaff.get(`/api/tasks/${one.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.put(`/api/tasks/${one.id}`, { ...base(), version: one.version })).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get(`/api/tasks?unitId=${county.units.a.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get('/api/tasks?pageSize=200')).body.items.every((x: { unitName: string }) => x.unitName === '东山镇')).toBe(true);
    expect((await countyStaff.get(`/api/tasks/${one.id}`)).status).toBe(200);
    expect((await inspector.get(`/api/tasks/${one.id}`)).status).toBe(200);
    expect((await inspector.post(`/api/tasks/${one.id}/progress`, { day: today, note: 'x' })).status).toBe(403);
  });

  it('counts tasks for a subtree and period in one place', async () => {
    const f = await taskFigures(t.db, { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-12-31' });
    const api = (await staff.get(`/api/tasks/figures?unitId=${county.units.a.id}&from=2026-01-01&to=2026-12-31`)).body;
    expect(api).toEqual(f);
    const rows = await t.db.selectFrom('tasks as t').innerJoin('units as u', 'u.id', 't.unit_id').select(['t.status', 't.parent_id', 't.id']).where('u.path', 'like', `${county.units.a.path}%`).where('t.archived_at', 'is', null).execute();
    expect(f.total).toBe(rows.length);
    expect(f.byStatus.done).toBe(1);
    expect(f.completedLate).toBe(1); // due 10-20, done 10-28
    expect(f.completedOnTime).toBe(0);
    expect(f.onTimeRate).toBe(0);
    expect(f.bySource.superior).toBe(f.total);
    const countyWide = await taskFigures(t.db, { unitPath: county.units.county.path, from: '2026-01-01', to: '2026-12-31' });
    expect(countyWide.total).toBe(f.total + 2); // 东山镇 and 西河镇 children; the assignment parent is not counted again
  });

  it('imports tasks all or nothing, and exports the ledger', async () => {
    const before = (await t.db.selectFrom('tasks').select('id').execute()).length;
    const bad = await xlsx([
      ['网站内容巡查', '每周巡查', '自查发现', '城关镇', '镇李', '2026-03-01', '2026-06-30', ''],
      ['公众号审核', '', '上级部署', '东山镇', '', '2026-03-01', '2026-06-30', ''], // a sibling
      ['', '', '其他', '城关镇', '', '2026-03-01', '2026-06-30', ''],
      ['舆情研判', '', '谣言', '城关镇', '', '2026-03-01', '长期坚持(每月)', ''],
      ['网站内容巡查', '', '其他', '城关镇', '', '2026-13-01', '2026-06-30', ''],
    ]);
    const p = await staff.upload('/api/tasks/import?commit=false', {}, { name: 't.xlsx', content: bad });
    expect(p.body.valid).toBe(false);
    expect(p.body.rows.map((r: { errors: string[] }) => r.errors.length > 0)).toEqual([false, true, true, true, true]);
    expect(p.body.rows[1].errors[0]).toContain('东山镇');
    const c = await staff.upload('/api/tasks/import?commit=true', {}, { name: 't.xlsx', content: bad });
    expect(c.status).toBe(400);
    expect(c.body.code).toBe('IMPORT_INVALID');
    expect((await t.db.selectFrom('tasks').select('id').execute()).length).toBe(before);

    const good = await xlsx([
      ['网站内容巡查', '每周巡查', '自查发现', '城关镇', '镇李', '2026-03-01', '2026-06-30', '工作方案'],
      ['村务公开栏更新', '', '工作方案', '城东村', '村王', new Date(Date.UTC(2026, 2, 1)), '长期坚持(每季度)', ''],
    ]);
    const ok = await staff.upload('/api/tasks/import?commit=true', {}, { name: 't.xlsx', content: good });
    expect(ok.body).toEqual({ imported: 2 });
    const imported = (await staff.get('/api/tasks?q=村务公开栏')).body.items[0];
    expect(imported).toMatchObject({ unitName: '城东村', ownerPersonName: '村王', startDay: '2026-03-01', dueMode: 'ongoing', recurrence: 'quarterly' });

    const longContent = '按照县委网信办统一部署，对辖区内政务网站、政务新媒体账号逐一开展内容自查，重点检查信息发布审核、留言回复、账号安全和长期不更新等情况，形成问题清单并限期整改到位。';
    expect((await staff.post('/api/tasks', { ...base(), title: '政务新媒体自查', content: longContent })).status).toBe(201);
    const x = await staff.get(`/api/tasks/export?unitId=${county.units.a.id}`);
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('任务台账');
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(['序号', '任务名称', '责任单位', '完成时限', '状态']));
    const titles: string[] = [];
    ws.eachRow((r, n) => { if (n > 3) titles.push(String(r.getCell(2).value)); });
    expect(titles).toContain('网站内容巡查');
    expect(titles.length).toBe((await staff.get(`/api/tasks?unitId=${county.units.a.id}&pageSize=200`)).body.total);

    // Dates are date cells shown as 2026年3月1日, so sorting and filtering in Excel or WPS go by date, not text.
    const col = (name: string) => (ws.getRow(3).values as unknown[]).indexOf(name);
    const row = [...Array(ws.rowCount - 3).keys()].map((i) => ws.getRow(4 + i)).find((r) => r.getCell(2).value === '村务公开栏更新')!;
    expect(row.getCell(col('开始日期')).value).toEqual(new Date(Date.UTC(2026, 2, 1)));
    expect(row.getCell(col('开始日期')).numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(row.getCell(col('完成时限')).value).toBe('长期坚持(每季度报进展)');
    // Printed: the header row on every page, landscape, fitted to the width at a readable size, rows tall enough for their wrapped text.
    expect(ws.pageSetup).toMatchObject({ printTitlesRow: '3:3', orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const width = ws.columns.reduce((n, c) => n + (c.width ?? 0), 0);
    expect(width).toBeLessThanOrEqual(200); // A4 landscape holds ~150 at full size: printed at 3/4 or more
    const long = [...Array(ws.rowCount - 3).keys()].map((i) => ws.getRow(4 + i)).find((r) => r.getCell(col('任务内容')).value === longContent)!;
    // 86 characters in a column about 20 wide: several lines, and the row is as tall as they are.
    expect(long.height).toBeGreaterThanOrEqual(Math.ceil((2 * longContent.length) / ws.getColumn(col('任务内容')).width!) * 15);
  });
});

describe(`tasks in the demo county [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds an assignment followed per township and an overdue township task', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    const staff = await login(t.app, 'staff', DEMO_PASSWORD);
    const top = (await staff.get('/api/tasks?topLevel=true&pageSize=100')).body.items as { id: string; title: string; childCount: number }[];
    const assignment = top.find((x) => x.childCount === 3);
    expect(assignment).toBeTruthy();
    const children = (await staff.get(`/api/tasks/${assignment!.id}/children`)).body.items as { unitName: string; status: string; progressCount: number }[];
    expect(children.map((c) => [c.unitName, c.status, c.progressCount]).sort()).toEqual([
      ['东山镇', 'done', 1], ['城关镇', 'in_progress', 1], ['西河乡', 'pending', 0],
    ].sort());
    const cg = await login(t.app, 'cg_staff', DEMO_PASSWORD);
    const overdue = (await cg.get('/api/tasks?overdue=true')).body.items as { unitName: string; overdueDays: number }[];
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((x) => x.unitName === '城关镇' && x.overdueDays > 0)).toBe(true);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
