/**
 * Inspection pack with thousands of attachments: time, zip size and peak memory (RSS and heap,
 * sampled every 20 ms during the build) in a throw-away data directory and SQLite database.
 * Prints figures; asserts nothing.
 *   npx tsx bench/pack.ts [attachments=5000] [perRecord=10]
 *   node --expose-gc --import tsx bench/pack.ts …   (also samples the heap after a full collection every
 *   second: what the build keeps, apart from what the collector has not yet taken back)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npx tsx bench/pack.ts …   (PostgreSQL: a fresh
 *   database, dropped at the end; the files stay in the throw-away data directory)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import type { Actor } from '../server/platform/context';
import { storeBlob } from '../server/platform/files';
import { newId, nowIso } from '../server/platform/ids';
import { PackRunner, startPack } from '../server/modules/packs/service';
import { makeAccount, makeUnit } from '../test/helpers/factories';
import { adminQuery, withDatabase } from '../test/helpers/global-setup';
import { startAsTheApp } from './setup';

const count = Number(process.argv[2] ?? 5000);
const perRecord = Number(process.argv[3] ?? 10);
const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

let seed = 11;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
/** Sizes spread evenly on a log scale from 2 KB to 400 KB, as photos, scans and minutes are. */
const size = () => Math.round(2048 * Math.exp(rand() * Math.log(200)));

startAsTheApp();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-pack-'));
const PG_URL = process.env.DATABASE_URL;
const pgName = `bench_pack_${process.pid}`;
if (PG_URL) await adminQuery(PG_URL, `CREATE DATABASE ${pgName}`);
const handle = openDb(PG_URL ? { databaseUrl: withDatabase(PG_URL, pgName), dataDir } : { dataDir });
// The server's heap limit decides how much garbage V8 lets pile up (npm start sets it: see docs/operations.md).
console.log(`${PG_URL ? `PostgreSQL ${pgName}` : 'SQLite'}, node heap limit ${(getHeapStatistics().heap_size_limit / MB).toFixed(0)} MB`);
const { db } = handle;
try {
  await migrateToLatest(db);
  const county = await makeUnit(db, { name: '测试县', kind: 'county' });
  const towns = [];
  for (const name of ['城关镇', '东山镇', '西河乡', '南湖街道']) towns.push(await makeUnit(db, { parent: county, name, kind: 'township' }));
  const account = await makeAccount(db, { unit: county, role: 'staff', username: 'bench' });
  const actor: Actor = { accountId: account.id, username: 'bench', displayName: 'bench', role: 'staff', unitId: county.id, unitName: county.name, unitPath: county.path };

  // Activity records through the year, each with `perRecord` attachments (JPEG-like random bytes: incompressible, like photos).
  const t0 = performance.now();
  let bytes = 0;
  const now = nowIso();
  const records = Math.ceil(count / perRecord);
  for (let r = 0; r < records; r++) {
    const unit = towns[r % towns.length];
    const id = newId();
    const day = new Date(Date.UTC(2026, 0, 1 + Math.floor((r / records) * 330))).toISOString().slice(0, 10);
    await db.insertInto('ledger_entries').values({
      id, unit_id: unit.id, type: r % 3 ? 'central_group' : 'training', day, topic: `第${r + 1}次学习：网络意识形态工作专题`, on_topic: 1, others_count: 0,
      host_person_id: null, summary: '传达学习上级精神，研究部署本单位工作。', minutes: null, plan_id: null, created_by_name: 'bench', archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    const n = Math.min(perRecord, count - r * perRecord);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++) {
        const len = size();
        const content = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(len - 4)]);
        const { sha256 } = storeBlob(dataDir, content);
        bytes += len;
        await trx.insertInto('file_blobs').values({ sha256, size: len, mime: 'image/jpeg', created_at: now }).execute();
        await trx.insertInto('attachments').values({ id: newId(), sha256, filename: `现场照片${i + 1}.jpg`, entity: 'ledger_entry', entity_id: id, unit_id: unit.id, uploaded_by: null, archived_at: null, created_at: now }).execute();
      }
    });
  }
  console.log(`generated ${count} attachments on ${records} activity records: ${mb(bytes)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  global.gc?.();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heap: base.heapUsed, rssAt: 0, heapAt: 0 };
  let t1 = performance.now();
  let retained = 0;
  let ticks = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    // When the peak came (seconds into the build) says which step made it: the attachments, or the index and the zip's end.
    if (m.rss > peak.rss) Object.assign(peak, { rss: m.rss, rssAt: (performance.now() - t1) / 1000 });
    if (m.heapUsed > peak.heap) Object.assign(peak, { heap: m.heapUsed, heapAt: (performance.now() - t1) / 1000 });
    if (global.gc && ++ticks % 50 === 0) {
      global.gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed);
    }
  }, 20);

  const runner = new PackRunner(db, dataDir, (msg, err) => console.error(msg, err));
  t1 = performance.now();
  const { view } = await startPack(db, { actor, requestId: null, ip: null }, { unitId: county.id, from: '2026-01-01', to: '2026-12-31' }, runner);
  await runner.idle();
  const seconds = (performance.now() - t1) / 1000;
  clearInterval(sampler);

  const pack = await db.selectFrom('packs').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
  if (pack.status !== 'done') throw new Error(`pack ${pack.status}: ${pack.error}`);
  console.log(`pack: ${pack.file_count} files, ${mb(Number(pack.size))} zip (attachments ${mb(bytes)}) in ${seconds.toFixed(1)} s (${(bytes / MB / seconds).toFixed(0)} MB/s)`);
  console.log(`memory before the build: RSS ${mb(base.rss)}, heap ${mb(base.heapUsed)}`);
  console.log(`peak during the build:    RSS ${mb(peak.rss)} (+${mb(peak.rss - base.rss)}) at ${peak.rssAt.toFixed(1)} s, heap ${mb(peak.heap)} (+${mb(peak.heap - base.heapUsed)}) at ${peak.heapAt.toFixed(1)} s`);
  if (global.gc) console.log(`heap kept (after a full collection, sampled each second): at most ${mb(retained)} (+${mb(retained - base.heapUsed)})`);
  await runner.close();
} finally {
  await handle.close();
  if (PG_URL) await adminQuery(PG_URL, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
