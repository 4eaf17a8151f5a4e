/**
 * What the JSON API costs beyond its queries, over real HTTP on loopback: autocannon (a child
 * process, 50 connections, bounded in time) against the app serving the demo county as its
 * staff, and against a bare Fastify route in the same process that runs the very statements the
 * app's list ran for that request (captured once, replayed raw: no session, permission,
 * validation or query building) and sends the same JSON. Endpoints alternate app, bare, app …
 * so the machine's load falls on both alike.
 *
 *   npx tsx bench/http.ts [seconds per run, default 30] [connections, default 50]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npx tsx bench/http.ts   (a fresh database, dropped after)
 *
 * Prints requests/s, p50 and p99 latency per endpoint and side, and app / bare. Asserts nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { CompiledQuery, Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { type DbHandle, openDb, withStatementCache } from '../server/db';
import type { DB } from '../server/db/schema';
import { migrateToLatest } from '../server/db/migrate';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../server/modules/demo/seed';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';

const SECONDS = Number(process.argv[2] ?? 30);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const PG_URL = process.env.DATABASE_URL;
const ENDPOINTS = ['/api/cases?page=1&pageSize=20', '/api/tasks?page=1&pageSize=20', '/api/rectifications?page=1&pageSize=20'];
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

async function cannon(url: string, cookie: string): Promise<Result> {
  const bin = path.join(process.cwd(), 'node_modules', '.bin', 'autocannon');
  const { stdout } = await run(bin, ['-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', '-H', `cookie=${cookie}`, url], { maxBuffer: 64 << 20 });
  const r = JSON.parse(stdout);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-http-'));
  const dbName = `bench_http_${process.pid}`;
  if (PG_URL) await adminQuery(PG_URL, `CREATE DATABASE ${dbName}`);
  const handle = loggedDb(dataDir, PG_URL ? withDatabase(PG_URL, dbName) : undefined);
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({ DATA_DIR: dataDir, JOBS: 'off', HOST: '127.0.0.1' });
    const built = await buildApp(config, handle);
    await seedDemoIfEmpty(handle.db);
    const appUrl = await built.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${appUrl}/api/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }) });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    // Each endpoint's statements, captured from one request through the app's own (logging) Kysely.
    const captured: CompiledQuery[] = [];
    const bare = Fastify();
    const replays: { url: string; statements: CompiledQuery[]; body: unknown }[] = [];
    for (const url of ENDPOINTS) {
      captured.length = 0;
      queryLog = (e) => { if (e.level === 'query') captured.push(e.query as CompiledQuery); };
      const res = await fetch(`${appUrl}${url}`, { headers: { cookie } });
      queryLog = null;
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
      // The stack's own statements (session, account) are not the list's.
      const statements = captured.filter((q) => !/\b(sessions|accounts)\b/.test(q.sql));
      replays.push({ url, statements: [...statements], body });
      bare.get(`/bare/${replays.length - 1}`, async () => {
        for (const q of statements) await handle.db.executeQuery(CompiledQuery.raw(q.sql, [...q.parameters]));
        return body;
      });
    }
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

    console.log(`netduty HTTP benchmark — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${PG_URL ? 'PostgreSQL' : 'SQLite'}, demo data, signed in as the demo county's staff`);
    console.log(`autocannon -c ${CONNECTIONS} -d ${SECONDS} per run, loopback; bare = the same statements replayed raw + the same JSON from a bare Fastify route, same process\n`);
    console.log('endpoint'.padEnd(44) + 'statements  app req/s   p50   p99   bare req/s   p50   p99   app/bare');
    for (let i = 0; i < replays.length; i++) {
      const r = replays[i];
      const app = await cannon(`${appUrl}${r.url}`, cookie);
      // BENCH_APP_ONLY=1: the app side only, e.g. under node --cpu-prof to see where its time goes.
      const b = process.env.BENCH_APP_ONLY ? { rps: NaN, p50: NaN, p99: NaN, non2xx: 0 } : await cannon(`${bareUrl}/bare/${i}`, cookie);
      console.log(`${r.url.padEnd(44)}${String(r.statements.length).padStart(10)}  ${app.rps.toFixed(0).padStart(9)} ${String(app.p50).padStart(5)} ${String(app.p99).padStart(5)}   ${b.rps.toFixed(0).padStart(10)} ${String(b.p50).padStart(5)} ${String(b.p99).padStart(5)}   ${((app.rps / b.rps) * 100).toFixed(0).padStart(7)}%${app.non2xx ? `  (app: ${app.non2xx} errors/non-2xx)` : ''}`);
    }
    console.log(`\nload after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; server RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (app and bare share it)`);
    await bare.close();
    await built.app.close();
  } finally {
    await handle.close();
    if (PG_URL) await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
