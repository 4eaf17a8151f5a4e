/**
 * Searching cases with a short word that segmentation splits into single characters (占道),
 * which the full-text index leaves out, still finds the events whose text has it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`case search [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff] = await Promise.all(['a_staff', 'b_staff'].map((u) => login(t.app, u, PASSWORD)));
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
});
