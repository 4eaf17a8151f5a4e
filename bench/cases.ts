/**
 * Cases benchmark. Prints figures; asserts nothing.
 *
 *   npx tsx bench/cases.ts [--items 100000] [--open 100000] [--cases 1000000] [--only intake|memory|scale] [--repeat 5] [--explain] [--keep] [--reuse <file|db>] [--skip-old-root] [--root-figures] [--root-summary] [--calls <labels>]
 *   ALT_INTAKE=<other tree>/server/modules/cases/intake.ts npx tsx bench/cases.ts --only intake …   (lists alternate between the two versions)
 *   DATABASE_URL=postgres://user@host:port/db npx tsx bench/cases.ts …   (PostgreSQL: a fresh database
 *   bench_cases_<pid>_<part> is created on that server for each part and dropped at the end)
 *
 * 1. Grouping through the real intake: generated Chinese reports (distinct reports sharing topic
 *    words; second reports in Traditional, full-width or with small edits) go through `intake()`
 *    into a fresh migrated database, in batches inside transactions, with the unit tree of a
 *    province that already holds `--open` open events (default 100,000, written in bulk before the
 *    clock starts, with their band rows). The same texts also go through the in-memory index, as
 *    bench/grouping.ts does, holding the same open events.
 * 2. Scale (`--root-figures` adds the province root's year figures, seconds a call): a province of `--cases` events (one report each, one in ten with a second report),
 *    search terms and full-text index, MinHash band rows of the open ones, written with bulk
 *    inserts; then one county admin's list, filters, search, count and figures are timed through
 *    the real service functions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { DEFAULT_CATEGORIES, eventQuery, CASE_SOURCES, type CaseSource } from '../common/cases';
import { type Database, type DbHandle, openDb, withNamedStatements, withStatementCache } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { loadConfig } from '../server/config';
import type { DB } from '../server/db/schema';
import type { Actor } from '../server/platform/context';
import { systemCtx } from '../server/platform/context';
import { inSubtreeOf } from '../server/platform/scope';
import { caseFigures, SETTLED_AT_SQL, SETTLED_FLAGS_SQL } from '../server/modules/cases/figures';
import { bandNumbers, intakeMany, scopeOfPath, termsOf, mergeRecentBands } from '../server/modules/cases/intake';
import { unitKeysOf } from '../server/modules/cases/unit-keys';
import { bandId, bandIdText, idOfBand } from '../server/modules/cases/band-ids';
import { EVENT_COUNT_CAP, listEvents } from '../server/modules/cases/search';
import { endOfShanghaiDay } from '../server/platform/calendar';
import { newId, shanghaiDayStartUtc } from '../server/platform/ids';
import { subtreeUpperBound } from '../server/platform/scope';
import { referenceFigureRows, referenceList } from '../test/helpers/cases-reference';
import { DEFAULT_THRESHOLD } from '../server/modules/cases/settings';
import { bandKeys, bandsOf, minhash, MinHashIndex, profile, textPrint } from '../server/text/minhash';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';
import { original, type Report, rng, TOWNS, variant } from './case-texts';
import { startAsTheApp } from './setup';
import { generate } from '../server/modules/documents/generate';
import { summarySections } from '../server/platform/modules';

// ---------------------------------------------------------------------------------------------
// Arguments

const argv = process.argv.slice(2);
function arg(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : fallback;
}
const flag = (name: string) => argv.includes(`--${name}`);
const ITEMS = Number(arg('items', '100000'));
/** Open events already in the province when intake starts (issue 16: 100,000 reports into 100,000 open events). */
const OPEN_EVENTS = Number(arg('open', '100000'));
const CASES = Number(arg('cases', '1000000'));
const ONLY = arg('only', '');
const REPEAT = Number(arg('repeat', '5'));
/** SQLite's checkpoints as the server takes them from the environment (SQLITE_CHECKPOINTS, SQLITE_WAL_MAX_MB). */
const { sqliteCheckpoints, sqliteWalMaxMb } = loadConfig();
const BATCH = Number(arg('batch', '500'));
const EXPLAIN = flag('explain');
/** `--calls 'county: first,county: page'`: only the scale part's calls whose label contains one of these. */
const CALLS = arg('calls', '').split(',').filter(Boolean);
const KEEP = flag('keep');
/** A province kept by an earlier `--keep` run (the SQLite file, or the PostgreSQL database name): measure it again without building. */
const REUSE = arg('reuse', '');
const PG_URL = process.env.DATABASE_URL;

const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (s = '') => console.log(s);
/** CPU time (user + system) of this process since `from`, in ms. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

// ---------------------------------------------------------------------------------------------
// A fresh database per part

interface BenchDb {
  handle: DbHandle;
  db: Database;
  name: string;
  size(): Promise<number>;
  drop(): Promise<void>;
}


async function freshDb(part: string): Promise<BenchDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `netduty-bench-${part}-`));
  if (PG_URL) {
    const name = `bench_cases_${process.pid}_${part}`;
    await adminQuery(PG_URL, `CREATE DATABASE ${name}`);
    const handle = openDb({ databaseUrl: withDatabase(PG_URL, name), dataDir });
    await migrateToLatest(handle.db);
    return {
      handle, db: handle.db, name: `PostgreSQL database ${name}`,
      async size() {
        const r = await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(handle.db);
        return Number(r.rows[0].n);
      },
      async drop() {
        await handle.close();
        if (!KEEP) await adminQuery(PG_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const handle = openDb({ dataDir, sqliteCheckpoints, sqliteWalMaxMb });
  await migrateToLatest(handle.db);
  const file = path.join(dataDir, 'netduty.db');
  return {
    handle, db: handle.db, name: `SQLite ${file}`,
    async size() {
      handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      return fs.statSync(file).size;
    },
    async drop() {
      await handle.close();
      if (!KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
      else log(`kept ${file}`);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The unit tree of a province: 1 province → 14 cities → 7 counties each → 12 townships each → 10 villages each

interface Unit { id: string; path: string; name: string; depth: number; parent: Unit | null; children: Unit[] }

const CITIES = 14;
const COUNTIES_PER_CITY = 7;
const TOWNSHIPS_PER_COUNTY = 12;
const VILLAGES_PER_TOWNSHIP = 10;

async function buildTree(db: Database | null) {
  const now = new Date().toISOString();
  const all: Unit[] = [];
  const rows: DB['units'][] = [];
  const add = (parent: Unit | null, name: string, kind: string): Unit => {
    const id = newId();
    const u: Unit = { id, path: `${parent?.path ?? '/'}${id}/`, name, depth: parent ? parent.depth + 1 : 0, parent, children: [] };
    parent?.children.push(u);
    all.push(u);
    rows.push({
      id, parent_id: parent?.id ?? null, path: u.path, depth: u.depth, name, kind, code: null, sort_order: parent?.children.length ?? 0,
      archived_at: null, version: 0, created_at: now, updated_at: now,
    } as DB['units']);
    return u;
  };
  const province = add(null, '某省网信办', 'other');
  const counties: Unit[] = [];
  const townships: Unit[] = [];
  for (let c = 0; c < CITIES; c++) {
    const city = add(province, `第${c + 1}市网信办`, 'other');
    for (let k = 0; k < COUNTIES_PER_CITY; k++) {
      const county = add(city, `第${c + 1}市第${k + 1}县网信办`, 'county');
      counties.push(county);
      for (let t = 0; t < TOWNSHIPS_PER_COUNTY; t++) {
        const township = add(county, `${county.name.slice(0, -3)}${TOWNS[t % TOWNS.length]}`, 'township');
        townships.push(township);
        for (let v = 0; v < VILLAGES_PER_TOWNSHIP; v++) add(township, `${township.name}第${v + 1}村`, 'village');
      }
    }
  }
  if (db) for (let i = 0; i < rows.length; i += 500) await db.insertInto('units').values(rows.slice(i, i + 500) as any).execute();
  return { province, cities: province.children, counties, townships, all };
}

/** The reports of part 1, made before any clock starts (making Traditional variants is not grouping). */
function makeInputs(tree: Awaited<ReturnType<typeof buildTree>>) {
  const rand = rng(11);
  const recent: { r: Report; unit: Unit }[] = [];
  const inputs: { unit: Unit; r: Report }[] = [];
  let seconds = 0;
  for (let i = 0; i < ITEMS; i++) {
    // Four in ten reports repeat a recent one (the same unit or the county above it).
    if (recent.length && rand(10) < 4) {
      const o = recent[rand(recent.length)];
      const unit = o.unit.depth === 3 && rand(3) === 0 ? o.unit.parent! : o.unit;
      inputs.push({ unit, r: variant(o.r, rand) });
      seconds++;
    } else {
      const county = tree.counties[rand(tree.counties.length)];
      const unit = rand(2) ? county : county.children[rand(county.children.length)];
      const r = original(rand);
      inputs.push({ unit, r });
      recent.push({ r, unit });
      if (recent.length > 5000) recent.splice(0, 1000);
    }
  }
  log(`generated: ${fmt(inputs.length)} reports, of which ${fmt(seconds)} are second reports of an earlier one; ${fmt(tree.all.length)} units`);
  return inputs;
}

/**
 * The open events a province holds when intake starts: distinct reports (another seed than the
 * intake's), each the one report of an open event of a county (40%), township (45%) or village
 * (15%), received in the two months before intake's first report. Deterministic for a tree.
 */
function makeOpen(tree: Awaited<ReturnType<typeof buildTree>>) {
  const rand = rng(29);
  const out: { unit: Unit; r: Report; at: number }[] = [];
  for (let i = 0; i < OPEN_EVENTS; i++) {
    const county = tree.counties[rand(tree.counties.length)];
    const township = county.children[rand(county.children.length)];
    const x = rand(100);
    const unit = x < 40 ? county : x < 85 ? township : township.children[rand(township.children.length)];
    out.push({ unit, r: original(rand), at: Date.UTC(2026, 0, 1) - 1000 - rand(60 * DAY) });
  }
  return out;
}

/** Writes the open events of makeOpen() in bulk (as the scale part writes its province): events, reports, terms, search rows, band rows. */
async function preloadOpen(bdb: BenchDb, open: ReturnType<typeof makeOpen>, keys: Map<string, string>) {
  const g0 = performance.now();
  const writer = PG_URL ? pgWriter(bdb.db) : sqliteWriter(bdb);
  const CHUNK = PG_URL ? 2_000 : 10_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const now = iso(Date.now());
  const rand = rng(31);
  let events: Row[] = [];
  let cases: Row[] = [];
  let fts: Row[] = [];
  let blocks: Row[] = [];
  for (let i = 0; i < open.length; i++) {
    const { unit, r, at } = open[i];
    const id = newId();
    const caseId = newId();
    const print = textPrint(r.content);
    const terms = termsOf(`${r.title}\n${r.content}`).join(' ');
    const status = OPEN[rand(OPEN.length)];
    const triaged = status !== 'registered';
    const hours = (h: number) => iso(at + h * 3600_000);
    events.push([
      id, unit.id, unit.id, null, r.title, r.content, triaged ? 'general' : null, triaged ? DEFAULT_CATEGORIES[rand(DEFAULT_CATEGORIES.length)] : null, status, print,
      1, iso(at), triaged ? hours(2) : null, triaged ? hours(5) : null, triaged ? hours(48) : null, triaged ? hours(24 * 7) : null,
      null, null, null, null, terms, '工作人员', now, now, unit.path, unit.path,
    ]);
    cases.push([caseId, id, unit.id, CASE_SOURCES[rand(CASE_SOURCES.length)] as CaseSource, r.title, r.content, iso(at), 'staff', print, null, '工作人员', now, unit.path]);
    fts.push([terms, scopeOfPath(unit.path), id]);
    for (const band of bandNumbers([...new Set(bandsOf(r.content))])) blocks.push([band, keys.get(unit.path)!, id, caseId]);
    if (events.length === CHUNK || i === open.length - 1) {
      await writer.write(events, cases, fts, blocks);
      events = [];
      cases = [];
      fts = [];
      blocks = [];
    }
  }
  await writer.finish();
  log(`province holds ${fmt(open.length)} open events before intake (written in bulk in ${secs(performance.now() - g0)}, not timed)`);
}

/**
 * The same reports in memory, as bench/grouping.ts does, with one index per county (the DB
 * looks in the subtree of the receiving unit: the county's, or only a township's). One index
 * for the whole province is not shown: with k = 10 each lookup compares about a sixth of every
 * open event in it, so 100,000 distinct-ish reports take tens of minutes.
 */
async function benchMemory(inputs: ReturnType<typeof makeInputs>, open: ReturnType<typeof makeOpen>) {
  const countyOf = (u: Unit) => (u.depth === 2 ? u : u.depth === 3 ? u.parent! : u.parent!.parent!);
  const indexes = new Map<string, MinHashIndex<number>>();
  // The same open events as the database holds (not timed).
  for (let i = 0; i < open.length; i++) {
    const county = countyOf(open[i].unit).id;
    let index = indexes.get(county);
    if (!index) indexes.set(county, (index = new MinHashIndex<number>(DEFAULT_THRESHOLD)));
    index.add(-1 - i, open[i].r.content);
  }
  let memJoined = 0;
  let compared = 0;
  const m0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < inputs.length; i++) {
    const county = countyOf(inputs[i].unit).id;
    let index = indexes.get(county);
    if (!index) indexes.set(county, (index = new MinHashIndex<number>(DEFAULT_THRESHOLD)));
    const near = index.near(inputs[i].r.content);
    compared += near.compared;
    if (near.matches.length) memJoined++;
    else index.add(i, inputs[i].r.content);
  }
  const mms = performance.now() - m0;
  const mcpu = cpuMs(c0);
  const groups = [...indexes.values()].reduce((n, x) => n + x.size, 0) - open.length;
  log(`in memory, same reports (normalise + shingles + MinHash + band lookup + exact check, one index per county, no writes): ${fmt(Math.round((inputs.length / mms) * 1000))} items/s (${secs(mms)}); per CPU second ${fmt(Math.round((inputs.length / mcpu) * 1000))} items (${secs(mcpu)} of CPU); joined ${fmt(memJoined)}, groups ${fmt(groups)}, mean candidates compared ${(compared / inputs.length).toFixed(1)}`);
  const s0 = performance.now();
  for (const { r } of inputs) termsOf(`${r.title}\n${r.content}`);
  const sms = performance.now() - s0;
  log(`search terms alone (normalise + jieba search mode): ${fmt(Math.round((inputs.length / sms) * 1000))} items/s`);
}

// ---------------------------------------------------------------------------------------------
// Part 1: grouping through the real intake

async function benchIntake() {
  log(`== Grouping: ${fmt(ITEMS)} generated reports through intakeMany(), lists of ${BATCH} (${PG_URL ? 'PostgreSQL' : 'SQLite'}) ==`);
  const bdb = await freshDb('intake');
  try {
    const tree = await buildTree(bdb.db);
    const inputs = makeInputs(tree);
    // Every unit has its compact key (the migration gives one to each unit there is).
    const keys = await bdb.db.transaction().execute((trx) => unitKeysOf(trx, tree.all.map((u) => u.path)));
    await preloadOpen(bdb, makeOpen(tree), keys);


    // With --explain, statements run through a logging Kysely over the same connection, to tell where the time goes.
    const byStatement = new Map<string, { n: number; ms: number }>();
    // Statements are always timed (a sum per statement text costs little), to print each stage's share.
    // ALT_INTAKE=<another tree>/server/modules/cases/intake.ts: lists alternate between this tree's intakeMany and that
    // one's, in one run on one database (the schema this tree's migrations made), each list's time summed by version: a
    // comparison the machine's load moves less than two runs one after the other. That tree's named statements need
    // names of their own (server/db/index.ts nameOnPostgres: another prefix than `nd`).
    const altNamed = process.env.ALT_INTAKE ? (await import(process.env.ALT_INTAKE.replace('modules/cases/intake.ts', 'db/index.ts'))).withNamedStatements as typeof withNamedStatements : (p: pg.Pool) => p;
    const intakeDb: Database = new Kysely<DB>({
        dialect: PG_URL ? new PostgresDialect({ pool: altNamed(withNamedStatements(new pg.Pool({ connectionString: pgUrlOf(bdb), max: 1 }))) }) : new SqliteDialect({ database: withStatementCache(bdb.handle.sqlite!) }),
        log: (e) => {
          const key = e.query.sql.replace(/\$\d+/g, '?').replace(/(\?, )+\?/g, '…').slice(0, 110);
          const s = byStatement.get(key) ?? { n: 0, ms: 0 };
          s.n++;
          s.ms += e.queryDurationMillis;
          byStatement.set(key, s);
        },
      });
    const ctx = systemCtx('bench');
    const start = Date.UTC(2026, 0, 1);
    // PostgreSQL: the intake connection's server process (its CPU, when the server runs on this machine) and the server's WAL.
    const pgBefore = PG_URL ? await pgCounters(intakeDb) : null;
    if (PG_URL) log(`PostgreSQL server settings: ${await pgSettings(intakeDb)}`);
    let joined = 0;
    let done = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let lastReport = t0;
    let lastDone = 0;
    const alt = process.env.ALT_INTAKE ? (await import(process.env.ALT_INTAKE)).intakeMany as typeof intakeMany : null;
    if (alt) (await import(process.env.ALT_INTAKE!.replace('server/modules/cases/intake.ts', 'bench/setup.ts'))).startAsTheApp();
    const altMs = [0, 0];
    // PostgreSQL: how many of the band rows the lookup read came with a visit to their table page (an index-only scan visits
    // the page of a row written since the table's last vacuum: bench/README.md, pgintake5).
    const bandReads = async () => (await sql<{ read: number; fetched: number }>`select idx_tup_read as read, idx_tup_fetch as fetched from pg_stat_user_indexes where indexrelname = 'case_event_bands_key'`.execute(bdb.db)).rows[0];
    const readsBefore = PG_URL ? await bandReads() : null;
    for (let b = 0; b < inputs.length; b += BATCH) {
      const slice = inputs.slice(b, b + BATCH);
      const which = alt && (b / BATCH) % 2 ? 1 : 0;
      const tb = performance.now();
      await intakeDb.transaction().execute(async (trx) => {
        const results = await (which ? alt! : intakeMany)(trx, ctx, slice.map(({ unit, r }, i) => ({
          unit: { id: unit.id, path: unit.path, name: unit.name }, source: CASE_SOURCES[(done + i) % CASE_SOURCES.length], via: 'staff' as const,
          receivedAt: new Date(start + (done + i) * 60_000).toISOString(), title: r.title, content: r.content,
        })));
        joined += results.filter((res) => res.joined).length;
        done += slice.length;
      });
      altMs[which] += performance.now() - tb;
      const now = performance.now();
      if (done % 10_000 === 0 || done === inputs.length) {
        log(`  ${fmt(done)} done, ${secs(now - t0)}; last ${fmt(done - lastDone)}: ${fmt(Math.round(((done - lastDone) / (now - lastReport)) * 1000))} items/s`);
        lastReport = now;
        lastDone = done;
      }
    }
    const ms = performance.now() - t0;
    if (readsBefore) {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the server's statistics are sent at most once a second
      const r = await bandReads();
      const read = Number(r.read) - Number(readsBefore.read);
      const fetched = Number(r.fetched) - Number(readsBefore.fetched);
      log(`band rows read by the lookup: ${fmt(read)}, of which ${fmt(fetched)} (${((fetched / Math.max(1, read)) * 100).toFixed(0)}%) with a visit to their table page`);
    }
    const ck = bdb.handle.checkpoints;
    if (ck) log(`SQLite checkpoints: ${ck.started ? `worker thread, ${fmt(ck.runs)} run` : sqliteCheckpoints === 'inline' ? 'SQLite\'s own (SQLITE_CHECKPOINTS=inline)' : 'worker not started'}; WAL file now ${(fs.statSync(`${bdb.handle.sqlite!.name}-wal`).size / 1024 / 1024).toFixed(0)} MB`);
    if (alt) log(`ALT: lists of this tree ${secs(altMs[0])}, of ${process.env.ALT_INTAKE} ${secs(altMs[1])}`);
    const cpu = cpuMs(c0);
    // Where the time went: the text work on the same reports, timed alone; the statements as the driver ran them; the rest.
    const x0 = performance.now();
    for (const { r } of inputs) {
      const p = profile(r.content);
      bandKeys(minhash(p.sh));
      textPrint(r.content);
      termsOf(`${r.title}\n${r.content}`);
    }
    const textMs = performance.now() - x0;
    const sqlMs = [...byStatement.values()].reduce((n, v) => n + v.ms, 0);
    const share = (x: number) => `${secs(x)} (${((x / ms) * 100).toFixed(0)}%)`;
    log(`time by stage: text work (normalise, shingles, MinHash, bands, print, jieba terms) ${share(textMs)}; SQL statements ${share(sqlMs)}; the rest (query building, batching, GC) ${share(Math.max(0, ms - textMs - sqlMs))}`);
    log(`in-memory anchor, same run: text work alone ${fmt(Math.round((inputs.length / textMs) * 1000))} items/s; intake reaches ${((textMs / ms) * 100).toFixed(0)}% of it`);
    if (EXPLAIN) {
      log('time per statement (ms total, count, ms each):');
      for (const [k, v] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms)) log(`  ${v.ms.toFixed(0).padStart(7)} ${String(v.n).padStart(7)} ${(v.ms / v.n).toFixed(3).padStart(8)}  ${k}`);
    }
    if (pgBefore) {
      const after = await pgCounters(intakeDb);
      const cpuOf = (c: PgCounters) => c.backendCpuMs;
      const d = (k: keyof PgCounters) => Number(after[k]) - Number(pgBefore[k]);
      log(`PostgreSQL: the intake connection's server process ${cpuOf(after) === null ? 'CPU not readable (server not on this machine)' : `used ${secs(cpuOf(after)! - cpuOf(pgBefore)!)} of CPU (${((cpuOf(after)! - cpuOf(pgBefore)!) / ms * 100).toFixed(0)}% of intake's wall time)`}; `
        + `the server wrote ${fmt(Math.round(d('walBytes') / 1024 / 1024))} MB of WAL (${fmt(d('walRecords'))} records, ${fmt(d('walFpi'))} full-page images; the whole server's, other databases' included), `
        + `backends wrote ${fmt(d('buffersBackend'))} buffers themselves, ${fmt(d('buffersAlloc'))} buffers allocated, ${fmt(d('checkpoints'))} checkpoints`);
    }
    if (PG_URL) await intakeDb.destroy();
    const events = Number((await bdb.db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    log(`intake throughput (normalise + MinHash bands + band lookup and exact check + jieba search terms + writes of event, report, bands, FTS, timeline, audit; batches of ${BATCH} per transaction): ${fmt(Math.round((inputs.length / ms) * 1000))} items/s (${secs(ms)}); per CPU second of this process ${fmt(Math.round((inputs.length / cpu) * 1000))} items (${secs(cpu)} of CPU: on a machine shared with other jobs this moves less than the wall time)`);
    log(`joined an open event: ${fmt(joined)} (${((joined / inputs.length) * 100).toFixed(1)}%); events created: ${fmt(events)}`);

    // Candidates compared: what the block lookup returns, for a sample of the reports against the final index.
    // SQLite: the recent band rows merged first (cases/intake.ts), so the sample below reads every row from one table.
    if (!PG_URL) await bdb.db.transaction().execute((trx) => mergeRecentBands(trx));
    const sample = inputs.filter((_, i) => i % Math.max(1, Math.floor(inputs.length / 1000)) === 0);
    let rowsTotal = 0;
    let candidates = 0;
    const ts = performance.now();
    for (const { unit, r } of sample) {
      // the rows one report's lookup reads (storedCandidates reads them for a whole list at once), without the counting
      // SQLite: the band rows' ids are bytes (cases/band-ids.ts), joined by their text form as intake's lookup does.
      const query = bdb.db.selectFrom('case_event_bands as b').innerJoin('case_events as e', (j) => j.on(sql<boolean>`e.id = ${PG_URL ? sql.ref('b.event_id') : bandIdText('b.event_id')}`))
        .select(['b.event_id', 'b.case_id']).where('b.band', 'in', bandNumbers(bandsOf(r.content))).where((eb) => inSubtreeOf(eb, 'b.unit_key', keys.get(unit.path)!))
        .where('e.status', '!=', 'closed').where('e.archived_at', 'is', null);
      if (EXPLAIN && rowsTotal === 0 && candidates === 0) await explain(bdb, query.compile());
      const rows = await query.execute();
      rowsTotal += rows.length;
      candidates += new Set(rows.map((x) => idOfBand(x.case_id))).size; // SQLite: bytes, read as text (band-ids.ts)
    }
    log(`band lookup against the final index (sample of ${sample.length}): mean ${(candidates / sample.length).toFixed(1)} candidate reports compared (${(rowsTotal / sample.length).toFixed(1)} band rows), ${((performance.now() - ts) / sample.length).toFixed(2)} ms per lookup`);
    log(`database size: ${(await bdb.size() / 1024 / 1024).toFixed(0)} MB; the band rows: ${await bandBytes(bdb)}`);

    // The same texts in memory, as bench/grouping.ts does (one index for everything, no subtree, no writes).
  } finally {
    await bdb.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Part 2: a province of cases, then one county's list, search and figures

const DAY = 86_400_000;
const T_START = Date.UTC(2025, 0, 1);
const T_END = Date.UTC(2026, 10, 30);
const OPEN: string[] = ['registered', 'triaged', 'assigned', 'verified', 'responded', 'pending_close'];

const EVENT_COLS = [
  'id', 'unit_id', 'handling_unit_id', 'assigned_by_unit_id', 'title', 'summary', 'level', 'category', 'status', 'print', 'report_count',
  'first_received_at', 'triaged_at', 'due_first_info_at', 'due_response_at', 'due_close_at', 'first_info_at', 'responded_at', 'closed_at',
  'public_reply', 'search_terms', 'created_by_name', 'created_at', 'updated_at', 'owner_path', 'handler_path',
] as const;
const CASE_COLS = ['id', 'event_id', 'unit_id', 'source', 'title', 'content', 'received_at', 'via', 'print', 'distance', 'created_by_name', 'created_at', 'current_owner_path'] as const;
type Row = (string | number | null)[];

async function benchScale() {
  if (REUSE) return measureKept();
  log(`== Scale: ${fmt(CASES)} events in a province (${PG_URL ? 'PostgreSQL' : 'SQLite'}) ==`);
  const bdb = await freshDb('scale');
  try {
    const g0 = performance.now();
    const tree = await buildTree(bdb.db);
    const keys = await bdb.db.transaction().execute((trx) => unitKeysOf(trx, tree.all.map((u) => u.path)));
    // A pool of distinct reports with their fingerprints and search terms (segmenting a million
    // texts would measure jieba again, which part 1 does).
    const rand = rng(23);
    const POOL = 20_000;
    const pool = Array.from({ length: POOL }, () => {
      const r = original(rand);
      const text = `${r.title}\n${r.content}`;
      return { ...r, print: textPrint(r.content), bands: bandNumbers([...new Set(bandsOf(r.content))]), terms: termsOf(text).join(' ') };
    });
    log(`pool of ${fmt(POOL)} distinct reports fingerprinted and segmented in ${secs(performance.now() - g0)}`);

    const pick = <T>(xs: T[]) => xs[rand(xs.length)];
    const iso = (ms: number) => new Date(ms).toISOString();
    const now = iso(Date.now());
    const writer = PG_URL ? pgWriter(bdb.db) : sqliteWriter(bdb);
    const CHUNK = PG_URL ? 2_000 : 10_000;
    let events: Row[] = [];
    let cases: Row[] = [];
    let fts: Row[] = [];
    let blockRows: Row[] = [];
    let caseCount = 0;
    let openCount = 0;
    for (let i = 0; i < CASES; i++) {
      // Owner: the county itself, a township, a village, or (one in twenty) the city above, sent down to the county.
      const county = pick(tree.counties);
      const township = pick(county.children);
      const x = rand(100);
      const owner = x < 35 ? county : x < 80 ? township : x < 95 ? pick(township.children) : county.parent!;
      const received = T_START + rand(T_END - T_START);
      // Old events are mostly closed; the last two months are mostly open.
      const age = T_END - received;
      const status = (age > 60 * DAY ? rand(100) < 97 : rand(100) < 30) ? 'closed' : OPEN[rand(OPEN.length)];
      const triaged = status !== 'registered';
      let handling = owner;
      if (owner === county.parent) handling = rand(2) ? county : township;
      else if (triaged && rand(2) && owner.children.length) handling = pick(owner.children);
      const level = triaged ? (['general', 'general', 'general', 'general', 'general', 'general', 'major', 'major', 'serious', 'critical'] as const)[rand(10)] : null;
      const p = pick(pool);
      const id = newId();
      const hours = (h: number) => iso(received + h * 3600_000);
      const responded = status === 'closed' || status === 'responded' || status === 'pending_close';
      const twoReports = rand(10) === 0;
      events.push([
        id, owner.id, handling.id, handling === owner ? null : owner.id, p.title, p.content, level, triaged ? pick(DEFAULT_CATEGORIES) : null, status, p.print,
        twoReports ? 2 : 1, iso(received), triaged ? hours(2) : null, triaged ? hours(5) : null, triaged ? hours(48) : null, triaged ? hours(24 * 7) : null,
        responded ? hours(3 + rand(60)) : null, responded ? hours(3 + rand(60)) : null, status === 'closed' ? hours(24 + rand(24 * 14)) : null,
        responded ? '经核实，已责成有关单位处理，感谢您的监督。' : null, p.terms, '工作人员', now, now, owner.path, handling.path,
      ]);
      fts.push([p.terms, scopeOfPath(handling.path), id]);
      const firstCase = newId();
      for (let k = 0; k < (twoReports ? 2 : 1); k++) {
        cases.push([k ? newId() : firstCase, id, owner.id, CASE_SOURCES[rand(CASE_SOURCES.length)] as CaseSource, p.title, p.content, k ? hours(1 + rand(48)) : iso(received), 'staff', p.print, k ? 3 : null, '工作人员', now, owner.path]);
        caseCount++;
      }
      if (status !== 'closed') {
        openCount++;
        for (const band of p.bands) blockRows.push([band, keys.get(owner.path)!, id, firstCase]);
      }
      if (events.length === CHUNK || i === CASES - 1) {
        await writer.write(events, cases, fts, blockRows);
        events = [];
        cases = [];
        fts = [];
        blockRows = [];
        if ((i + 1) % 100_000 < CHUNK) log(`  ${fmt(i + 1)} events written, ${secs(performance.now() - g0)}`);
      }
    }
    await writer.finish();
    const genMs = performance.now() - g0;
    log(`generated: ${fmt(CASES)} events, ${fmt(caseCount)} reports, ${fmt(openCount)} open (in the band index), ${fmt(tree.all.length)} units, in ${secs(genMs)} (${fmt(Math.round((CASES / genMs) * 1000))} events/s)`);
    log(`database size: ${(await bdb.size() / 1024 / 1024).toFixed(0)} MB`);

    await measure(bdb, tree);
  } finally {
    await bdb.drop();
  }
}

/** The band table and each of its indexes, in MB (SQLite: dbstat; PostgreSQL: relation sizes). */
async function bandBytes(bdb: BenchDb): Promise<string> {
  const rows = PG_URL
    ? (await sql<{ name: string; n: number }>`select c.relname as name, pg_relation_size(c.oid) as n from pg_class c
        where c.oid = 'case_event_bands'::regclass or c.oid in (select indexrelid from pg_index where indrelid = 'case_event_bands'::regclass) order by 1`.execute(bdb.db)).rows
    : (await sql<{ name: string; n: number }>`select name, sum(pgsize) as n from dbstat
        where name in (select name from sqlite_master where tbl_name = 'case_event_bands') group by name order by 1`.execute(bdb.db)).rows;
  const mb = (n: number) => (Number(n) / 1024 / 1024).toFixed(1);
  return `${rows.map((r) => `${r.name} ${mb(r.n)}`).join(', ')} (in all ${mb(rows.reduce((n, r) => n + Number(r.n), 0))} MB)`;
}

interface Writer {
  write(events: Row[], cases: Row[], fts: Row[], blocks: Row[]): Promise<void>;
  finish(): Promise<void>;
}

function sqliteWriter(bdb: BenchDb): Writer {
  const s = bdb.handle.sqlite!;
  const ph = (n: number) => `(${Array(n).fill('?').join(',')})`;
  const ev = s.prepare(`insert into case_events (${EVENT_COLS.join(',')}) values ${ph(EVENT_COLS.length)}`);
  const cs = s.prepare(`insert into cases (${CASE_COLS.join(',')}) values ${ph(CASE_COLS.length)}`);
  const fr = s.prepare('insert into case_fts_rows (event_id) values (?)');
  const ft = s.prepare('insert into case_fts (rowid, terms, scope, event_id) values (?, ?, ?, ?)');
  const bl = s.prepare('insert into case_event_bands (band, unit_key, event_id, case_id) values (?, ?, ?, ?)');
  const tx = s.transaction((events: Row[], cases: Row[], fts: Row[], blocks: Row[]) => {
    for (const r of events) ev.run(r);
    for (const r of cases) cs.run(r);
    for (const [terms, scope, id] of fts) ft.run(fr.run(id).lastInsertRowid, terms, scope, id);
    for (const r of blocks) bl.run(r[0], r[1], bandId(r[2] as string, false), bandId(r[3] as string, false));
  });
  return {
    async write(events, cases, fts, blocks) {
      tx(events, cases, fts, blocks);
    },
    async finish() {
      s.exec('analyze');
      s.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

function pgWriter(db: Database): Writer {
  // One statement per table and chunk: columns as arrays, unnested (no 65,535-parameter limit).
  const insert = async (table: string, cols: readonly string[], types: string[], rows: Row[]) => {
    if (!rows.length) return;
    const arrays = cols.map((_, j) => rows.map((r) => r[j]));
    const unnest = sql.join(arrays.map((a, j) => sql`${a}::${sql.raw(types[j])}[]`));
    await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) select * from unnest(${unnest})`.execute(db);
  };
  const evTypes = EVENT_COLS.map((c) => (c === 'report_count' ? 'int' : 'text'));
  const csTypes = CASE_COLS.map((c) => (c === 'distance' ? 'int' : 'text'));
  return {
    async write(events, cases, _fts, blocks) {
      await db.transaction().execute(async (trx) => {
        await insert('case_events', EVENT_COLS, evTypes, events);
        await insert('cases', CASE_COLS, csTypes, cases);
        await insert('case_event_bands', ['band', 'unit_key', 'event_id', 'case_id'], ['bigint', 'text', 'text', 'text'], blocks);
      });
    },
    async finish() {
      await sql`analyze`.execute(db);
    },
  };
}

async function measure(bdb: BenchDb, tree: Awaited<ReturnType<typeof buildTree>>) {
  const county = tree.counties[Math.floor(tree.counties.length / 2)];
  const actorOf = (u: Unit): Actor => ({ accountId: 'bench', username: 'bench', displayName: '基准测试', role: 'admin', unitId: u.id, unitName: u.name, unitPath: u.path });
  const county_ = actorOf(county);
  const province = actorOf(tree.province);
  const inCounty = await bdb.db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id').select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => inSubtreeOf(eb, 'u.path', county.path)).executeTakeFirstOrThrow();
  log(`one county: ${county.name}, ${fmt(Number(inCounty.n))} events owned in its subtree; each call repeated ${REPEAT} times after a first one`);

  const list = (actor: Actor, q: Record<string, string>) => (db: Database) => listEvents(db, actor, eventQuery.parse(q), { countCap: EVENT_COUNT_CAP });
  // "before": the queries as they were before issue 16 (test/helpers/cases-reference.ts), ids and count only.
  const before = (u: Unit, q: Record<string, string>) => () => referenceList(bdb.db, u.path, null, eventQuery.parse(q), new Date().toISOString());
  const period = { unitPath: county.path, from: '2026-01-01', to: '2026-12-31' };
  const figures = (db: Database) => caseFigures(db, period);
  const anchors = handWritten(bdb);
  const total = (r: any) => `total ${fmt(r.total)}${r.totalCapped ? '+' : ''}`;
  type Call = [string, (db: Database) => Promise<any>, (r: any) => string, (() => Promise<unknown>) | null, () => Promise<unknown>];
  const countyCall = (label: string, q: Record<string, string>, a: AnchorQuery): Call => [`county: ${label}`, list(county_, q), total, before(county, q), anchors.list(county.path, a)];
  const calls: Call[] = [
    countyCall('first page with count', {}, {}),
    countyCall('page 10', { page: '10' }, { page: 10 }),
    countyCall('status=assigned', { status: 'assigned' }, { status: 'assigned' }),
    countyCall('open=true', { open: 'true' }, { open: true }),
    countyCall('level=major', { level: 'major' }, { level: 'major' }),
    countyCall('received 2026-03', { from: '2026-03-01', to: '2026-03-31' }, { from: '2026-03-01', to: '2026-03-31' }),
    countyCall('q=垃圾', { q: '垃圾' }, { q: '垃圾' }),
    countyCall('q=自来水 浑浊', { q: '自来水 浑浊' }, { q: '自来水 浑浊' }),
    countyCall('q=路灯 + open=true', { q: '路灯', open: 'true' }, { q: '路灯', open: true }),
    ['county: caseFigures 2026', figures, (r) => `received ${fmt(r.received)}, events ${fmt(r.events)}`, () => referenceFigureRows(bdb.db, period), anchors.figures(period)],
    // The old root query took 20–30 s here under load: timed once in its own line, not in every round.
    ['province: first page with count', list(province, {}), total, null, anchors.list(tree.province.path, { root: true })],
    ['province: page 10', list(province, { page: '10' }), total, null, anchors.list(tree.province.path, { root: true, page: 10 })],
    ['province: status=assigned', list(province, { status: 'assigned' }), total, null, anchors.list(tree.province.path, { root: true, status: 'assigned' })],
    ['province: q=自来水 浑浊', list(province, { q: '自来水 浑浊' }), total, null, anchors.list(tree.province.path, { root: true, q: '自来水 浑浊' })],
  ];
  // `--root-figures`: the province root's year figures (what the province's annual summary and statistics page compute), seconds each.
  const rootPeriod = { ...period, unitPath: tree.province.path };
  if (flag('root-figures')) calls.push(['province: caseFigures 2026', (db) => caseFigures(db, rootPeriod), (r) => `events ${fmt(r.events)}, late closures listed ${fmt(r.lateClosures.length)}`, null, anchors.figures(rootPeriod)]);
  // `--root-summary`: the annual 工作总结 the province root and the county generate (this province holds cases only: the
  // other registers' sections find nothing; bench/documents.ts times them over a year of every other register), beside the
  // hand-written figures, and the cases section alone.
  if (flag('root-summary')) {
    const summary = (u: Unit, only?: string) => async (db: Database) => {
      const ctx = { db, unit: u, from: '2026-01-01', to: '2026-12-31', periodLabel: '2026年度', subject: null, today: '2026-12-31' };
      if (only) return summarySections().find((x) => x.key === only)!.build(ctx);
      return generate('summary', ctx);
    };
    const described = (r: any) => (r.figures ? `${r.figures.length} figures` : '');
    calls.push(['county: annual summary', summary(county), described, null, anchors.figures(period)]);
    calls.push(['province: annual summary', summary(tree.province), described, null, anchors.figures(rootPeriod)]);
    calls.push(['province: summary cases section', summary(tree.province, 'cases'), () => '', null, anchors.figures(rootPeriod)]);
    // 舆情专报 for the year: the same figures and the period's eight notable events.
    const brief = (u: Unit) => (db: Database) => generate('case_period', { db, unit: u, from: '2026-01-01', to: '2026-12-31', periodLabel: '2026年度', subject: null, today: '2026-12-31' });
    calls.push(['county: 舆情专报 2026', brief(county), described, null, anchors.figures(period)]);
    calls.push(['province: 舆情专报 2026', brief(tree.province), described, null, anchors.figures(rootPeriod)]);
  }
  if (CALLS.length) calls.splice(0, calls.length, ...calls.filter(([label]) => CALLS.some((c) => label.includes(c))));
  log(`${'call'.padEnd(34)} ${'netduty'.padStart(9)} ${'before'.padStart(9)} ${'anchor'.padStart(9)}  netduty/anchor   (ms, medians of ${REPEAT} rounds, each round netduty, anchor, before in turn)`);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const [label, fn, describe, old, anchor] of calls) {
    const t: number[][] = [[], [], []];
    let result: any;
    for (let i = 0; i < REPEAT + 1; i++) {
      const runs: [number, () => Promise<unknown>][] = [[0, async () => { result = await fn(bdb.db); }], [2, anchor]];
      if (old) runs.push([1, old]);
      for (const [k, run] of runs) {
        const t0 = performance.now();
        await run();
        if (i > 0) t[k].push(performance.now() - t0); // the first round warms the caches
      }
    }
    const cell = (xs: number[]) => (xs.length ? med(xs).toFixed(1) : '—').padStart(9);
    log(`${label.padEnd(34)} ${cell(t[0])} ${cell(t[1])} ${cell(t[2])}  ${(med(t[0]) / med(t[2])).toFixed(2).padStart(6)}×   ${describe(result)}   (max ${Math.max(...t[0]).toFixed(0)} ms)`);
  }
  if (!flag('skip-old-root')) {
    const t0 = performance.now();
    const r = await before(tree.province, {})();
    log(`${'province: first page, before (once)'.padEnd(34)} ${'—'.padStart(9)} ${(performance.now() - t0).toFixed(1).padStart(9)}   total ${fmt(r.total)}`);
  }
  log(`load after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  if (EXPLAIN) {
    // The statements each call runs, captured through a logging Kysely over the same connection, with their plans.
    for (const [label, fn] of calls) {
      const captured: { sql: string; parameters: readonly unknown[] }[] = [];
      const logging = PG_URL
        ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrlOf(bdb), max: 1 }) }), log: (e) => { if (e.level === 'query') captured.push(e.query); } })
        : new Kysely<DB>({ dialect: new SqliteDialect({ database: bdb.handle.sqlite! }), log: (e) => { if (e.level === 'query') captured.push(e.query); } });
      await fn(logging);
      log(`\n-- ${label}`);
      for (const q of captured) if (/case_events|cases/.test(q.sql)) await explain(bdb, q);
      if (PG_URL) await logging.destroy();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Hand-written anchors: the same answers as the timed calls, written by hand on the driver
// (better-sqlite3 statements prepared once, or pg), on the same database with the same indexes.

interface AnchorQuery { root?: boolean; page?: number; status?: string; open?: boolean; level?: string; from?: string; to?: string; q?: string }

function handWritten(bdb: BenchDb) {
  const sqlite = bdb.handle.sqlite;
  const pool = PG_URL ? new pg.Pool({ connectionString: pgUrlOf(bdb), max: 1 }) : null;
  // Its idle connection is ended when the database is dropped at the end: not an error of the run.
  pool?.on('error', () => {});
  const prepared = new Map<string, { all(...params: unknown[]): unknown[] }>();
  const all = async (text: string, params: unknown[]): Promise<any[]> => {
    if (pool) {
      let n = 0;
      return (await pool.query(text.replace(/\?/g, () => `$${++n}`), params)).rows;
    }
    let st = prepared.get(text);
    if (!st) prepared.set(text, (st = sqlite!.prepare(text)));
    return st.all(...params) as any[];
  };
  return {
    list: (root: string, a: AnchorQuery) => async () => {
      const params: unknown[] = [];
      const conds: string[] = ['e.archived_at is null'];
      if (a.status) { conds.push('e.status = ?'); params.push(a.status); }
      if (a.open) conds.push("e.status != 'closed'");
      if (a.level) { conds.push('e.level = ?'); params.push(a.level); }
      const received = !a.root && !pool ? '+e.first_received_at' : 'e.first_received_at'; // as the list: the subtree's index, not the province's dates
      if (a.from) { conds.push(`${received} >= ?`); params.push(shanghaiDayStartUtc(a.from)); }
      if (a.to) { conds.push(`${received} <= ?`); params.push(endOfShanghaiDay(a.to)); }
      if (a.q) {
        const terms = termsOf(a.q);
        if (pool && a.root) { conds.push("to_tsvector('simple', e.search_terms) @@ plainto_tsquery('simple', ?)"); params.push(terms.join(' ')); }
        else if (pool) {
          // As the list: under a unit the words and the root's scope token are one match of case_events_fts_scope (migration 2026121041).
          conds.push(`to_tsvector('simple', e.search_terms || ' ' || ('u' || replace(replace(trim(e.handler_path, '/'), '-', ''), '/', ' u')))
            @@ (plainto_tsquery('simple', ?) && to_tsquery('simple', ?))`);
          params.push(terms.join(' '), scopeOfPath(root).split(' ').pop());
        }
        else {
          // The matches drive (the subtree's range kept off with +), under a unit only the subtree's: its root's scope token.
          const match = `terms : (${terms.map((t) => `"${t}"`).join(' ')})`;
          conds.push('e.id in (select event_id from case_fts where case_fts match ?)');
          params.push(a.root ? match : `${match} AND scope : "${scopeOfPath(root).split(' ').pop()}"`);
        }
      }
      const range = (col: string) => [`${col} >= ? and ${col} < ?`, [root, subtreeUpperBound(root)]] as const;
      const [r0, rp] = range(a.q && !pool ? '+e.handler_path' : 'e.handler_path');
      const pageRows = async (ids: string[]) => (ids.length ? all(`select e.*, u.name as unit_name, u.path as unit_path, h.name as handling_name, h.path as handling_path, ab.name as assigned_by_name
        from case_events e join units u on u.id = e.unit_id join units h on h.id = e.handling_unit_id left join units ab on ab.id = e.assigned_by_unit_id
        where e.id in (${ids.map(() => '?').join(',')})`, ids) : []);
      if (a.q && !pool && !a.root) {
        // As the list: a search under a unit reads its matches once with the sort keys, counts and orders them here.
        const ms = await all(`select e.id, e.status, e.first_received_at from case_events e indexed by case_events_search where ${r0} and ${conds.join(' and ')} limit ${EVENT_COUNT_CAP + 1}`, [...rp, ...params]);
        if (ms.length <= EVENT_COUNT_CAP) {
          const desc = (x: string, y: string) => (x < y ? 1 : x > y ? -1 : 0);
          ms.sort((x, y) => (x.status === 'closed' ? 1 : 0) - (y.status === 'closed' ? 1 : 0) || desc(x.first_received_at, y.first_received_at) || desc(x.id, y.id));
          const start = ((a.page ?? 1) - 1) * 20;
          return { n: ms.length, rows: await pageRows(ms.slice(start, start + 20).map((r) => r.id)) };
        }
      }
      const n = Number((await all(`select count(*) as n from (select 1 from case_events e where ${r0} and ${conds.join(' and ')} limit ${EVENT_COUNT_CAP + 1}) x`, [...rp, ...params]))[0].n);
      // The same choice as the list: a large subtree reads the list-order index (SQLite: + keeps the range off the path index).
      const [r1] = range((n >= 5_000 || a.q) && !pool ? '+e.handler_path' : 'e.handler_path');
      // … and keeps the status off the list index there too (read in list order, not sorted).
      const conds1 = n >= 5_000 && !pool ? conds.map((c) => (c === 'e.status = ?' ? '+e.status = ?' : c)) : conds;
      const pageOf = async (extra: string, limit: number, offset: number) => (await all(`select e.id from case_events e where ${r1} and ${[...conds1, ...(extra ? [extra] : [])].join(' and ')}
        order by case when e.status = 'closed' then 1 else 0 end, e.first_received_at desc, e.id desc limit ${limit} offset ?`, [...rp, ...params, offset])).map((r) => r.id);
      const offset = ((a.page ?? 1) - 1) * 20;
      if (pool && n >= 5_000 && !a.root && !a.status && !a.open && !a.q) {
        // As the list (PostgreSQL): a large subtree's open events counted up to 2,000 (case_events_open, migration
        // 2026121070); when fewer, its page is the open events sorted, then the closed ones past them.
        const open = Number((await all(`select count(*) as n from (select 1 from case_events e where ${r0} and ${conds.join(' and ')} and e.status <> 'closed' limit 2001) x`, [...rp, ...params]))[0].n);
        if (open <= 2_000) {
          const first = offset < open ? await pageOf("e.status <> 'closed'", 20, offset) : [];
          const rest = first.length < 20 ? await pageOf("e.status = 'closed'", 20 - first.length, Math.max(0, offset - open)) : [];
          return { n, rows: await pageRows([...first, ...rest]) };
        }
      }
      return { n, rows: await pageRows(await pageOf('', 20, offset)) };
    },
    figures: (r: { unitPath: string; from: string; to: string }) => async () => {
      const p = [r.unitPath, subtreeUpperBound(r.unitPath), shanghaiDayStartUtc(r.from), endOfShanghaiDay(r.to)];
      // As figureRows: the period's events of each unit from case_events_figures alone, counted and judged
      // in the statements (as of the period's end, or now), only the late closures, the median's middle and
      // the latest replies read one by one; the units' names once; the reports by source.
      const asOf = new Date().toISOString() < endOfShanghaiDay(r.to) ? new Date().toISOString() : endOfShanghaiDay(r.to);
      const period = 'from case_events e join units u on u.id = e.unit_id where u.path >= ? and u.path < ? and e.archived_at is null and e.first_received_at >= ? and e.first_received_at <= ?';
      const closedAt = "case when e.status = 'closed' and e.closed_at <= ?a then e.closed_at end";
      const closeBy = 'coalesce(e.supervise_due_at, e.due_close_at)';
      const earlier = (x: string, y: string) => `case when ${y} is null or ${x} <= ${y} then coalesce(${x}, ${y}) else ${y} end`;
      const by = (c: string) => `case when ${c} <= ?a then ${c} end`;
      const past = (due: string, met?: string) => (met ? `(${due} < ?a and (${met} is null or ${met} > ?a))` : `${due} < ?a`);
      const firstBy = earlier('e.due_first_info_at', 'e.due_response_at');
      const firstAt = earlier(by('e.first_info_at'), by('e.responded_at'));
      const count = (c: string) => `sum(case when ${c} then 1 else 0 end)`;
      // SQLite: a settled event's judgement `bit` read from case_events_figures (migration 2026121040), as figureRows.
      const judged = (c: string, bit: number) => (pool ? count(c) : `sum(case when ${SETTLED_AT_SQL} < ?a then (${SETTLED_FLAGS_SQL} >> ${bit}) & 1 when ${c} then 1 else 0 end)`);
      // ?a is the as-of instant: the statement's parameters are the select's as-of ones, the period's, then the where's.
      const run = (select: string, where = '', tail = '') => {
        const text = `select ${select} ${period} ${where} ${tail}`;
        const asOfCount = (s: string) => (s.match(/\?a/g) ?? []).length;
        return all(text.replace(/\?a/g, '?'), [...Array(asOfCount(select)).fill(asOf), ...p, ...Array(asOfCount(where)).fill(asOf)]);
      };
      const repliedAt = `coalesce(${by('e.responded_at')}, ${by('e.first_info_at')})`;
      const units = await run(`max(e.unit_id) as unit_id, count(*) as events, ${judged(`${closedAt} is not null`, 0)} as closed,
        ${judged(`${closedAt} is not null and ${closeBy} is not null`, 1)} as close_due, ${judged(`${closedAt} <= ${closeBy}`, 2)} as close_on_time,
        ${judged(`${closedAt} is null and (e.paused_at is null or e.paused_at > ?a) and (${past('e.due_report_at', 'e.reported_up_at')} or ${past('e.due_first_info_at', 'e.first_info_at')}
          or ${past('e.due_response_at', 'e.responded_at')} or ${past('e.due_close_at')} or ${past('e.supervise_due_at')})`, 3)} as overdue_open,
        ${judged(`${firstBy} is not null and (${firstAt} is not null or ${firstBy} < ?a)`, 4)} as first_due, ${judged(`${firstAt} <= ${firstBy}`, 5)} as first_on_time,
        ${pool ? `string_agg(case when ${closedAt} is not null then e.first_received_at || ' ' || e.closed_at end, ' ')`
          : `group_concat(case when ${closedAt} is not null then cast(round((julianday(e.closed_at) - julianday(e.first_received_at)) * 86400000) as integer) end)`} as handling,
        ${pool ? 'string_agg(e.level, chr(31))' : 'json_group_array(e.level)'} as levels, ${pool ? 'string_agg(e.category, chr(31))' : 'json_group_array(e.category)'} as categories,
        count(e.level) as leveled, count(e.category) as categorized${pool ? '' : `, max(case e.public_reply <> '' when 1 then ${repliedAt} end) as latest_reply`},
        ${pool ? 'null' : `min(case when ${closedAt} > ${closeBy} then e.closed_at end)`} as first_late`, '', 'group by u.path');
      // As figureRows: the levels, categories and the closed events' handling times come with the per-unit counts.
      const levels = new Map<string | null, number>();
      const categories = new Map<string | null, number>();
      const durations: number[] = [];
      for (const u of units) {
        // (PostgreSQL: joined by chr(31), nulls left out; figureRows checks the counts, which here hold.)
        for (const x of pool ? u.levels?.split('\x1f') ?? [] : JSON.parse(u.levels)) levels.set(x, (levels.get(x) ?? 0) + 1);
        for (const x of pool ? u.categories?.split('\x1f') ?? [] : JSON.parse(u.categories)) categories.set(x, (categories.get(x) ?? 0) + 1);
        if (pool) levels.set(null, (levels.get(null) ?? 0) + Number(u.events) - Number(u.leveled));
        if (!u.handling) continue;
        if (!pool) for (const x of u.handling.split(',')) durations.push(Number(x));
        else for (let t = u.handling.split(' '), i = 0; i < t.length; i += 2) durations.push(Date.parse(t[i + 1]) - Date.parse(t[i]));
      }
      const named = [...categories.keys()].filter((c): c is string => c !== null);
      const kinds = !pool || named.length < 2 ? named.map((c) => [c, Buffer.from(c)] as const).sort((a, b) => Buffer.compare(a[1], b[1])).map(([c]) => c)
        : (await all('select x from unnest(?::varchar[]) as t(x) order by x', [named])).map((r) => r.x);
      const sorted = Float64Array.from(durations).sort();
      const middle = sorted.length % 2 ? [sorted[sorted.length >> 1]] : sorted.length ? [sorted[(sorted.length >> 1) - 1], sorted[sorted.length >> 1]] : [];
      // As figureRows (SQLite): the first ten late closures (closing time, then id), read over the units whose earliest is at or before the tenth earliest of those.
      const firsts = units.map((u) => u.first_late).filter((x) => !!x).sort();
      const lateKept = units.filter((u) => u.first_late && (firsts.length < 10 || u.first_late <= firsts[9])).map((u) => `'${u.unit_id}'`).join(', ');
      const late = pool ? await run(`e.id, e.title, e.unit_id, ${closeBy} as due_at, e.closed_at`, `and ${closedAt} > ${closeBy}`)
        : !lateKept ? [] : await run(`e.id, e.title, e.unit_id, ${closeBy} as due_at, e.closed_at`, `and ${closedAt} > ${closeBy} and e.unit_id in (${lateKept})`, 'order by e.closed_at, e.id limit 10');
      // As figureRows (SQLite): the replies of only the units whose latest reply is at or after the tenth latest of the units' latest.
      const latest = pool ? [] : units.map((u) => u.latest_reply).filter((x) => !!x).sort();
      const bound = latest.length >= 10 ? latest[latest.length - 10] : null;
      const kept = bound ? units.filter((u) => u.latest_reply && u.latest_reply >= bound).map((u) => `'${u.unit_id}'`).join(', ') : '';
      const tenth = (await run(`e.public_reply <> '' as has_reply, ${repliedAt} as at`, `and ${repliedAt} is not null${kept ? ` and e.unit_id in (${kept})` : ''}`,
        'order by has_reply desc nulls last, at desc limit 1 offset 9'))[0];
      const since = tenth?.has_reply ? tenth.at : null;
      const replies = (await run(`e.id, e.title, e.public_reply <> '' as has_reply, ${repliedAt} as at`,
        `and ${repliedAt} is not null${since ? ` and ${repliedAt} >= '${since}'` : ''}${kept ? ` and +u.id in (${kept})` : ''}`)).filter((x) => x.has_reply);
      const names = await all('select u.id, u.name from units u where u.path >= ? and u.path < ?', p.slice(0, 2));
      // The subtree's reports of current events: one range of cases_current_owner (migration 2026120960).
      const received = await all(`select c.source, count(*) as n from cases c
        where c.current_owner_path >= ? and c.current_owner_path < ? and c.received_at >= ? and c.received_at <= ? group by c.source`, p);
      return { events: units.reduce((n, u) => n + Number(u.events), 0), units: names.length, kinds: kinds.length, late: late.length, middle, replies: replies.length, received };
    },
  };
}

/** `--reuse`: a province kept by an earlier `--keep` run, migrated to this version first (which times the migration), then measured. */
async function measureKept() {
  const dataDir = PG_URL ? fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-reuse-')) : path.dirname(REUSE);
  const handle = PG_URL ? openDb({ databaseUrl: withDatabase(PG_URL, REUSE), dataDir }) : openDb({ dataDir, sqliteCheckpoints, sqliteWalMaxMb });
  const m0 = performance.now();
  const ran = await migrateToLatest(handle.db);
  log(`== Scale: the kept province ${REUSE} (${PG_URL ? 'PostgreSQL' : 'SQLite'}); migrations run: ${ran.join(', ') || 'none'} in ${secs(performance.now() - m0)} ==`);
  await sql`analyze`.execute(handle.db);
  log(`${fmt(Number((await sql<{ n: number }>`select count(*) as n from case_events`.execute(handle.db)).rows[0].n))} events; statistics analysed`);
  const units = await handle.db.selectFrom('units').select(['id', 'path', 'name', 'depth', 'parent_id']).orderBy('id').execute();
  const byId = new Map<string, Unit>();
  for (const u of units) byId.set(u.id, { id: u.id, path: u.path, name: u.name, depth: u.depth, parent: null, children: [] });
  for (const u of units) if (u.parent_id) { const x = byId.get(u.id)!; x.parent = byId.get(u.parent_id)!; x.parent.children.push(x); }
  const all = [...byId.values()];
  const province = all.find((u) => u.depth === 0)!;
  const tree = { province, cities: province.children, counties: all.filter((u) => u.depth === 2), townships: all.filter((u) => u.depth === 3), all };
  const bdb: BenchDb = { handle, db: handle.db, name: PG_URL ? `PostgreSQL database ${REUSE}` : `SQLite ${REUSE}`, size: async () => 0, drop: async () => handle.close() };
  try {
    await measure(bdb, tree);
  } finally {
    await handle.close();
    if (PG_URL) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The plan of one statement: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL. */
async function explain(bdb: BenchDb, q: { sql: string; parameters: readonly unknown[] }) {
  log(q.sql);
  if (PG_URL) {
    const c = new pg.Client({ connectionString: pgUrlOf(bdb) });
    await c.connect();
    try {
      const r = await c.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
      for (const row of r.rows) log(`   ${row['QUERY PLAN']}`);
    } finally {
      await c.end();
    }
  } else {
    const plan = bdb.handle.sqlite!.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as any[])) as { detail: string }[];
    for (const row of plan) log(`   ${row.detail}`);
  }
}

/**
 * The server's settings that move intake's figure (docs/operations.md, "PostgreSQL server settings for a
 * province"): printed with the figure so that it can be reproduced.
 */
const PG_SETTINGS = ['server_version', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression', 'full_page_writes',
  'synchronous_commit', 'fsync', 'wal_buffers', 'work_mem', 'maintenance_work_mem', 'gin_pending_list_limit'];
async function pgSettings(db: Database) {
  const rows = (await sql<{ name: string; setting: string; unit: string | null }>`select name, setting, unit from pg_settings where name = any(${PG_SETTINGS})`.execute(db)).rows;
  const shown = (r: { setting: string; unit: string | null }) => {
    if (r.unit === '8kB') return `${Math.round((Number(r.setting) * 8) / 1024)} MB`;
    if (r.unit === 'kB') return `${Math.round(Number(r.setting) / 1024)} MB`;
    return r.unit ? `${r.setting} ${r.unit}` : r.setting;
  };
  return PG_SETTINGS.map((n) => rows.find((r) => r.name === n)).filter((r) => r).map((r) => `${r!.name}=${shown(r!)}`).join(', ');
}

interface PgCounters { backendCpuMs: number | null; walBytes: number; walRecords: number; walFpi: number; buffersBackend: number; buffersAlloc: number; checkpoints: number }
/** The connection's server process CPU (from /proc, when the server runs here), and the server's WAL and buffer counters. */
async function pgCounters(db: Database): Promise<PgCounters> {
  const r = (await sql<{ pid: number; wal_bytes: string; wal_records: string; wal_fpi: string; buffers_backend: string; buffers_alloc: string; checkpoints: string }>`
    select pg_backend_pid() as pid, w.wal_bytes, w.wal_records, w.wal_fpi, b.buffers_backend, b.buffers_alloc, b.checkpoints_timed + b.checkpoints_req as checkpoints
      from pg_stat_wal w, pg_stat_bgwriter b`.execute(db)).rows[0];
  let backendCpuMs: number | null = null;
  try {
    const stat = fs.readFileSync(`/proc/${r.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second)
    backendCpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  } catch { /* not on this machine */ }
  return {
    backendCpuMs, walBytes: Number(r.wal_bytes), walRecords: Number(r.wal_records), walFpi: Number(r.wal_fpi),
    buffersBackend: Number(r.buffers_backend), buffersAlloc: Number(r.buffers_alloc), checkpoints: Number(r.checkpoints),
  };
}

function pgUrlOf(bdb: BenchDb) {
  return withDatabase(PG_URL!, bdb.name.replace('PostgreSQL database ', ''));
}

async function main() {
  startAsTheApp();
  log(`netduty cases benchmark — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? ''}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (!ONLY || ONLY === 'intake') await benchIntake();
  if (!ONLY || ONLY === 'intake' || ONLY === 'memory') {
    log(`== Grouping in memory: the same ${fmt(ITEMS)} reports ==`);
    const tree = await buildTree(null);
    await benchMemory(makeInputs(tree), makeOpen(tree));
  }
  if (!ONLY || ONLY === 'scale') await benchScale();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
