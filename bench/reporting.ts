/**
 * 报告制度 at province scale, in a temporary database this script fills itself: monthly and
 * quarterly schedules for every unit and three years of submissions. Times the province root's
 * rates for one period, one county's matrix (its units × 12 periods) and the scheduler creating
 * one month's expected submissions for every unit, each beside a hand-written SQL anchor of the
 * same work (the same query shape on the same indexes) timed in the same run; prints netduty,
 * the anchor and netduty / anchor. Asserts nothing.
 *   npx tsx bench/reporting.ts [cities=14] [countiesPerCity=7] [townships=12] [villages=10] [years=3] [repeat=7]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npx tsx bench/reporting.ts …
 *     (PostgreSQL: a fresh database bench_reporting_<pid> on that server, dropped at the end
 *     unless BENCH_KEEP is set; vacuumed and analysed after the fill, as autovacuum would)
 * The defaults give 1 + 14 + 98 + 1,176 + 11,760 = 13,049 units (targets: rates < 200 ms,
 * matrix < 50 ms, scheduler month < 5 s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { nextPeriodKey, periodRange } from '../common/reporting';
import { type Database, openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { childFigures, matrixOf, missingUnits } from '../server/modules/reporting/figures';
import { runSchedule } from '../server/modules/reporting/scheduler';
import { WorkCalendar } from '../server/platform/calendar';
import { subtreeUpperBound } from '../server/platform/scope';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';
import { startAsTheApp } from './setup';

const [CITIES, COUNTIES, TOWNSHIPS, VILLAGES, YEARS, REPEAT] = [14, 7, 12, 10, 3, 7].map((d, i) => Number(process.argv[2 + i] ?? d));
startAsTheApp();
const PG_URL = process.env.DATABASE_URL;

let seed = 7;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed % n;
};
let idSeq = 0;
const id = () => `r${(++idSeq).toString(36).padStart(9, '0')}`;
const now = new Date().toISOString();

interface Unit { id: string; path: string; depth: number; kind: string }
const units: Unit[] = [];
const rows = new Map<string, Record<string, unknown>[]>();
async function put(db: Database, table: string, row: Record<string, unknown>, batch = 300) {
  const b = rows.get(table) ?? [];
  b.push(row);
  rows.set(table, b);
  if (b.length >= batch) await flushTable(db, table);
}
async function flushTable(db: Database, table: string) {
  const b = rows.get(table) ?? [];
  if (b.length) await db.insertInto(table as never).values(b as never).execute();
  rows.set(table, []);
}

async function unit(db: Database, parent: Unit | null, kind: string): Promise<Unit> {
  const u = { id: id(), path: '', depth: parent ? parent.depth + 1 : 0, kind };
  u.path = `${parent?.path ?? '/'}${u.id}/`;
  units.push(u);
  await put(db, 'units', { id: u.id, parent_id: parent?.id ?? null, path: u.path, depth: u.depth, name: `${kind}${u.id.slice(-5)}`, kind, code: null, sort_order: 0, archived_at: null, version: 0, created_at: now, updated_at: now });
  return u;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; out: T }> {
  const t = performance.now();
  const out = await fn();
  return { ms: performance.now() - t, out };
}
/** Runs api and anchor alternately (a first cold call of each is not counted); medians in ms. */
async function compare(label: string, api: () => Promise<unknown>, anchor: () => Promise<unknown>) {
  await api();
  await anchor();
  const a: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    a.push((await timed(api)).ms);
    h.push((await timed(anchor)).ms);
  }
  console.log(`${label.padEnd(44)} netduty median ${median(a).toFixed(1).padStart(8)} ms (max ${Math.max(...a).toFixed(1)})   anchor (hand-written SQL) ${median(h).toFixed(1).padStart(8)} ms   netduty / anchor ${(median(a) / median(h)).toFixed(2)}×`);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-reporting-'));
  const pgName = `bench_reporting_${process.pid}`;
  if (PG_URL) await adminQuery(PG_URL, `CREATE DATABASE ${pgName}`);
  const handle = openDb({ dataDir: dir, databaseUrl: PG_URL ? withDatabase(PG_URL, pgName) : undefined });
  const db = handle.db;
  await migrateToLatest(db);
  const t0 = performance.now();

  // The province.
  const province = await unit(db, null, 'province');
  const counties: Unit[] = [];
  for (let c = 0; c < CITIES; c++) {
    const city = await unit(db, province, 'city');
    for (let k = 0; k < COUNTIES; k++) {
      const county = await unit(db, city, 'county');
      counties.push(county);
      for (let t = 0; t < TOWNSHIPS; t++) {
        const town = await unit(db, county, 'township');
        for (let v = 0; v < VILLAGES; v++) await unit(db, town, 'village');
      }
    }
  }
  await flushTable(db, 'units');
  const targets = units.filter((u) => u.id !== province.id);

  // Monthly and quarterly schedules of the province for all its units, YEARS years back from last month.
  const lastMonth = periodRange('monthly', new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 7)).from.slice(0, 7);
  const firstYear = Number(lastMonth.slice(0, 4)) - YEARS + 1;
  const schedule = (name: string, cycle: string, form: string, through: string) => ({
    id: id(), unit_id: province.id, name, form_id: form, target_mode: 'all', target_kinds_json: '[]', target_unit_ids_json: '[]', cycle, watch_only: 0,
    starts_on: `${firstYear}-01-01`, ends_on: null, open_before_end_days: null, due_mode: 'working_days', due_n: 5, due_date: null, lock_after_days: null,
    created_through: through, created_by: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
  });
  const monthly = schedule('月报', 'monthly', 'builtin-monthly', lastMonth);
  const quarterly = schedule('季度报告', 'quarterly', 'builtin-quarterly', `${lastMonth.slice(0, 4)}-Q${Math.ceil(Number(lastMonth.slice(5, 7)) / 3)}`);
  await db.insertInto('report_schedules').values([monthly, quarterly]).execute();
  const calendar = await WorkCalendar.load(db);

  let subs = 0;
  const fill = async (s: typeof monthly, version: string) => {
    for (let key = s.cycle === 'monthly' ? `${firstYear}-01` : `${firstYear}-Q1`; key <= s.created_through!; key = nextPeriodKey(s.cycle as 'monthly', key)) {
      const r = periodRange(s.cycle as 'monthly', key);
      const due = new Date(Date.parse(`${calendar.addWorkdays(r.to, 5)}T15:59:59.999Z`)).toISOString();
      for (const u of targets) {
        const x = rand(100);
        const first = x < 5 ? null : new Date(Date.parse(due) + (x < 15 ? 2 : -3) * 86_400_000).toISOString();
        await put(db, 'report_submissions', {
          id: id(), schedule_id: s.id, unit_id: u.id, unit_path: u.path, period_key: key, period_from: r.from, period_to: r.to, form_version_id: version, opens_at: `${r.from}T00:00:00.000Z`,
          due_at: due, locks_at: null, status: x < 5 ? 'expected' : x < 8 ? 'returned' : x < 60 ? 'signed' : 'submitted', nil: x >= 15 && x < 30 ? 1 : 0, values_json: '{}',
          first_submitted_at: first, submitted_at: first, submitted_by: null, reviewed_at: null, reviewed_by: null, return_reason: null, reopen_reason: null, reopen_requested_at: null,
          version: 0, created_at: now, updated_at: now,
        }, 400);
        subs++;
      }
    }
    await flushTable(db, 'report_submissions');
  };
  await fill(monthly, 'builtin-monthly-v1');
  await fill(quarterly, 'builtin-quarterly-v1');
  if (PG_URL) await sql`vacuum analyze`.execute(db);
  else await sql`analyze`.execute(db);
  const size = PG_URL ? Number((await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(db)).rows[0].n) : fs.statSync(path.join(dir, 'netduty.db')).size;
  console.log(`${PG_URL ? 'PostgreSQL' : 'SQLite'}: units ${units.length} (counties ${counties.length}), schedules 2, submissions ${subs}, periods ${firstYear}-01…${lastMonth}; filled in ${((performance.now() - t0) / 1000).toFixed(0)} s, database ${(size / 1e6).toFixed(0)} MB; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const at = new Date().toISOString();
  const period = lastMonth;
  const [lo, hi] = [province.path, subtreeUpperBound(province.path)];
  // The rates' one range: the root's subtree below it, grouped by the child each path passes through.
  const slash = sql.raw(`${PG_URL ? 'strpos' : 'instr'}(substr(s.unit_path, ${province.path.length + 1}), '/')`);
  const ratesSql = (prefix: ReturnType<typeof sql.raw>) => sql`${prefix} select c.id, c.name, g.* from (
      select s.child_path, ${countSql('')}, sum(case when s.unit_path <> s.child_path then 1 else 0 end)
      from (select substr(s.unit_path, 1, ${sql.raw(String(province.path.length))} + ${slash}) as child_path, s.unit_path, s.status, s.nil, s.first_submitted_at, s.due_at
        from report_submissions s where s.schedule_id = ${monthly.id} and s.period_key = ${period} and s.unit_path >= ${lo} and s.unit_path < ${hi} and s.unit_path > ${lo}) s
      group by s.child_path) g
    join units c on c.path = g.child_path`;
  const countSql = (group: string) => sql.raw(`count(*), sum(case when s.first_submitted_at is not null and s.first_submitted_at <= '${at}' and s.status <> 'returned' and s.nil = 0 and s.first_submitted_at <= s.due_at then 1 else 0 end),
    sum(case when s.first_submitted_at is not null and s.first_submitted_at <= '${at}' and s.status <> 'returned' and s.nil = 0 and s.first_submitted_at > s.due_at then 1 else 0 end),
    sum(case when s.first_submitted_at is not null and s.first_submitted_at <= '${at}' and s.status <> 'returned' and s.nil = 1 then 1 else 0 end),
    sum(case when s.first_submitted_at is not null and s.first_submitted_at <= '${at}' and s.status = 'returned' then 1 else 0 end),
    sum(case when (s.first_submitted_at is null or s.first_submitted_at > '${at}') and s.due_at < '${at}' then 1 else 0 end),
    sum(case when s.first_submitted_at is not null and s.first_submitted_at <= '${at}' and s.first_submitted_at <= s.due_at then 1 else 0 end)${group}`);

  // 1. The province root's rates for one period: each city (the total is their sum) and the missing units, as GET /api/reporting/rates computes them.
  await compare(`root rates, ${period} (${targets.length} expected)`, async () => {
    await childFigures(db, monthly.id, period, province, at);
    await missingUnits(db, monthly.id, period, province.path, at);
  }, async () => {
    await ratesSql(sql.raw('')).execute(db);
    await sql`select s.id, u.id, u.name from report_submissions s join units u on u.id = s.unit_id where s.schedule_id = ${monthly.id} and s.period_key = ${period}
      and s.unit_path >= ${lo} and s.unit_path < ${hi} and (s.first_submitted_at is null or s.first_submitted_at > ${at}) and s.due_at < ${at} order by s.unit_path limit 1000`.execute(db);
  });

  // 2. A county's matrix: its units × the last 12 periods.
  const county = counties[Math.floor(counties.length / 2)];
  const m = await matrixOf(db, monthly, county.path, 12, undefined, at);
  const keys = m.periods.map((p) => p.key);
  await compare(`county matrix (${m.units.length} units × ${keys.length} periods)`, () => matrixOf(db, monthly, county.path, 12, undefined, at), async () => {
    await sql`with recursive p(k, n) as (
        select (select max(period_key) from report_submissions where schedule_id = ${monthly.id} and period_key <= ${lastMonth}), 1
        union all
        select (select max(period_key) from report_submissions where schedule_id = ${monthly.id} and period_key < p.k), p.n + 1 from p where p.k is not null and p.n < 12
      ) select k from p where k is not null`.execute(db);
    await sql`select s.id, s.unit_id, s.unit_path, s.period_key, s.status, s.nil, s.first_submitted_at, s.due_at from report_submissions s
      where s.schedule_id = ${monthly.id} and s.period_key in (${sql.join(keys)}) and s.unit_path >= ${county.path} and s.unit_path < ${subtreeUpperBound(county.path)} order by s.unit_path`.execute(db);
    await sql`select id, name from units where path >= ${county.path} and path < ${subtreeUpperBound(county.path)}`.execute(db);
  });

  // 3. The scheduler creating one month's expected submissions for every unit (runSchedule), against one INSERT … SELECT of the same rows, each for a month of its own.
  const sched = await db.selectFrom('report_schedules').selectAll().where('id', '=', monthly.id).executeTakeFirstOrThrow();
  const nextMonth = nextPeriodKey('monthly', lastMonth);
  const api = await timed(() => runSchedule(db, sched, periodRange('monthly', nextMonth).from, calendar));
  const after = nextPeriodKey('monthly', nextMonth);
  const r = periodRange('monthly', after);
  const hand = await timed(() => sql`insert into report_submissions (id, schedule_id, unit_id, unit_path, period_key, period_from, period_to, form_version_id, opens_at, due_at, locks_at, status, nil, values_json, version, created_at, updated_at)
    select 'h' || u.id, ${monthly.id}, u.id, u.path, ${after}, ${r.from}, ${r.to}, 'builtin-monthly-v1', ${`${r.from}T00:00:00.000Z`}, ${`${r.to}T15:59:59.999Z`}, null, 'expected', 0, '{}', 0, ${now}, ${now}
    from units u where u.path >= ${lo} and u.path < ${hi} and u.id <> ${province.id} and u.archived_at is null
    on conflict (schedule_id, unit_id, period_key) do nothing`.execute(db));
  console.log(`${'scheduler: one month for every unit'.padEnd(44)} netduty ${api.ms.toFixed(0).padStart(8)} ms (${api.out} rows)   anchor INSERT…SELECT ${hand.ms.toFixed(0).padStart(6)} ms (${Number(hand.out.numAffectedRows ?? 0)} rows)   netduty / anchor ${(api.ms / hand.ms).toFixed(2)}×`);
  const again = await timed(() => runSchedule(db, { ...sched, created_through: lastMonth }, periodRange('monthly', nextMonth).from, calendar));
  console.log(`${'scheduler: the same month again (no rows)'.padEnd(44)} netduty ${again.ms.toFixed(0).padStart(8)} ms (${again.out} rows); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  if (process.env.BENCH_EXPLAIN) {
    const explain = sql.raw(PG_URL ? 'explain (analyze, buffers)' : 'explain query plan');
    for (const q of [
      ratesSql(explain),
      sql`${explain} select s.id, s.unit_id, s.unit_path, s.period_key, s.status, s.nil, s.first_submitted_at, s.due_at from report_submissions s
        where s.schedule_id = ${monthly.id} and s.period_key in (${sql.join(keys)}) and s.unit_path >= ${county.path} and s.unit_path < ${subtreeUpperBound(county.path)} order by s.unit_path`,
    ]) console.log((await q.execute(db)).rows.map((r) => Object.values(r as object).join(' ')).join('\n'));
  }
  await handle.close();
  if (process.env.BENCH_KEEP) console.log(`kept ${PG_URL ? pgName : dir}`);
  else {
    if (PG_URL) await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
