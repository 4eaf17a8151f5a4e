/**
 * Searching cases with a short word that segmentation splits into single characters (占道),
 * which the full-text index leaves out, still finds the events whose text has it. Search under a
 * unit reads the subtree's own matches (SQLite: each search row holds its handling unit's path,
 * migration 2026120940_case_search_scope): the matches follow the event's handling unit through
 * triage, assignment and return, and follow a unit that moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe(`case search [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let a1Liaison: Agent;
  let countyStaff: Agent;
  let countyAdmin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    [aStaff, bStaff, a1Liaison, countyStaff, countyAdmin] = await Promise.all(['a_staff', 'b_staff', 'a1_liaison', 'county_staff', 'county_admin'].map((u) => login(t.app, u, PASSWORD)));
    const register = (agent: Agent, unitId: string, title: string, content: string) =>
      agent.post('/api/cases', { unitId, source: 'hotline', receivedAt: new Date().toISOString(), title, content });
    for (const r of await Promise.all([
      register(aStaff, county.units.a.id, '城关镇菜市场周边占道经营严重', '早上七点到九点车辆无法通行，希望有关部门管一管。'),
      register(aStaff, county.units.a.id, '滨河公园健身器材损坏', '公园里的健身器材坏了很久，没人维修。'),
      register(bStaff, county.units.b.id, '东山镇集市占道摆摊', '东山镇集市每逢赶集日占道摆摊，堵塞交通。'),
    ])) expect(r.status).toBe(201);
  });
  afterAll(() => t.close());

  const titles = async (agent: Agent, q: string) => {
    const r = await agent.get(`/api/cases?q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
    return r.body.items.map((e: { title: string }) => e.title).sort();
  };

  it('finds a word made of single-character terms, within the searcher\'s subtree only', async () => {
    expect(await titles(aStaff, '占道')).toEqual(['城关镇菜市场周边占道经营严重']);
    expect(await titles(bStaff, '占道')).toEqual(['东山镇集市占道摆摊']);
    expect(await titles(aStaff, '车')).toEqual(['城关镇菜市场周边占道经营严重']);
    expect(await titles(aStaff, '雨')).toEqual([]);
    expect(await titles(aStaff, '坏')).toEqual(['滨河公园健身器材损坏']);
  });

  it('still uses the index for words it holds, and wildcards in the words are taken literally', async () => {
    expect(await titles(aStaff, '菜市场')).toEqual(['城关镇菜市场周边占道经营严重']);
    expect(await titles(aStaff, '健身器材')).toEqual(['滨河公园健身器材损坏']);
    expect(await titles(aStaff, '占_')).toEqual([]);
  });

  it('finds an event under its handling unit as it is triaged, assigned, returned, and as units move', async () => {
    const r = await aStaff.post('/api/cases', { unitId: county.units.a.id, source: 'hotline', receivedAt: new Date().toISOString(), title: '小区垃圾清运不及时', content: '小区门口的垃圾桶满了三天没人清运。' });
    expect(r.status).toBe(201);
    const id = r.body.eventId;
    expect(await titles(a1Liaison, '垃圾')).toEqual([]);
    expect(await titles(aStaff, '垃圾 清运')).toEqual(['小区垃圾清运不及时']);
    // Triaged to the village: the village's search finds it, the other township's does not.
    const tri = await aStaff.post(`/api/cases/${id}/triage`, { version: 0, level: 'general', category: '城乡建设', handlingUnitId: county.units.a1.id });
    expect(tri.status).toBe(200);
    expect(await titles(a1Liaison, '垃圾')).toEqual(['小区垃圾清运不及时']);
    expect(await titles(aStaff, '垃圾')).toEqual(['小区垃圾清运不及时']);
    expect(await titles(countyStaff, '垃圾')).toEqual(['小区垃圾清运不及时']);
    expect(await titles(bStaff, '垃圾')).toEqual([]);
    // A list of the township's own events (includeSubunits=false) still finds it while the village handles it.
    const own = await aStaff.get(`/api/cases?q=${encodeURIComponent('垃圾')}&unitId=${county.units.a.id}&includeSubunits=false`);
    expect(own.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    // Returned by the village: it no longer finds it; the township does.
    const back = await a1Liaison.post(`/api/cases/${id}/return`, { version: 1, reason: '不归村里管' });
    expect(back.status).toBe(200);
    expect(await titles(a1Liaison, '垃圾')).toEqual([]);
    expect(await titles(aStaff, '垃圾')).toEqual(['小区垃圾清运不及时']);
    // Assigned again, then the village's own event: the village moves to the other township with its events.
    expect((await aStaff.post(`/api/cases/${id}/assign`, { version: 2, unitId: county.units.a1.id })).status).toBe(200);
    expect(await titles(a1Liaison, '垃圾')).toEqual(['小区垃圾清运不及时']);
    expect((await aStaff.post(`/api/cases/${id}/return`, { version: 3, reason: '收回' })).status).toBe(403);
    expect((await a1Liaison.post(`/api/cases/${id}/return`, { version: 3, reason: '收回' })).status).toBe(200);
    const v = await a1Liaison.post('/api/cases', { unitId: county.units.a1.id, source: 'hotline', receivedAt: new Date().toISOString(), title: '村道路灯不亮', content: '村道的路灯坏了一个月。' });
    expect(v.status).toBe(201);
    expect(await titles(aStaff, '路灯')).toEqual(['村道路灯不亮']);
    expect(await titles(bStaff, '路灯')).toEqual([]);
    const moved = await countyAdmin.post(`/api/units/${county.units.a1.id}/move`, { newParentId: county.units.b.id, version: 0 });
    expect(moved.status).toBe(200);
    expect(await titles(bStaff, '路灯')).toEqual(['村道路灯不亮']);
    expect(await titles(aStaff, '路灯')).toEqual([]);
    expect(await titles(a1Liaison, '路灯')).toEqual(['村道路灯不亮']);
    expect(await titles(countyStaff, '路灯')).toEqual(['村道路灯不亮']);
  });
});
