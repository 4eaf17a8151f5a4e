/**
 * Named campaigns (专项行动): a superior names one for its subtree, a township a local one; tasks
 * (assigned ones too) and activities carry them; figures and the summary count by campaign, each
 * figure opening exactly its records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { sectionParagraphs } from '../helpers/drafts';
import { buildCounty, PASSWORD } from '../helpers/factories';

const H1 = { kind: 'half', year: 2026, half: 1 };

describe(`campaigns [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let aStaff: Agent;
  let bStaff: Agent;
  let aLiaison: Agent;
  let qinglang: { id: string; version: number };
  let jingwang: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [countyStaff, aStaff, bStaff, aLiaison] = await Promise.all(['county_staff', 'a_staff', 'b_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  it('a superior names a campaign for its subtree, a township a local one; input, scope and stale edits checked', async () => {
    const c = await countyStaff.post('/api/campaigns', { unitId: county.units.county.id, name: '清朗', description: '清朗网络空间专项行动', fromDay: '2026-03-01', toDay: '2026-12-31' });
    expect(c.status).toBe(201);
    qinglang = c.body;
    expect(c.body).toMatchObject({ name: '清朗', unitName: '测试县', editable: true, version: 0 });
    jingwang = (await aStaff.post('/api/campaigns', { unitId: county.units.a.id, name: '净网', fromDay: '2026-01-01' })).body;
    const bad = async (agent: Agent, body: object) => (await agent.post('/api/campaigns', { unitId: county.units.county.id, name: '护苗', fromDay: '2026-03-01', ...body })).body;
    expect(await bad(countyStaff, { name: '' })).toMatchObject({ field: 'name', message: '请填写专项行动名称' });
    expect(await bad(countyStaff, { toDay: '2026-02-01' })).toMatchObject({ field: 'toDay', message: '结束日期不能早于开始日期' });
    expect(await bad(countyStaff, { name: '清朗' })).toMatchObject({ field: 'name', message: '测试县已发起名为“清朗”的专项行动' });
    expect((await bad(bStaff, { unitId: county.units.a.id })).code).toBe('OUT_OF_SCOPE');
    expect((await bad(aLiaison, { unitId: county.units.a.id })).code).toBe('FORBIDDEN');
    // Who sees what: 东山镇 sees the county's campaign, not 城关镇's local one.
    const names = async (agent: Agent, q = '') => (await agent.get(`/api/campaigns${q}`)).body.items.map((x: { name: string }) => x.name).sort();
    expect(await names(bStaff)).toEqual(['清朗']);
    expect(await names(aStaff)).toEqual(['净网', '清朗']);
    expect(await names(countyStaff)).toEqual(['净网', '清朗']);
    expect(await names(countyStaff, `?forUnitId=${county.units.b.id}`)).toEqual(['清朗']);
    expect((await bStaff.get(`/api/campaigns/${jingwang.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get(`/api/campaigns/${qinglang.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.put(`/api/campaigns/${qinglang.id}`, { name: '清朗2', fromDay: '2026-03-01', version: 0 })).body.code).toBe('OUT_OF_SCOPE');
    const u = await countyStaff.put(`/api/campaigns/${qinglang.id}`, { name: '清朗', description: '清朗·网络生态治理', fromDay: '2026-03-01', toDay: '2026-12-31', version: 0 });
    expect(u.body).toMatchObject({ description: '清朗·网络生态治理', version: 1 });
    expect((await countyStaff.put(`/api/campaigns/${qinglang.id}`, { name: '清朗', fromDay: '2026-03-01', version: 0 })).body.code).toBe('STALE');
    qinglang = u.body;
  });

  it('tasks and activities carry a campaign of their unit or a superior, never another unit\'s', async () => {
    const assigned = await countyStaff.post('/api/tasks/assign', {
      fromUnitId: county.units.county.id, unitIds: [county.units.a.id, county.units.b.id], title: '清理违规账号', source: 'superior', startDay: '2026-03-10', dueMode: 'date', dueDay: '2026-05-31', campaignId: qinglang.id,
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ campaignName: '清朗' });
    const kids = (await countyStaff.get(`/api/tasks/${assigned.body.id}/children`)).body.items;
    expect(kids.map((k: { campaignName: string }) => k.campaignName)).toEqual(['清朗', '清朗']);
    const aKid = kids.find((k: { unitId: string }) => k.unitId === county.units.a.id);
    expect((await aStaff.post(`/api/tasks/${aKid.id}/complete`, { version: aKid.version, completedDay: '2026-04-20', note: '已清理' })).status).toBe(200);
    const own = await aStaff.post('/api/tasks', { unitId: county.units.a.id, title: '排查镇村公众号', source: 'self_check', startDay: '2026-02-01', dueMode: 'date', dueDay: '2026-06-30', campaignId: jingwang.id });
    expect(own.body).toMatchObject({ campaignName: '净网' });
    expect((await bStaff.post('/api/tasks', { unitId: county.units.b.id, title: 'x', source: 'self_check', startDay: '2026-02-01', dueMode: 'date', dueDay: '2026-06-30', campaignId: jingwang.id })).body)
      .toMatchObject({ field: 'campaignId', message: '所选专项行动不存在，或不是本单位及上级单位发起的' });
    const entry = { unitId: county.units.a.id, type: 'lecture', day: '2026-04-02', topic: '清朗专题宣讲', onTopic: true, audienceCount: 120 };
    const e = await aStaff.post('/api/ledger/entries', { ...entry, campaignId: qinglang.id });
    expect(e.status).toBe(201);
    expect(e.body).toMatchObject({ campaignName: '清朗' });
    expect((await bStaff.post('/api/ledger/entries', { ...entry, unitId: county.units.b.id, campaignId: jingwang.id })).body).toMatchObject({ field: 'campaignId' });
    // Lists filter by campaign.
    expect((await countyStaff.get(`/api/tasks?campaignId=${qinglang.id}&leaf=true`)).body.total).toBe(2);
    expect((await countyStaff.get(`/api/ledger/entries?campaignId=${qinglang.id}`)).body.total).toBe(1);
  });

  it('counts by campaign in the figures, each count opening exactly its records', async () => {
    const f = (await countyStaff.get(`/api/campaigns/figures?unitId=${county.units.county.id}&from=2026-01-01&to=2026-06-30`)).body;
    expect(f.items.map((i: { name: string; tasks: number; tasksDone: number; activities: number }) => [i.name, i.tasks, i.tasksDone, i.activities])).toEqual([['净网', 1, 0, 0], ['清朗', 2, 1, 1]]);
    const q = f.items.find((i: { name: string }) => i.name === '清朗');
    const api = (webLink: string, path: string) => webLink.replace(/^\/[a-z]+\?/, `${path}?`);
    expect((await countyStaff.get(api(q.tasksLink, '/api/tasks'))).body.total).toBe(2);
    expect((await countyStaff.get(api(q.tasksDoneLink, '/api/tasks'))).body.total).toBe(1);
    expect((await countyStaff.get(api(q.activitiesLink, '/api/ledger/entries'))).body.total).toBe(1);
    // 东山镇 counts only its own.
    const b = (await bStaff.get(`/api/campaigns/figures?unitId=${county.units.b.id}&from=2026-01-01&to=2026-06-30`)).body;
    expect(b.items.map((i: { name: string; tasks: number; activities: number }) => [i.name, i.tasks, i.activities])).toEqual([['清朗', 1, 0]]);
  });

  it('states the campaigns in the summary from the records, and an archived campaign can no longer be chosen', async () => {
    const d = (await countyStaff.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'summary', period: H1 })).body as DraftView;
    expect(sectionParagraphs(d, 'campaigns')).toEqual(['开展“净网”、“清朗”专项行动2项。净网专项行动中，部署相关任务1项，尚未完成。清朗专项行动中，部署相关任务2项，已完成1项，开展相关活动1次。']);
    const fig = d.content.figures.find((x) => x.key === `campaigns.${qinglang.id}.activities`)!;
    expect(fig.link).toBe(`/activities?unitId=${county.units.county.id}&campaignId=${qinglang.id}&from=2026-01-01&to=2026-06-30`);
    const empty = (await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'summary', period: { kind: 'half', year: 2026, half: 2 } })).body as DraftView;
    expect(sectionParagraphs(empty, 'campaigns')).toEqual([]);
    expect(empty.content.missing.some((m) => m.section === 'campaigns')).toBe(false);
    expect((await countyStaff.post(`/api/campaigns/${qinglang.id}/archive`, { version: qinglang.version })).body.archived).toBe(true);
    expect((await aStaff.post('/api/tasks', { unitId: county.units.a.id, title: 'y', source: 'self_check', startDay: '2026-02-01', dueMode: 'date', dueDay: '2026-06-30', campaignId: qinglang.id })).body)
      .toMatchObject({ field: 'campaignId', message: '专项行动“清朗”已归档' });
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'campaign').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['archive', 'create', 'create', 'update']);
  });
});
