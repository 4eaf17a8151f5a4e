/**
 * A campaign computes every unit's bound items in one go (evaluateBoundMany): when it starts,
 * when the assessors list its units and progress, and when its results are published. On the
 * demo data, with every installed indicator bound: each unit's values and results equal the
 * single-unit evaluation (what the assessment page shows for that unit alone), before and after
 * publishing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckItem, type Result, itemsOf, totalsOf } from '../../common/checks';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { parseContent } from '../../server/modules/checks/frameworks';
import { evaluateBound } from '../../server/modules/checks/indicators';
import { campaignBound } from '../../server/modules/checks/service';
import { indicators } from '../../server/platform/modules';
import { shanghaiYear } from '../../server/platform/period';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';

const YEAR = shanghaiYear();
const FROM = `${YEAR}-01-01`;
const TO = `${YEAR}-12-31`;
const bands = [{ label: '优秀', min: 90 }, { label: '良好', min: 80 }, { label: '一般', min: 60 }, { label: '较差', min: 0 }];

/** Every indicator bound: counts need at least one (and cost a point per occurrence over two), rates 90%. */
function everyIndicator(): { content: { sections: { key: string; title: string; items: CheckItem[] }[] }; total: number } {
  const items: CheckItem[] = [];
  indicators().forEach((ind, i) => {
    if (ind.format === 'rate') {
      items.push({ key: `r${i}`, text: ind.label, kind: 'normal', points: 3, scoring: 'pass_fail', indicator: ind.key, comparator: '>=', threshold: 0.9, kinds: [], evidence: '' });
    } else {
      items.push({ key: `c${i}`, text: ind.label, kind: 'normal', points: 2, scoring: 'pass_fail', indicator: ind.key, comparator: '>=', threshold: 1, kinds: [], evidence: '' });
      items.push({ key: `d${i}`, text: `${ind.label}(超过两个每个扣1分)`, kind: 'normal', points: 2, scoring: 'deduction', perOccurrence: 1, cap: 2, indicator: ind.key, comparator: '<=', threshold: 2, kinds: [], evidence: '' });
    }
  });
  return { content: { sections: [{ key: 's', title: '指标', items }] }, total: items.reduce((n, it) => n + it.points, 0) };
}

describe(`checks campaign computed in one go [${dialectName}]`, () => {
  let t: TestApp;
  let staff: Agent;
  let leader: Agent;
  let inspector: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    [staff, leader, inspector] = await Promise.all(['staff', 'leader', 'inspector'].map((u) => login(t.app, u, DEMO_PASSWORD)));
  });
  afterAll(() => t.close());

  it('gives every unit of the campaign the single-unit values and results, at the start, in the list and once published', async () => {
    const { content, total } = everyIndicator();
    // A year of its own: the demo keeps frameworks for this year and last.
    const f = await staff.post('/api/checks/frameworks', { year: YEAR + 5, name: '全部指标考核', totalPoints: total, content });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    const county = await t.db.selectFrom('units').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const kinds = [...new Set((await t.db.selectFrom('units').select('kind').where('parent_id', 'is not', null).where('archived_at', 'is', null).execute()).map((u) => u.kind))];
    const started = await staff.post('/api/checks/campaigns', { frameworkId: f.body.id, name: '全部指标考核', from: FROM, to: TO, unitKinds: kinds, bands });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const campaignId: string = started.body.id;
    const units = await t.db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'u.id as unit_id', 'u.path', 'u.kind'])
      .where('a.campaign_id', '=', campaignId).execute();
    expect(units.length).toBeGreaterThan(5);
    const items = itemsOf(content);

    // The single-unit evaluation of each unit: what its own assessment page computes.
    const single = new Map<string, Awaited<ReturnType<typeof evaluateBound>>>();
    for (const u of units) single.set(u.id, await evaluateBound(t.db, content, { id: u.unit_id, path: u.path, kind: u.kind }, { from: FROM, to: TO }));
    const expected = new Map(units.map((u) => {
      const res = new Map<string, Result>([...single.get(u.id)!].map(([k, b]) => [k, b.computed]));
      return [u.id, totalsOf(content, total, u.kind, res)];
    }));

    // The campaign's values, all units at once: equal, value by value.
    const c = await t.db.selectFrom('check_campaigns').selectAll().where('id', '=', campaignId).executeTakeFirstOrThrow();
    const batch = await campaignBound(t.db, c);
    let compared = 0;
    let nonZero = 0;
    for (const u of units) {
      for (const it of items) {
        const one = single.get(u.id)!.get(it.key)!;
        const many = batch.get(u.id)!.get(it.key)!;
        expect(many.value, `${it.indicator} @ ${u.path}`).toBe(one.value);
        expect(many.computed, `${it.indicator} @ ${u.path}`).toEqual(one.computed);
        compared += 1;
        if (one.value) nonZero += 1;
      }
    }
    expect(compared).toBe(units.length * items.length);
    expect(nonZero).toBeGreaterThan(20);
    expect(parseContent(c.content).sections[0].items).toHaveLength(items.length);

    // At the start and in the assessors' list: every bound item counts with the records' result.
    const listed = await leader.get(`/api/checks/campaigns/${campaignId}`);
    expect(listed.status).toBe(200);
    for (const view of [started.body, listed.body]) {
      expect(view.results).toHaveLength(units.length);
      for (const r of view.results) {
        const e = expected.get(r.assessmentId)!;
        expect({ score: r.score, assessed: r.assessed, applicable: r.applicable }, r.unitName).toEqual({ score: e.score, assessed: e.applicable, applicable: e.applicable });
      }
    }
    const scores = new Set(listed.body.results.map((r: any) => r.score));
    expect(scores.size).toBeGreaterThan(1); // the records tell the units apart
    expect(listed.body.progress).toEqual({ assessed: units.length * items.length, applicable: units.length * items.length });
    // The unit's own page gives the same total as the list.
    const some = listed.body.results[0];
    const page = (await inspector.get(`/api/checks/assessments/${some.assessmentId}`)).body;
    expect(page.totals.score).toBe(some.score);
    expect(await t.db.selectFrom('check_answers').select('id').where('assessment_id', 'in', units.map((u) => u.id)).execute()).toHaveLength(0);

    // Published: the records' results become the answers, value by value, and the scores stay.
    const p = await inspector.post(`/api/checks/campaigns/${campaignId}/publish`, { version: 0 });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    for (const r of p.body.results) expect(r.score, r.unitName).toBe(expected.get(r.assessmentId)!.score);
    for (const u of units) {
      const a = (await leader.get(`/api/checks/assessments/${u.id}`)).body;
      for (const row of a.items) {
        const one = single.get(u.id)!.get(row.item.key)!;
        expect(row.answer, `${row.item.key} @ ${u.path}`).toMatchObject({ value: one.value, computed: one.computed, method: 'documents', answeredBy: '系统(根据台账记录)', overrideReason: null });
      }
      expect(a.totals.score).toBe(expected.get(u.id)!.score);
    }
    const audit = await t.db.selectFrom('audit_log').select('after_json').where('entity', '=', 'check_campaign').where('entity_id', '=', campaignId).where('action', '=', 'publish').executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.after_json))).toMatchObject({ units: units.length, boundFromRecords: units.length * items.length });
  }, 180_000); // every unit evaluated alone as well, and every assessment read: slow on purpose
});
