/**
 * What the JSON API costs beyond its queries, over real HTTP on loopback: autocannon (a child
 * process, 50 connections, bounded in time) against the app serving the demo county as its
 * staff, and against a bare Fastify route in the same process that runs the very statements the
 * app's list ran for that request (captured once, replayed raw: no session, permission,
 * validation or query building) and sends the same JSON. Endpoints alternate app, bare, app …
 * so the machine's load falls on both alike.
 *
 *   npx tsx bench/http.ts [seconds per run, default 30] [connections, default 50] [--province [cities]] [--only /api/tasks]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npx tsx bench/http.ts   (a fresh database, dropped after)
 *
 * --province adds a province's worth of units and records beside the demo county (a tree of its
 * own: cities × 10 counties × 12 townships × 9 villages, 14,533 units at the default 12 cities;
 * each unit with tasks, activities and, above the villages, case events), so the server holds a
 * province while the demo county's staff use it. --only runs the endpoints
 * whose path contains the text (or one of several, comma-separated: --only people,risks,notices).
 *
 * Prints requests/s, p50 and p99 latency per endpoint and side, and app / bare; and the server's
 * resident memory (process.memoryUsage().rss sampled every 100 ms in this process, where the app
 * runs; autocannon is a child process): its peak during each endpoint's app run and overall.
 * Asserts nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import Fastify, { type FastifyInstance } from 'fastify';
import { CompiledQuery, Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { type DbHandle, openDb, withStatementCache } from '../server/db';
import type { DB } from '../server/db/schema';
import { migrateToLatest } from '../server/db/migrate';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../server/modules/demo/seed';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';
import { type BenchUnit, rowWriter } from './fill';

const flags = process.argv.slice(2);
const flagValue = (name: string) => { const i = flags.indexOf(name); return i < 0 ? undefined : flags[i + 1]; };
const positional = flags.filter((f, i) => !f.startsWith('--') && !flags[i - 1]?.startsWith('--'));
const SECONDS = Number(positional[0] ?? 30);
const CONNECTIONS = Number(positional[1] ?? 50);
const PROVINCE = flags.includes('--province') ? Number(/^\d+$/.test(flagValue('--province') ?? '') ? flagValue('--province') : 12) : 0;
const ONLY = flagValue('--only');
const PG_URL = process.env.DATABASE_URL;
/** The lists a clerk opens daily, first page as the web app asks for it. */
const ENDPOINTS = [
  '/api/cases?page=1&pageSize=20', '/api/tasks?page=1&pageSize=20', '/api/rectifications?page=1&pageSize=20', '/api/risks?page=1&pageSize=20',
  '/api/ledger/entries?page=1&pageSize=20', '/api/notices?page=1&pageSize=20', '/api/reporting/submissions?page=1&pageSize=20', '/api/people?page=1&pageSize=20',
].filter((u) => !ONLY || ONLY.split(',').some((o) => u.includes(o)));
const run = promisify(execFile);

let queryLog: ((e: LogEvent) => void) | null = null;

/** The database as openDb opens it, with a log hook the bench switches on for one request. */
function loggedDb(dataDir: string, databaseUrl?: string): DbHandle {
  const opened = openDb({ dataDir, databaseUrl });
  const dialect = databaseUrl
    ? new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 10 }) })
    : new SqliteDialect({ database: withStatementCache(opened.sqlite!) });
  const db = new Kysely<DB>({ dialect, log: (e) => queryLog?.(e) });
  return { ...opened, db, close: async () => { if (databaseUrl) await db.destroy(); await opened.close(); } };
}

interface Result { rps: number; p50: number; p99: number; non2xx: number }

/** The server's resident memory, sampled every 100 ms: the peak since the last reset and overall. */
const rss = { peak: 0, overall: 0, heapAtPeak: 0, heapPeak: 0, timer: null as NodeJS.Timeout | null };
function sampleRss() {
  const m = process.memoryUsage();
  if (m.rss > rss.peak) rss.heapAtPeak = m.heapTotal;
  rss.peak = Math.max(rss.peak, m.rss);
  rss.overall = Math.max(rss.overall, m.rss);
  rss.heapPeak = Math.max(rss.heapPeak, m.heapTotal);
}
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

/** A province's units and records beside the demo county: what the server holds at province scale. */
async function fillProvince(db: DbHandle['db'], cities: number) {
  let seq = 0;
  const newId = () => `p${(++seq).toString(36).padStart(9, '0')}`;
  const w = rowWriter(db, newId, 300);
  // A tree of its own beside the demo county's: the county's staff see their own county's lists.
  const top = await w.unit(null, '某省', 'province');
  const now = new Date().toISOString();
  const year = Number(now.slice(0, 4));
  let seed = 11;
  const rand = (n: number) => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed % n; };
  const day = () => `${year - rand(2)}-${String(1 + rand(12)).padStart(2, '0')}-${String(1 + rand(28)).padStart(2, '0')}`;
  const fill = async (u: BenchUnit, tasks: number, entries: number, cases: number) => {
    for (let i = 0; i < entries; i++) {
      await w.put('ledger_entries', {
        id: newId(), unit_id: u.id, type: 'collective_study', day: day(), topic: `学习${rand(500)}`, on_topic: rand(3) === 0 ? 1 : 0, others_count: 5,
        host_person_id: null, summary: null, minutes: null, plan_id: null, created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
      });
    }
    for (let i = 0; i < tasks; i++) {
      const start = day();
      const done = rand(3) > 0;
      await w.put('tasks', {
        id: newId(), unit_id: u.id, owner_person_id: null, parent_id: null, title: `任务${rand(1000)}`, content: null, source: 'superior', basis: null,
        start_day: start, due_mode: 'date', due_days: null, due_day: start, recurrence: null, last_checkin_period: null,
        status: done ? 'done' : 'in_progress', completed_day: done ? start : null, completion_note: null, created_by: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
      });
    }
    for (let i = 0; i < cases; i++) {
      const received = `${day()}T0${rand(9)}:00:00.000Z`;
      const closedAt = rand(10) > 0 ? received : null;
      await w.put('case_events', {
        id: newId(), unit_id: u.id, handling_unit_id: u.id, assigned_by_unit_id: null, title: `反映${rand(1000)}`, summary: '内容', level: 'general', category: '其他',
        status: closedAt ? 'closed' : 'triaged', print: '0', report_count: 1, first_received_at: received, triaged_at: received, triage_note: null, paused_at: null, pause_reason: null,
        paused_ms: 0, due_report_at: null, due_first_info_at: null, due_response_at: null, due_close_at: received, due_triage_at: null, supervise_due_at: null, reported_up_at: null,
        first_info_at: null, responded_at: closedAt, closed_at: closedAt, verification_result: null, verification_note: null, measures: null, public_reply: null,
        close_requested_at: null, close_requested_by: null, close_note: null, approved_by_name: null, followup_result: null, followup_note: null, followup_at: null,
        search_terms: '', created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now, owner_path: u.path, handler_path: u.path,
      });
    }
  };
  let units = 1;
  for (let c = 0; c < cities; c++) {
    const city = await w.unit(top, `第${c + 1}市`, 'city');
    await fill(city, 10, 10, 20);
    units++;
    for (let k = 0; k < 10; k++) {
      const county = await w.unit(city, `第${c + 1}市第${k + 1}县`, 'county');
      await fill(county, 10, 10, 60);
      units++;
      for (let t = 0; t < 12; t++) {
        const town = await w.unit(county, `乡镇${t + 1}`, 'township');
        await fill(town, 4, 4, 8);
        units++;
        for (let v = 0; v < 9; v++) { await fill(await w.unit(town, `村${v + 1}`, 'village'), 1, 2, 0); units++; }
      }
    }
  }
  await w.flush();
  return { units, rows: w.inserted };
}

/**
 * Requests the servers are still answering: autocannon gives up on a request after 10 s, but the
 * server still runs it, so the next run waits until every handler has answered (onSend is reached
 * whether or not the client is still there), else it would pay for them.
 */
let inFlight = 0;
function countInFlight(app: { addHook: FastifyInstance['addHook'] }) {
  const open = new WeakSet<object>();
  app.addHook('onRequest', async (req) => {
    inFlight++;
    open.add(req);
  });
  app.addHook('onSend', async (req, _reply, payload) => {
    if (open.delete(req)) inFlight--;
    return payload;
  });
}
async function idle() {
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
}

async function cannon(url: string, cookie: string): Promise<Result> {
  const bin = path.join(process.cwd(), 'node_modules', '.bin', 'autocannon');
  const { stdout } = await run(bin, ['-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', '-H', `cookie=${cookie}`, url], { maxBuffer: 64 << 20 });
  const r = JSON.parse(stdout);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
}

/**
 * Run in a child process (BENCH_HTTP_PREPARE): the database and the data directory's keys as a
 * server finds them at start (migrated, the demo county, the province when asked). The serving
 * process then opens them as `serve` does, so its resident memory is a server's, not that of
 * the seeding and filling before it. Prints what it built as its last line.
 */
async function prepare(dataDir: string, databaseUrl: string | undefined) {
  const handle = openDb({ dataDir, databaseUrl });
  try {
    await migrateToLatest(handle.db);
    const built = await buildApp(loadConfig({ DATA_DIR: dataDir, JOBS: 'off', HOST: '127.0.0.1' }), handle);
    await seedDemoIfEmpty(handle.db);
    let note = 'demo data';
    if (PROVINCE) {
      const t0 = performance.now();
      const p = await fillProvince(handle.db, PROVINCE);
      note = `demo data + a province beside it (${p.units} units, ${p.rows} rows, filled in ${((performance.now() - t0) / 1000).toFixed(0)} s)`;
    }
    await built.app.close();
    console.log(note);
  } finally {
    await handle.close();
  }
}

async function main() {
  if (process.env.BENCH_HTTP_PREPARE) {
    const { dataDir, databaseUrl } = JSON.parse(process.env.BENCH_HTTP_PREPARE) as { dataDir: string; databaseUrl?: string };
    return prepare(dataDir, databaseUrl);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-http-'));
  const dbName = `bench_http_${process.pid}`;
  if (PG_URL) await adminQuery(PG_URL, `CREATE DATABASE ${dbName}`);
  const databaseUrl = PG_URL ? withDatabase(PG_URL, dbName) : undefined;
  let handle: DbHandle | null = null;
  try {
    // This same script, with the same node flags (tsx), as the child that builds the database.
    const child = await run(process.execPath, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], {
      env: { ...process.env, BENCH_HTTP_PREPARE: JSON.stringify({ dataDir, databaseUrl }) }, maxBuffer: 64 << 20,
    });
    const provinceNote = child.stdout.trim().split('\n').pop();
    handle = loggedDb(dataDir, databaseUrl);
    await migrateToLatest(handle.db);
    const built = await buildApp(loadConfig({ DATA_DIR: dataDir, JOBS: 'off', HOST: '127.0.0.1' }), handle);
    rss.timer = setInterval(sampleRss, 100).unref();
    countInFlight(built.app as unknown as FastifyInstance);
    const appUrl = await built.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${appUrl}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }) });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    // Each endpoint's statements, captured from one request through the app's own (logging) Kysely.
    const captured: CompiledQuery[] = [];
    const bare = Fastify();
    countInFlight(bare);
    const replays: { url: string; statements: CompiledQuery[]; body: unknown }[] = [];
    for (const url of ENDPOINTS) {
      captured.length = 0;
      queryLog = (e) => { if (e.level === 'query') captured.push(e.query as CompiledQuery); };
      const res = await fetch(`${appUrl}${url}`, { headers: { cookie } });
      queryLog = null;
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
      // The stack's own statement (the session lookup, which joins the account) is not the list's; statements that
      // read accounts for the list (the people list's has-an-account column, rectifications' signer) are.
      const statements = captured.filter((q) => !/\bsessions\b/.test(q.sql));
      replays.push({ url, statements: [...statements], body });
      bare.get(`/bare/${replays.length - 1}`, async () => {
        for (const q of statements) await handle!.db.executeQuery(CompiledQuery.raw(q.sql, [...q.parameters]));
        return body;
      });
    }
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

    console.log(`netduty HTTP benchmark — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${PG_URL ? 'PostgreSQL' : 'SQLite'}, ${provinceNote}, signed in as the demo county's staff, node heap limit ${mb(getHeapStatistics().heap_size_limit)}`);
    console.log(`autocannon -c ${CONNECTIONS} -d ${SECONDS} per run, loopback; bare = the same statements replayed raw + the same JSON from a bare Fastify route, same process\n`);
    console.log('endpoint'.padEnd(44) + 'statements  app req/s   p50   p99   bare req/s   p50   p99   app/bare  peak RSS (app run)');
    for (let i = 0; i < replays.length; i++) {
      const r = replays[i];
      rss.peak = 0;
      rss.heapAtPeak = 0;
      const app = await cannon(`${appUrl}${r.url}`, cookie);
      await idle();
      const appPeak = rss.peak;
      const appHeap = rss.heapAtPeak;
      // BENCH_APP_ONLY=1: the app side only, e.g. under node --cpu-prof to see where its time goes.
      const b = process.env.BENCH_APP_ONLY ? { rps: NaN, p50: NaN, p99: NaN, non2xx: 0 } : await cannon(`${bareUrl}/bare/${i}`, cookie);
      await idle();
      console.log(`${r.url.padEnd(44)}${String(r.statements.length).padStart(10)}  ${app.rps.toFixed(0).padStart(9)} ${String(app.p50).padStart(5)} ${String(app.p99).padStart(5)}   ${b.rps.toFixed(0).padStart(10)} ${String(b.p50).padStart(5)} ${String(b.p99).padStart(5)}   ${((app.rps / b.rps) * 100).toFixed(0).padStart(7)}%  ${mb(appPeak).padStart(8)} (JS heap ${mb(appHeap)})${app.non2xx ? `  (app: ${app.non2xx} errors/non-2xx)` : ''}`);
    }
    clearInterval(rss.timer ?? undefined);
    console.log(`\nload after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; server RSS peak ${mb(rss.overall)} over the whole run (app and bare share the process; JS heap at most ${mb(rss.heapPeak)}), now ${mb(process.memoryUsage().rss)} (JS heap ${mb(process.memoryUsage().heapTotal)})`);
    await bare.close();
    await built.app.close();
  } finally {
    await handle?.close();
    if (PG_URL) await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
