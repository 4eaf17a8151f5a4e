/**
 * 舆情与诉求 through the API: intake and near-duplicate grouping, the handling flow with
 * returns, supervision, direct reports and instructions, SLA clocks and pauses, access by
 * subtree, full-text search, import, figures, and the public page.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../../common/cases';
import { caseFigures } from '../../server/modules/cases/figures';
import { PDF } from '../helpers/access';
import { type Agent, anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

const LIGHTS = '城关镇东街与人民路交叉口的红绿灯已经坏了三天，早晚高峰车辆拥堵严重，学生过马路很危险，请尽快维修。';
// The same report as a second citizen sends it: Traditional characters, full-width punctuation, a small edit.
const LIGHTS_TW = '城關鎮東街與人民路交叉口的紅綠燈已經壞了三天，早晚高峰車輛擁堵嚴重，學生過馬路很危險，請儘快維修！！';
// Same topic words, a different event.
const LIGHTS_OTHER = '城关镇西街菜市场门口的路灯坏了一个月，晚上买菜的老人看不清台阶，已经有人摔倒，请尽快更换灯泡。';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

describe(`cases [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let aLeader: Agent;
  let bStaff: Agent;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let villageLiaison: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    [aStaff, aLeader, bStaff, countyStaff, countyLeader, villageLiaison] = await Promise.all(
      ['a_staff', 'a_leader', 'b_staff', 'county_staff', 'county_leader', 'a1_liaison'].map((u) => login(t.app, u, PASSWORD)),
    );
  });
  afterAll(() => t.close());

  const register = (agent: Agent, patch: Record<string, unknown> = {}) =>
    agent.post('/api/cases', { unitId: county.units.a.id, source: 'online_petition', receivedAt: hoursAgo(2), title: '东街路口红绿灯坏了', content: LIGHTS, channel: '市长信箱', ...patch });

  it('groups a Traditional, full-width, lightly edited copy into the same event, and keeps a same-topic report apart', async () => {
    const first = await register(aStaff);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ joined: false, distance: null, trackingCode: null });
    const second = await register(aStaff, { source: 'hotline', title: '東街紅綠燈壞了', content: LIGHTS_TW, channel: '12345' });
    expect(second.body).toMatchObject({ joined: true, eventId: first.body.eventId });
    expect(second.body.distance).toBeLessThanOrEqual(10);
    const other = await register(aStaff, { title: '西街路灯坏了', content: LIGHTS_OTHER });
    expect(other.body.joined).toBe(false);
    expect(other.body.eventId).not.toBe(first.body.eventId);

    const e = await aStaff.get(`/api/cases/${first.body.eventId}`);
    expect(e.body).toMatchObject({ reportCount: 2, sources: { online_petition: 1, hotline: 1 }, status: 'registered', level: null });
    expect(e.body.reports.map((r: { source: string }) => r.source)).toEqual(['online_petition', 'hotline']);
    expect(e.body.steps.map((s: { step: string }) => s.step)).toEqual(['register', 'join']);

    // A sibling township's identical report is its own event: grouping never crosses into another subtree.
    const sib = await register(bStaff, { unitId: county.units.b.id });
    expect(sib.body.joined).toBe(false);
    // …but the county's own report of it joins the open event below it.
    const fromCounty = await register(countyStaff, { unitId: county.units.county.id, source: 'superior_notice', content: LIGHTS_TW });
    expect(fromCounty.body.joined).toBe(true);
  });

  it('refuses bad input with a Chinese message naming the field, and writes nothing', async () => {
    const before = (await t.db.selectFrom('cases').select('id').execute()).length;
    const empty = await register(aStaff, { title: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'VALIDATION', field: 'title', message: '请填写标题' });
    const huge = await register(aStaff, { content: '长'.repeat(20001) });
    expect(huge.body).toMatchObject({ code: 'VALIDATION', field: 'content', message: '内容不能超过 20000 个字' });
    const wrongType = await register(aStaff, { source: 'rumour' });
    expect(wrongType.body).toMatchObject({ code: 'VALIDATION', field: 'source' });
    const badTime = await register(aStaff, { receivedAt: '昨天' });
    expect(badTime.body).toMatchObject({ field: 'receivedAt' });
    const future = await register(aStaff, { receivedAt: new Date(Date.now() + 86400_000).toISOString() });
    expect(future.body).toMatchObject({ field: 'receivedAt', message: '收到时间不能晚于现在' });
    const badUrl = await register(aStaff, { url: 'javascript:alert(1)' });
    expect(badUrl.body).toMatchObject({ field: 'url' });
    const sibling = await register(aStaff, { unitId: county.units.b.id });
    expect(sibling.status).toBe(403);
    expect(sibling.body.code).toBe('OUT_OF_SCOPE');
    expect((await t.db.selectFrom('cases').select('id').execute()).length).toBe(before);
  });

  it('runs the whole flow: triage 较大, direct report, assign to a village, verify, reply, leader approves closure, follow-up', async () => {
    const r = await register(aStaff, { title: '上河村自来水发黄', content: '东山镇石门村自来水从上周五开始发黄浑浊，烧开后有沉淀，村民不敢饮用，希望有关部门检测水质。', source: 'media_tip' });
    const id = r.body.eventId;
    // The village cannot see it before it is sent there; a sibling township never can.
    expect((await villageLiaison.get(`/api/cases/${id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get(`/api/cases/${id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get('/api/cases?pageSize=200')).body.items.map((x: { id: string }) => x.id)).not.toContain(id);

    const badCategory = await aStaff.post(`/api/cases/${id}/triage`, { version: 0, level: 'major', category: '谣言', handlingUnitId: county.units.a.id });
    expect(badCategory.body).toMatchObject({ code: 'VALIDATION', field: 'category' });
    const stale = await aStaff.post(`/api/cases/${id}/triage`, { version: 7, level: 'major', category: '农业农村', handlingUnitId: county.units.a.id });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');
    const outside = await aStaff.post(`/api/cases/${id}/triage`, { version: 0, level: 'major', category: '农业农村', handlingUnitId: county.units.b1.id });
    expect(outside.body.code).toBe('OUT_OF_SCOPE');

    const tri = await aStaff.post(`/api/cases/${id}/triage`, { version: 0, level: 'major', category: '农业农村', handlingUnitId: county.units.a.id, note: '涉及饮水安全' });
    expect(tri.status).toBe(200);
    expect(tri.body).toMatchObject({ status: 'triaged', level: 'major', category: '农业农村', handlingUnitName: '城关镇' });
    expect(tri.body.directReports).toEqual([expect.objectContaining({ unitName: '测试县', readAt: null })]);
    // 研判 first (met by this triage), then the level's clocks.
    expect(tri.body.clocks.map((c: { key: string }) => c.key)).toEqual(['triage', 'response', 'close']);
    expect(tri.body.clocks[0]).toMatchObject({ label: '研判', limit: '24小时', state: 'met' });

    // 直报: the county sees it at once, unread.
    const queue = await countyStaff.get('/api/cases/direct-reports');
    expect(queue.body.unread).toBeGreaterThanOrEqual(1);
    expect(queue.body.items.find((x: { event: { id: string } }) => x.event.id === id)).toMatchObject({ readAt: null });

    // Only a unit below the handling unit receives an assignment.
    const up = await aStaff.post(`/api/cases/${id}/assign`, { version: 1, unitId: county.units.county.id });
    expect(up.body.code).toBe('OUT_OF_SCOPE');
    const as = await aStaff.post(`/api/cases/${id}/assign`, { version: 1, unitId: county.units.a1.id, note: '请村里核实' });
    expect(as.body).toMatchObject({ status: 'assigned', handlingUnitName: '城东村', assignedByUnitName: '城关镇' });

    // The village sees it now; it may verify and reply but not close or approve.
    const seen = await villageLiaison.get(`/api/cases/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.can).toMatchObject({ verify: true, respond: false, triage: false, approve: false });
    expect(seen.body.why.respond).toBe('请先核实');
    const early = await villageLiaison.post(`/api/cases/${id}/respond`, { version: 2, measures: '更换管道', publicReply: '已处理' });
    expect(early.status).toBe(403);
    expect(early.body.message).toBe('请先核实');
    // One shape for every action (policy.ts): each allowed, or refused with the reason the API gives.
    expect(Object.keys(seen.body.can).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const [action, allowed] of Object.entries(seen.body.can)) expect(typeof seen.body.why[action] === 'string').toBe(!allowed);
    const noResume = await villageLiaison.post(`/api/cases/${id}/resume`, { version: 2 });
    expect(noResume.status).toBe(403);
    expect(noResume.body.message).toBe(seen.body.why.resume);
    const v = await villageLiaison.post(`/api/cases/${id}/verify`, { version: 2, result: 'partly', note: '入户查看，三户水质发黄' });
    expect(v.body.status).toBe('verified');
    const reply = '经核实，石门村部分管道老化导致水质发黄，已于当日更换管道并送检，检测结果合格。';
    const resp = await villageLiaison.post(`/api/cases/${id}/respond`, { version: 3, measures: '更换老化管道 200 米，水样送县疾控检测', publicReply: reply });
    expect(resp.body).toMatchObject({ status: 'responded', publicReply: reply });
    expect(resp.body.clocks.find((c: { key: string }) => c.key === 'response').state).toBe('met');

    // 较大: closing asks a leader; the staff member cannot approve, nor can the requester.
    const close = await aStaff.post(`/api/cases/${id}/close`, { version: 4, note: '已处置完毕' });
    expect(close.body.status).toBe('pending_close');
    expect((await aStaff.post(`/api/cases/${id}/approve-close`, { version: 5 })).body.code).toBe('FORBIDDEN');
    const villageApprove = await villageLiaison.post(`/api/cases/${id}/approve-close`, { version: 5 });
    expect(villageApprove.status).toBe(403);
    const rejected = await aLeader.post(`/api/cases/${id}/reject-close`, { version: 5, reason: '请补充检测报告' });
    expect(rejected.body.status).toBe('responded');
    await aStaff.post(`/api/cases/${id}/close`, { version: 6, note: '已补充检测报告' });
    const approved = await aLeader.post(`/api/cases/${id}/approve-close`, { version: 7, note: '同意办结' });
    expect(approved.body).toMatchObject({ status: 'closed', approvedByName: 'a_leader' });
    expect(approved.body.closedAt).toBeTruthy();
    const fu = await aStaff.post(`/api/cases/${id}/follow-up`, { version: 8, result: 'satisfied', note: '电话回访，群众满意' });
    expect(fu.body.followupResult).toBe('satisfied');
    // A closed event no longer takes new reports: the same text starts a new event.
    const again = await register(aStaff, { title: '上河村自来水发黄', content: '东山镇石门村自来水从上周五开始发黄浑浊，烧开后有沉淀，村民不敢饮用，希望有关部门检测水质。' });
    expect(again.body.joined).toBe(false);

    // The county reads the direct report and its leader writes an instruction the township sees.
    const notYours = await aLeader.post(`/api/cases/${id}/instruct`, { text: '越级批示' });
    expect(notYours.body.message).toBe('该事件未直报本单位');
    const ins = await countyLeader.post(`/api/cases/${id}/instruct`, { text: '举一反三，排查全镇老旧管网' });
    expect(ins.status).toBe(200);
    const mine = await aStaff.get(`/api/cases/${id}`);
    expect(mine.body.steps.find((s: { step: string }) => s.step === 'instruct')).toMatchObject({ comment: '举一反三，排查全镇老旧管网', actorUnitName: '测试县' });
    expect(mine.body.directReports[0]).toMatchObject({ readByName: 'county_leader' });
    expect(mine.body.steps.map((s: { step: string }) => s.step)).toEqual([
      'register', 'triage', 'direct_report', 'assign', 'verify', 'respond', 'request_close', 'reject_close', 'request_close', 'approve_close', 'follow_up', 'instruct',
    ]);
    // Every change is in the audit log.
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.triage', 'case.assign', 'case.verify', 'case.respond', 'case.approve_close', 'case.instruct']));
  });

  it('lets a unit return an assignment with a reason, and a superior supervise with a new deadline', async () => {
    const r = await register(aStaff, { title: '公交3路晚点', content: '县城公交3路车近一个月经常晚点半小时以上，站牌时刻表与实际不符，上班族迟到。' });
    const id = r.body.eventId;
    await aStaff.post(`/api/cases/${id}/triage`, { version: 0, level: 'general', category: '交通出行', handlingUnitId: county.units.a1.id });
    const e = await villageLiaison.get(`/api/cases/${id}`);
    expect(e.body).toMatchObject({ status: 'assigned', handlingUnitName: '城东村', version: 1 });
    expect(e.body.directReports).toEqual([]);
    const noReason = await villageLiaison.post(`/api/cases/${id}/return`, { version: 1, reason: '' });
    expect(noReason.body).toMatchObject({ field: 'reason', message: '请填写退回原因' });
    const back = await villageLiaison.post(`/api/cases/${id}/return`, { version: 1, reason: '公交线路不归村里管，请由镇交通办办理' });
    expect(back.body).toMatchObject({ handlingUnitName: '城关镇', status: 'triaged', assignedByUnitName: null });
    expect(back.body.steps.at(-1)).toMatchObject({ step: 'return', comment: '公交线路不归村里管，请由镇交通办办理', actorUnitName: '城东村' });
    // Sent back, the village no longer sees it.
    expect((await villageLiaison.get(`/api/cases/${id}`)).body.code).toBe('OUT_OF_SCOPE');

    const own = await aStaff.post(`/api/cases/${id}/supervise`, { version: 2, dueDay: '2099-01-01', note: '抓紧' });
    expect(own.body.message).toBe('督办由城关镇的上级单位进行');
    const past = await countyStaff.post(`/api/cases/${id}/supervise`, { version: 2, dueDay: '2020-01-01', note: '抓紧' });
    expect(past.body).toMatchObject({ field: 'dueDay', message: '督办时限不能早于今天' });
    const sup = await countyStaff.post(`/api/cases/${id}/supervise`, { version: 2, dueDay: '2099-01-01', note: '请于元旦前办结' });
    expect(sup.body.superviseDueAt).toBe('2099-01-01T15:59:59.999Z');
    expect(sup.body.steps.at(-1)).toMatchObject({ step: 'supervise', comment: '请于元旦前办结', actorUnitName: '测试县' });
  });

  it('keeps files with reports and with the handling; the village the event was sent to reads and adds them, a sibling cannot', async () => {
    const r = await register(aStaff, { title: '桥梁护栏断裂', content: '柳林村村口桥梁护栏断了两处，晚上没有路灯，村民和小孩经过很危险，请尽快修复。' });
    const letter = await aStaff.upload('/api/files', { entity: 'case', entityId: r.body.caseId }, { name: '来信.pdf', content: PDF });
    expect(letter.status).toBe(201);
    await aStaff.post(`/api/cases/${r.body.eventId}/triage`, { version: 0, level: 'general', category: '交通出行', handlingUnitId: county.units.a1.id });
    expect((await villageLiaison.get(`/api/files/${letter.body.id}/download`)).status).toBe(200);
    const photo = await villageLiaison.upload('/api/files', { entity: 'case_event', entityId: r.body.eventId }, { name: '现场照片.pdf', content: PDF });
    expect(photo.status).toBe(201);
    expect((await aStaff.get(`/api/files?entity=case_event&entityId=${r.body.eventId}`)).body.items).toHaveLength(1);
    expect((await bStaff.get(`/api/files/${letter.body.id}/download`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.upload('/api/files', { entity: 'case_event', entityId: r.body.eventId }, { name: 'x.pdf', content: PDF })).body.code).toBe('OUT_OF_SCOPE');
  });

  it('sets the clocks by the policy, in hours and in working days, and stops them while waiting', async () => {
    // 2026-09-30 10:00 Shanghai: 48 hours → 10-02 10:00; 5 working days across National Day → 10-13.
    const g = await register(aStaff, { title: '国庆前的来信', content: '南湖街道湖滨社区3号楼旁的垃圾站连续五天没有清运，气味很大，夏天蚊蝇多，影响居民生活。', receivedAt: '2026-09-30T02:00:00.000Z' });
    const tg = await aStaff.post(`/api/cases/${g.body.eventId}/triage`, { version: 0, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id });
    const clocks = Object.fromEntries(tg.body.clocks.map((c: { key: string; dueAt: string }) => [c.key, c.dueAt]));
    expect(clocks).toEqual({ triage: '2026-10-01T02:00:00.000Z', response: '2026-10-02T02:00:00.000Z', close: '2026-10-13T15:59:59.999Z' });

    // 重大, received three hours ago: reporting upward (1 hour) was late, first information (5 hours) still open.
    const s = await register(aStaff, { title: '养殖场排污', content: '金塘镇新塘村养殖场排污直接流进小河，河水发黑发臭，下游稻田受到影响，请环保部门调查。', receivedAt: hoursAgo(3) });
    const ts = await aStaff.post(`/api/cases/${s.body.eventId}/triage`, { version: 0, level: 'serious', category: '生态环境', handlingUnitId: county.units.a.id });
    const byKey = Object.fromEntries(ts.body.clocks.map((c: { key: string }) => [c.key, c]));
    // 重大 closes within 3 working days: stricter than 较大's 5, as every other clock of it is.
    expect(Object.keys(byKey)).toEqual(['triage', 'report_up', 'first_info', 'response', 'close']);
    expect(byKey.close.limit).toBe('3工作日');
    expect(byKey.report_up.state).toBe('late');
    expect(byKey.first_info.state).toBe('open');
    expect(byKey.report_up.limit).toBe('1小时');

    const badReason = await aStaff.post(`/api/cases/${s.body.eventId}/pause`, { version: 1, reason: '领导出差' });
    expect(badReason.body).toMatchObject({ field: 'reason' });
    const p = await aStaff.post(`/api/cases/${s.body.eventId}/pause`, { version: 1, reason: '等待检测鉴定结果' });
    expect(p.body.pausedAt).toBeTruthy();
    expect(p.body.clocks.find((c: { key: string }) => c.key === 'first_info').state).toBe('paused');
    await new Promise((res) => setTimeout(res, 50));
    const resumed = await aStaff.post(`/api/cases/${s.body.eventId}/resume`, { version: 2 });
    const after = Object.fromEntries(resumed.body.clocks.map((c: { key: string; dueAt: string }) => [c.key, c.dueAt]));
    expect(Date.parse(after.first_info) - Date.parse(byKey.first_info.dueAt)).toBeGreaterThanOrEqual(50);
    // A met clock does not move.
    expect(after.report_up).toBe(byKey.report_up.dueAt);
    expect(resumed.body.steps.at(-1).step).toBe('resume');

    // Overdue filter: the 48-hour reply of the National Day letter is long past.
    const overdue = await aStaff.get('/api/cases?overdue=true&pageSize=200');
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(g.body.eventId);
    expect(overdue.body.items.map((x: { id: string }) => x.id)).not.toContain(s.body.eventId);
  });

  it('searches Chinese text in full: words, Traditional input, several words', async () => {
    const hit = await aStaff.get(`/api/cases?q=${encodeURIComponent('红绿灯')}`);
    expect(hit.body.items.map((x: { title: string }) => x.title)).toContain('东街路口红绿灯坏了');
    const tw = await aStaff.get(`/api/cases?q=${encodeURIComponent('紅綠燈')}`);
    expect(tw.body.total).toBe(hit.body.total);
    const two = await aStaff.get(`/api/cases?q=${encodeURIComponent('路灯 老人')}`);
    expect(two.body.items.map((x: { title: string }) => x.title)).toEqual(['西街路灯坏了']);
    const none = await aStaff.get(`/api/cases?q=${encodeURIComponent('高铁站')}`);
    expect(none.body.total).toBe(0);
    // Search stays inside the subtree.
    const sib = await bStaff.get(`/api/cases?q=${encodeURIComponent('红绿灯')}`);
    expect(sib.body.items.every((x: { unitName: string }) => x.unitName === '东山镇')).toBe(true);
  });

  it('imports reports all or nothing; imported near-duplicates group', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('舆情诉求');
    ws.addRow(['标题', '内容', '来源', '受理单位', '收到时间', '发现渠道', '网址', '联系方式']);
    const text = '县政务服务中心不动产登记窗口网上预约号总是约不到，现场取号又要排很久，希望增加号源。';
    ws.addRow(['预约号难约', text, '网络问政/市长信箱', '城关镇', '2026-11-02 09:30', '市长信箱', '', '']);
    ws.addRow(['不動產預約難', '縣政務服務中心不動產登記窗口網上預約號總是約不到，現場取號又要排很久，希望增加號源！急！', '举报电话', '城关镇', '2026-11-03 10:00', '', '', '']);
    ws.addRow(['别处的', text, '其他', '东山镇', '2026-11-03 10:00', '', '', '']);
    ws.addRow(['标题', '内容', '谣言', '城关镇', '2026-13-01', '', 'ftp://x', '']);
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const before = (await t.db.selectFrom('cases').select('id').execute()).length;
    const p = await aStaff.upload('/api/cases/import?commit=false', {}, { name: 'c.xlsx', content: bad });
    expect(p.body.rows.map((r: { errors: string[] }) => r.errors.length > 0)).toEqual([false, false, true, true]);
    expect(p.body.rows[3].errors.join()).toContain('收到时间');
    const c = await aStaff.upload('/api/cases/import?commit=true', {}, { name: 'c.xlsx', content: bad });
    expect(c.body.code).toBe('IMPORT_INVALID');
    expect((await t.db.selectFrom('cases').select('id').execute()).length).toBe(before);
    const wb2 = new ExcelJS.Workbook();
    const ws2 = wb2.addWorksheet('舆情诉求');
    for (let i = 1; i <= 3; i++) ws2.addRow(ws.getRow(i).values as unknown[]);
    const good = Buffer.from(await wb2.xlsx.writeBuffer());
    const ok = await aStaff.upload('/api/cases/import?commit=true', {}, { name: 'c.xlsx', content: good });
    expect(ok.body, JSON.stringify(ok.body)).toEqual({ imported: 2 });
    const found = await aStaff.get(`/api/cases?q=${encodeURIComponent('不动产')}`);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({ reportCount: 2, sources: { online_petition: 1, hotline: 1 }, firstReceivedAt: '2026-11-02T01:30:00.000Z' });
  });

  it('computes the figures from the records, and the route returns what the service computes', async () => {
    const f = await caseFigures(t.db, { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-12-31' });
    const events = await t.db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id').select(['e.status', 'e.level', 'e.first_received_at'])
      .where('u.path', 'like', `${county.units.a.path}%`).where('e.first_received_at', '>=', '2025-12-31T16:00:00.000Z').where('e.first_received_at', '<', '2026-12-31T16:00:00.000Z').execute();
    expect(f.events).toBe(events.length);
    expect(f.closed).toBe(events.filter((e) => e.status === 'closed').length);
    expect(f.closed).toBe(1);
    expect(f.open).toBe(events.length - 1);
    const overdueList = await aStaff.get(`/api/cases?unitId=${county.units.a.id}&overdue=true&from=2026-01-01&to=2026-12-31&pageSize=200`);
    expect(f.overdueOpen).toBe(overdueList.body.total);
    expect(f.overdueOpen).toBeGreaterThanOrEqual(1);
    expect(f.closureRate).toBeCloseTo(1 / events.length, 10);
    expect(f.byLevel.major).toBe(1);
    expect(f.byLevel.serious).toBe(1);
    // The closed 较大 event replied within 48 hours and closed within 5 working days.
    expect(f.closedOnTime).toBe(1);
    expect(f.replies[0].reply).toContain('石门村部分管道老化');
    expect(f.medianHandlingHours).toBeGreaterThan(1.9);
    expect(f.medianHandlingHours).toBeLessThan(3);
    expect(f.bySource.media_tip).toBe(1);
    const route = await aStaff.get(`/api/cases/figures?unitId=${county.units.a.id}&from=2026-01-01&to=2026-12-31`);
    expect(route.body).toEqual(JSON.parse(JSON.stringify(f)));
    const countyWide = await caseFigures(t.db, { unitPath: county.units.county.path, from: '2026-01-01', to: '2026-12-31' });
    expect(countyWide.events).toBeGreaterThan(f.events);
    const ledger = await aStaff.get(`/api/cases/export?unitId=${county.units.a.id}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ledger.raw.rawPayload as never);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('舆情与诉求台账');
  });

  describe('public page', () => {
    const DIGITS = '零一二三四五六七八九十';
    const solve = (q: string) => {
      const [, a, b] = q.match(/^(.)加(.)等于几/)!;
      return String(DIGITS.indexOf(a) + DIGITS.indexOf(b));
    };
    const submit = async (patch: Record<string, unknown> = {}, ip = '203.0.113.7') => {
      const ch = await anonymous(t.app, 'GET', '/api/public/challenge', undefined, ip);
      return anonymous(t.app, 'POST', '/api/public/cases', {
        unitId: county.units.a.id, title: '小区电梯加装', content: '朝阳社区电梯加装项目已签字同意两年仍未开工，居民询问进度街道没有明确答复。',
        contact: '13800000000', challenge: ch.body.token, answer: solve(ch.body.question), ...patch,
      }, ip);
    };

    it('takes a concern without an account, gives a tracking code, and shows only status and reply', async () => {
      const units = await anonymous(t.app, 'GET', '/api/public/units');
      expect(units.body.items.map((u: { name: string }) => u.name)).toContain('城关镇');
      expect(Object.keys(units.body.items[0]).sort()).toEqual(['depth', 'id', 'name', 'parentId']);
      const s = await submit({}, '203.0.113.1');
      expect(s.status).toBe(201);
      expect(s.body.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const tr = await anonymous(t.app, 'GET', `/api/public/cases/${s.body.trackingCode.toLowerCase()}`);
      expect(tr.body).toEqual({ trackingCode: s.body.trackingCode, title: '小区电梯加装', unitName: '城关镇', receivedAt: expect.any(String), status: '已受理', reply: null, repliedAt: null, closedAt: null });

      // Staff handle it; the submitter then sees the reply, and nothing internal.
      const event = await t.db.selectFrom('cases').select('event_id').where('tracking_code', '=', s.body.trackingCode).executeTakeFirstOrThrow();
      const view = await aStaff.get(`/api/cases/${event.event_id}`);
      expect(view.body.reports[0]).toMatchObject({ via: 'public', contact: '13800000000', source: 'online_petition' });
      await aStaff.post(`/api/cases/${event.event_id}/triage`, { version: view.body.version, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id });
      await aStaff.post(`/api/cases/${event.event_id}/verify`, { version: view.body.version + 1, result: 'true', note: '属实' });
      await aStaff.post(`/api/cases/${event.event_id}/respond`, { version: view.body.version + 2, measures: '约谈施工单位负责人', publicReply: '已协调施工单位，预计下月开工。', });
      const replied = await anonymous(t.app, 'GET', `/api/public/cases/${s.body.trackingCode}`);
      expect(replied.body).toMatchObject({ status: '已答复', reply: '已协调施工单位，预计下月开工。' });
      expect(JSON.stringify(replied.body)).not.toContain('约谈');
      expect(Object.keys(replied.body).sort()).toEqual(['closedAt', 'receivedAt', 'repliedAt', 'reply', 'status', 'title', 'trackingCode', 'unitName']);
    });

    it('refuses a wrong, reused or missing challenge answer, oversize input, and unknown codes alike', async () => {
      const before = (await t.db.selectFrom('cases').select('id').execute()).length;
      const ch = await anonymous(t.app, 'GET', '/api/public/challenge', undefined, '203.0.113.2');
      const wrong = await anonymous(t.app, 'POST', '/api/public/cases', { unitId: county.units.a.id, title: '标题', content: '内容足够长的一段反映内容文字', challenge: ch.body.token, answer: String(Number(solve(ch.body.question)) + 1) }, '203.0.113.2');
      expect(wrong.body).toMatchObject({ code: 'CHALLENGE', field: 'answer', message: '验证题答案不正确' });
      const good = { unitId: county.units.a.id, title: '标题', content: '内容足够长的一段反映内容文字', challenge: ch.body.token, answer: solve(ch.body.question) };
      expect((await anonymous(t.app, 'POST', '/api/public/cases', good, '203.0.113.2')).status).toBe(201);
      const reused = await anonymous(t.app, 'POST', '/api/public/cases', good, '203.0.113.2');
      expect(reused.body.message).toBe('该验证题已使用，请刷新验证题');
      const forged = await anonymous(t.app, 'POST', '/api/public/cases', { ...good, challenge: `${ch.body.token.split('.').slice(0, 2).join('.')}.AAAA` }, '203.0.113.2');
      expect(forged.body.code).toBe('CHALLENGE');
      const big = await submit({ content: '长'.repeat(3001) }, '203.0.113.3');
      expect(big.body).toMatchObject({ field: 'content', message: '反映内容不能超过 3000 个字' });
      const noUnit = await submit({ unitId: 'nope' }, '203.0.113.3');
      expect(noUnit.body).toMatchObject({ field: 'unitId' });
      expect((await t.db.selectFrom('cases').select('id').execute()).length).toBe(before + 1);
      for (const code of ['AAAA-BBBB-CCCC', 'x', '%27%20or%201=1', 'A'.repeat(40)]) {
        const r = await anonymous(t.app, 'GET', `/api/public/cases/${code}`);
        expect(r.status, code).toBe(404);
        expect(r.body.message).toBe('未找到该查询码对应的诉求');
      }
    });

    it('limits submissions and look-ups per address', async () => {
      const ip = '203.0.113.9';
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await submit({ title: `第${i}次`, content: `重复提交的第 ${i} 条反映内容，用于测试频率限制。` }, ip)).status);
      expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses[5]).toBe(429);
      const looks: number[] = [];
      for (let i = 0; i < 21; i++) looks.push((await anonymous(t.app, 'GET', '/api/public/cases/AAAA-BBBB-CCCC', undefined, '203.0.113.10')).status);
      expect(looks.at(-1)).toBe(429);
      // Staff routes stay closed to anonymous callers.
      expect((await anonymous(t.app, 'GET', '/api/cases')).status).toBe(401);
    });
  });
});
