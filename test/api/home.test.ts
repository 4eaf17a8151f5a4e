/**
 * Home through the API: each role's todos, every count equal to the total of the list its link
 * opens; the charts' points equal to the totals of the lists they link to; subordinate units
 * ranked by the contributed rates; a unit outside the subtree refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../server/platform/period';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`home [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let countyLeader: Agent;
  let aStaff: Agent;
  let aLiaison: Agent;
  const today = shanghaiDay();
  const month = today.slice(0, 7);

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [countyStaff, countyLeader, aStaff, aLiaison] = await Promise.all(['county_staff', 'county_leader', 'a_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));
    // An assignment due yesterday (overdue at both townships), one due later; a case assigned to A; an item reported for sign-off.
    const assign = (title: string, dueDay: string) => countyStaff.post('/api/tasks/assign', {
      fromUnitId: county.units.county.id, unitIds: [county.units.a.id, county.units.b.id], title, source: 'superior', startDay: `${month}-01`, dueMode: 'date', dueDay,
    });
    const yesterday = new Date(Date.parse(`${today}T12:00:00+08:00`) - 86_400_000).toISOString().slice(0, 10);
    expect((await assign('逾期任务', yesterday < `${month}-01` ? `${month}-01` : yesterday)).status).toBe(201);
    expect((await assign('新任务', '2099-12-31')).status).toBe(201);
    const c = await countyStaff.post('/api/cases', {
      unitId: county.units.county.id, source: 'online_petition', receivedAt: new Date(Date.now() - 3600_000).toISOString(), title: '东街积水', content: '县城东街下雨后大面积积水，行人无法通行，已经三天。',
    });
    await countyStaff.post(`/api/cases/${c.body.eventId}/triage`, { version: 0, level: 'major', category: '城乡建设', handlingUnitId: county.units.a.id });
    const r = await countyStaff.post('/api/rectifications', { unitId: county.units.a.id, problem: '制度未上墙', origin: 'supervision', measures: '上墙', startDay: `${month}-01`, dueMode: 'date', dueDay: '2099-06-30' });
    await aStaff.post(`/api/rectifications/${r.body.id}/report`, { version: 0, note: '已上墙' });
  });
  afterAll(() => t.close());

  /** The list behind a link, as the page requests it (app path → API path). */
  const totalOf = async (agent: Agent, link: string) => {
    const [path, qs] = link.split('?');
    const api = { '/rectification': '/api/rectifications', '/activities': '/api/ledger/entries' }[path] ?? `/api${path}`;
    const r = await agent.get(`${api}?${qs ?? ''}&pageSize=1`);
    expect(r.status, link).toBe(200);
    return r.body.total as number;
  };

  it('lists what waits for each role, urgent first, each count the total of the list it opens', async () => {
    const leader = (await countyLeader.get('/api/home/todos')).body.items as { key: string; count: number; link: string; urgent?: boolean }[];
    const byKey = Object.fromEntries(leader.map((x) => [x.key, x]));
    expect(byKey['rectification.reported']).toMatchObject({ count: 1, link: '/rectification?status=reported', urgent: true });
    expect(byKey['tasks.overdue_below'].count).toBe(2);
    expect(leader[0].count).toBeGreaterThan(0);
    for (const x of leader) expect(await totalOf(countyLeader, x.link), x.key).toBe(x.count);

    const liaison = (await aLiaison.get('/api/home/todos')).body.items as { key: string; count: number; link: string }[];
    const l = Object.fromEntries(liaison.map((x) => [x.key, x]));
    expect(l['tasks.overdue']).toMatchObject({ count: 1, link: `/tasks?unitId=${county.units.a.id}&includeSubunits=false&leaf=true&overdue=true` });
    expect(l['tasks.new'].count).toBe(2); // both were sent and neither started
    expect(l['cases.assigned'].count).toBe(1);
    expect(l['rectification.reported']).toBeUndefined();
    for (const x of liaison) expect(await totalOf(aLiaison, x.link), x.key).toBe(x.count);
  });

  it('charts every module’s monthly series, each point equal to the list it links to, and ranks the units below', async () => {
    const f = await countyLeader.get(`/api/home/figures?unitId=${county.units.county.id}`);
    expect(f.status).toBe(200);
    expect(f.body.months.at(-1)).toBe(month);
    expect(f.body.charts.map((c: { key: string }) => c.key)).toEqual(['cases', 'tasks', 'activities']);
    const cases = f.body.charts[0];
    const received = cases.series.find((s: { key: string }) => s.key === 'received');
    expect(received.points.at(-1).value).toBe(1);
    expect(received.lastYear).toHaveLength(f.body.months.length);
    for (const chart of f.body.charts) {
      for (const s of chart.series) {
        for (const p of s.points) {
          if (!p.link || s.format !== 'count') continue;
          expect(await totalOf(countyLeader, p.link), `${chart.key}.${s.key} ${p.link}`).toBe(p.value);
        }
      }
    }
    const tasks = f.body.charts[1].series;
    expect(tasks.find((s: { key: string }) => s.key === 'overdue').points.at(-1).value).toBe(2);
    expect(f.body.ranking.units.map((u: { unitName: string }) => u.unitName).sort()).toEqual(['东山镇', '城关镇'].sort());
    expect(f.body.ranking.units[0].values['tasks.on_time_rate']).toMatchObject({ value: null, link: expect.stringContaining('/tasks?') });
    expect(f.body.ranking.indicators.map((i: { key: string }) => i.key)).toEqual(expect.arrayContaining(['cases.closure_rate', 'tasks.on_time_rate']));
    // A township sees its own figures, not its sibling's nor the county's.
    expect((await aStaff.get(`/api/home/figures?unitId=${county.units.b.id}`)).status).toBe(403);
    expect((await aStaff.get('/api/home/figures')).body.unit.name).toBe('城关镇');
    expect((await aStaff.get('/api/home/figures?year=1999')).body).toMatchObject({ code: 'VALIDATION', field: 'year' });
  });
});
