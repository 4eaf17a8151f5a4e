/**
 * Feed watching through the API: keyword rules pick items, each item is queued once, failures
 * are recorded on the feed with their reason and polling goes on, and everything stays inside
 * the unit's subtree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollDueFeeds } from '../../server/modules/feeds/service';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { FeedServer, rss } from '../helpers/feed-server';

describe(`feeds and clues [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let staff: Agent;
  let bStaff: Agent;
  let liaison: Agent;
  let server: FeedServer;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    staff = await login(t.app, 'a_staff', PASSWORD);
    bStaff = await login(t.app, 'b_staff', PASSWORD);
    liaison = await login(t.app, 'a_liaison', PASSWORD);
    server = await new FeedServer().start();
  });
  afterAll(async () => {
    server.close();
    await t.close();
  });

  const items = [
    { title: '城关镇网信办开展网络安全宣传', link: 'https://example.cn/1', description: '进社区' },
    { title: '城關鎮網信工作會議召開', link: 'https://example.cn/2' }, // Traditional: still matches 网信
    { title: '城关镇天气预报', link: 'https://example.cn/3' },
    { title: '城关镇网信广告位招租', link: 'https://example.cn/4' }, // excluded by none
  ];

  it('creates a feed, polls it, queues matching items once, and keeps the outcome on the feed', async () => {
    const url = server.set('/a.xml', rss(items));
    const created = await staff.post('/api/feeds', { unitId: county.units.a.id, name: '县融媒体', url, any: ['网信', '网络安全'], all: ['城关镇'], none: ['广告'], intervalMinutes: 30 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '县融媒体', any: ['网信', '网络安全'], enabled: true, lastStatus: null });

    const first = await staff.post(`/api/feeds/${created.body.id}/poll`, {});
    expect(first.status).toBe(200);
    expect(first.body.result).toEqual({ status: 'ok', items: 4, newClues: 2, error: null });
    expect(first.body.feed).toMatchObject({ lastStatus: 'ok', lastNewClues: 2, newClues: 2, failCount: 0 });

    const again = await staff.post(`/api/feeds/${created.body.id}/poll`, {});
    expect(again.body.result.newClues).toBe(0);

    // A second feed of the same unit carrying the same article does not queue it again.
    const url2 = server.set('/b.xml', rss([items[0], { title: '城关镇网信办新址启用', link: 'https://example.cn/5' }]));
    const other = await staff.post('/api/feeds', { unitId: county.units.a.id, name: '市门户', url: url2, any: ['网信'], intervalMinutes: 60 });
    expect((await staff.post(`/api/feeds/${other.body.id}/poll`, {})).body.result.newClues).toBe(1);

    const clues = await staff.get(`/api/clues?unitId=${county.units.a.id}`);
    expect(clues.body.total).toBe(3);
    expect(clues.body.items.map((c: { title: string }) => c.title).sort()).toEqual(['城关镇网信办开展网络安全宣传', '城关镇网信办新址启用', '城關鎮網信工作會議召開'].sort());
    const trad = clues.body.items.find((c: { link: string }) => c.link === 'https://example.cn/2');
    expect(trad).toMatchObject({ hits: ['网信', '城关镇'], state: 'new', feedName: '县融媒体', unitName: '城关镇' });
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'feed').where('entity_id', '=', created.body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('records each failure with its reason and goes on with the next feed', async () => {
    server.set('/broken.xml', '<rss><channel><title>坏</channel></rss>');
    server.set('/xxe.xml', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>');
    server.set('/500.xml', (_req, res) => { res.writeHead(500); res.end(); });
    server.set('/good.xml', rss([{ title: '城关镇网信培训', link: 'https://example.cn/good' }]));
    const mk = async (name: string, path: string) => (await staff.post('/api/feeds', { unitId: county.units.a1.id, name, url: `${server.base}${path}`, any: ['网信'], intervalMinutes: 15 })).body;
    const broken = await mk('坏订阅', '/broken.xml');
    const xxe = await mk('实体', '/xxe.xml');
    const err = await mk('出错', '/500.xml');
    const down = await mk('不通', '/missing.xml');
    const good = await mk('好订阅', '/good.xml');

    const run = await pollDueFeeds(t.db, { allowPrivateHosts: true });
    expect(run.polled).toBeGreaterThanOrEqual(5);
    expect(run.failed).toBe(4);
    const view = async (id: string) => (await staff.get(`/api/feeds/${id}`)).body;
    expect(await view(broken.id)).toMatchObject({ lastStatus: 'error', lastError: expect.stringContaining('格式正确的 XML'), failCount: 1 });
    expect(await view(xxe.id)).toMatchObject({ lastStatus: 'error', lastError: expect.stringContaining('实体') });
    expect(await view(err.id)).toMatchObject({ lastStatus: 'error', lastError: '订阅源返回错误状态 500' });
    expect(await view(down.id)).toMatchObject({ lastStatus: 'error', lastError: '订阅源返回错误状态 404' });
    expect(await view(good.id)).toMatchObject({ lastStatus: 'ok', lastNewClues: 1 });

    // A failed feed waits its interval (longer after repeated failures); nothing is due right now.
    const b = await view(broken.id);
    expect(Date.parse(b.nextPollAt) - Date.parse(b.lastPolledAt)).toBe(15 * 60_000);
    expect((await pollDueFeeds(t.db, { allowPrivateHosts: true })).polled).toBe(0);
    const later = new Date(Date.now() + 16 * 60_000);
    await pollDueFeeds(t.db, { allowPrivateHosts: true, now: later });
    const b2 = await view(broken.id);
    expect(b2.failCount).toBe(2);
    expect(Date.parse(b2.nextPollAt) - Date.parse(b2.lastPolledAt)).toBe(30 * 60_000);

    // Fixed: the next poll succeeds and the failure count resets.
    server.set('/broken.xml', rss([{ title: '城东村网信联络员培训', link: 'https://example.cn/fixed' }]));
    await pollDueFeeds(t.db, { allowPrivateHosts: true, now: new Date(Date.now() + 60 * 60_000) });
    expect(await view(broken.id)).toMatchObject({ lastStatus: 'ok', failCount: 0, lastError: null, lastNewClues: 1 });
  });

  it('dismisses and restores a clue, refusing a stale or repeated action', async () => {
    const list = await staff.get(`/api/clues?unitId=${county.units.a.id}&includeSubunits=false&state=new`);
    const clue = list.body.items[0];
    const dismissed = await staff.post(`/api/clues/${clue.id}/dismiss`, { version: clue.version, note: '与本单位工作无关' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ state: 'dismissed', note: '与本单位工作无关', handledBy: expect.stringContaining('a_staff') });
    expect((await staff.post(`/api/clues/${clue.id}/dismiss`, { version: clue.version })).body.code).toBe('STALE');
    expect((await staff.post(`/api/clues/${clue.id}/dismiss`, { version: dismissed.body.version })).body.code).toBe('CLUE_HANDLED');
    const restored = await staff.post(`/api/clues/${clue.id}/restore`, { version: dismissed.body.version });
    expect(restored.body).toMatchObject({ state: 'new', note: null, handledBy: null });
    expect((await staff.get(`/api/clues?unitId=${county.units.a.id}&state=dismissed`)).body.total).toBe(0);
    expect((await staff.get('/api/clues?q=培训')).body.items.map((c: { title: string }) => c.title)).toContain('城关镇网信培训');
  });

  it('accepts a clue as a case once; a clue about an open event joins it', async () => {
    const text = '城关镇东街与人民路交叉口的红绿灯已经坏了三天，早晚高峰车辆拥堵严重，学生过马路很危险，请尽快维修。';
    const url = server.set('/accept.xml', rss([
      { title: '网友反映东街红绿灯故障', link: 'https://example.cn/lights', description: text },
      { title: '網友反映東街紅綠燈故障', link: 'https://example.cn/lights-tw', description: '城關鎮東街與人民路交叉口的紅綠燈已經壞了三天，早晚高峰車輛擁堵嚴重，學生過馬路很危險，請儘快維修！' },
    ]));
    const feed = await staff.post('/api/feeds', { unitId: county.units.a.id, name: '论坛', url, any: ['红绿灯'], intervalMinutes: 60 });
    await staff.post(`/api/feeds/${feed.body.id}/poll`, {});
    const [c1, c2] = (await staff.get(`/api/clues?feedId=${feed.body.id}`)).body.items.sort((a: { link: string }, b: { link: string }) => (a.link < b.link ? -1 : 1));
    const first = await staff.post(`/api/clues/${c1.id}/accept`, { version: c1.version });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ joined: false, clue: { state: 'accepted', caseId: first.body.eventId } });
    const again = await staff.post(`/api/clues/${c1.id}/accept`, { version: c1.version + 1 });
    expect(again.body.code).toBe('CLUE_HANDLED');
    const second = await staff.post(`/api/clues/${c2.id}/accept`, { version: c2.version });
    expect(second.body).toMatchObject({ joined: true, eventId: first.body.eventId });
    const event = await staff.get(`/api/cases/${first.body.eventId}`);
    expect(event.body).toMatchObject({ reportCount: 2, sources: { monitoring: 2 } });
    expect(event.body.reports[0]).toMatchObject({ via: 'clue', url: 'https://example.cn/lights' });
    expect((await liaison.post(`/api/clues/${c1.id}/accept`, { version: 0 })).status).toBe(403);
  });

  it('refuses bad input naming the field, and edits with a stale version', async () => {
    const bad = async (body: object) => (await staff.post('/api/feeds', { unitId: county.units.a.id, name: '测', url: 'https://example.cn/rss', any: ['网信'], intervalMinutes: 60, ...body })).body;
    expect(await bad({ url: 'file:///etc/passwd' })).toMatchObject({ code: 'VALIDATION', field: 'url', message: expect.stringContaining('http') });
    expect(await bad({ any: [], all: [] })).toMatchObject({ field: 'any', message: expect.stringContaining('至少填写一个') });
    expect(await bad({ intervalMinutes: 1 })).toMatchObject({ field: 'intervalMinutes', message: '抓取间隔不能少于 15 分钟' });
    expect(await bad({ any: ['x'.repeat(31)] })).toMatchObject({ message: expect.stringContaining('30 个字') });
    expect(await bad({ name: '' })).toMatchObject({ field: 'name', message: '请填写订阅名称' });
    expect(await bad({ any: 'abc' })).toMatchObject({ field: 'any' });
    const f = (await staff.get(`/api/feeds?unitId=${county.units.a.id}`)).body.items[0];
    const body = { name: '改名', url: f.url, any: f.any, all: f.all, none: f.none, intervalMinutes: 60, enabled: false };
    const ok = await staff.put(`/api/feeds/${f.id}`, { ...body, version: f.version });
    expect(ok.body).toMatchObject({ name: '改名', enabled: false, version: f.version + 1 });
    expect((await staff.put(`/api/feeds/${f.id}`, { ...body, version: f.version })).body.code).toBe('STALE');
    const archived = await staff.post(`/api/feeds/${f.id}/archive`, { version: ok.body.version });
    expect(archived.body.archived).toBe(true);
    expect((await staff.post(`/api/feeds/${f.id}/poll`, {})).body.code).toBe('ARCHIVED');
    expect((await staff.get(`/api/feeds?unitId=${county.units.a.id}&archived=true`)).body.items.map((x: { id: string }) => x.id)).toContain(f.id);
  });

  it('keeps feeds and clues inside the subtree; liaisons neither see nor manage them', async () => {
    const own = (await staff.get('/api/clues?pageSize=200')).body.items;
    expect(own.length).toBeGreaterThan(0);
    expect((await bStaff.get('/api/clues?pageSize=200')).body.items).toEqual([]);
    expect((await bStaff.get(`/api/clues/${own[0].id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await bStaff.get('/api/feeds')).body.items).toEqual([]);
    expect((await liaison.get('/api/clues')).status).toBe(403);
    const countyStaff = await login(t.app, 'county_staff', PASSWORD);
    expect((await countyStaff.get('/api/clues?pageSize=200')).body.total).toBe((await staff.get('/api/clues?pageSize=200')).body.total);
  });
});
