/**
 * Figures that hold up (issue 11), from a record set entered through the API as a township
 * clerk would, steps entered after the fact (补录) with the times they happened:
 * - activities in each quarter with the last quarter of the half-year short (Q2 judged on 06-30);
 * - events of every level closed on time, late and still open, a 重大 event with its closure
 *   clock, one closed only after the period, one going overdue only after the period;
 * - tasks completed on time, late, and late after the period.
 * Every figure of the half-year and annual summaries and of /api/{cases,tasks,ledger}/figures is
 * checked; the half-year is regenerated "a month later" (the clock moved on, more work done since)
 * with the same figures. Then the rules of a late-entered step.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DraftView } from '../../common/documents';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const H1 = { kind: 'half', year: 2026, half: 1 };
const YEAR = { kind: 'year', year: 2026 };
const figuresOf = (d: DraftView) => Object.fromEntries(d.content.figures.map((f) => [f.key, f.value]));
const pick = (o: Record<string, unknown>, prefix: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith(prefix)));
const textOf = (d: DraftView, key?: string) =>
  d.content.sections.filter((s) => !key || s.key === key).map((s) => s.items.map((i) =>
    i.kind === 'paragraph' ? i.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')
      : i.kind === 'heading' ? i.text + (i.rest ?? []).map((r) => (typeof r === 'string' ? r : r.text)).join('') : '').join('\n')).join('\n');
/** 10:00 Beijing time on a day, plus hours. */
const at = (day: string, hours = 0) => new Date(Date.parse(`${day}T02:00:00.000Z`) + hours * 3600_000).toISOString();
const REASON = '当时电话处理，事后补录';

describe(`figures as of the period's end, 补录 [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let aLeader: Agent;
  let aAdmin: Agent;
  const ids: Record<string, string> = {};

  const ok = (r: { status: number; body: unknown }, status = 200) => {
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status);
    return r.body as any;
  };

  /** One event through its steps, each entered with the time it happened. */
  async function event(key: string, o: { level: string; received: string; content: string; source?: string; steps: [string, number][]; second?: () => Promise<void> }) {
    const a = county.units.a;
    const reg = ok(await aStaff.post('/api/cases', { unitId: a.id, source: o.source ?? 'hotline', receivedAt: o.received, title: `${key}的来信`, content: o.content }), 201);
    ids[key] = reg.eventId;
    const id = reg.eventId as string;
    await o.second?.();
    let e = ok(await aStaff.get(`/api/cases/${id}`));
    const late = (h: number) => ({ happenedAt: new Date(Date.parse(o.received) + h * 3600_000).toISOString(), lateReason: REASON });
    for (const [step, h] of o.steps) {
      if (step === 'triage') e = ok(await aStaff.post(`/api/cases/${id}/triage`, { version: e.version, level: o.level, category: '城乡建设', handlingUnitId: a.id, ...late(h) }));
      if (step === 'verify') e = ok(await aStaff.post(`/api/cases/${id}/verify`, { version: e.version, result: 'true', note: '属实', ...late(h) }));
      if (step === 'firstInfo') e = ok(await aStaff.post(`/api/cases/${id}/first-info`, { version: e.version, text: '已派人到现场核实。', ...late(h) }));
      if (step === 'respond') e = ok(await aStaff.post(`/api/cases/${id}/respond`, { version: e.version, measures: '已处理', publicReply: `关于${key}，已处理完毕。`, ...late(h) }));
      if (step === 'close') e = ok(await aStaff.post(`/api/cases/${id}/close`, { version: e.version, note: '已办结', ...late(h) }));
      if (step === 'approve') e = ok(await aLeader.post(`/api/cases/${id}/approve-close`, { version: e.version, note: '同意办结', ...late(h) }));
    }
    return e;
  }

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, aLeader, aAdmin] = await Promise.all(['a_staff', 'a_leader', 'a_admin'].map((u) => login(t.app, u, PASSWORD)));
    const a = county.units.a;

    // Targets: 培训 ≥ 4 a year and ≥ 1 every quarter. One in Q1, none in Q2, one in Q3.
    ok(await aAdmin.put('/api/ledger/targets', { unitId: a.id, year: 2026, scope: 'self', items: [{ type: 'training', minTotal: 4, minOnTopic: 0, minPerQuarter: 1 }] }));
    const entry = (type: string, day: string, topic: string, onTopic: boolean) =>
      aStaff.post('/api/ledger/entries', { unitId: a.id, type, day, topic, onTopic, participantIds: [], othersCount: 8 });
    ok(await entry('training', '2026-02-10', '网评员业务培训', true), 201);
    ok(await entry('central_group', '2026-03-05', '学习网络意识形态工作责任制实施细则', true), 201);
    ok(await entry('central_group', '2026-05-12', '理论学习', false), 201);
    ok(await entry('training', '2026-08-10', '舆情应对培训', true), 201);

    // Tasks: on time; late; open past its due day; due in June and completed only in July.
    const task = async (title: string, startDay: string, dueDay: string, completedDay: string | null) => {
      const x = ok(await aStaff.post('/api/tasks', { unitId: a.id, title, source: 'superior', startDay, dueMode: 'date', dueDay }), 201);
      if (completedDay) ok(await aStaff.post(`/api/tasks/${x.id}/complete`, { version: x.version, completedDay, note: '已完成' }));
    };
    await task('完成网站栏目自查', '2026-02-01', '2026-03-31', '2026-03-20');
    await task('更新宣传栏内容', '2026-02-01', '2026-04-30', '2026-05-10');
    await task('建立工作群管理制度', '2026-03-01', '2026-05-31', null);
    await task('开展年中舆情排查', '2026-06-01', '2026-06-20', '2026-07-10');

    // Events. Clocks: 一般 reply 48 h, close 5 working days; 较大 the same and a leader approves;
    // 重大 first information 5 h, reply 24 h, close 3 working days; 特别重大 close 2 working days.
    // A second report of E1 the next day, the reporter's name redacted: joins it.
    await event('E1', {
      level: 'general', received: at('2026-01-12'), source: 'online_petition', content: '城关镇东街与人民路交叉口的红绿灯已经坏了三天，早晚高峰车辆拥堵严重，学生过马路很危险，请尽快维修。', steps: [['triage', 1], ['verify', 2], ['respond', 20], ['close', 30]],
      second: async () => {
        const second = ok(await aStaff.post('/api/cases', { unitId: a.id, source: 'media_tip', receivedAt: at('2026-01-13'), title: '红绿灯', content: 'xx反映：城关镇东街与人民路交叉口的红绿灯已经坏了三天，早晚高峰车辆拥堵严重，学生过马路很危险，请尽快维修。' }), 201);
        expect(second).toMatchObject({ joined: true, eventId: ids.E1 });
      },
    });
    await event('E2', { level: 'general', received: at('2026-02-02'), content: '城关镇城东村村委会门前的路灯一个多月不亮，晚上村民出行不便，请尽快维修。', steps: [['triage', 1], ['verify', 2], ['respond', 24], ['close', 240]] });
    await event('E3', { level: 'major', received: at('2026-03-02'), source: 'media_tip', content: '城关镇湖滨社区旁的养殖场排污直接流进小河，河水发黑发臭，下游稻田受到影响，请环保部门调查。', steps: [['triage', 1], ['verify', 5], ['respond', 30], ['close', 72], ['approve', 96]] });
    await event('E4', { level: 'serious', received: at('2026-04-13'), content: '城关镇南街社区一栋居民楼外墙大面积脱落，砸坏楼下两辆车，居民担心再次脱落伤人，请尽快处置。', steps: [['triage', 0.5], ['firstInfo', 3], ['verify', 6], ['respond', 20], ['close', 48], ['approve', 264]] });
    await event('E5', { level: 'general', received: at('2026-05-20'), content: '城关镇朝阳社区菜市场周边私拉电线给电动车充电，线路杂乱，存在火灾隐患，请相关部门排查。', steps: [['triage', 2]] });
    await event('E6', { level: 'critical', received: at('2026-06-10'), content: '城关镇西街一处在建工地塔吊倾斜，周边学校和居民区人员密集，情况危急，请立即处置。', steps: [['triage', 0.5], ['verify', 1], ['respond', 4], ['close', 20], ['approve', 24]] });
    // Received on the last Monday of June: its reply is due on 07-01, after the period.
    await event('E7', { level: 'general', received: at('2026-06-29'), content: '城关镇文昌社区小区门口的消防栓漏水多日，路面结冰打滑，请自来水公司尽快维修。', steps: [['triage', 1]] });
    // Overdue at the end of June, replied and closed only in July.
    await event('E8', { level: 'general', received: at('2026-06-22'), content: '城关镇新华社区健身广场的路面塌陷一个大坑，晚上散步的老人容易摔倒，请尽快修复。', steps: [['triage', 1], ['verify', 2], ['respond', 240], ['close', 264]] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  const q = (from: string, to: string) => `unitId=${county.units.a.id}&from=${from}&to=${to}`;
  let h1: DraftView;
  let h1Routes: Record<string, unknown>;

  it('states every figure of the half-year summary as of 06-30, the same as the figure routes', async () => {
    h1 = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: H1 }), 201);
    const f = figuresOf(h1);
    expect(pick(f, 'cases.')).toEqual({
      'cases.received': 9, 'cases.source.online_petition': 1, 'cases.source.media_tip': 2, 'cases.source.hotline': 6, 'cases.events': 8,
      'cases.level.general': 5, 'cases.level.major': 1, 'cases.level.serious': 1, 'cases.level.critical': 1,
      // Closed by 06-30: E1, E2, E3, E4, E6 (E8 only in July); handling hours 30, 240, 96, 264, 24.
      'cases.closed': 5, 'cases.closureRate': '62.5%', 'cases.medianHours': 96,
      // First response due by 06-30 (E7's is due 07-01): 7, on time 5 (E5 never, E8 only in July).
      'cases.firstDue': 7, 'cases.firstOnTime': 5, 'cases.firstRate': '71.4%', 'cases.firstLate': 2,
      // 办结按时率 on the closed ones: E2 (10 days) and the 重大 E4 (approved after 11 days) late.
      'cases.closeDue': 5, 'cases.closedOnTime': 3, 'cases.closeRate': '60%', 'cases.closedLate': 2,
      // 超期未办结 at 06-30: E5 and E8; E7 was not yet due.
      'cases.overdueOpen': 2,
    });
    expect(pick(f, 'tasks.')).toMatchObject({ 'tasks.total': 4, 'tasks.done': 2, 'tasks.onTime': 1, 'tasks.onTimeRate': '50%', 'tasks.overdue': 2, 'tasks.late': 1 });
    expect(pick(f, 'study.')).toMatchObject({ 'study.total': 3, 'study.onTopic': 2, 'study.byType.training': 1, 'study.byType.central_group': 2 });
    const problems = textOf(h1, 'problems');
    // Q2 is judged on 06-30, its own last day: no training in it.
    expect(problems).toContain('第二季度培训 0 次，少于每季度 1 次');
    expect(problems).toContain('部分诉求办结超过时限，本期2个事件超过办结时限才办结，如“E2的来信”（城关镇）、“E4的来信”（城关镇）。');
    expect(problems).toContain('诉求办理还有拖延，2个事件超过时限仍未办结。');
    expect(problems).toContain('本期1项任务未能按期完成');
    expect(problems).toContain('2项任务逾期未完成');
    expect(textOf(h1)).toContain('已办结且有办结时限的5个，在时限内办结3个，办结按时率60%');

    const range = q('2026-01-01', '2026-06-30');
    const cases = ok(await aStaff.get(`/api/cases/figures?${range}`));
    const tasks = ok(await aStaff.get(`/api/tasks/figures?${range}`));
    const ledger = ok(await aStaff.get(`/api/ledger/figures?${range}`));
    expect(cases).toMatchObject({
      asOfDay: '2026-06-30', received: 9, events: 8, closed: 5, open: 3, overdueOpen: 2, closeDue: 5, closedOnTime: 3, closedLate: 2,
      firstResponseDue: 7, firstResponseOnTime: 5, medianHandlingHours: 96, byLevel: { general: 5, major: 1, serious: 1, critical: 1, untriaged: 0 },
    });
    expect(cases.closeOnTimeRate).toBeCloseTo(0.6, 10);
    expect(cases.lateClosures.map((x: { eventId: string }) => x.eventId)).toEqual([ids.E2, ids.E4]);
    expect(tasks).toMatchObject({ total: 4, completedOnTime: 1, completedLate: 1, overdueOpen: 2, byStatus: { done: 2 } });
    expect(ledger).toMatchObject({ total: 3, onTopic: 2, targets: { training: { withTarget: 1, behind: 1, meeting: 0 } } });
    expect([f['cases.closed'], f['cases.overdueOpen'], f['tasks.done'], f['tasks.overdue'], f['study.total']]).toEqual([cases.closed, cases.overdueOpen, tasks.byStatus.done, tasks.overdueOpen, ledger.total]);
    h1Routes = { cases, tasks, ledger };
  });

  it('states every figure of the annual summary as of today', async () => {
    const year = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: YEAR }), 201) as DraftView;
    const f = figuresOf(year);
    expect(pick(f, 'cases.')).toEqual({
      'cases.received': 9, 'cases.source.online_petition': 1, 'cases.source.media_tip': 2, 'cases.source.hotline': 6, 'cases.events': 8,
      'cases.level.general': 5, 'cases.level.major': 1, 'cases.level.serious': 1, 'cases.level.critical': 1,
      // E8 closed in July after 264 hours: handling hours 24, 30, 96, 240, 264, 264.
      'cases.closed': 6, 'cases.closureRate': '75%', 'cases.medianHours': 168,
      'cases.firstDue': 8, 'cases.firstOnTime': 5, 'cases.firstRate': '62.5%', 'cases.firstLate': 3,
      'cases.closeDue': 6, 'cases.closedOnTime': 3, 'cases.closeRate': '50%', 'cases.closedLate': 3,
      'cases.overdueOpen': 2,
    });
    expect(pick(f, 'tasks.')).toMatchObject({ 'tasks.total': 4, 'tasks.done': 3, 'tasks.onTime': 1, 'tasks.onTimeRate': '33.3%', 'tasks.overdue': 1, 'tasks.late': 2 });
    expect(pick(f, 'study.')).toMatchObject({ 'study.total': 4, 'study.onTopic': 3, 'study.byType.training': 2 });
    const problems = textOf(year, 'problems');
    expect(problems).toContain('第二季度培训 0 次，少于每季度 1 次');
    expect(problems).not.toContain('第三季度培训');
    expect(problems).toContain('本期3个事件超过办结时限才办结');
    const cases = ok(await aStaff.get(`/api/cases/figures?${q('2026-01-01', '2026-12-31')}`));
    expect(cases).toMatchObject({ closed: 6, open: 2, overdueOpen: 2, closeDue: 6, closedOnTime: 3, closedLate: 3, firstResponseDue: 8 });
  });

  it('gives the same half-year figures a month later, after more work was done', async () => {
    // The clock moves on a month (Date only: timers and I/O run as usual); E7 is replied to and closed then.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * 86_400_000);
    try {
      [aStaff] = await Promise.all([login(t.app, 'a_staff', PASSWORD)]);
      let e7 = ok(await aStaff.get(`/api/cases/${ids.E7}`));
      e7 = ok(await aStaff.post(`/api/cases/${ids.E7}/verify`, { version: e7.version, result: 'true', note: '属实' }));
      e7 = ok(await aStaff.post(`/api/cases/${ids.E7}/respond`, { version: e7.version, measures: '已维修', publicReply: '消防栓已修复。' }));
      ok(await aStaff.post(`/api/cases/${ids.E7}/close`, { version: e7.version }));
      const again = ok(await aStaff.post(`/api/documents/drafts/${h1.id}/regenerate`, { version: h1.version })) as DraftView;
      expect(figuresOf(again)).toEqual(figuresOf(h1));
      expect(textOf(again, 'problems')).toEqual(textOf(h1, 'problems'));
      const range = q('2026-01-01', '2026-06-30');
      expect({
        cases: ok(await aStaff.get(`/api/cases/figures?${range}`)),
        tasks: ok(await aStaff.get(`/api/tasks/figures?${range}`)),
        ledger: ok(await aStaff.get(`/api/ledger/figures?${range}`)),
      }).toEqual(h1Routes);
    } finally {
      vi.useRealTimers();
      aStaff = await login(t.app, 'a_staff', PASSWORD);
    }
  });

  describe('a step entered after it happened (补录)', () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    let id: string;
    let version: number;

    it('refuses a time in the future, before the previous step, and a long-ago time without a reason', async () => {
      const reg = ok(await aStaff.post('/api/cases', { unitId: county.units.a.id, source: 'hotline', receivedAt: hoursAgo(72), title: '周五的电话', content: '城关镇城东村村口桥梁护栏断了两处，晚上没有路灯，村民和小孩经过很危险，请尽快修复。' }), 201);
      id = reg.eventId;
      version = ok(await aStaff.get(`/api/cases/${id}`)).version;
      const triage = (extra: Record<string, unknown>) => aStaff.post(`/api/cases/${id}/triage`, { version, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id, ...extra });
      const future = ok(await triage({ happenedAt: new Date(Date.now() + 3600_000).toISOString() }), 400);
      expect(future).toMatchObject({ field: 'happenedAt', message: expect.stringContaining('不能晚于现在') });
      const beforeReceipt = ok(await triage({ happenedAt: hoursAgo(80), lateReason: REASON }), 400);
      expect(beforeReceipt).toMatchObject({ field: 'happenedAt', message: expect.stringContaining('不能早于上一步') });
      const noReason = ok(await triage({ happenedAt: hoursAgo(70) }), 400);
      expect(noReason).toMatchObject({ field: 'lateReason', message: expect.stringContaining('24 小时以前') });
      // Nothing was written by the refused requests.
      expect(ok(await aStaff.get(`/api/cases/${id}`))).toMatchObject({ version, status: 'registered' });
      // Within the configured hours no reason is needed; the hours are a setting.
      const settings = ok(await aAdmin.get('/api/cases/settings'));
      expect(settings.lateEntryReasonHours).toBe(24);
    });

    it('computes the clocks from when the steps happened and keeps both times on the timeline and in the audit', async () => {
      let e = ok(await aStaff.post(`/api/cases/${id}/triage`, { version, level: 'general', category: '城乡建设', handlingUnitId: county.units.a.id, happenedAt: hoursAgo(70), lateReason: REASON }));
      e = ok(await aStaff.post(`/api/cases/${id}/verify`, { version: e.version, result: 'true', note: '属实', happenedAt: hoursAgo(66), lateReason: REASON }));
      // Before the verification just entered: refused.
      expect(ok(await aStaff.post(`/api/cases/${id}/respond`, { version: e.version, measures: '已修复', publicReply: '护栏已修复。', happenedAt: hoursAgo(68), lateReason: REASON }), 400)).toMatchObject({ field: 'happenedAt' });
      const repliedAt = hoursAgo(60);
      e = ok(await aStaff.post(`/api/cases/${id}/respond`, { version: e.version, measures: '已修复', publicReply: '护栏已修复。', happenedAt: repliedAt, lateReason: REASON }));
      // Received 72 hours ago, replied 12 hours later: the 48-hour clock was met, though entered only now.
      expect(e.respondedAt).toBe(repliedAt);
      expect(e.clocks.find((c: { key: string }) => c.key === 'response')).toMatchObject({ state: 'met', metAt: repliedAt });
      const step = e.steps.find((s: { step: string }) => s.step === 'respond');
      expect(step).toMatchObject({ at: repliedAt, lateEntered: true, lateReason: REASON });
      expect(Date.parse(step.enteredAt) - Date.parse(repliedAt)).toBeGreaterThan(59 * 3600_000);
      // A step entered as it happens is not marked.
      e = ok(await aStaff.post(`/api/cases/${id}/close`, { version: e.version }));
      expect(e.steps.find((s: { step: string }) => s.step === 'close')).toMatchObject({ lateEntered: false, lateReason: null });
      expect(e.closedAt >= step.enteredAt).toBe(true);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'after_json']).where('entity_id', '=', id).where('action', '=', 'case.respond').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.after_json!)).toMatchObject({ responded_at: repliedAt, happenedAt: repliedAt, enteredAt: step.enteredAt, lateReason: REASON });
    });
  });
});
