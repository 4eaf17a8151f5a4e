/**
 * Which tables' and indexes' pages a list of intake writes (issue 16, SQLite intake, sqlintake3):
 * on a kept intake database (`bench/cases.ts --only intake … --keep`), WAL checkpointed and
 * emptied, automatic checkpoints off, then N lists of 500 reports (new texts and variants of stored
 * ones, at random units) through intakeMany, one transaction each; then the WAL's frames are read
 * and each page is named by its b-tree (SQLite's dbstat). Prints the distinct pages each b-tree
 * had written per list: what a commit writes to the WAL and a checkpoint copies back.
 *
 *   npx tsx bench/intake-pages.ts <kept netduty.db> [--lists 4]
 * Writes into the database given: use a copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { CASE_SOURCES } from '../common/cases';
import { openDb } from '../server/db';
import { intakeMany, type IntakeInput } from '../server/modules/cases/intake';
import { systemCtx } from '../server/platform/context';
import { original, rng, variant } from './case-texts';
import { startAsTheApp } from './setup';

const file = process.argv[2];
const lists = Number(process.argv[process.argv.indexOf('--lists') + 1]) || 4;
startAsTheApp();
const handle = openDb({ dataDir: path.dirname(file), sqliteFile: file });
const s = handle.sqlite!;
s.pragma('wal_checkpoint(TRUNCATE)');
s.pragma('wal_autocheckpoint = 0');
const units = s.prepare("select id, path, name from units where path like '/%/%/%/%/' ").all() as { id: string; path: string; name: string }[];
const stored = s.prepare('select content, title from cases order by random() limit ?').all(lists * 250) as { content: string; title: string }[];
const rand = rng(99);
const ctx = systemCtx('bench');
const pageSize = Number(s.pragma('page_size', { simple: true }));
let at = Date.UTC(2027, 0, 1);
// The WAL: a 32-byte header, then frames of a 24-byte header (page number first) and a page. Each list's frames are those it appended.
const frameSize = 24 + pageSize;
const perList: number[][] = [];
let offset = 32;
for (let l = 0; l < lists; l++) {
  const inputs: IntakeInput[] = Array.from({ length: 500 }, (_, i) => {
    const r = i % 5 < 2 && stored.length ? variant(stored.pop()!, rand) : original(rand);
    const u = units[rand(units.length)];
    return { unit: u, source: CASE_SOURCES[i % CASE_SOURCES.length], via: 'staff', receivedAt: new Date(at += 60_000).toISOString(), title: r.title, content: r.content };
  });
  const t0 = performance.now();
  await handle.db.transaction().execute((trx) => intakeMany(trx, ctx, inputs));
  const wal = fs.readFileSync(`${file}-wal`);
  const pages: number[] = [];
  for (; offset + frameSize <= wal.length; offset += frameSize) pages.push(wal.readUInt32BE(offset));
  perList.push(pages);
  console.log(`list ${l + 1}: ${(performance.now() - t0).toFixed(0)} ms, ${pages.length} WAL frames`);
}
const names = new Map<number, string>();
for (const r of (await sql<{ name: string; pageno: number }>`select name, pageno from dbstat`.execute(handle.db)).rows) names.set(Number(r.pageno), r.name);
const byName = new Map<string, number>();
for (const pages of perList) for (const p of pages) byName.set(names.get(p) ?? '(free)', (byName.get(names.get(p) ?? '(free)') ?? 0) + 1);
const frames = perList.reduce((n, p) => n + p.length, 0);
console.log(`${lists} lists of 500: ${(frames / lists).toFixed(0)} WAL frames (pages) a list, by b-tree:`);
for (const [name, n] of [...byName].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / lists).toFixed(0).padStart(6)}  ${name}`);
await handle.close();
