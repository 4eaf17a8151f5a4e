/**
 * The province summary's 学习研讨 (study) and 任务落实和问题整改 (tasks) sections, built by this checkout
 * and by another one (a `git archive` of an earlier commit, with node_modules linked), alternately
 * in one process on one database, so both face the same load: medians of the rounds, and whether
 * the two give the same section (figures, sentences, links).
 *   BENCH_KEEP=1 npx tsx bench/documents.ts          (prints "kept <dir>": the default province)
 *   npx tsx bench/documents-sections.ts <dir> <other checkout> [rounds=7]
 * DATABASE_URL=… instead of <dir> (give "-"): a PostgreSQL database that documents.ts filled.
 */
import path from 'node:path';
import { openDb } from '../server/db';
import type { GenContext, SummarySection } from '../server/platform/modules';
import { studySection } from '../server/modules/ledger/summary';
import { taskSection } from '../server/modules/tasks/summary';
import { startAsTheApp } from './setup';

const [dir, other, roundsArg] = process.argv.slice(2);
if (!dir || !other) throw new Error('usage: npx tsx bench/documents-sections.ts <dir|-> <other checkout> [rounds]');
const rounds = Number(roundsArg ?? 7);
startAsTheApp();

async function main() {
  const before = {
    study: (await import(path.resolve(other, 'server/modules/ledger/summary.ts'))).studySection as SummarySection,
    tasks: (await import(path.resolve(other, 'server/modules/tasks/summary.ts'))).taskSection as SummarySection,
  };
  const now = { study: studySection, tasks: taskSection };
  const handle = openDb(dir === '-' ? { databaseUrl: process.env.DATABASE_URL!, dataDir: '/tmp' } : { dataDir: dir });
  const db = handle.db;
  try {
    const root = await db.selectFrom('units').select(['id', 'name', 'path', 'depth', 'kind', 'parent_id']).where('parent_id', 'is', null).orderBy('path').executeTakeFirstOrThrow();
    const ctx = { db, unit: root, from: '2026-01-01', to: '2026-12-31', periodLabel: '2026年度', subject: null, today: '2026-12-31' } as unknown as GenContext;
    for (const key of ['study', 'tasks'] as const) {
      const t: [number[], number[]] = [[], []];
      const out = ['', ''];
      for (let i = 0; i <= rounds; i++) {
        for (const [k, s] of [[0, before[key]], [1, now[key]]] as const) {
          const started = performance.now();
          out[k] = JSON.stringify(await s.build({ ...ctx }));
          if (i > 0) t[k].push(performance.now() - started); // round 0 warms up
        }
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      console.log(`province section ${key}: other ${med(t[0]).toFixed(0)} ms, this ${med(t[1]).toFixed(0)} ms (medians of ${rounds}, alternating); same section: ${out[0] === out[1]}`);
    }
  } finally {
    await handle.close();
  }
}

void main();
