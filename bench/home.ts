/**
 * Time of the home page's figures (every contributed chart for the months of the year and the
 * same months a year earlier, and the units directly below ranked by the contributed rates) for a
 * county and for the province root, in a temporary SQLite database of province scale this
 * script fills itself, beside a hand-written anchor measured in the same run: the cases chart's
 * monthly counts as one GROUP BY written by hand. Targets: county < 100 ms, province < 500 ms.
 * Prints figures; asserts nothing.
 *   npx tsx bench/home.ts [cities=12] [countiesPerCity=10]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npx tsx bench/home.ts …
 *     (PostgreSQL: a fresh database bench_home_<pid> on that server, dropped at the end unless
 *     BENCH_KEEP is set; vacuumed and analysed after the fill, as autovacuum would)
 *   BENCH_SQL=1: also each statement's own time per run, summed by SQL text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type SQLite from 'better-sqlite3';
import { type Database, openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { homeFigures, listTodos } from '../server/modules/home/service';
import type { Actor } from '../server/platform/context';
import { shanghaiDay } from '../server/platform/period';
import { type BenchUnit, rowWriter } from './fill';
import { startAsTheApp } from './setup';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';

const PG_URL = process.env.DATABASE_URL;

const cities = Number(process.argv[2] ?? 12);
const countiesPerCity = Number(process.argv[3] ?? 10);
const TOWNSHIPS = 15;
const VILLAGES = 8;
const TODAY = shanghaiDay();
const YEAR = Number(TODAY.slice(0, 4));
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
const id = () => `h${(++idSeq).toString(36).padStart(9, '0')}`;
/** A day of the two years charted (last year and this one up to today). */
const someDay = () => {
  const start = Date.UTC(YEAR - 1, 0, 1);
  const end = Date.parse(`${TODAY}T00:00:00Z`);
  return new Date(start + rand(Math.floor((end - start) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
};
const now = new Date().toISOString();


const TYPES = ['central_group', 'collective_study', 'special_meeting', 'training'];

/** Two years of one unit's work: activities, tasks, and (for counties and townships) cases. */
async function fill(db: Database, u: Unit, scale: number, cases: number) {
  for (let i = 0; i < 6 * scale; i++) {
    await w.put('ledger_entries', {
      id: id(), unit_id: u.id, type: TYPES[rand(TYPES.length)], day: someDay(), topic: `学习${rand(500)}`, on_topic: rand(3) === 0 ? 1 : 0, others_count: 5,
      host_person_id: null, summary: null, minutes: null, plan_id: null, created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
  for (let i = 0; i < 3 * scale; i++) {
    const start = someDay();
    const due = new Date(Date.parse(start) + (10 + rand(60)) * 86_400_000).toISOString().slice(0, 10);
    const done = rand(3) > 0;
    await w.put('tasks', {
      id: id(), unit_id: u.id, unit_path: u.path, owner_person_id: null, parent_id: null, title: `任务${rand(1000)}`, content: null, source: 'superior', basis: null,
      start_day: start, due_mode: 'date', due_days: null, due_day: due, recurrence: null, last_checkin_period: null,
      status: done ? 'done' : 'in_progress', completed_day: done ? due : null, completion_note: null, created_by: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    });
  }
  for (let i = 0; i < cases; i++) {
    const received = `${someDay()}T0${rand(9)}:00:00.000Z`;
    const closed = rand(3) > 0;
    const dueClose = new Date(Date.parse(received) + 7 * 86_400_000).toISOString();
    const closedAt = closed ? new Date(Date.parse(received) + (1 + rand(9)) * 86_400_000).toISOString() : null;
    await w.put('case_events', {
      id: id(), unit_id: u.id, handling_unit_id: u.id, assigned_by_unit_id: null, title: `反映${rand(1000)}`, summary: '内容', level: 'general', category: '其他',
      status: closed ? 'closed' : 'triaged', print: '0', report_count: 1, first_received_at: received, triaged_at: received, triage_note: null, paused_at: null, pause_reason: null,
      paused_ms: 0, due_report_at: null, due_first_info_at: null, due_response_at: null, due_close_at: dueClose, due_triage_at: null, supervise_due_at: null, reported_up_at: null,
      first_info_at: null, responded_at: closedAt, closed_at: closedAt, verification_result: null, verification_note: null, measures: null, public_reply: null,
      close_requested_at: null, close_requested_by: null, close_note: null, approved_by_name: null, followup_result: null, followup_note: null, followup_at: null,
      search_terms: '', created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now, owner_path: u.path, handler_path: u.path,
    });
  }
}

const actorAt = (u: Unit): Actor => ({ accountId: 'bench', username: 'bench', displayName: '领导', role: 'leader', unitId: u.id, unitName: u.name, unitPath: u.path });

async function median(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1] };
}

/** The anchor: the cases chart's monthly received and closed counts, written by hand as one query. */
async function anchor(db: Database, u: Unit) {
  const upper = `${u.path.slice(0, -1)}0`;
  return sql`select substr(e.first_received_at, 1, 7) as m, count(*) as received, sum(case when e.status = 'closed' then 1 else 0 end) as closed
    from case_events e join units un on un.id = e.unit_id
    where un.path >= ${u.path} and un.path < ${upper} and e.archived_at is null and e.first_received_at >= ${`${YEAR}-01-01`}
    group by substr(e.first_received_at, 1, 7)`.execute(db);
}

/** BENCH_SQL=1: every statement's own run time, summed by SQL text, printed after each scope (SQLite: the statement's run; PostgreSQL: Kysely's query duration). */
const sqlTimes = new Map<string, { n: number; ms: number }>();
function timedSqlite(sqlite: SQLite.Database): SQLite.Database {
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop !== 'prepare') { const v = Reflect.get(target, prop, target); return typeof v === 'function' ? v.bind(target) : v; }
      return (source: string) => {
        const stmt = target.prepare(source);
        const timed = (fn: (...a: unknown[]) => unknown) => (...a: unknown[]) => {
          const s = performance.now();
          try { return fn.apply(stmt, a); } finally {
            const t = sqlTimes.get(source) ?? { n: 0, ms: 0 };
            t.n++; t.ms += performance.now() - s; sqlTimes.set(source, t);
          }
        };
        return new Proxy(stmt, { get(st, p) { const v = Reflect.get(st, p, st); return typeof v === 'function' && (p === 'all' || p === 'run' || p === 'get' || p === 'iterate') ? timed(v) : typeof v === 'function' ? v.bind(st) : v; } });
      };
    },
  });
}
function printSqlTimes(runs: number) {
  const top = [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
  for (const [q, t] of top) console.log(`    ${(t.ms / runs).toFixed(1)} ms/run ×${(t.n / runs).toFixed(0)}: ${q.replace(/\s+/g, ' ').slice(0, 260)}`);
  sqlTimes.clear();
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-home-'));
  const pgName = `bench_home_${process.pid}`;
  if (PG_URL) await adminQuery(PG_URL, `CREATE DATABASE ${pgName}`);
  const handle = openDb({ dataDir: dir, databaseUrl: PG_URL ? withDatabase(PG_URL, pgName) : undefined });
  const db = handle.db;
  w = rowWriter(db, id, 300);
  try {
    await migrateToLatest(db);
    const t0 = performance.now();
    const province = await w.unit(null, '某省', 'province');
    let firstCounty: Unit | null = null;
    let units = 1;
    for (let c = 0; c < cities; c++) {
      const city = await w.unit(province, `第${c + 1}市`, 'city');
      units++;
      await fill(db, city, 2, 20);
      for (let k = 0; k < countiesPerCity; k++) {
        const county = await w.unit(city, `第${c + 1}市第${k + 1}县`, 'county');
        firstCounty ??= county;
        units++;
        await fill(db, county, 3, 60);
        await w.put('annual_targets', { id: id(), unit_id: county.id, year: YEAR, scope: 'self', type: 'central_group', min_total: 12, min_on_topic: 4, min_per_quarter: 0, updated_at: now });
        for (let t = 0; t < TOWNSHIPS; t++) {
          const town = await w.unit(county, `乡镇${t + 1}`, 'township');
          units++;
          await fill(db, town, 2, 8);
          for (let v = 0; v < VILLAGES; v++) {
            await fill(db, await w.unit(town, `村${v + 1}`, 'village'), 1, 0);
            units++;
          }
        }
      }
    }
    await w.flush();
    // BENCH_ANALYZE=1: with table statistics (ANALYZE). Measured 2026-12-06 they made these plans slower, not faster.
    if (PG_URL) await sql`vacuum analyze`.execute(db);
    else if (process.env.BENCH_ANALYZE) await sql`analyze`.execute(db);
    console.log(`province: ${units} units, ${w.inserted} rows written in ${((performance.now() - t0) / 1000).toFixed(1)} s (${PG_URL ? `PostgreSQL, ${pgName}` : `SQLite, ${dir}`}); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    const timing = !process.env.BENCH_SQL ? null
      : handle.sqlite ? new Kysely<any>({ dialect: new SqliteDialect({ database: timedSqlite(handle.sqlite) }) }) as Database
        : new Kysely<any>({
          dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(PG_URL!, pgName), max: 10 }) }),
          log(e) {
            const t = sqlTimes.get(e.query.sql) ?? { n: 0, ms: 0 };
            t.n++; t.ms += e.queryDurationMillis; sqlTimes.set(e.query.sql, t);
          },
        }) as Database;
    for (const [label, u, runs] of [[`county (${firstCounty!.name}, ${1 + TOWNSHIPS * (1 + VILLAGES)} units)`, firstCounty!, 7], [`province root (${units} units)`, province, 3]] as const) {
      const f = await homeFigures(db, actorAt(u), {}, TODAY);
      const figures = await median(runs, () => homeFigures(db, actorAt(u), {}, TODAY));
      if (timing) {
        sqlTimes.clear();
        for (let i = 0; i < runs; i++) await homeFigures(timing, actorAt(u), {}, TODAY);
        console.log(`  statements of home figures (BENCH_SQL):`);
        printSqlTimes(runs);
      }
      const todos = await median(runs, () => listTodos(db, actorAt(u)));
      const hand = await median(runs, () => anchor(db, u));
      const received = f.charts.find((c) => c.key === 'cases')!.series.find((s) => s.key === 'received')!.points.reduce((a, p) => a + (p.value ?? 0), 0);
      console.log(`${label} (load ${os.loadavg()[0].toFixed(1)}):`);
      console.log(`  home figures (${f.charts.length} charts × 2 years, ${f.ranking.units.length} units ranked by ${f.ranking.indicators.length} rates): median ${figures.median.toFixed(0)} ms (min ${figures.min.toFixed(0)}, max ${figures.max.toFixed(0)}, ${runs} runs); ${received} cases received this year`);
      console.log(`  todos: median ${todos.median.toFixed(0)} ms`);
      console.log(`  anchor (hand-written monthly case counts, one GROUP BY): median ${hand.median.toFixed(1)} ms`);
    }
    if (timing && !handle.sqlite) await timing.destroy();
  } finally {
    await handle.close();
    if (!process.env.BENCH_KEEP) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (PG_URL) await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    }
  }
}

void main();
