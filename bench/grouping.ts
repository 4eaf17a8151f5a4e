/**
 * Grouping, before and after issue 11: the old single 64-bit SimHash (jieba words, pigeonhole
 * blocks, k = 10) against character-shingle MinHash with LSH bands and an exact check of each
 * candidate. For each design:
 *   - throughput: reports grouped per second (fingerprint + index lookup + exact check + insert
 *     when new), over a stream in which one report in five is a second report of an earlier one;
 *   - candidates per lookup with 100,000 open events in one index (distinct reports of the
 *     same topics, as a province's open events are), and the time of a lookup there.
 * Prints figures; asserts nothing (timings belong here, not in tests).
 *   npx tsx bench/grouping.ts [stream count] [open events]
 */
import { MinHashIndex } from '../server/text/minhash';
import { SimHashIndex, simhash } from '../server/text/simhash';
import { original, type Report, rng, variant } from './case-texts';

const count = Number(process.argv[2] ?? 20_000);
const openEvents = Number(process.argv[3] ?? 100_000);
const LOOKUPS = 1_000;

function stream(n: number, seed: number): string[] {
  const rand = rng(seed);
  const out: Report[] = [];
  for (let i = 0; i < n; i++) out.push(i % 5 === 4 && out.length ? variant(out[rand(out.length)], rand) : original(rand));
  return out.map((r) => r.content);
}

interface Design {
  name: string;
  add(id: number, text: string): void;
  near(text: string): { joined: boolean; compared: number };
  size(): number;
}

function designs(): Design[] {
  const s = new SimHashIndex<number>(10);
  const m = new MinHashIndex<number>(10);
  return [
    {
      name: 'before: SimHash 64 bit (jieba words, k = 10, 11 blocks)',
      add: (id, t) => s.add(id, simhash(t)),
      near: (t) => { const r = s.near(simhash(t)); return { joined: r.matches.length > 0, compared: r.compared }; },
      size: () => s.size,
    },
    {
      name: 'after: MinHash 3-shingles (64 hashes, 16 bands × 4, exact weighted check)',
      add: (id, t) => m.add(id, t),
      near: (t) => { const r = m.near(t); return { joined: r.matches.length > 0, compared: r.compared }; },
      size: () => m.size,
    },
  ];
}

const texts = stream(count, 7);
const open = stream(Math.ceil(openEvents * 1.25), 11).filter((_, i) => i % 5 !== 4); // distinct reports only
const probes = stream(LOOKUPS, 13); // one in five a second report of a report not in the index
console.log(`stream: ${count} reports; index: ${open.length} open events; ${probes.length} lookups`);
for (const d of designs()) {
  // 1. Grouping a stream from empty.
  const t0 = performance.now();
  let joined = 0;
  let compared = 0;
  for (let i = 0; i < texts.length; i++) {
    const r = d.near(texts[i]);
    compared += r.compared;
    if (r.joined) joined++;
    else d.add(i, texts[i]);
  }
  const ms = performance.now() - t0;
  console.log(`\n${d.name}`);
  console.log(`  grouping throughput: ${Math.round((count / ms) * 1000)} reports/s (${(ms / count).toFixed(3)} ms per report); joined ${joined}, events ${d.size()}, candidates per lookup ${(compared / count).toFixed(1)}`);
}
for (const d of designs()) {
  // 2. A large index of open events, then lookups against it.
  const b0 = performance.now();
  open.forEach((t, i) => d.add(i, t));
  const build = performance.now() - b0;
  const t1 = performance.now();
  let compared = 0;
  let joined = 0;
  for (const p of probes) {
    const r = d.near(p);
    compared += r.compared;
    if (r.joined) joined++;
  }
  const ms = performance.now() - t1;
  console.log(`\n${d.name} — ${d.size()} open events`);
  console.log(`  index built in ${(build / 1000).toFixed(1)} s (${Math.round((open.length / build) * 1000)} inserts/s)`);
  console.log(`  lookups: ${(ms / probes.length).toFixed(3)} ms each, candidates per lookup ${(compared / probes.length).toFixed(1)}, joined ${joined} of ${probes.length}`);
}
