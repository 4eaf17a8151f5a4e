/**
 * The band index's write cost alone (issue 16, SQLite intake): what a list of reports costs to
 * insert into `case_event_bands` and to commit, for layouts and checkpoint settings side by side,
 * list by list interleaved in one process (each variant its own database file, same rows).
 *
 *   npx tsx bench/band-pages.ts [--rows 1600000] [--lists 40] [--per-list 5900] [--variants text,blob,...]
 *
 * Variants: `text` the current table (ids as 36-character text), `blob` event and case ids as their
 * 16 bytes, `short` ids cut to 12 characters (a bound: rows as small as a layout could make them),
 * `ckpt8k` the current table with wal_autocheckpoint = 8000 pages, `p1k` the current table in a
 * database of 1 KB pages. Connections as the server opens them (WAL, synchronous NORMAL, 32 MB cache).
 * Rows as intake writes them: per report its bands (band number × 2³² + 32-bit hash), the owner's
 * compact key, a uuid v7 event and case id; each list's rows in key order, 256 per statement.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const ROWS = Number(arg('rows', '1600000'));
const LISTS = Number(arg('lists', '40'));
const PER_LIST = Number(arg('per-list', '5900'));
const VARIANTS = arg('variants', 'text,blob').split(',');
const BANDS = 16;

let seed = 12345;
/** mulberry32: the same rows on every run. */
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
let clock = Date.parse('2026-01-01T00:00:00Z');
const hex = (n: number, w: number) => Math.floor(n).toString(16).padStart(w, '0');
function uuid7(): string {
  clock += 1 + Math.floor(rnd() * 50);
  const t = hex(clock, 12);
  const r = Array.from({ length: 5 }, () => hex(rnd() * 0x10000, 4)).join('');
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(0, 3)}-${'89ab'[Math.floor(rnd() * 4)]}${r.slice(3, 6)}-${r.slice(6)}${hex(rnd() * 0x10000, 4)}`.slice(0, 36);
}
const unitKeys = Array.from({ length: 13000 }, (_, i) => `/1/${(2 + (i % 110)).toString(36)}/${(200 + (i % 1500)).toString(36)}/${i % 3 ? `${(2000 + i).toString(36)}/` : ''}`);
type Row = [number, string, string, string];
function report(): Row[] {
  const unit = unitKeys[Math.floor(rnd() * unitKeys.length)];
  const event = uuid7(); const kase = uuid7();
  return Array.from({ length: BANDS }, (_, b) => [b * 2 ** 32 + Math.floor(rnd() * 2 ** 32), unit, event, kase] as Row);
}
const key = (a: Row, b: Row) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0);
const toBlob = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');

interface Variant { name: string; db: SQLite.Database; conv: (id: string) => string | Buffer; insert: Map<number, SQLite.Statement>; ins: number; commit: number }
function open(name: string, dir: string): Variant {
  const file = path.join(dir, `${name}.db`);
  const db = new SQLite(file);
  if (name === 'p1k') db.pragma('page_size = 1024');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  if (name === 'ckpt8k') db.pragma('wal_autocheckpoint = 8000');
  const idType = name === 'blob' ? 'blob' : 'text';
  db.exec(`create table case_event_bands (band integer not null, unit_key text not null, event_id ${idType} not null, case_id ${idType} not null,
    primary key (band, unit_key, event_id, case_id)) without rowid`);
  const conv = name === 'blob' ? toBlob : name === 'short' ? (id: string) => id.slice(24) : (id: string) => id;
  return { name, db, conv, insert: new Map(), ins: 0, commit: 0 };
}
function write(v: Variant, rows: Row[], timed: boolean) {
  const stmt = (n: number) => {
    let s = v.insert.get(n);
    if (!s) v.insert.set(n, (s = v.db.prepare(`insert into case_event_bands (band, unit_key, event_id, case_id) values ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`)));
    return s;
  };
  const t0 = performance.now();
  v.db.exec('begin');
  for (let i = 0; i < rows.length; i += 256) {
    const chunk = rows.slice(i, i + 256);
    stmt(chunk.length).run(chunk.flatMap((r) => [r[0], r[1], v.conv(r[2]), v.conv(r[3])]));
  }
  const t1 = performance.now();
  v.db.exec('commit');
  const t2 = performance.now();
  if (timed) { v.ins += t1 - t0; v.commit += t2 - t1; }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'band-pages-'));
console.log(`band pages — ${new Date().toISOString()}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${ROWS} rows preloaded, ${LISTS} lists of ${PER_LIST} rows, variants ${VARIANTS.join(', ')}; ${dir}`);
const variants = VARIANTS.map((n) => open(n, dir));
// Preload: the same rows in each, in key order, in chunks (not timed).
const pre: Row[] = [];
while (pre.length < ROWS) pre.push(...report());
pre.sort(key);
for (const v of variants) {
  for (let i = 0; i < pre.length; i += 200_000) write(v, pre.slice(i, i + 200_000), false);
  v.db.pragma('wal_checkpoint(TRUNCATE)');
}
pre.length = 0;
for (const v of variants) {
  const pages = (v.db.pragma('page_count', { simple: true }) as number);
  const size = (v.db.pragma('page_size', { simple: true }) as number);
  console.log(`  ${v.name}: ${pages} pages of ${size} bytes (${((pages * size) / 2 ** 20).toFixed(1)} MB), ${(pages * size / ROWS).toFixed(1)} bytes a row`);
}
for (let l = 0; l < LISTS; l++) {
  const rows: Row[] = [];
  while (rows.length < PER_LIST) rows.push(...report());
  rows.sort(key);
  // Alternate which variant goes first.
  const order = l % 2 ? [...variants].reverse() : variants;
  for (const v of order) write(v, rows, true);
}
for (const v of variants) {
  console.log(`  ${v.name}: insert ${(v.ins / LISTS).toFixed(1)} ms a list, commit ${(v.commit / LISTS).toFixed(1)} ms a list, both ${((v.ins + v.commit) / LISTS).toFixed(1)} ms`);
  v.db.close();
}
console.log(`load at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
fs.rmSync(dir, { recursive: true, force: true });
