/**
 * Items bound to indicators, on the demo data: for every installed indicator, the value on a
 * bound item of a self-inspection equals the indicator's own value for the same unit subtree
 * and period (and, for those with a figures route, that route's number); a module that adds an
 * indicator has it in the framework editor and bindable with no change to the checks module.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from '../../common/checks';
import { starterContent } from '../../server/modules/checks/starter';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { MODULES } from '../../server/modules';
import { indicators, installModules, type Module } from '../../server/platform/modules';
import { shanghaiYear } from '../../server/platform/period';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';

const YEAR = shanghaiYear();
const FROM = `${YEAR}-01-01`;
const TO = `${YEAR}-12-31`;

/** One pass/fail item per indicator (threshold 0), 1 point each. */
function bindingEvery(keys: string[]) {
  return {
    year: YEAR, name: '指标核对', totalPoints: keys.length,
    content: { sections: [{ key: 's', title: '指标', items: keys.map((k, i) => ({ key: `k${i}`, text: k, kind: 'normal', points: 1, scoring: 'pass_fail', indicator: k, comparator: '>=', threshold: 0, kinds: [], evidence: '' })) }] },
  };
}

describe(`checks indicators [${dialectName}]`, () => {
  let t: TestApp;
  let staff: Agent;
  let leader: Agent;
  let county: { id: string; path: string; kind: string };

  beforeAll(async () => {
    t = await createTestApp();
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    [staff, leader] = await Promise.all(['staff', 'leader'].map((u) => login(t.app, u, DEMO_PASSWORD)));
    county = await t.db.selectFrom('units').select(['id', 'path', 'kind']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  });
  afterAll(() => {
    installModules(MODULES);
    return t.close();
  });

  it('gives every bound item the indicator’s own value and link, for the county and for a township', async () => {
    const keys = indicators().map((i) => i.key);
    expect(keys.length).toBeGreaterThanOrEqual(9);
    // A year of its own: the demo keeps frameworks for this year and last.
    const f = await staff.post('/api/checks/frameworks', { ...bindingEvery(keys), year: YEAR + 3 });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    const township = await t.db.selectFrom('units').select(['id', 'path', 'name']).where('parent_id', '=', county.id).where('kind', '=', 'township').orderBy('path').executeTakeFirstOrThrow();
    for (const unit of [county, township]) {
      const s = await staff.post('/api/checks/self', { frameworkId: f.body.id, unitId: unit.id, from: FROM, to: TO });
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      for (const ind of indicators()) {
        const row = s.body.items.find((r: any) => r.item.indicator === ind.key);
        const own = await ind.value(t.db, { unitId: unit.id, unitPath: unit.path, from: FROM, to: TO });
        expect(row.value, `${ind.key} @ ${unit.id}`).toBe(own.value);
        expect(row.link, ind.key).toBe(own.link);
        expect(row.answer.value, ind.key).toBe(own.value);
      }
    }
  });

  it('matches the modules’ figures routes for the same scope and period', async () => {
    const s = (await staff.get(`/api/checks/self?unitId=${county.id}`)).body.items.find((x: any) => x.unitId === county.id);
    const a = (await staff.get(`/api/checks/assessments/${s.id}`)).body;
    const v = (key: string) => a.items.find((r: any) => r.item.indicator === key).value;
    const q = `unitId=${county.id}&from=${FROM}&to=${TO}`;
    const tasks = (await leader.get(`/api/tasks/figures?${q}`)).body;
    expect(v('tasks.overdue')).toBe(tasks.overdueOpen);
    expect(v('tasks.on_time_rate')).toBe(tasks.onTimeRate);
    const rect = (await leader.get(`/api/rectifications/figures?${q}`)).body;
    expect(v('rectification.open')).toBe(rect.open);
    const cases = (await leader.get(`/api/cases/figures?${q}`)).body;
    expect(v('cases.closure_rate')).toBe(cases.closureRate);
    expect(v('cases.on_time_rate')).toBe(cases.closeOnTimeRate);
    const risks = (await leader.get(`/api/risks/figures?${q}`)).body;
    expect(v('risks.reviews')).toBe(risks.reviewsInPeriod);
    const ledger = (await leader.get(`/api/ledger/figures?${q}`)).body;
    expect(v('ledger.trainings')).toBe(ledger.byType.training.total);
    expect(v('ledger.drills')).toBe(ledger.byType.drill.total);
    expect(ledger.byType.training.total).toBeGreaterThan(0);
    const duty = (await leader.get(`/api/duty/figures?${q}`)).body;
    expect(v('duty.signing_rate')).toBe(duty.expectedSignatures ? duty.signed / duty.expectedSignatures : null);
    expect(duty.expectedSignatures).toBeGreaterThan(0);
    const group = (await leader.get(`/api/units/${county.id}/leading-group`)).body;
    expect(group.members.some((m: any) => m.groupRole === 'leader')).toBe(true);
    expect(v('leading_group.complete')).toBe(group.members.length >= 2 ? 1 : 0);
    // The demo has overdue tasks and open rectifications: the comparison is not of zeros alone.
    expect(tasks.overdueOpen).toBeGreaterThan(0);
    expect(rect.open).toBeGreaterThan(0);
  });

  /**
   * Records for the indicators the demo leaves at zero, in a township and a village under it (so
   * the roll-up counts both): 述职 reporting this work separately, a life meeting covering it, a
   * publicity audience, a security inspection, serious errors found and fixed, team members (one
   * person in both units, counted once for the township).
   */
  async function recordsTheDemoLacks() {
    const town = await t.db.selectFrom('units').select(['id', 'path']).where('parent_id', '=', county.id).where('kind', '=', 'township').orderBy('path').executeTakeFirstOrThrow();
    const village = await t.db.selectFrom('units').select(['id', 'path']).where('parent_id', '=', town.id).orderBy('path').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const row = { archived_at: null, version: 0, created_at: now, updated_at: now };
    let n = 0;
    const entry = (unitId: string, type: string, extra: object) => ({
      id: `chk3e${++n}`, unit_id: unitId, type, day: FROM, topic: '网络意识形态工作', on_topic: 0, others_count: 5, host_person_id: null, summary: null, minutes: null, plan_id: null,
      created_by_name: 'test', reported_separately: null, audience_count: null, materials_count: null, ...row, ...extra,
    });
    await t.db.insertInto('ledger_entries').values([
      entry(town.id, 'debriefing', { reported_separately: 1 }), entry(village.id, 'debriefing', { reported_separately: 1 }), entry(village.id, 'debriefing', { reported_separately: 0 }),
      entry(town.id, 'democratic_life', { on_topic: 1 }), entry(village.id, 'org_life', { on_topic: 1 }), entry(village.id, 'org_life', {}),
      entry(town.id, 'lecture', { audience_count: 120 }), entry(village.id, 'other', { audience_count: 35 }),
      entry(town.id, 'security_inspection', {}), entry(village.id, 'security_inspection', {}),
    ]).execute();
    const post = await t.db.selectFrom('posts').select('id').orderBy('id').executeTakeFirstOrThrow();
    const correction = (unitId: string, fixed: string | null) => ({
      id: `chk3c${++n}`, unit_id: unitId, post_id: post.id, wrong: '错误表述', severity: 'serious', found_by: 'test', found_on: FROM, fixed_on: fixed, note: null, created_by_name: 'test', ...row,
    });
    await t.db.insertInto('post_corrections').values([correction(town.id, FROM), correction(village.id, null)]).execute();
    const people = await t.db.selectFrom('people').select('id').orderBy('id').limit(2).execute();
    const member = (unitId: string, personId: string, role: string) => ({ id: `chk3m${++n}`, unit_id: unitId, person_id: personId, role, since_day: null, note: null, ...row });
    await t.db.insertInto('team_members').values([
      member(town.id, people[0].id, 'spokesperson'), member(village.id, people[0].id, 'liaison'), member(village.id, people[1].id, 'liaison'),
    ]).execute();
  }

  it('gives the batched value (valuesFor) of every unit equal to its single-unit value, and records that count the value', async () => {
    await recordsTheDemoLacks();
    const units = await t.db.selectFrom('units').select(['id', 'path']).where('archived_at', 'is', null).orderBy('path').execute();
    const batched = indicators().filter((i) => i.valuesFor);
    const counted = new Set<string>();
    // Every indicator the starter framework binds answers in batches.
    const starterBound = itemsOf(starterContent()).flatMap((it) => (it.indicator ? [it.indicator] : []));
    expect(starterBound.length).toBeGreaterThanOrEqual(12);
    expect(batched.map((i) => i.key)).toEqual(expect.arrayContaining(starterBound));
    let nonZero = 0;
    for (const ind of batched) {
      // Every unit at once (the rolled-up path) and the county with one township (the query kept to their subtrees).
      for (const some of [units, units.slice(0, 2)]) {
        const many = await ind.valuesFor!(t.db, some, { from: FROM, to: TO });
        for (const u of some) {
          const one = await ind.value(t.db, { unitId: u.id, unitPath: u.path, from: FROM, to: TO });
          expect(many.get(u.id), `${ind.key} @ ${u.path}`).toBe(one.value);
          // The link home's ranking gives beside a batched value is the one `value` gives.
          if (ind.link) expect(ind.link({ unitId: u.id, unitPath: u.path, from: FROM, to: TO }), `${ind.key} link @ ${u.path}`).toBe(one.link);
          if (one.value) nonZero++;
          if (one.value !== null && (ind.format === 'rate' || one.value > 0)) counted.add(ind.key);
        }
      }
      if (ind.records && ind.format === 'count') {
        const r = await ind.records(t.db, { unitId: county.id, unitPath: county.path, from: FROM, to: TO });
        expect(r.ids.length, ind.key).toBe((await ind.value(t.db, { unitId: county.id, unitPath: county.path, from: FROM, to: TO })).value);
      }
    }
    expect(nonZero).toBeGreaterThan(10);
    // Not a comparison of zeros: every batched indicator has a unit with a count above zero or a rate.
    expect(batched.filter((i) => !counted.has(i.key)).map((i) => i.key)).toEqual([]);
    // No indicator is computed unit by unit in a campaign, and every rate (home's ranking) says where its records are listed.
    expect(indicators().filter((i) => !i.valuesFor).map((i) => i.key).sort()).toEqual([]);
    expect(indicators().filter((i) => i.format === 'rate' && !i.link).map((i) => i.key)).toEqual([]);
    // Every unit's single value of every indicator (roster completeness now among them) takes over 30 s on a loaded machine.
  }, 120_000);

  it('links each count to a list that holds exactly the records behind it', async () => {
    const api: Record<string, string> = { '/activities': '/api/ledger/entries', '/cases': '/api/cases' };
    const keys = ['ledger.study_sessions', 'ledger.study_sessions_on_topic', 'ledger.special_meetings', 'ledger.trainings', 'ledger.drills', 'cases.direct_reports'];
    let some = 0;
    for (const key of keys) {
      const ind = indicators().find((i) => i.key === key)!;
      const { value, link } = await ind.value(t.db, { unitId: county.id, unitPath: county.path, from: FROM, to: TO });
      const [path, query] = link.split('?');
      const list = await leader.get(`${api[path]}?${query}&pageSize=1`);
      expect(list.status, key).toBe(200);
      expect(list.body.total, `${key}: ${link}`).toBe(value);
      some += value ?? 0;
    }
    expect(some).toBeGreaterThan(0);
  });

  it('shows an indicator a module adds in the editor and binds it with no change to the checks module', async () => {
    const extra: Module = {
      key: 'extra',
      indicators: [{ key: 'extra.outlets_quiet', label: '长期未更新的阵地数', format: 'count', unitWord: '个', value: async (_db, s) => ({ value: 3, link: `/outlets?unitId=${s.unitId}&quiet=true` }) }],
    };
    installModules([...MODULES, extra]);
    const list = (await staff.get('/api/checks/indicators')).body.items;
    expect(list).toContainEqual({ key: 'extra.outlets_quiet', label: '长期未更新的阵地数', format: 'count', unitWord: '个' });
    const body = bindingEvery(['extra.outlets_quiet']);
    const f = await staff.post('/api/checks/frameworks', { ...body, year: YEAR + 1 });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    const s = await staff.post('/api/checks/self', { frameworkId: f.body.id, unitId: county.id, from: `${YEAR + 1}-01-01`, to: `${YEAR + 1}-12-31` });
    expect(s.body.items[0]).toMatchObject({ value: 3, valueText: '3个', link: `/outlets?unitId=${county.id}&quiet=true` });
    installModules(MODULES);
  });
});
