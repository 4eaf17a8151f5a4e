/**
 * 信息发布审核 (三审三校) through the API: the chain's separation of duties (author, same person
 * twice, wrong unit, stale, double click), proofreading hits and their acknowledgement before
 * 终审, 通读 and 不涉密, rules and their examples, publication, the approval form, corrections
 * and the accuracy rate, and what waits for whom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishingFigures } from '../../server/modules/outlets/figures';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { todoSources } from '../../server/platform/modules';
import { shanghaiDay } from '../../server/platform/period';
import { docxBodyText } from '../helpers/docx';
import { RobotServer } from '../helpers/robot-server';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { actorOfAccount, buildCounty, PASSWORD } from '../helpers/factories';

describe(`publishing review [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let author: Agent; // a_staff
  let aLeader: Agent;
  let aAdmin: Agent;
  let aLiaison: Agent;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let countyAdmin: Agent;
  let bStaff: Agent;
  let wechat: { id: string };
  let site: { id: string };
  const today = shanghaiDay();

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [author, aLeader, aAdmin, aLiaison, countyStaff, countyLeader, countyAdmin, bStaff] = await Promise.all(
      ['a_staff', 'a_leader', 'a_admin', 'a_liaison', 'county_staff', 'county_leader', 'county_admin', 'b_staff'].map((u) => login(t.app, u, PASSWORD)),
    );
    wechat = (await author.post('/api/outlets', { unitId: county.units.a.id, type: 'wechat', name: '城关镇发布', platform: '微信', account: 'cg_fabu', startDay: '2026-01-01', status: 'running' })).body;
    site = (await author.post('/api/outlets', { unitId: county.units.a.id, type: 'website', name: '城关镇门户网站', domain: 'cg.example.gov.cn', startDay: '2026-01-01', status: 'running' })).body;
  });
  afterAll(() => t.close());
  const accountId = async (u: string) => (await actorOfAccount(t.db, u)).accountId;
  const notes = async (u: string, key: string) => t.db.selectFrom('notifications').selectAll().where('account_id', '=', await accountId(u)).where('key', '=', key).execute();

  const BODY = '经国家旅游局批准，全镇上下要再接再励，做好秋季旅游工作。';
  const draft = (agent: Agent, patch: object = {}) =>
    agent.post('/api/posts', { unitId: county.units.a.id, title: '城关镇做好秋季旅游工作', body: BODY, outletIds: [wechat.id], ...patch });
  const submitted = async (patch: object = {}) => {
    const d = (await draft(author, patch)).body;
    return (await author.post(`/api/posts/${d.id}/submit`, { version: d.version })).body;
  };
  const approve = (agent: Agent, p: { id: string; version: number }, body: object = {}) => agent.post(`/api/posts/${p.id}/approve`, { version: p.version, opinion: '同意', ...body });
  /** 初审 by a_leader and 复审 by county_staff. */
  const throughSecond = async (p: { id: string; version: number }) => {
    const one = (await approve(aLeader, p)).body;
    return (await approve(countyStaff, one)).body;
  };
  const ackAll = async (agent: Agent, p: { id: string; version: number; hits: { id: string; status: string }[] }) => {
    let cur = p;
    for (const h of p.hits.filter((x) => x.status === 'open')) cur = (await agent.post(`/api/posts/${cur.id}/hits/${h.id}/ack`, { version: cur.version, action: 'fixed' })).body;
    return cur as typeof p;
  };

  it('refuses a post with no target outlet, a closed outlet, and an outlet of a unit it cannot see', async () => {
    expect((await draft(author, { outletIds: [] })).body).toMatchObject({ field: 'outletIds', message: '请选择至少一个发布阵地' });
    const other = (await bStaff.post('/api/outlets', { unitId: county.units.b.id, type: 'weibo', name: '东山微博', startDay: '2026-01-01', status: 'running' })).body;
    expect((await draft(author, { outletIds: [other.id] })).body.code).toBe('OUT_OF_SCOPE');
    const group = (await author.post('/api/outlets', { unitId: county.units.a.id, type: 'group', name: '网格群', purpose: '通知', managerPersonId: county.people.a.id, startDay: '2026-01-01', status: 'running' })).body;
    expect((await draft(author, { outletIds: [group.id] })).body).toMatchObject({ field: 'outletIds', message: '“网格群”不是发布信息的阵地' });
    expect((await draft(author, { title: '' })).body).toMatchObject({ field: 'title', message: '请填写标题' });
  });

  it('runs proofreading on submission and maps hits to the original text', async () => {
    const p = await submitted({ body: '經國家旅遊局批准，全鎮上下要再接再勵。' });
    expect(p.status).toBe('reviewing');
    expect(p.currentStep.label).toBe('初审');
    expect(p.hits.map((h: { matched: string; correct: string; start: number }) => [h.matched, h.correct, h.start])).toEqual([['國家旅遊局', '文化和旅游部', 1], ['再接再勵', '再接再厉', 14]]);
  });

  it('the chain refuses the author, the same person twice, another unit and unpermitted roles, with reasons', async () => {
    const p = await submitted();
    const seen = (await author.get(`/api/posts/${p.id}`)).body;
    expect(seen.can.approve).toBe(false);
    expect(seen.why.approve).toBe('作者本人不能审核自己撰写的信息');
    const self = await approve(author, p);
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ code: 'STEP_REFUSED', message: '作者本人不能审核自己撰写的信息' });
    expect((await approve(bStaff, p)).body.code).toBe('OUT_OF_SCOPE');
    expect((await approve(aLiaison, p)).body.code).toBe('FORBIDDEN');

    const one = (await approve(aLeader, p)).body;
    expect(one.currentStep.label).toBe('复审');
    // The same person again, at 复审: refused, and the page is told why.
    expect((await aLeader.get(`/api/posts/${p.id}`)).body.why.approve).toBe('您已完成本信息的“初审”，同一人不能承担两个审核环节');
    expect((await approve(aLeader, one)).body).toMatchObject({ code: 'STEP_REFUSED', message: '您已完成本信息的“初审”，同一人不能承担两个审核环节' });
    // The author still cannot, at any step.
    expect((await approve(author, one)).body.message).toBe('作者本人不能审核自己撰写的信息');
    // 复审 is for staff and leaders: a township admin is not in it.
    expect((await approve(aAdmin, one)).body.message).toBe('“复审”由工作人员、领导负责');
    const two = (await approve(countyStaff, one)).body;
    expect(two.currentStep).toMatchObject({ label: '终审', final: true });
    expect((await approve(countyStaff, two)).body.message).toBe('您已完成本信息的“复审”，同一人不能承担两个审核环节');
    expect((await approve(aLeader, two)).body.message).toBe('您已完成本信息的“初审”，同一人不能承担两个审核环节');
    // Nothing was written by the refusals.
    expect((await countyLeader.get(`/api/posts/${p.id}`)).body.steps.map((s: { label: string; actorName: string }) => `${s.label}:${s.actorName}`)).toEqual(['初审:a_leader(a_leader)', '复审:county_staff(county_staff)']);
  });

  it('a review of a post that changed since it was loaded is 409, and of two clicks on approve one wins', async () => {
    const p = await submitted();
    const stale = await approve(aLeader, { id: p.id, version: p.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE');
    const [a, b] = await Promise.all([approve(aLeader, p), approve(aLeader, p)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = (await aLeader.get(`/api/posts/${p.id}`)).body;
    expect(after.steps).toHaveLength(1);
    expect(after.currentStep.label).toBe('复审');
  });

  it('终审 needs every hit acknowledged and the 不涉密 check; fixing a hit corrects the text in place', async () => {
    const p = await submitted();
    const two = await throughSecond(p);
    expect(two.can.approve).toBe(false);
    const leaderView = (await countyLeader.get(`/api/posts/${p.id}`)).body;
    expect(leaderView.why.approve).toBe('还有 2 处校对提示未确认，全部确认(已改正或说明保留原因)后才能终审');
    expect((await approve(countyLeader, two, { notSecret: true })).body.code).toBe('HITS_OPEN');
    // Acknowledging needs the step's reviewer: the author cannot.
    const [h1, h2] = leaderView.hits;
    expect((await author.post(`/api/posts/${p.id}/hits/${h1.id}/ack`, { version: two.version, action: 'fixed' })).status).toBe(403);
    const kept = await countyLeader.post(`/api/posts/${p.id}/hits/${h2.id}/ack`, { version: two.version, action: 'kept' });
    expect(kept.body).toMatchObject({ field: 'reason', message: '保留原文时请填写保留原因' });
    const fixed = (await countyLeader.post(`/api/posts/${p.id}/hits/${h1.id}/ack`, { version: two.version, action: 'fixed' })).body;
    expect(fixed.body).toBe('经文化和旅游部批准，全镇上下要再接再励，做好秋季旅游工作。');
    // The later hit moved with the text.
    const moved = fixed.hits.find((h: { id: string }) => h.id === h2.id);
    expect(fixed.body.slice(moved.start, moved.end)).toBe('再接再励');
    expect((await countyLeader.post(`/api/posts/${p.id}/hits/${h1.id}/ack`, { version: fixed.version, action: 'fixed' })).body.code).toBe('HIT_DONE');
    const both = (await countyLeader.post(`/api/posts/${p.id}/hits/${h2.id}/ack`, { version: fixed.version, action: 'kept', reason: '引用原文' })).body;
    expect(both.hits.map((h: { status: string }) => h.status)).toEqual(['fixed', 'kept']);
    expect(both.can.approve).toBe(true);
    expect((await approve(countyLeader, both)).body).toMatchObject({ field: 'notSecret', message: '终审前须确认信息不涉密' });
    const done = (await approve(countyLeader, both, { notSecret: true })).body;
    expect(done).toMatchObject({ status: 'approved', currentStep: null, can: { approve: false, publish: true } });
    expect((await author.get(`/api/posts/${p.id}`)).body.can.publish).toBe(true);
  });

  it('an important post needs 通读 at each review step', async () => {
    const p = await submitted({ important: true, body: '城关镇召开专题会议。' });
    expect((await approve(aLeader, p)).body).toMatchObject({ field: 'readThrough', message: '重要信息须通读全文后确认“已通读”' });
    expect((await approve(aLeader, p, { readThrough: true })).body.steps[0]).toMatchObject({ label: '初审', readThrough: true });
  });

  it('a rejected post returns to the author; after resubmission the reviewer sees what changed since they saw it', async () => {
    const p = await submitted();
    expect((await author.post(`/api/posts/${p.id}/reject`, { version: p.version, reason: '自己退回' })).status).toBe(403);
    const back = (await aLeader.post(`/api/posts/${p.id}/reject`, { version: p.version, reason: '请核实批准单位名称' })).body;
    expect(back).toMatchObject({ status: 'rejected', lastRejectReason: '请核实批准单位名称', can: { approve: false } });
    expect((await aLeader.put(`/api/posts/${p.id}`, { title: 'x', body: 'y', outletIds: [wechat.id], version: back.version })).body.message).toBe('只有作者本人可以修改和提交');
    const edited = (await author.put(`/api/posts/${p.id}`, { title: '城关镇做好秋季旅游工作', body: '经文化和旅游部批准，全镇做好秋季旅游工作。', outletIds: [wechat.id], version: back.version })).body;
    const again = (await author.post(`/api/posts/${p.id}/submit`, { version: edited.version })).body;
    expect(again).toMatchObject({ status: 'reviewing', revision: 2, hits: [] });
    const seen = (await aLeader.get(`/api/posts/${p.id}`)).body;
    expect(seen.changedSinceYouSaw).toMatchObject({ revision: 1, body: BODY });
    expect((await countyStaff.get(`/api/posts/${p.id}`)).body.changedSinceYouSaw).toBeNull();
    // The same 初审 reviewer may take 初审 again.
    expect((await approve(aLeader, again)).body.currentStep.label).toBe('复审');
  });

  it('records publication per outlet, downloads the approval form, and corrections lower the accuracy rate', async () => {
    const p = await submitted({ outletIds: [wechat.id, site.id] });
    const done = (await approve(countyLeader, await ackAll(countyLeader, await throughSecond(p)), { notSecret: true, opinion: '同意发布' })).body;
    expect((await author.post(`/api/posts/${p.id}/publish`, { version: done.version, outletId: wechat.id, publishedOn: '2099-01-01' })).body).toMatchObject({ field: 'publishedOn', message: '发布日期不能晚于今天' });
    expect((await author.post(`/api/posts/${p.id}/publish`, { version: done.version, outletId: wechat.id, publishedOn: today, url: 'ftp://x' })).body.field).toBe('url');
    const one = (await author.post(`/api/posts/${p.id}/publish`, { version: done.version, outletId: wechat.id, publishedOn: today, url: 'https://mp.weixin.qq.com/s/abc' })).body;
    expect(one.status).toBe('published');
    expect((await author.post(`/api/posts/${p.id}/publish`, { version: one.version, outletId: wechat.id, publishedOn: today })).body.code).toBe('ALREADY_PUBLISHED');
    const two = (await countyStaff.post(`/api/posts/${p.id}/publish`, { version: one.version, outletId: site.id, publishedOn: today })).body;
    expect(two.targets.map((x: { publishedOn: string | null }) => x.publishedOn)).toEqual([today, today]);
    expect(two.can.publish).toBe(false);

    const form = await author.get(`/api/posts/${p.id}/approval-form`);
    expect(form.status).toBe(200);
    expect(String(form.headers['content-type'])).toContain('wordprocessingml');
    const text = docxBodyText(form.raw.rawPayload);
    for (const s of ['信息发布审批表', '城关镇做好秋季旅游工作', '初审', 'a_leader', '复审', 'county_staff', '终审', 'county_leader', '同意发布', '经审核不涉密', '国家旅游局', '文化和旅游部', '已改正', 'https://mp.weixin.qq.com/s/abc']) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toMatch(/[(（]a_leader[)）]/); // names as printed, never login names
    expect(text).not.toMatch(/xx|XX|undefined|null/);

    const range = { unitPath: county.units.county.path, from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };
    const before = await publishingFigures(t.db, range);
    expect(before.postsPublished).toBeGreaterThanOrEqual(1);
    expect(before.accuracyRate).toBe(1);
    const bad = await author.post(`/api/posts/${p.id}/corrections`, { version: two.version, wrong: '活动日期写错', severity: 'serious', foundBy: 'superior', foundOn: '2020-01-01' });
    expect(bad.body).toMatchObject({ field: 'foundOn', message: '发现日期不能早于发布日期' });
    const corrected = (await author.post(`/api/posts/${p.id}/corrections`, { version: two.version, wrong: '活动日期写错', severity: 'serious', foundBy: 'superior', foundOn: today })).body;
    expect(corrected.corrections).toMatchObject([{ wrong: '活动日期写错', severity: 'serious', foundBy: 'superior', fixedOn: null }]);
    let after = await publishingFigures(t.db, range);
    expect(after).toMatchObject({ postsPublished: before.postsPublished, postsCorrected: 1, seriousFound: 1, seriousFixed: 0 });
    expect(after.accuracyRate).toBe((before.postsPublished - 1) / before.postsPublished);
    const fixed = (await author.post(`/api/posts/${p.id}/corrections/${corrected.corrections[0].id}/fix`, { version: 0, fixedOn: today, note: '已于当日发布更正说明' })).body;
    expect(fixed.corrections[0]).toMatchObject({ fixedOn: today, note: '已于当日发布更正说明' });
    after = await publishingFigures(t.db, range);
    expect(after.seriousFixed).toBe(1);
    // The figures route answers the same.
    expect((await countyStaff.get(`/api/posts/figures?from=${range.from}&to=${range.to}`)).body).toEqual(after);
    // The corrections ledger and the posts ledger export.
    expect((await countyStaff.get('/api/posts/corrections')).body.items).toHaveLength(1);
    expect((await countyStaff.get('/api/posts/export')).status).toBe(200);
    expect((await countyStaff.get('/api/posts/corrections/export')).status).toBe(200);
  });

  it('rules: examples must pass, patterns must be safe; a unit rule applies to its subtree', async () => {
    const rule = { unitId: county.units.county.id, kind: 'literal', pattern: '城关镇政府', correct: '城关镇人民政府', category: 'standard', severity: 'normal', mustMatch: ['城关镇政府召开会议'], mustNotMatch: ['城关镇人民政府召开会议'] };
    expect((await countyStaff.post('/api/proof-rules', rule)).status).toBe(403);
    expect((await countyAdmin.post('/api/proof-rules', { ...rule, mustNotMatch: ['城关镇政府办公室'] })).body).toMatchObject({ field: 'mustNotMatch', message: '不应命中的例句“城关镇政府办公室”被规则命中了，规则不能保存' });
    expect((await countyAdmin.post('/api/proof-rules', { ...rule, mustMatch: ['城关镇召开会议'] })).body).toMatchObject({ field: 'mustMatch' });
    expect((await countyAdmin.post('/api/proof-rules', { ...rule, mustMatch: [] })).body).toMatchObject({ field: 'mustMatch', message: '请至少填写一条应命中的例句' });
    expect((await countyAdmin.post('/api/proof-rules', { ...rule, kind: 'regex', pattern: '(城关+)+镇', mustMatch: ['城关镇'], mustNotMatch: [] })).body).toMatchObject({ field: 'pattern', message: expect.stringContaining('嵌套的重复') });
    expect((await countyAdmin.post('/api/proof-rules', { ...rule, kind: 'regex', pattern: '城关[镇' })).body).toMatchObject({ field: 'pattern', message: '正则表达式无效，请检查括号和转义' });
    const tried = (await countyStaff.post('/api/proof-rules/test', { ...rule, text: '今天城关镇政府发布通知' })).body;
    expect(tried).toMatchObject({ ok: true, problem: null, hits: [{ start: 2, end: 7, matched: '城关镇政府' }] });
    const saved = await countyAdmin.post('/api/proof-rules', rule);
    expect(saved.status).toBe(201);
    const list = (await author.get('/api/proof-rules')).body.items;
    expect(list.some((r: { builtin: boolean }) => r.builtin)).toBe(true);
    expect(list.find((r: { id: string }) => r.id === saved.body.id)).toMatchObject({ unitName: '测试县', builtin: false });
    // A township's post picks up the county's rule.
    const p = await submitted({ body: '城关镇政府召开会议。' });
    expect(p.hits.map((h: { matched: string }) => h.matched)).toEqual(['城关镇政府']);
    // Archived, it no longer applies.
    await countyAdmin.post(`/api/proof-rules/${saved.body.id}/archive`, { version: 0 });
    expect((await submitted({ body: '城关镇政府召开会议。' })).hits).toEqual([]);
  });

  it('a unit sets its own chain; a post takes the chain of its unit or the nearest above at submission', async () => {
    const bad = await countyAdmin.put('/api/publishing/chain', { unitId: county.units.a.id, steps: [{ key: 'a', label: '初审', kind: 'review', roles: ['staff'] }, { key: 'c', label: '终审', kind: 'review', roles: ['leader'], final: true }] });
    expect(bad.body).toMatchObject({ field: 'steps', message: '审核流程至少需要初审、复审、终审三个审核步骤' });
    const steps = [
      { key: 'proof1', label: '一校', kind: 'proof', roles: ['staff', 'admin'] },
      { key: 'first', label: '初审', kind: 'review', roles: ['admin', 'staff'] },
      { key: 'second', label: '复审', kind: 'review', roles: ['staff', 'leader'] },
      { key: 'final', label: '终审', kind: 'review', roles: ['leader'], final: true },
    ];
    expect((await countyAdmin.put('/api/publishing/chain', { unitId: county.units.a.id, outletType: 'wechat', steps })).status).toBe(200);
    expect((await author.get(`/api/publishing/chain?unitId=${county.units.a.id}&outletType=wechat`)).body.steps.map((s: { label: string }) => s.label)).toEqual(['一校', '初审', '复审', '终审']);
    expect((await author.get(`/api/publishing/chain?unitId=${county.units.a.id}&outletType=weibo`)).body.steps.map((s: { label: string }) => s.label)).toEqual(['初审', '复审', '终审']);
    const p = await submitted({ body: '城关镇召开会议。' });
    expect(p.currentStep.label).toBe('一校');
    // The proofreader may also review (proofreading is not a review step), never the author.
    expect((await approve(author, p)).body.message).toBe('作者本人不能校对自己撰写的信息');
    const one = (await approve(aAdmin, p)).body;
    expect((await approve(aAdmin, one)).body.currentStep.label).toBe('复审');
    // Back to the default for the tests that follow.
    await countyAdmin.put('/api/publishing/chain', { unitId: county.units.a.id, outletType: 'wechat', steps: [{ ...steps[1], roles: ['staff', 'leader', 'admin'] }, steps[2], steps[3]] });
  });

  it('lists what waits for each reviewer, and home counts it', async () => {
    const p = await submitted({ body: '城关镇召开会议。' });
    const mine = (await aLeader.get('/api/posts?waiting=me&pageSize=200')).body.items.map((x: { id: string }) => x.id);
    expect(mine).toContain(p.id);
    expect((await author.get('/api/posts?waiting=me&pageSize=200')).body.items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    const src = todoSources().find((s) => s.key === 'publishing.review')!;
    const leaderTodos = await src.list(t.db, await actorOfAccount(t.db, 'a_leader'), today);
    expect(leaderTodos[0]).toMatchObject({ key: 'publishing.review', link: '/publishing?waiting=me' });
    expect(leaderTodos[0].count).toBe(mine.length);
    expect(await src.list(t.db, await actorOfAccount(t.db, 'a_liaison'), today)).toEqual([]);
  });

  it('audits every step', async () => {
    const p = await submitted({ body: '再接再励。' });
    const one = (await approve(aLeader, p)).body;
    await countyStaff.post(`/api/posts/${p.id}/hits/${one.hits[0].id}/ack`, { version: one.version, action: 'kept', reason: '引文' });
    const h = (await author.get(`/api/posts/${p.id}/history`)).body.items.map((x: { action: string }) => x.action);
    expect(h).toEqual(['create', 'submit', 'approve', 'ack']);
  });

  it('announces a post waiting for review to those who may take the step, and to subscribed groups, when it reaches the step', async () => {
    const mock = await new RobotServer().start();
    try {
      const r = await aAdmin.post('/api/robots', {
        unitId: county.units.a.id, provider: 'dingtalk', name: '城关镇宣传工作群', webhook: mock.add('pubreview', { provider: 'dingtalk' }), secret: null, keyword: null,
        kinds: ['post.review'], withTitles: true, quietFrom: null, quietTo: null,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const p = await submitted({ title: '城关镇开展防汛演练', body: '城关镇开展防汛演练。' });
      const first = `post:${p.id}:1:first`;
      expect((await notes('a_leader', first)).map((n) => [n.kind, n.title, n.link])).toEqual([['post.review', '信息“城关镇开展防汛演练”待初审', `/publishing/${p.id}`]]);
      expect(await notes('a_admin', first)).toHaveLength(1);
      expect(await notes('a_staff', first)).toEqual([]); // the author
      expect(await notes('a_liaison', first)).toEqual([]); // does not review
      expect(await notes('b_staff', first)).toEqual([]); // another unit
      const box = await t.db.selectFrom('robot_outbox').selectAll().where('robot_id', '=', r.body.id).execute();
      expect(box).toHaveLength(1);
      expect(JSON.stringify(box[0])).not.toContain('防汛演练'); // a post not yet approved stays out of chat groups

      // 初审 by a_leader: 复审 is announced, in the same transaction, to everyone who may take it but a_leader.
      const one = (await approve(aLeader, p)).body;
      const second = `post:${p.id}:1:second`;
      expect(await notes('county_staff', second)).toHaveLength(1);
      expect(await notes('county_leader', second)).toHaveLength(1);
      expect(await notes('a_leader', second)).toEqual([]); // did 初审
      expect(await notes('a_staff', second)).toEqual([]);
      expect(await t.db.selectFrom('robot_outbox').select('id').where('robot_id', '=', r.body.id).execute()).toHaveLength(2);

      // A refused step announces nothing.
      expect((await approve(aLeader, one)).status).toBe(403);
      expect(await t.db.selectFrom('notifications').select('id').where('key', '=', `post:${p.id}:1:final`).execute()).toEqual([]);
      await aAdmin.post(`/api/robots/${r.body.id}/archive`, {});
    } finally {
      mock.close();
    }
  });

  it('sends each reviewer one digest a day of what waits at their steps, linking to their queue', async () => {
    const a = await submitted({ title: '摘要测试一', body: '城关镇召开会议。' });
    await submitted({ title: '摘要测试二', body: '城关镇召开会议。' });
    const b = await submitted({ title: '摘要测试三', body: '城关镇召开会议。' });
    await approve(aLeader, b); // now waits at 复审, which a_leader may not take
    const day1 = new Date('2026-12-07T01:00:00Z'); // 09:00 in Shanghai
    await runReminders(t.db, day1);
    const queue = (await aLeader.get('/api/posts?waiting=me&pageSize=200')).body;
    const digest = await notes('a_leader', `post-digest:${await accountId('a_leader')}:2026-12-07`);
    expect(digest.map((n) => [n.title, n.link])).toEqual([[`2026-12-07 有 ${queue.total} 条信息待您审核`, '/publishing?waiting=me']]);
    expect(queue.items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect(queue.items.map((x: { id: string }) => x.id)).not.toContain(b.id);
    const cs = (await countyStaff.get('/api/posts?waiting=me&pageSize=200')).body.total;
    expect((await notes('county_staff', `post-digest:${await accountId('county_staff')}:2026-12-07`))[0].title).toBe(`2026-12-07 有 ${cs} 条信息待您审核`);
    expect(await t.db.selectFrom('notifications').select('id').where('account_id', '=', await accountId('a_staff')).where('key', 'like', 'post-digest:%').execute()).toEqual([]);

    // Once a day: a second run that day adds nothing; the next day brings the next digest.
    const count = async () => (await t.db.selectFrom('notifications').select('id').where('account_id', '=', await accountId('a_leader')).where('key', 'like', 'post-digest:%').execute()).length;
    await runReminders(t.db, new Date('2026-12-07T09:00:00Z'));
    expect(await count()).toBe(1);
    await runReminders(t.db, new Date('2026-12-08T01:00:00Z'));
    expect(await count()).toBe(2);
  });
});
