/**
 * What a list page costs per request through the whole stack (session cookie, CSRF and
 * two-factor checks, permission, validation, scope, query, serialisation), against anchors
 * measured in the same process and interleaved with it, so a busy machine slows all alike:
 *
 *   api   GET /api/tasks and GET /api/people of a county, through app.inject with a signed-in session
 *   hand  the same list query written by hand (count, page of 20, the rows' extras) on the same database
 *   bare  a bare Fastify route that does nothing, through inject
 *
 *   npx tsx bench/requests.ts [records per list, default 3000] [seconds, default 30]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npx tsx bench/requests.ts   (a fresh database, dropped after)
 *
 * Prints median and p95 per call and the ratios api / hand and api − hand (what the stack adds).
 * Asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { type Database, openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { newId, nowIso } from '../server/platform/ids';
import { hashPassword } from '../server/platform/passwords';
import { subtreeUpperBound } from '../server/platform/scope';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';

const RECORDS = Number(process.argv[2] ?? 3000);
const SECONDS = Number(process.argv[3] ?? 30);
const PG_URL = process.env.DATABASE_URL;
const PASSWORD = 'Bench@2026x';

async function seed(db: Database) {
  const now = nowIso();
  const unit = (parent: { id: string; path: string; depth: number } | null, name: string, kind: string) => {
    const id = newId();
    return { id, parent_id: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0, name, kind, code: null, sort_order: 0, archived_at: null, version: 0, created_at: now, updated_at: now };
  };
  const county = unit(null, '基准县', 'county');
  const towns = Array.from({ length: 12 }, (_, i) => unit(county, `第${i + 1}镇`, 'township'));
  const villages = towns.flatMap((t, i) => Array.from({ length: 5 }, (_, j) => unit(t, `第${i + 1}镇${j + 1}村`, 'village')));
  const units = [county, ...towns, ...villages];
  await db.insertInto('units').values(units).execute();
  const accountId = newId();
  await db.insertInto('accounts').values({
    id: accountId, username: 'bench_leader', password_hash: await hashPassword(PASSWORD), display_name: '基准领导', role: 'leader', unit_id: county.id,
    person_id: null, disabled: 0, locked_until: null, last_login_at: null, password_changed_at: now, version: 0, created_at: now, updated_at: now,
  }).execute();
  const people = Array.from({ length: RECORDS }, (_, i) => ({
    id: newId(), unit_id: units[i % units.length].id, name: `人员${i}`, position: i % 3 ? '联络员' : '书记', phone: `1390000${String(i).padStart(4, '0')}`,
    archived_at: null, version: 0, created_at: now, updated_at: now,
  }));
  for (let i = 0; i < people.length; i += 500) await db.insertInto('people').values(people.slice(i, i + 500)).execute();
  const tasks = Array.from({ length: RECORDS }, (_, i) => ({
    id: newId(), unit_id: units[i % units.length].id, unit_path: units[i % units.length].path, owner_person_id: people[i % people.length].id, parent_id: null, title: `任务${i}`, content: '按要求落实', source: 'self', basis: null,
    start_day: '2026-11-01', due_mode: 'date', due_days: null, due_day: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`, recurrence: null, last_checkin_period: null,
    status: i % 4 ? 'in_progress' : 'done', completed_day: null, completion_note: null, created_by: accountId, archived_at: null, version: 0, created_at: now, updated_at: now,
  }));
  for (let i = 0; i < tasks.length; i += 500) await db.insertInto('tasks').values(tasks.slice(i, i + 500)).execute();
  const progress = tasks.slice(0, RECORDS / 2).map((t, i) => ({ id: newId(), task_id: t.id, day: '2026-11-20', note: `进展${i}`, period: null, author_name: '基准领导', author_unit_id: county.id, created_at: now }));
  for (let i = 0; i < progress.length; i += 500) await db.insertInto('task_progress').values(progress.slice(i, i + 500)).execute();
  return county;
}

/** The tasks list as the service runs it, by hand: count, first page of 20, their latest progress. */
async function tasksByHand(db: Database, p: string) {
  const hi = subtreeUpperBound(p);
  const n = await sql<{ n: number }>`select count(*) as n from tasks t join units u on u.id = t.unit_id where u.path >= ${p} and u.path < ${hi} and t.archived_at is null`.execute(db);
  const rows = await sql<{ id: string }>`
    select t.*, u.name as unit_name, u.path as unit_path, p.name as owner_name, pu.name as parent_unit_name,
      (select count(*) from tasks c where c.parent_id = t.id and c.archived_at is null) as child_count,
      (select count(*) from tasks c where c.parent_id = t.id and c.archived_at is null and c.status = 'done') as child_done
    from tasks t join units u on u.id = t.unit_id left join people p on p.id = t.owner_person_id
      left join tasks pt on pt.id = t.parent_id left join units pu on pu.id = pt.unit_id
    where u.path >= ${p} and u.path < ${hi} and t.archived_at is null
    order by case when t.status = 'done' then 1 else 0 end, coalesce(t.due_day, '9999-12-31'), t.created_at desc limit 20 offset 0`.execute(db);
  const ids = rows.rows.map((r) => r.id);
  const latest = await sql`select task_id, day, note, created_at from task_progress where task_id in (${sql.join(ids)}) order by day, created_at`.execute(db);
  return JSON.stringify({ total: n.rows[0].n, items: rows.rows, latest: latest.rows });
}

async function peopleByHand(db: Database, p: string) {
  const hi = subtreeUpperBound(p);
  const n = await sql<{ n: number }>`select count(*) as n from people p join units u on u.id = p.unit_id where u.path >= ${p} and u.path < ${hi} and p.archived_at is null`.execute(db);
  const rows = await sql`
    select p.*, u.name as unit_name, u.path as unit_path, (select count(*) from accounts a where a.person_id = p.id) as has_account
    from people p join units u on u.id = p.unit_id
    where u.path >= ${p} and u.path < ${hi} and p.archived_at is null order by u.path, p.name limit 20 offset 0`.execute(db);
  return JSON.stringify({ total: n.rows[0].n, items: rows.rows });
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p95: at(0.95) };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-requests-'));
  const pgName = `bench_requests_${process.pid}`;
  let databaseUrl: string | undefined;
  if (PG_URL) {
    await adminQuery(PG_URL, `CREATE DATABASE ${pgName}`);
    databaseUrl = withDatabase(PG_URL, pgName);
  }
  const handle = openDb({ databaseUrl, dataDir });
  const bare = Fastify();
  bare.get('/noop', async () => ({ ok: true }));
  try {
    await migrateToLatest(handle.db);
    const county = await seed(handle.db);
    const config = loadConfig({ DATA_DIR: dataDir, JOBS: 'off', TWO_FACTOR_ROLES: '' }, { databaseUrl });
    const { app } = await buildApp(config, handle);
    await app.ready();
    await bare.ready();
    const signIn = await app.inject({ method: 'POST', url: '/api/session/login', payload: { username: 'bench_leader', password: PASSWORD } });
    if (signIn.statusCode !== 200) throw new Error(`登录失败 ${signIn.statusCode} ${signIn.body}`);
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const get = (url: string) => async () => {
      const r = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return r.body;
    };
    const probes: Record<string, () => Promise<unknown>> = {
      'api  GET /api/tasks': get('/api/tasks'),
      'hand tasks query': () => tasksByHand(handle.db, county.path),
      'api  GET /api/people': get('/api/people'),
      'hand people query': () => peopleByHand(handle.db, county.path),
      'bare Fastify route': async () => (await bare.inject({ method: 'GET', url: '/noop' })).body,
    };
    // The API and the hand-written query find the same rows.
    const total = (JSON.parse((await get('/api/tasks')()) as string) as { total: number }).total;
    if (total !== RECORDS) throw new Error(`任务总数 ${total}，应为 ${RECORDS}`);
    const names = Object.keys(probes);
    const samples = new Map(names.map((n) => [n, [] as number[]]));
    const deadline = Date.now() + SECONDS * 1000;
    let round = 0;
    while (Date.now() < deadline && round < 5000) {
      // Rotate the order each round so no probe always follows the same one.
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + round) % names.length];
        const t0 = process.hrtime.bigint();
        await probes[name]();
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (round >= 20) samples.get(name)!.push(ms); // the first rounds warm up
      }
      round++;
    }
    console.log(`${PG_URL ? 'PostgreSQL' : 'SQLite'}; ${RECORDS} tasks and ${RECORDS} people in a county of ${1 + 12 + 60} units; ${round - 20} interleaved rounds (${SECONDS} s budget); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const st = Object.fromEntries(names.map((n) => [n, stats(samples.get(n)!)]));
    for (const n of names) console.log(`${n.padEnd(22)} median ${st[n].median.toFixed(2).padStart(7)} ms   p95 ${st[n].p95.toFixed(2).padStart(7)} ms   (${st[n].n})`);
    for (const [api, hand] of [['api  GET /api/tasks', 'hand tasks query'], ['api  GET /api/people', 'hand people query']]) {
      const a = st[api], h = st[hand];
      console.log(`${api.slice(5)}: api / hand ${(a.median / h.median).toFixed(2)}× (p95 ${(a.p95 / h.p95).toFixed(2)}×); the stack adds ${(a.median - h.median).toFixed(2)} ms a request (a bare route costs ${st['bare Fastify route'].median.toFixed(2)} ms)`);
    }
    await app.close();
  } finally {
    await bare.close();
    await handle.close();
    if (PG_URL) await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
