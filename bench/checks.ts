/**
 * A campaign (考核) over the townships of a province with a 30-item framework whose items are all
 * bound to indicators, in a temporary SQLite database this script fills itself. Prints figures;
 * asserts nothing.
 *   npx tsx bench/checks.ts [cities=12] [countiesPerCity=10] [townshipsPerCounty=10]
 * Measures, for every township of the campaign:
 *   - computing every bound item of every unit (evaluateBoundMany: each indicator once for all units
 *     through its batched valuesFor, one grouped query), beside the anchor in the same run: the
 *     same indicators called unit by unit (value), as the single-unit path does, and the batched
 *     values checked equal to the single ones;
 *   - writing the results as the assessor's answers (one insert per 500 rows);
 *   - scoring and ranking the campaign (scoreCampaign + rankOf, and the campaign's view with last
 *     year's change), beside the anchor: the points summed by hand in SQL and sorted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type CheckItem, type FrameworkContent, itemsOf, pointsOf, rankOf } from '../common/checks';
import { type Database, openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { createFramework } from '../server/modules/checks/frameworks';
import { evaluateBoundMany, indicatorByKey } from '../server/modules/checks/indicators';
import { starterContent } from '../server/modules/checks/starter';
import { createCampaign, getCampaign, scoreCampaign } from '../server/modules/checks/service';
import type { Actor, ActorCtx } from '../server/platform/context';
import { indicators } from '../server/platform/modules';
import { type BenchUnit, rowWriter } from './fill';
import { startAsTheApp } from './setup';

const cities = Number(process.argv[2] ?? 12);
const countiesPerCity = Number(process.argv[3] ?? 10);
const townshipsPerCounty = Number(process.argv[4] ?? 10);
const VILLAGES = 2;
const YEAR = 2026;
startAsTheApp();

type Unit = BenchUnit;
/** The batched writer, made once the database is open. */
let w: ReturnType<typeof rowWriter>;

let seed = 7;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed % n;
};
let idSeq = 0;
const id = () => `c${(++idSeq).toString(36).padStart(9, '0')}`;
const day = (d: number) => new Date(Date.UTC(YEAR, 0, 1 + d)).toISOString().slice(0, 10);
const now = new Date().toISOString();
const TYPES = ['central_group', 'collective_study', 'special_meeting', 'training'];
async function fill(db: Database, u: Unit, raisedBy: Unit, scale: number) {
  for (let i = 0; i < 4 * scale; i++) {
    await w.put('ledger_entries', {
      id: id(), unit_id: u.id, type: TYPES[rand(TYPES.length)], day: day(rand(365)), topic: `学习${rand(100)}`, on_topic: rand(3) === 0 ? 1 : 0, others_count: 10,
      host_person_id: null, summary: null, minutes: null, plan_id: null, created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
  for (let i = 0; i < 2 * scale; i++) {
    const start = rand(300);
    const due = start + 10 + rand(60);
    const done = rand(3) > 0;
    await w.put('tasks', {
      id: id(), unit_id: u.id, unit_path: u.path, owner_person_id: null, parent_id: null, title: `任务${rand(1000)}`, content: null, source: 'superior', basis: null,
      start_day: day(start), due_mode: 'date', due_days: null, due_day: day(due), recurrence: null, last_checkin_period: null,
      status: done ? 'done' : 'in_progress', completed_day: done ? day(due - 5 + rand(15)) : null, completion_note: null, created_by: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
  if (rand(2) === 0) {
    const start = rand(300);
    const closed = rand(2) === 0;
    await w.put('rectifications', {
      id: id(), unit_id: u.id, raised_by_unit_id: raisedBy.id, owner_person_id: null, problem: `问题${rand(1000)}`, origin: 'inspection', batch: null,
      measures: '整改', start_day: day(start), due_mode: 'date', due_days: null, due_day: day(start + 30), status: closed ? 'closed' : 'open', reported_at: null, reported_by: null,
      reported_by_name: null, report_note: null, signed_off_at: closed ? `${day(start + 20)}T02:00:00.000Z` : null, signed_off_by: null, signed_off_by_name: closed ? 'bench' : null,
      sign_off_note: null, return_count: 0, last_return_reason: null, created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
}

/** The indicators the starter framework binds: the ones a real 考核细则 uses. */
const starterIndicators = () => {
  const keys = new Set(itemsOf(starterContent()).flatMap((it) => (it.indicator ? [it.indicator] : [])));
  return indicators().filter((i) => keys.has(i.key));
};

/** 30 items, 100 points, each bound to one of the starter's indicators (each used by several items at other thresholds). */
function framework(): FrameworkContent {
  const inds = starterIndicators();
  const items: CheckItem[] = [];
  for (let i = 0; i < 30; i++) {
    const ind = inds[i % inds.length];
    const points = i < 10 ? 4 : 3;
    const level = Math.floor(i / inds.length);
    items.push(ind.format === 'rate'
      ? { key: `k${i}`, text: `${ind.label}不低于${80 + level * 5}%`, kind: 'normal', points, scoring: 'pass_fail', indicator: ind.key, comparator: '>=', threshold: 0.8 + level * 0.05, kinds: [], evidence: '' }
      : ind.key.endsWith('overdue') || ind.key.endsWith('open')
        ? { key: `k${i}`, text: `${ind.label}每项扣1分`, kind: 'normal', points, scoring: 'deduction', perOccurrence: 1, cap: points, indicator: ind.key, comparator: '<=', threshold: level, kinds: [], evidence: '' }
        : { key: `k${i}`, text: `${ind.label}不少于${1 + level}${ind.unitWord}`, kind: 'normal', points, scoring: 'pass_fail', indicator: ind.key, comparator: '>=', threshold: 1 + level, kinds: [], evidence: '' });
  }
  return { sections: [{ key: 's1', title: '指标', items: items.slice(0, 15) }, { key: 's2', title: '指标(续)', items: items.slice(15) }] };
}

const ms = (t: number) => `${(t / 1000).toFixed(2)} s`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-checks-'));
  const handle = openDb({ dataDir: dir });
  const db = handle.db;
  w = rowWriter(db, id);
  try {
    await migrateToLatest(db);
    let t = performance.now();
    const province = await w.unit(null, '某省', 'province');
    const townships: Unit[] = [];
    for (let c = 0; c < cities; c++) {
      const city = await w.unit(province, `第${c + 1}市`, 'city');
      for (let k = 0; k < countiesPerCity; k++) {
        const county = await w.unit(city, `第${c + 1}市第${k + 1}县`, 'county');
        for (let n = 0; n < townshipsPerCounty; n++) {
          const town = await w.unit(county, `${county.name}乡镇${n + 1}`, 'township');
          townships.push(town);
          await fill(db, town, county, 2);
          for (let v = 0; v < VILLAGES; v++) await fill(db, await w.unit(town, `村${v + 1}`, 'village'), town, 1);
        }
      }
    }
    await w.flush();
    console.log(`province: ${townships.length} townships (${idSeq} ids), ${w.inserted} rows written in ${ms(performance.now() - t)} (SQLite, ${dir})`);

    const actor: Actor = { accountId: 'bench', username: 'bench', displayName: '测试', role: 'staff', unitId: province.id, unitName: province.name, unitPath: province.path };
    const ctx: ActorCtx = { actor, requestId: null, ip: null };
    const content = framework();
    const f = await createFramework(db, ctx, { year: YEAR, name: '省级考核细则', totalPoints: 100, content });
    t = performance.now();
    const c = await createCampaign(db, ctx, { frameworkId: f.id, name: `${YEAR}年度考核`, from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, unitKinds: ['township'], bands: [{ label: '优秀', min: 90 }, { label: '良好', min: 80 }, { label: '一般', min: 60 }, { label: '较差', min: 0 }] });
    const used = starterIndicators();
    console.log(`campaign over ${c.results!.length} townships created in ${ms(performance.now() - t)}; ${itemsOf(content).length} items, all bound, ${used.length} distinct indicators (the starter framework's): ${used.filter((i) => i.valuesFor).length} with a batched form`);

    const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    const byKey = indicatorByKey();
    const assessments = await db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'u.id as uid', 'u.path', 'u.kind']).where('a.campaign_id', '=', c.id).execute();

    // Anchor first and after, so a warm cache favours neither: the same indicators unit by unit.
    const single = new Map<string, number | null>();
    const anchor = async () => {
      const s = performance.now();
      for (const a of assessments) for (const ind of used) single.set(`${a.uid}|${ind.key}`, (await ind.value(db, { unitId: a.uid, unitPath: a.path, ...period })).value);
      return performance.now() - s;
    };
    const a1 = await anchor();
    t = performance.now();
    const many = await evaluateBoundMany(db, content, assessments.map((a) => ({ id: a.uid, path: a.path, kind: a.kind })), period, byKey);
    const results = new Map(assessments.map((a) => [a.id, many.get(a.uid)!]));
    const evalMs = performance.now() - t;
    const a2 = await anchor();
    const itemList = itemsOf(content);
    let differ = 0;
    for (const a of assessments) for (const it of itemList) if (many.get(a.uid)!.get(it.key)!.value !== single.get(`${a.uid}|${it.indicator}`)) differ++;
    console.log(`compute every bound item for every unit: ${ms(evalMs)} (${assessments.length} units × 30 items = ${assessments.length * 30} values, ${(evalMs / assessments.length).toFixed(2)} ms per unit); ${differ} values differ from the single-unit ones`);
    console.log(`  anchor, the ${used.length} indicators called unit by unit for the same units: ${ms(a1)} before, ${ms(a2)} after`);

    t = performance.now();
    const items = new Map(itemsOf(content).map((i) => [i.key, i]));
    const rows: Record<string, unknown>[] = [];
    for (const [aid, vals] of results) {
      for (const [key, b] of vals) {
        const r = b.computed as { passed?: boolean; occurrences?: number };
        rows.push({
          id: id(), assessment_id: aid, item_key: key, passed: r.passed === undefined ? null : r.passed ? 1 : 0, occurrences: r.occurrences ?? null, grade: null,
          points: pointsOf(items.get(key)!, r), value: b.value, computed: JSON.stringify(r), method: 'documents', note: null, override_reason: null, answered_by: 'bench',
          rectification_id: null, version: 0, created_at: now, updated_at: now,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('check_answers').values(rows.slice(i, i + 500) as never).execute();
    });
    console.log(`write ${rows.length} answers: ${ms(performance.now() - t)}`);

    t = performance.now();
    const raw = await db.selectFrom('check_answers as x').innerJoin('check_assessments as a', 'a.id', 'x.assessment_id').selectAll('x').where('a.campaign_id', '=', c.id).execute();
    console.log(`  (the campaign's ${raw.length} answers read in ${ms(performance.now() - t)})`);
    t = performance.now();
    const scored = await scoreCampaign(db, { id: c.id, status: 'published', from_day: period.from, to_day: period.to, content: JSON.stringify(content), total_points: 100, bands: JSON.stringify([{ label: '优秀', min: 90 }, { label: '良好', min: 80 }, { label: '一般', min: 60 }, { label: '较差', min: 0 }]) });
    const ranked = rankOf(scored);
    const rankMs = performance.now() - t;
    t = performance.now();
    const view = await getCampaign(db, actor, c.id);
    const viewMs = performance.now() - t;
    t = performance.now();
    const hand = await db.selectFrom('check_answers as x').innerJoin('check_assessments as a', 'a.id', 'x.assessment_id')
      .select(['a.id', sql<number>`sum(x.points)`.as('s')]).where('a.campaign_id', '=', c.id).groupBy('a.id').execute();
    hand.sort((x, y) => Number(y.s) - Number(x.s));
    const handMs = performance.now() - t;
    console.log(`score and rank ${ranked.length} units: ${ms(rankMs)}; the campaign's whole view (results, last year's change): ${ms(viewMs)}`);
    console.log(`  anchor, points summed by hand in SQL and sorted: ${ms(handMs)}`);
    const sameTop = Number(hand[0].s) === ranked[0].score;
    const ties = ranked.filter((r, i) => i > 0 && ranked[i - 1].rank === r.rank).length;
    console.log(`  top score ${ranked[0].score} (hand sum ${Number(hand[0].s)}, ${sameTop ? 'equal' : 'DIFFERENT'}), ${ties} units share a rank, grades: ${JSON.stringify(Object.fromEntries([...new Set(ranked.map((r) => r.grade))].map((g) => [g, ranked.filter((r) => r.grade === g).length])))}`);
    console.log(`  view progress ${view.progress.assessed}/${view.progress.applicable} items; peak RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
