/**
 * Documents from the records: a known set of records for 城关镇 in 2026上半年 and every figure of
 * the generated 工作总结 (rates and the problems section included), the same numbers as the
 * modules' figure routes; no placeholder where data is missing; drafts saved, versioned and
 * regenerated keeping the user's paragraphs; stale edits, double submits, scope, bad input;
 * the .docx structure and a LibreOffice render of it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { docxBodyText, requireTool, styleXml, unzip, xmlOf } from '../helpers/docx';
import { buildCounty, makePerson, PASSWORD } from '../helpers/factories';

const H1 = { kind: 'half', year: 2026, half: 1 };
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const figuresOf = (d: DraftView) => Object.fromEntries(d.content.figures.map((f) => [f.key, f.value]));
const linkOf = (d: DraftView, key: string) => d.content.figures.find((f) => f.key === key)?.link;
const allText = (d: DraftView) =>
  d.content.sections.map((s) => [s.heading ?? '', ...s.items.map((i) =>
    i.kind === 'paragraph' ? i.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')
      : i.kind === 'heading' ? i.text + (i.rest ?? []).map((r) => (typeof r === 'string' ? r : r.text)).join('')
        : i.kind === 'table' ? i.rows.map((r) => r.join(' ')).join('\n') : '')].join('\n')).join('\n');
const docText = (d: DraftView) => allText(d);
const sectionText = (d: DraftView, key: string) => allText({ ...d, content: { ...d.content, sections: d.content.sections.filter((s) => s.key === key) } });

describe(`documents [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aAdmin: Agent;
  let aStaff: Agent;
  let aLiaison: Agent;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let bStaff: Agent;
  let summary: DraftView;

  const ok = (r: { status: number; body: unknown }, status = 200) => {
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status);
    return r.body as any;
  };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aAdmin, aStaff, aLiaison, countyStaff, countyLeader, bStaff] = await Promise.all(
      ['a_admin', 'a_staff', 'a_liaison', 'county_staff', 'county_leader', 'b_staff'].map((u) => login(t.app, u, PASSWORD)),
    );
    const a = county.units.a;
    // Leading group: 镇李 组长 and 第一责任人, 镇孙 成员.
    const sun = await makePerson(t.db, { unit: a, name: '镇孙', position: '宣传委员' });
    ok(await aAdmin.post('/api/group-members', { unitId: a.id, personId: county.people.a.id, groupRole: 'leader' }), 201);
    ok(await aAdmin.post('/api/group-members', { unitId: a.id, personId: sun.id, groupRole: 'member' }), 201);
    ok(await aAdmin.post('/api/duty-assignments', { unitId: a.id, personId: county.people.a.id, kind: 'primary' }), 201);
    // Targets for 2026: 中心组学习 ≥20 (≥4 on this work), 专题研究会议 ≥2.
    ok(await aStaff.put('/api/ledger/targets', {
      unitId: a.id, year: 2026, scope: 'self',
      items: [{ type: 'central_group', minTotal: 20, minOnTopic: 4, minPerQuarter: 0 }, { type: 'special_meeting', minTotal: 2, minOnTopic: 2, minPerQuarter: 0 }],
    }));
    // Activities in 2026上半年: 5 中心组学习 (2 on this work), 1 专题研究会议 (on), 1 培训 at the village; one in July (outside).
    const entry = (unitId: string, type: string, day: string, topic: string, onTopic: boolean) =>
      aStaff.post('/api/ledger/entries', { unitId, type, day, topic, onTopic, participantIds: [], othersCount: 10 });
    for (const [i, day] of ['2026-01-15', '2026-02-20', '2026-03-18', '2026-04-22', '2026-05-20'].entries()) {
      ok(await entry(a.id, 'central_group', day, i < 2 ? `学习网络意识形态工作专题${i + 1}` : `理论学习${i + 1}`, i < 2), 201);
    }
    ok(await entry(a.id, 'special_meeting', '2026-03-05', '研究部署网络阵地管理', true), 201);
    ok(await entry(county.units.a1.id, 'training', '2026-06-10', '村级网评业务培训', false), 201);
    ok(await entry(a.id, 'central_group', '2026-07-08', '七月理论学习', false), 201);
    // Tasks: on time, late, overdue at 6月30日, open but not yet due.
    const task = (title: string, startDay: string, dueDay: string) =>
      aStaff.post('/api/tasks', { unitId: a.id, title, source: 'superior', startDay, dueMode: 'date', dueDay });
    const t1 = ok(await task('完成网站栏目自查', '2026-02-01', '2026-03-31'), 201);
    const t2 = ok(await task('更新宣传栏内容', '2026-02-01', '2026-04-30'), 201);
    ok(await task('建立工作群管理制度', '2026-03-01', '2026-05-31'), 201);
    ok(await task('开展年中网络安全检查', '2026-06-01', '2026-09-30'), 201);
    ok(await aStaff.post(`/api/tasks/${t1.id}/complete`, { version: t1.version, completedDay: '2026-03-20', note: '已完成' }));
    ok(await aStaff.post(`/api/tasks/${t2.id}/complete`, { version: t2.version, completedDay: '2026-05-10', note: '已完成' }));
    // Rectifications raised by the county in one batch: signed off on time, signed off late, open and overdue.
    const batch = '2026年第一轮巡察';
    const rect = (problem: string, startDay: string, dueDay: string) =>
      countyStaff.post('/api/rectifications', { unitId: a.id, problem, origin: 'inspection', batch, measures: `${problem}的整改措施`, startDay, dueMode: 'date', dueDay });
    const r1 = ok(await rect('网站信息更新不及时', '2026-03-01', '2026-04-30'), 201);
    const r2 = ok(await rect('责任清单未细化到岗', '2026-03-01', '2026-04-30'), 201);
    ok(await rect('应急预案未组织演练', '2026-04-01', '2026-05-31'), 201);
    for (const [r, day] of [[r1, '2026-04-20'], [r2, '2026-05-15']] as const) {
      const rep = ok(await aStaff.post(`/api/rectifications/${r.id}/report`, { version: r.version, note: `${r.problem}已整改到位` }));
      ok(await countyLeader.post(`/api/rectifications/${rep.id}/sign-off`, { version: rep.version }));
      // Signed off "on" that day: sign-off is stamped now, so the test moves the stamp into the period.
      await t.db.updateTable('rectifications').set({ signed_off_at: `${day}T02:00:00.000Z` }).where('id', '=', r.id).execute();
    }
    // Risk points: one in control past its review day, one eliminated.
    const risk = (description: string, level: string) =>
      aStaff.post('/api/risks', { unitId: a.id, description, area: 'positions', level, measures: '专人管理', reviewMonths: 3, nextReviewDay: '2026-03-31' });
    ok(await risk('镇政府网站评论区管理', 'high'), 201);
    const gone = ok(await risk('已关停的旧公众号', 'low'), 201);
    ok(await aStaff.put(`/api/risks/${gone.id}`, { description: '已关停的旧公众号', area: 'positions', level: 'low', measures: '已注销', reviewMonths: 3, nextReviewDay: '2026-03-31', status: 'eliminated', version: gone.version }));

    // Cases with known outcomes (times moved into the period: the flow stamps them now).
    const report = (title: string, content: string, source: string, receivedAt: string) =>
      aStaff.post('/api/cases', { unitId: a.id, title, content, source, receivedAt });
    const flow = async (id: string, level: string, replyHours: number | null, closeHours: number | null, received: string) => {
      let e = ok(await aStaff.get(`/api/cases/${id}`));
      e = ok(await aStaff.post(`/api/cases/${id}/triage`, { version: e.version, level, category: '城乡建设', handlingUnitId: a.id }));
      if (replyHours === null) return;
      e = ok(await aStaff.post(`/api/cases/${id}/verify`, { version: e.version, result: 'true', note: '属实' }));
      e = ok(await aStaff.post(`/api/cases/${id}/respond`, { version: e.version, measures: '已处理', publicReply: `关于${e.title}，已处理完毕，感谢监督。` }));
      e = ok(await aStaff.post(`/api/cases/${id}/close`, { version: e.version }));
      if (e.status === 'pending_close') ok(await countyLeader.post(`/api/cases/${id}/approve-close`, { version: e.version }));
      const at = (h: number) => new Date(Date.parse(received) + h * 3600_000).toISOString();
      await t.db.updateTable('case_events').set({ first_info_at: at(replyHours), responded_at: at(replyHours), closed_at: at(closeHours!) }).where('id', '=', id).execute();
    };
    const lights = '城关镇东街与人民路交叉口的红绿灯已经坏了三天，早晚高峰车辆拥堵严重，学生过马路很危险，请尽快维修。';
    const c1 = ok(await report('东街红绿灯坏了', lights, 'online_petition', '2026-01-12T02:00:00.000Z'), 201);
    ok(await report('東街紅綠燈壞了', '城關鎮東街與人民路交叉口的紅綠燈已經壞了三天，早晚高峰車輛擁堵嚴重，學生過馬路很危險，請儘快維修！', 'hotline', '2026-01-13T01:00:00.000Z'), 201);
    const c2 = ok(await report('养殖场排污', '金塘镇新塘村养殖场排污直接流进小河，河水发黑发臭，下游稻田受到影响，请环保部门调查。', 'media_tip', '2026-03-02T02:00:00.000Z'), 201);
    const c3 = ok(await report('施工噪音扰民', '城西社区老旧小区改造工程施工噪音到晚上十一点还不停，已经持续一周，居民无法休息。', 'hotline', '2026-05-20T02:00:00.000Z'), 201);
    ok(await report('七月的来信', '县城公交3路车近一个月经常晚点半小时以上，站牌时刻表与实际不符，上班族迟到。', 'online_petition', '2026-07-05T02:00:00.000Z'), 201);
    await flow(c1.eventId, 'general', 20, 30, '2026-01-12T02:00:00.000Z'); // replied and closed in time
    await flow(c2.eventId, 'major', 60, 200, '2026-03-02T02:00:00.000Z'); // replied after 48 hours, closed after 5 working days
    await flow(c3.eventId, 'general', null, null, '2026-05-20T02:00:00.000Z'); // never replied: overdue

    summary = ok(await aStaff.post('/api/documents/drafts', { unitId: a.id, type: 'summary', period: H1 }), 201);
  });
  afterAll(() => t.close());

  it('writes every figure of the half-year summary from the records, with rates', () => {
    expect(summary.title).toBe('城关镇2026年上半年网络意识形态工作责任制落实情况总结');
    expect(figuresOf(summary)).toEqual({
      'organisation.groupMembers': 2,
      'study.total': 7, 'study.onTopic': 3, 'study.byType.central_group': 5, 'study.byType.special_meeting': 1, 'study.byType.training': 1,
      'study.target.central_group': 5, 'study.target.special_meeting': 1,
      'tasks.total': 4, 'tasks.done': 2, 'tasks.onTime': 1, 'tasks.onTimeRate': '50%', 'tasks.overdue': 1, 'tasks.overdueShort': 1, 'tasks.late': 1,
      'tasks.rectOpened': 3, 'tasks.rectClosed': 2, 'tasks.rectOnTime': 1, 'tasks.rectOnTimeRate': '50%', 'tasks.rectOpen': 1, 'tasks.rectOverdue': 1, 'tasks.rectOverdueShort': 1,
      'risks.total': 2, 'risks.controlled': 1, 'risks.level.high': 1, 'risks.eliminated': 1, 'risks.reviews': 0, 'risks.overdueReviews': 1,
      'cases.received': 4, 'cases.source.online_petition': 1, 'cases.source.hotline': 2, 'cases.source.media_tip': 1, 'cases.events': 3,
      'cases.level.general': 2, 'cases.level.major': 1, 'cases.closed': 2, 'cases.closureRate': '66.7%', 'cases.medianHours': 115,
      'cases.firstDue': 3, 'cases.firstOnTime': 1, 'cases.firstRate': '33.3%', 'cases.closeDue': 2, 'cases.closedOnTime': 1, 'cases.closeRate': '50%',
      'cases.firstLate': 2, 'cases.closedLate': 1, 'cases.overdueOpen': 1,
    });
    expect(docText(summary)).toContain('本期共受理网络舆情和群众诉求4件（网络问政/市长信箱1件、媒体报料1件、举报电话2件），同一事件的多次反映合并后为3个事件。经研判，一般2个、较大1个。已办结2个，办结率66.7%，办理时长中位数115小时。');
    expect(docText(summary)).toContain('按时限要求应首次回应3个，按时回应1个，按时回应率33.3%；已办结且有办结时限的2个，在时限内办结1个，办结按时率50%。');
    expect(docText(summary)).toContain('针对“东街红绿灯坏了”，及时公开答复“关于东街红绿灯坏了，已处理完毕，感谢监督”。');
    const text = allText(summary);
    expect(text).toContain('本期共开展学习、会议、培训等活动7次，其中涉及网络意识形态工作的3次。其中中心组学习5次（涉及本项工作2次），专题研究会议1次，培训1次。');
    expect(text).toContain('现有成员2人，由镇李任组长');
    expect(text).toContain('明确镇李为第一责任人');
    expect(text).toContain('本期承担工作任务4项，已完成2项，其中按期完成1项，按期完成率50%；逾期未完成1项。');
    expect(text).toContain('本期新提出整改事项3项，销号2项，其中按期销号1项，按期销号率50%；尚在整改1项，其中超过整改时限1项。');
    expect(text).toContain('排查登记风险点2个，目前在控1个（高风险1个），已消除1个；本期复核风险点0次。');
    expect(text).toContain('围绕“研究部署网络阵地管理”、“学习网络意识形态工作专题2”、“学习网络意识形态工作专题1”等主题开展学习研讨。');
    // 6月30日 is day 181 of 365: 20 × 181/365 → 9 中心组学习 expected by then; 5 were held.
    expect(text).toContain('中心组学习全年目标20次，已开展5次，未达到进度要求；专题研究会议全年目标2次，已开展1次，达到进度要求');
  });

  it('derives the problems from what fell short and the next steps from what is open', () => {
    const problems = sectionText(summary, 'problems');
    expect(problems).toContain('中心组学习已开展 5 次，按进度应不少于 9 次(全年 20 次)');
    expect(problems).toContain('1项任务逾期未完成，如“建立工作群管理制度”（城关镇，逾期30天）');
    expect(problems).toContain('本期1项任务未能按期完成');
    expect(problems).toContain('1项整改事项超过整改时限仍未销号，如“应急预案未组织演练”');
    expect(problems).toContain('1个风险点超过复核日期未复核');
    expect(problems).not.toContain('网站信息更新不及时'); // signed off, not a problem
    expect(problems).toContain('回应群众关切还不够及时，2个事件未在时限内首次回应。');
    // 办结按时率's base is the closed events: the late closure and the open overdue event are two problems.
    expect(problems).toContain('部分诉求办结超过时限，本期1个事件超过办结时限才办结，如“养殖场排污”（城关镇）。');
    expect(problems).toContain('诉求办理还有拖延，1个事件超过时限仍未办结。');
    const next = sectionText(summary, 'next');
    expect(next).toContain('按年度目标补足中心组学习的次数');
    expect(next).toContain('继续推进“建立工作群管理制度”');
    // Its deadline has passed by the document's date: no date is set out as still to be met.
    expect(next).toContain(today() <= '2026-09-30' ? '继续推进“开展年中网络安全检查”，由城关镇负责，9月30日前完成' : '继续推进“开展年中网络安全检查”，由城关镇负责，已超过完成时限，督促抓紧完成');
    expect(next).toContain('抓好“应急预案未组织演练”的整改');
    expect(next).not.toContain('完成网站栏目自查');
    expect(next).toContain('对超过时限的1个舆情诉求事件逐件督办，限期答复办结。');
    // What is missing: the duty list and agreements of 2026, each with where to add it.
    expect(summary.content.missing).toEqual([
      { section: 'organisation', text: '未建立2026年度责任清单', link: `/duty-list?unitId=${county.units.a.id}&year=2026` },
      { section: 'organisation', text: '未登记2026年度责任书或签订对象', link: `/agreements?unitId=${county.units.a.id}&year=2026` },
      { section: 'rules', text: '未登记现行有效的制度文件', link: `/rules?unitId=${county.units.a.id}` },
      { section: 'teams', text: '未登记新闻发言人、联络员、信息员等队伍成员', link: `/teams?unitId=${county.units.a.id}` },
      { section: 'reports', text: '本期没有登记领导述职', link: `/activities?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30&type=debriefing` },
      { section: 'reports', text: '本期没有登记民主生活会或组织生活会', link: `/activities?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30&type=democratic_life` },
      { section: 'outlets', text: '尚未登记本单位的网站、公众号等阵地', link: `/outlets?unitId=${county.units.a.id}` },
      { section: 'netsec', text: '未登记网络终端和安全措施', link: `/netsec?unitId=${county.units.a.id}` },
      { section: 'netsec', text: '本期没有登记网络安全检查', link: `/activities?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30&type=security_inspection` },
      { section: 'information', text: '本期没有向上级报送信息的记录', link: `/information?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30` },
      { section: 'information', text: '本期没有值班表记录', link: `/watch?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30` },
    ]);
  });

  it('gives the same numbers as the modules’ figure routes and links each figure to its records', async () => {
    const q = `unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30`;
    const tasks = ok(await aStaff.get(`/api/tasks/figures?${q}`));
    const rects = ok(await aStaff.get(`/api/rectifications/figures?${q}`));
    const ledger = ok(await aStaff.get(`/api/ledger/figures?${q}`));
    const risks = ok(await aStaff.get(`/api/risks/figures?${q}`));
    const f = figuresOf(summary);
    expect([f['tasks.total'], f['tasks.done'], f['tasks.onTime'], f['tasks.overdue']]).toEqual([tasks.total, tasks.byStatus.done, tasks.completedOnTime, tasks.overdueOpen]);
    expect([f['tasks.rectOpened'], f['tasks.rectClosed'], f['tasks.rectOpen'], f['tasks.rectOverdue']]).toEqual([rects.opened, rects.closed, rects.open, rects.overdueOpen]);
    expect([f['study.total'], f['study.onTopic'], f['study.byType.central_group']]).toEqual([ledger.total, ledger.onTopic, ledger.byType.central_group.total]);
    expect([f['risks.controlled'], f['risks.eliminated'], f['risks.overdueReviews']]).toEqual([risks.controlled, risks.eliminated, risks.overdueReviews]);
    const a = county.units.a.id;
    expect(linkOf(summary, 'study.byType.central_group')).toBe(`/activities?unitId=${a}&from=2026-01-01&to=2026-06-30&type=central_group`);
    expect(linkOf(summary, 'tasks.overdue')).toBe(`/tasks?unitId=${a}&overdue=true`);
    expect(linkOf(summary, 'tasks.rectOverdue')).toBe(`/rectification?unitId=${a}&overdue=true`);
    expect(linkOf(summary, 'organisation.groupMembers')).toBe(`/leading-group?unitId=${a}`);
    expect(summary.content.figures.every((x) => x.link && x.link.startsWith('/'))).toBe(true);
    // The task list behind "本期承担工作任务4项" answers exactly those four.
    const listed = ok(await aStaff.get(`/api/tasks?${linkOf(summary, 'tasks.total')!.split('?')[1]}`));
    expect(listed.total).toBe(4);
    const done = ok(await aStaff.get(`/api/tasks?${linkOf(summary, 'tasks.done')!.split('?')[1]}`));
    expect(done.total).toBe(2);
    const acts = ok(await aStaff.get(`/api/ledger/entries?${linkOf(summary, 'study.total')!.split('?')[1]}`));
    expect(acts.total).toBe(7);
  });

  it('never writes a placeholder where data is missing, and says what is missing in the preview', async () => {
    const empty = ok(await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'summary', period: H1 }), 201) as DraftView;
    expect(empty.content.figures).toEqual([]);
    expect(empty.content.missing.map((m) => m.text)).toEqual([
      '未录入本单位网络意识形态工作领导小组成员', '未录入责任分工（第一责任人、直接责任人、一岗双责）', '未建立2026年度责任清单', '未登记2026年度责任书或签订对象',
      '未登记现行有效的制度文件', '未登记新闻发言人、联络员、信息员等队伍成员', '本期没有登记学习、会议、培训等活动', '未设定2026年度学习、会议目标', '本期没有登记领导述职', '本期没有登记民主生活会或组织生活会', '本期没有任务台账记录', '未登记风险点',
      '尚未登记本单位的网站、公众号等阵地', '未登记网络终端和安全措施', '本期没有登记网络安全检查',
      '本期没有登记舆情和群众诉求；如有，请在“舆情与诉求”中登记或导入', '本期没有向上级报送信息的记录', '本期没有值班表记录',
    ]);
    expect(empty.content.missing.every((m) => m.link?.includes(county.units.b.id))).toBe(true);
    for (const d of [empty, summary]) {
      const docx = await bStaff.app.inject({ method: 'GET', url: `/api/documents/drafts/${d.id}/docx`, headers: { cookie: (d === empty ? bStaff : aStaff).cookie } });
      expect(docx.statusCode).toBe(200);
      const body = docxBodyText(docx.rawPayload);
      for (const placeholder of [/xx/i, /××/, /—/, /－/, /\(\s*\)/, /（\s*）/, /_{2,}/, /undefined|null|NaN/, /\d+\s*(个|项|次)?\s*\/\s*0/]) {
        expect(body, `${d.title}: ${placeholder}`).not.toMatch(placeholder);
      }
    }
    const text = docxBodyText((await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${empty.id}/docx`, headers: { cookie: bStaff.cookie } })).rawPayload);
    // Nothing to say about organisation, study, tasks or risks: the headings go too; the opening and signature stay.
    expect(text).toContain('现将东山镇2026年上半年网络意识形态工作责任制落实情况总结如下。');
    expect(text).not.toContain('组织领导和责任落实');
    expect(text).toContain('东山镇');
  });

  it('keeps the user’s paragraphs across regeneration, versions every save, refuses stale edits, and audits', async () => {
    const saved = ok(await aStaff.put(`/api/documents/drafts/${summary.id}`, {
      version: summary.version, slots: { 'evaluation.superior': '县委网信办年中检查评价：责任落实到位。', 'study.extra': '组织干部参加网络安全宣传周活动。\n\n开展网络文明进村入户。' },
    })) as DraftView;
    expect(saved.version).toBe(1);
    expect(ok(await aStaff.put(`/api/documents/drafts/${summary.id}`, { version: 0, slots: {} }), 409).code).toBe('STALE');
    // A new activity in the period, then regenerate: the figure changes, the paragraphs stay.
    ok(await aLiaison.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'central_group', day: '2026-06-20', topic: '补充一次学习', onTopic: true, participantIds: [], othersCount: 5 }), 201);
    const again = ok(await aStaff.post(`/api/documents/drafts/${summary.id}/regenerate`, { version: 1 })) as DraftView;
    expect(again.version).toBe(2);
    expect(figuresOf(again)['study.total']).toBe(8);
    expect(figuresOf(again)['study.byType.central_group']).toBe(6);
    expect(again.slots).toEqual({ 'evaluation.superior': '县委网信办年中检查评价：责任落实到位。', 'study.extra': '组织干部参加网络安全宣传周活动。\n\n开展网络文明进村入户。' });
    expect(ok(await aStaff.post(`/api/documents/drafts/${summary.id}/regenerate`, { version: 1 }), 409).code).toBe('STALE');
    const body = docxBodyText((await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${summary.id}/docx`, headers: { cookie: aStaff.cookie } })).rawPayload);
    expect(body).toContain('县委网信办年中检查评价：责任落实到位。\n');
    expect(body).toContain('组织干部参加网络安全宣传周活动。\n开展网络文明进村入户。\n');
    expect(body).toContain('本期共开展学习、会议、培训等活动8次');
    const versions = ok(await aStaff.get(`/api/documents/drafts/${summary.id}/versions`));
    expect(versions.items.map((v: { version: number; action: string }) => [v.version, v.action])).toEqual([[2, 'regenerate'], [1, 'save'], [0, 'generate']]);
    const v0 = ok(await aStaff.get(`/api/documents/drafts/${summary.id}/versions/0`)) as DraftView;
    expect(figuresOf(v0)['study.total']).toBe(7);
    expect(v0.slots).toEqual({});
    // Opening the same unit, type and period again gives the same draft (200), not a second one.
    const reopened = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: H1 })) as DraftView;
    expect([reopened.id, reopened.version]).toEqual([summary.id, 2]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after_json']).where('entity', '=', 'document_draft').where('entity_id', '=', summary.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['generate', 'update', 'regenerate']);
    expect(JSON.parse(audit[2].after_json!).figures['study.total']).toBe(8);
    summary = again;
  });

  it('absorbs a double submit with the same Idempotency-Key', async () => {
    const body = { unitId: county.units.a.id, type: 'summary', period: { kind: 'range', from: '2026-03-01', to: '2026-05-31' } };
    const key = { 'idempotency-key': 'documents-double-1' };
    const first = await aStaff.post('/api/documents/drafts', body, key);
    const second = await aStaff.post('/api/documents/drafts', body, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replay']).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(first.body.title).toBe('城关镇2026年3月1日至2026年5月31日网络意识形态工作责任制落实情况总结');
    const n = await t.db.selectFrom('document_drafts').select((e) => e.fn.countAll().as('n')).where('unit_id', '=', county.units.a.id).where('type', '=', 'summary').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('keeps drafts to the unit subtree', async () => {
    for (const url of [`/api/documents/drafts/${summary.id}`, `/api/documents/drafts/${summary.id}/versions`, `/api/documents/drafts/${summary.id}/docx`]) {
      const r = await bStaff.get(url);
      expect([r.status, r.body.code], url).toEqual([403, 'OUT_OF_SCOPE']);
    }
    expect(ok(await bStaff.put(`/api/documents/drafts/${summary.id}`, { version: summary.version, slots: {} }), 403).code).toBe('OUT_OF_SCOPE');
    expect(ok(await bStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: H1 }), 403).code).toBe('OUT_OF_SCOPE');
    const bList = ok(await bStaff.get('/api/documents/drafts'));
    expect(bList.items.every((d: { unitId: string }) => d.unitId === county.units.b.id)).toBe(true);
    const countyList = ok(await countyStaff.get('/api/documents/drafts?type=summary'));
    expect(countyList.total).toBe(3); // A's two and B's one
    // Liaisons read drafts but do not write them.
    expect((await aLiaison.get(`/api/documents/drafts/${summary.id}`)).status).toBe(200);
    expect(ok(await aLiaison.put(`/api/documents/drafts/${summary.id}`, { version: summary.version, slots: {} }), 403).code).toBe('FORBIDDEN');
  });

  it('refuses bad input with a Chinese message naming the field', async () => {
    const bad = async (body: object) => ok(await aStaff.post('/api/documents/drafts', body), 400);
    const u = county.units.a.id;
    expect(await bad({ unitId: u, type: 'report', period: H1 })).toMatchObject({ code: 'VALIDATION', field: 'type', message: '文稿类型的取值无效' });
    expect(await bad({ type: 'summary', period: H1 })).toMatchObject({ field: 'unitId', message: '请选择单位' });
    expect(await bad({ unitId: u, type: 'summary' })).toMatchObject({ field: 'period', message: '请选择期间' });
    expect(await bad({ unitId: u, type: 'summary', period: { kind: 'half', year: 2026 } })).toMatchObject({ field: 'period.half', message: '请选择上半年或下半年' });
    expect(await bad({ unitId: u, type: 'summary', period: { kind: 'range', from: '2026-06-01', to: '2026-05-01' } })).toMatchObject({ field: 'period.to', message: '结束日期不能早于开始日期' });
    expect(await bad({ unitId: u, type: 'summary', period: { kind: 'range', from: '2026-02-30', to: '2026-05-01' } })).toMatchObject({ field: 'period.from', message: '开始日期不是有效的日期' });
    expect(await bad({ unitId: u, type: 'plan', period: H1 })).toMatchObject({ field: 'period.kind', message: '工作方案按年度制定，请选择年度' });
    expect(await bad({ unitId: u, type: 'rect_plan' })).toMatchObject({ field: 'batch', message: '请选择检查批次' });
    expect(await bad({ unitId: u, type: 'rect_plan', batch: '不存在的批次' })).toMatchObject({ field: 'batch', message: '城关镇及下级单位没有检查批次“不存在的批次”的整改事项' });
    expect(ok(await aStaff.put(`/api/documents/drafts/${summary.id}`, { version: summary.version, slots: { 'study.extra': 'x'.repeat(5001) } }), 400)).toMatchObject({ field: 'slots.study.extra', message: '每个段落不能超过 5000 个字' });
    expect(ok(await aStaff.put(`/api/documents/drafts/${summary.id}`, { slots: {} }), 400)).toMatchObject({ field: 'version' });
  });

  it('writes the work plan, the rectification plan and the rectification report from the records', async () => {
    const plan = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'plan', period: { kind: 'year', year: 2026 } }), 201) as DraftView;
    expect(plan.title).toBe('城关镇2026年网络意识形态工作责任制实施方案');
    const planText = allText(plan);
    expect(planText).toContain('组长：镇李（党委书记）');
    expect(planText).toContain('成员：镇孙（宣传委员）');
    expect(planText).toContain('镇李（党委书记）：第一责任人');
    expect(planText).toContain('中心组学习：全年不少于20次，其中涉及网络意识形态工作不少于4次。');
    expect(planText).toContain('目前尚未完成的工作任务2项');
    expect(planText).toContain('建立工作群管理制度 城关镇  2026年5月31日');
    expect(plan.content.missing.map((m) => m.text)).toEqual(['未建立2026年度责任清单']);

    const batch = '2026年第一轮巡察';
    const rp = ok(await countyStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'rect_plan', batch }), 201) as DraftView;
    expect(rp.title).toBe('城关镇关于2026年第一轮巡察反馈问题的整改方案');
    expect(figuresOf(rp)).toEqual({ 'rectPlan.problems': 3, 'rectPlan.units': 1 });
    expect(allText(rp)).toContain('针对“应急预案未组织演练”的问题\n整改措施：应急预案未组织演练的整改措施。\n责任单位：城关镇。\n整改时限：2026年5月31日前。');
    const rr = ok(await countyStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'rect_report', batch }), 201) as DraftView;
    expect(rr.title).toBe('城关镇关于2026年第一轮巡察反馈问题整改情况的报告');
    expect(figuresOf(rr)).toEqual({ 'rectReport.problems': 3, 'rectReport.closed': 2, 'rectReport.reported': 0, 'rectReport.open': 1, 'rectReport.overdue': 1, 'rectReport.rate': '66.7%' });
    const rrText = allText(rr);
    expect(rrText).toContain('完成情况：网站信息更新不及时已整改到位');
    expect(rrText).toContain('状态：已于2026年4月20日销号');
    expect(sectionText(rr, 'pending')).toContain('应急预案未组织演练');
    expect(linkOf(rr, 'rectReport.open')).toBe(`/rectification?unitId=${county.units.a.id}&batch=${encodeURIComponent(batch).replace(/%20/g, '+')}&status=open`);
  });

  it('writes a 舆情专报 for one event from its records, and a periodic one for the half-year', async () => {
    const ev = (await t.db.selectFrom('case_events').select(['id', 'unit_id']).where('title', '=', '东街红绿灯坏了').executeTakeFirstOrThrow());
    const noCase = await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'case_brief' });
    expect(noCase.body).toMatchObject({ code: 'VALIDATION', field: 'caseId', message: '请选择舆情事件' });
    expect((await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'case_brief', caseId: ev.id })).body.code).toBe('OUT_OF_SCOPE');
    const brief = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'case_brief', caseId: ev.id }), 201) as DraftView;
    expect(brief.title).toBe('关于“东街红绿灯坏了”的舆情专报');
    const b = docText(brief);
    expect(b).toContain('2026年1月12日10时，城关镇收到反映“东街红绿灯坏了”');
    expect(b).toContain('经研判，该事件为一般事件，分类为城乡建设，责任单位为城关镇。');
    expect(b).toContain('截至目前，该事件共收到反映2次（网络问政/市长信箱1次、举报电话1次）');
    expect(b).toContain('核实结果：属实。属实');
    expect(b).toContain('公开答复：“关于东街红绿灯坏了，已处理完毕，感谢监督”。');
    expect(b).toContain('目前该事件已办结');
    expect(b).toContain('公开回应按时完成，办结按时完成');
    expect(brief.content.missing).toEqual([]);
    const period = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'case_period', period: H1 }), 201) as DraftView;
    expect(period.title).toBe('城关镇2026年上半年舆情专报');
    const p = docText(period);
    expect(p).toContain('2026年上半年，共受理网络舆情和群众诉求4件，合并为3个事件，已办结2个，办结率66.7%，首次回应按时率33.3%。');
    // 较大 first, then the newest.
    expect(p.indexOf('养殖场排污')).toBeLessThan(p.indexOf('施工噪音扰民'));
    expect(p.indexOf('施工噪音扰民')).toBeLessThan(p.indexOf('东街红绿灯坏了'));
    expect(p).not.toContain('七月的来信');
    const docx = await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${brief.id}/docx`, headers: { cookie: aStaff.cookie } });
    expect(docx.statusCode).toBe(200);
    expect(docxBodyText(docx.rawPayload)).toContain('一、基本情况');
  });

  it('lays the .docx out per GB/T 9704 and names it in Chinese', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${summary.id}/docx`, headers: { cookie: aStaff.cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="___2026_____________________.docx"; filename*=UTF-8''${encodeURIComponent(`${summary.title}.docx`)}`);
    const files = unzip(r.rawPayload);
    const doc = xmlOf(files, 'word/document.xml');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(doc).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"/);
    const styles = xmlOf(files, 'word/styles.xml');
    expect(styleXml(styles, 'GwHeading1')).toContain('w:eastAsia="黑体"');
    expect(styleXml(styles, 'GwHeading2')).toContain('w:eastAsia="楷体_GB2312"');
    expect(styleXml(styles, 'GwBody')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(styleXml(styles, 'GwTitle')).toContain('w:eastAsia="方正小标宋简体"');
    // Headings numbered by the layout: 一、 … in order, none skipped.
    const headings = [...doc.matchAll(/<w:pStyle w:val="GwHeading1"\/>[\s\S]*?<w:t[^>]*>([^<]+)<\/w:t>/g)].map((m) => m[1]);
    expect(headings).toEqual(['一、组织领导和责任落实', '二、理论学习和研讨会议', '三、任务落实和问题整改', '四、风险排查和防控', '五、舆情应对和群众诉求办理', '六、上级评价和自我评价', '七、存在的问题', '八、下一步工作打算']);
    const footers = [...files.keys()].filter((k) => /^word\/footer\d+\.xml$/.test(k)).map((k) => xmlOf(files, k));
    expect(footers.length).toBe(2);
    for (const f of footers) expect(f).toMatch(/PAGE/);
    expect(xmlOf(files, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    // Signed by the unit, dated the day it was generated.
    const body = docxBodyText(r.rawPayload);
    const gen = new Date(summary.content.generatedAt);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(gen).split('-').map(Number);
    expect(body.trimEnd().endsWith(`城关镇\n${day[0]}年${day[1]}月${day[2]}日`)).toBe(true);
  });

  it('renders the summary to PDF with LibreOffice: pages, title and figures on the first page', async () => {
    requireTool('pdftotext');
    const r = await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${summary.id}/pdf`, headers: { cookie: aStaff.cookie } });
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toContain(encodeURIComponent(`${summary.title}.pdf`));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'netduty-doc-pdf-'));
    try {
      const file = path.join(dir, 'summary.pdf');
      writeFileSync(file, r.rawPayload);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync(requireTool('pdfinfo'), [file], { encoding: 'utf8' }))?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pages).toBeLessThanOrEqual(5);
      const first = execFileSync(requireTool('pdftotext'), ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).replace(/\s+|\u2060/g, ''); // word joiners keep numbers with their units
      expect(first).toContain(summary.title);
      expect(first).toContain('现有成员2人');
      expect(first).toContain('本期共开展学习、会议、培训等活动8次，其中涉及网络意识形态工作的4次');
      expect(first).toContain('—1—');
      // The signature's page carries text above it (at least two lines besides signer, date and page number).
      const last = execFileSync(requireTool('pdftotext'), ['-f', String(pages), '-l', String(pages), file, '-'], { encoding: 'utf8' })
        .split('\n').map((l) => l.replace(/\u2060/g, '').trim()).filter((l) => l && !/^—\s*\d+\s*—$/.test(l));
      expect(last.slice(-2).map((l) => l.replace(/\s+/g, ''))).toEqual(['城关镇', expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日$/)]);
      expect(last.length, last.join('\n')).toBeGreaterThanOrEqual(4);
      // Every full-width comma of the .docx is in the PDF (LibreOffice hung one at a line end and did not paint it).
      const docx = await t.app.inject({ method: 'GET', url: `/api/documents/drafts/${summary.id}/docx`, headers: { cookie: aStaff.cookie } });
      const commas = (text: string) => [...text].filter((c) => c === '，').length;
      const all = execFileSync(requireTool('pdftotext'), [file, '-'], { encoding: 'utf8' });
      expect(commas(docxBodyText(docx.rawPayload))).toBeGreaterThan(10);
      expect(commas(all)).toBe(commas(docxBodyText(docx.rawPayload)));
      // The page says which fonts stood in for the GB fonts: those the PDF embeds.
      const fonts = decodeURIComponent(String(r.headers['x-pdf-fonts'])).split(',');
      expect(fonts, fonts.join()).toEqual(expect.arrayContaining(['Noto Serif CJK', 'Noto Sans CJK']));
      const embedded = execFileSync(requireTool('pdffonts'), [file], { encoding: 'utf8' });
      for (const f of fonts) expect(embedded.replace(/[^A-Za-z]/g, '')).toContain(f.replace(/[^A-Za-z]/g, ''));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('answers 503 in Chinese when LibreOffice is not installed', async () => {
    const saved = process.env.NETDUTY_SOFFICE;
    process.env.NETDUTY_SOFFICE = '/nonexistent/soffice';
    try {
      const r = await aStaff.get(`/api/documents/drafts/${summary.id}/pdf`);
      expect([r.status, r.body.code, r.body.message]).toEqual([503, 'PDF_UNAVAILABLE', '服务器未安装 LibreOffice，暂不能生成 PDF，请下载 Word 文稿']);
    } finally {
      if (saved === undefined) delete process.env.NETDUTY_SOFFICE;
      else process.env.NETDUTY_SOFFICE = saved;
    }
  });
});
