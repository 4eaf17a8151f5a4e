/**
 * Time to generate an annual 工作总结 for one county over a year of province-scale records, in a
 * temporary SQLite database this script fills itself. Prints figures; asserts nothing.
 *   npx tsx bench/documents.ts [cities=12] [countiesPerCity=10] [--profile]
 *   DATABASE_URL=postgres://user@host:port/db npx tsx bench/documents.ts …   (PostgreSQL: a fresh
 *   database bench_docs_<pid> is created on that server and dropped at the end)
 * With --profile, each province section's five slowest statements are printed with their time.
 * With --compare, the county's and the province's figures are computed the old way (test/helpers/summary-reference.ts,
 * every row read into the process) and the new way in turn, 3 rounds, medians printed side by side.
 * Each county has 15 townships of 8 villages; a year of activities, tasks, rectifications, risk
 * points, leading groups, duty lists and agreements across the province. Set BENCH_DOCX=file
 * to keep the county's .docx (to render and look at it); BENCH_KEEP=1 keeps the SQLite directory (or the
 * PostgreSQL database: drop it when done), for bench/documents-sections.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GenContext } from '../server/documents/content';
import { generate } from '../server/modules/documents/generate';
import { summarySections } from '../server/platform/modules';
import { type BenchUnit, rowWriter } from './fill';
import { startAsTheApp } from './setup';
import { draftDocx } from '../server/documents/render';
import { type Database, openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';
import * as ref from '../test/helpers/summary-reference';
import { reportFigures } from '../server/modules/ledger/reports';
import { targetProgress } from '../server/modules/ledger/targets';
import { ledgerFiguresWithProgress } from '../server/modules/ledger/figures';
import { shanghaiDay } from '../server/platform/calendar';
import { openTaskLists, taskFigures } from '../server/modules/tasks/figures';
import { riskFigures } from '../server/modules/risks/figures';
import { dutyFigures } from '../server/modules/duty/figures';
import type { KyselyPlugin, QueryId, RootOperationNode, UnknownRow, QueryResult } from 'kysely';
import { CompiledQuery } from 'kysely';

/** Times every statement run through it (from compile to result), by SQL text. */
function statementTimer() {
  const started = new Map<QueryId, { at: number; node: RootOperationNode }>();
  const spent: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      started.set(args.queryId, { at: performance.now(), node: args.node });
      return args.node;
    },
    async transformResult(args): Promise<QueryResult<UnknownRow>> {
      const s = started.get(args.queryId);
      if (s) {
        started.delete(args.queryId);
        const q = db.getExecutor().compileQuery(s.node, args.queryId);
        spent.push({ sql: q.sql, parameters: q.parameters, ms: performance.now() - s.at });
      }
      return args.result;
    },
  };
  let db: Database;
  return {
    attach(base: Database) {
      db = base.withPlugin(plugin);
      return db;
    },
    take() {
      return spent.splice(0);
    },
  };
}

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const cities = Number(positional[0] ?? 12);
const countiesPerCity = Number(positional[1] ?? 10);
const PROFILE = process.argv.includes('--profile');
const COMPARE = process.argv.includes('--compare');
const PG_URL = process.env.DATABASE_URL;
const TOWNSHIPS = 15;
const VILLAGES = 8;
const YEAR = 2026;
// Generators and summary sections are module contributions: install them as the app does.
startAsTheApp();

type Unit = BenchUnit;
/** The batched writer, made once the database is open. */
let w: ReturnType<typeof rowWriter>;

let seed = 11;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed % n;
};
let idSeq = 0;
const id = () => `b${(++idSeq).toString(36).padStart(9, '0')}`;
const day = (dayOfYear: number) => new Date(Date.UTC(YEAR, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
const now = new Date().toISOString();


const TYPES = ['central_group', 'collective_study', 'special_meeting', 'analysis_meeting', 'training', 'lecture', 'drill'];

/** One unit's year: its people, leading group, activities, tasks, rectifications, risk points. */
async function fill(db: Database, u: Unit, raisedBy: Unit, scale: number) {
  const people = Array.from({ length: 3 }, (_, i) => ({ id: id(), name: `人员${u.id.slice(-4)}${i}` }));
  for (const [i, p] of people.entries()) {
    await w.put('people', { id: p.id, unit_id: u.id, name: p.name, position: ['书记', '宣传委员', '网信专干'][i], phone: null, archived_at: null, version: 0, created_at: now, updated_at: now });
    await w.put('group_members', { id: id(), unit_id: u.id, person_id: p.id, group_role: ['leader', 'deputy', 'member'][i], duties: null, sort_order: i, archived_at: null, version: 0, created_at: now, updated_at: now });
  }
  await w.put('duty_assignments', { id: id(), unit_id: u.id, person_id: people[0].id, kind: 'primary', note: null, archived_at: null, version: 0, created_at: now, updated_at: now });
  for (let i = 0; i < 3 * scale; i++) {
    await w.put('duty_items', { id: id(), unit_id: u.id, year: YEAR, content: `责任事项${i + 1}`, category: null, leader_person_id: people[0].id, department_ids: '[]', departments_text: null, basis: null, sort_order: i, archived_at: null, version: 0, created_at: now, updated_at: now });
  }
  for (let i = 0; i < 6 * scale; i++) {
    await w.put('ledger_entries', {
      id: id(), unit_id: u.id, type: TYPES[rand(TYPES.length)], day: day(rand(365)), topic: `学习研讨主题${rand(500)}`, on_topic: rand(3) === 0 ? 1 : 0, others_count: 10,
      host_person_id: null, summary: null, minutes: null, plan_id: null, created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
  for (let i = 0; i < 3 * scale; i++) {
    const start = rand(300);
    const due = start + 10 + rand(60);
    const done = rand(3) > 0;
    await w.put('tasks', {
      id: id(), unit_id: u.id, unit_path: u.path, owner_person_id: people[1].id, parent_id: null, title: `工作任务${rand(1000)}`, content: null, source: 'superior', basis: null,
      start_day: day(start), due_mode: 'date', due_days: null, due_day: day(due), recurrence: null, last_checkin_period: null,
      status: done ? 'done' : 'in_progress', completed_day: done ? day(due - 5 + rand(15)) : null, completion_note: null, created_by: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
  for (let i = 0; i < scale; i++) {
    const start = rand(300);
    const closed = rand(2) === 0;
    await w.put('rectifications', {
      id: id(), unit_id: u.id, raised_by_unit_id: raisedBy.id, owner_person_id: null, problem: `检查发现的问题${rand(1000)}`, origin: 'inspection', batch: `${YEAR}年第${1 + rand(2)}轮巡察`,
      measures: '整改措施', start_day: day(start), due_mode: 'date', due_days: null, due_day: day(start + 30), status: closed ? 'closed' : 'open', reported_at: null, reported_by: null,
      reported_by_name: null, report_note: closed ? '已整改' : null, signed_off_at: closed ? `${day(start + 20 + rand(20))}T02:00:00.000Z` : null, signed_off_by: null, signed_off_by_name: closed ? 'bench' : null,
      sign_off_note: null, return_count: 0, last_return_reason: null, created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
  for (let i = 0; i < scale; i++) {
    await w.put('risk_points', {
      id: id(), unit_id: u.id, description: `风险点${rand(1000)}`, area: 'positions', level: ['low', 'medium', 'high', 'major'][rand(4)], measures: '防控措施', owner_person_id: null,
      review_months: 3, next_review_day: day(rand(400)), status: rand(5) === 0 ? 'eliminated' : 'controlled', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-docs-'));
  const pgName = `bench_docs_${process.pid}`;
  if (PG_URL) await adminQuery(PG_URL, `CREATE DATABASE ${pgName}`);
  const handle = openDb(PG_URL ? { databaseUrl: withDatabase(PG_URL, pgName), dataDir: dir } : { dataDir: dir });
  const where = PG_URL ? `PostgreSQL ${pgName}` : `SQLite, ${dir}`;
  const db = handle.db;
  w = rowWriter(db, id);
  try {
    await migrateToLatest(db);
    const t0 = performance.now();
    const province = await w.unit(null, '某省', 'province');
    let firstCounty: Unit | null = null;
    let firstCity: Unit | null = null;
    let units = 1;
    for (let c = 0; c < cities; c++) {
      const city = await w.unit(province, `第${c + 1}市`, 'city');
      firstCity ??= city;
      units++;
      for (let k = 0; k < countiesPerCity; k++) {
        const county = await w.unit(city, `第${c + 1}市第${k + 1}县`, 'county');
        firstCounty ??= county;
        units++;
        await fill(db, county, city, 4);
        await w.put('annual_targets', { id: id(), unit_id: county.id, year: YEAR, scope: 'subordinates', type: 'central_group', min_total: 12, min_on_topic: 4, min_per_quarter: 0, updated_at: now });
        const agreement = id();
        await w.put('agreements', { id: agreement, unit_id: county.id, title: `${YEAR}年网络意识形态工作责任书`, year: YEAR, issued_day: day(20), note: null, archived_at: null, version: 0, created_at: now, updated_at: now });
        for (let t = 0; t < TOWNSHIPS; t++) {
          const town = await w.unit(county, `乡镇${t + 1}`, 'township');
          units++;
          await fill(db, town, county, 3);
          await w.put('agreement_signatories', { id: id(), agreement_id: agreement, unit_id: town.id, person_id: null, signed_day: rand(6) ? day(30 + rand(30)) : null, signed_by_name: null, version: 0, created_at: now });
          for (let v = 0; v < VILLAGES; v++) {
            const village = await w.unit(town, `村${v + 1}`, 'village');
            units++;
            await fill(db, village, town, 1);
          }
        }
      }
    }
    await w.flush();
    if (PG_URL) await db.executeQuery(CompiledQuery.raw('analyze'));
    const filled = performance.now() - t0;
    console.log(`province: ${units} units, ${w.inserted} rows written in ${(filled / 1000).toFixed(1)} s (${where})`);

    const time = async (label: string, u: Unit, runs: number) => {
      const ctx: GenContext = { db, unit: u, from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, periodLabel: `${YEAR}年度`, subject: null, today: `${YEAR}-12-31` };
      const ms: number[] = [];
      let content = await generate('summary', ctx); // warm-up
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        content = await generate('summary', ctx);
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      const s = performance.now();
      const docx = await draftDocx(content, {}, `${YEAR}-12-31`);
      const docxMs = performance.now() - s;
      console.log(`${label}: annual summary generated in median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms (min ${ms[0].toFixed(0)}, max ${ms[ms.length - 1].toFixed(0)}, ${runs} runs); .docx ${docxMs.toFixed(0)} ms, ${(docx.length / 1024).toFixed(0)} KB`);
      return { content, docx };
    };
    const { content, docx } = await time(`county (${firstCounty!.name}, ${1 + TOWNSHIPS + TOWNSHIPS * VILLAGES} units)`, firstCounty!, 5);
    for (const f of content.figures.slice(0, 12)) console.log(`  ${f.label}: ${f.value}`);
    await time(`city (${firstCity!.name}, ${1 + countiesPerCity * (1 + TOWNSHIPS + TOWNSHIPS * VILLAGES)} units)`, firstCity!, 3);
    // A single province run moves 1.5× between runs on a quiet machine: the median of three by default.
    await time(`province (${units} units)`, province, Number(process.env.BENCH_PROVINCE_RUNS ?? 3));
    const timer = statementTimer();
    const sections = async (label: string, unit: Unit) => {
      const ctx: GenContext = { db: PROFILE ? timer.attach(db) : db, unit, from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, periodLabel: `${YEAR}年度`, subject: null, today: `${YEAR}-12-31` };
      for (const section of summarySections()) {
        const s = performance.now();
        await section.build(ctx);
        console.log(`  ${label} section ${section.key}: ${(performance.now() - s).toFixed(0)} ms`);
        if (PROFILE) {
          const spent = timer.take().sort((a, b) => b.ms - a.ms);
          console.log(`      ${spent.length} statements, ${spent.reduce((a, q) => a + q.ms, 0).toFixed(0)} ms in them`);
          for (const q of spent.slice(0, Number(process.env.BENCH_STATEMENTS ?? 5))) {
            console.log(`      ${q.ms.toFixed(0).padStart(6)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 300)}`);
            if (q.ms >= 20 && handle.sqlite) {
              for (const p of handle.sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]) console.log(`               ${p.detail}`);
            }
          }
        }
      }
    };
    await sections('county', firstCounty!);
    await sections('province', province);
    for (const [who, unit] of COMPARE ? ([['county', firstCounty!], ['province', province]] as const) : []) {
      const r = { unitPath: unit.path, from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
      const judgedOn = r.to < shanghaiDay() ? r.to : shanghaiDay();
      const pairs: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
        ['述职/生活会/publicity (reportFigures)', () => ref.referenceReportFigures(db, r), () => reportFigures(db, r)],
        ['target progress (targetProgress)', () => ref.referenceTargetProgress(db, r.unitPath, YEAR, r.to), () => targetProgress(db, r.unitPath, YEAR, r.to)],
        // The 学习研讨 section's figures: before, the activities grouped for the counts and read again row by row for the targets.
        ['学习研讨 activities and targets (ledgerFiguresWithProgress)', async () => {
          await ref.referenceActivityCounts(db, r);
          return ref.referenceTargetProgress(db, r.unitPath, YEAR, judgedOn);
        }, () => ledgerFiguresWithProgress(db, r)],
        // The tasks section's open-task lists: before, openTasks (its count, then both lists joined to units and owners per task).
        ['open-task lists (openTaskLists)', () => ref.referenceOpenTasks(db, r, 50), () => openTaskLists(db, r, 50)],
        ['tasks (taskFigures)', () => ref.referenceTaskCounts(db, r, r.to), () => taskFigures(db, r, r.to)],
        ['risk points (riskFigures)', () => ref.referenceRiskCounts(db, r, r.to), () => riskFigures(db, r)],
        ['duty lists (dutyFigures)', () => ref.referenceDutyCounts(db, r), () => dutyFigures(db, r)],
      ];
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      for (const [label, old, now] of pairs) {
        const t: [number[], number[]] = [[], []];
        for (let i = 0; i < 4; i++) {
          for (const [k, fn] of [[0, old], [1, now]] as const) {
            const s = performance.now();
            await fn();
            if (i > 0) t[k].push(performance.now() - s);
          }
        }
        console.log(`  ${who} ${label}: before ${med(t[0]).toFixed(1)} ms, now ${med(t[1]).toFixed(1)} ms`);
      }
    }
    if (process.env.BENCH_DOCX) {
      fs.writeFileSync(process.env.BENCH_DOCX, docx);
      console.log(`county .docx written to ${process.env.BENCH_DOCX}`);
    }
    const mem = process.memoryUsage();
    console.log(`peak RSS so far ${(mem.rss / 1048576).toFixed(0)} MB`);
  } finally {
    await handle.close();
    if (PG_URL && !process.env.BENCH_KEEP) await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    if (process.env.BENCH_KEEP) console.log(`kept ${PG_URL ? withDatabase(PG_URL, pgName) : dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
