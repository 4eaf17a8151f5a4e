/**
 * Grouping throughput: normalise + segment + fingerprint + index lookup/insert for generated
 * Chinese reports. Prints figures; asserts nothing (timings belong here, not in tests).
 *   npx tsx bench/grouping.ts [count]
 */
import { SimHashIndex, simhash } from '../server/text/simhash';
import { BASES } from '../test/fixtures/near-duplicates';

const count = Number(process.argv[2] ?? 100_000);
const places = ['城关镇', '东山镇', '西河乡', '南湖街道', '北岭镇', '青石乡', '金塘镇', '县城', '开发区', '新区'];
const spots = ['东街', '西街', '人民路', '建设路', '学校门口', '菜市场', '卫生院', '村委会', '车站', '广场'];
const asks = ['请尽快处理。', '希望有关部门重视。', '多次反映未解决。', '谢谢！', '急盼答复。'];

let seed = 7;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed % n;
};
function item(i: number): string {
  // Every fifth item repeats an earlier one with a small edit, as real intake does.
  const base = BASES[rand(BASES.length)];
  return `${places[rand(places.length)]}${spots[rand(spots.length)]}附近：${base}${asks[rand(asks.length)]}${i % 5 === 0 ? '' : `编号${i % 997}`}`;
}

const texts = Array.from({ length: count }, (_, i) => item(i));
const index = new SimHashIndex<number>(10);
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
let grouped = 0;
let compared = 0;
for (let i = 0; i < texts.length; i++) {
  const f = simhash(texts[i]);
  const near = index.near(f);
  compared += near.compared;
  if (near.matches.length) grouped++;
  else index.add(i, f);
}
const ms = performance.now() - t0;
console.log(`items: ${count}`);
console.log(`grouping throughput (normalise + jieba + simhash + index): ${Math.round((count / ms) * 1000)} items/s (${(ms / 1000).toFixed(1)} s)`);
console.log(`joined an existing group: ${grouped}; events: ${index.size}; mean candidates compared per item: ${(compared / count).toFixed(1)}`);
console.log(`heap growth: ${((process.memoryUsage().heapUsed - before) / 1024 / 1024).toFixed(0)} MB`);
