import { describe, expect, it } from 'vitest';
import { normalise } from '../../server/text/normalise';
import { searchTerms } from '../../server/text/segment';
import { hamming, SimHashIndex, simhash } from '../../server/text/simhash';
import { labelledPairs } from '../fixtures/near-duplicates';

/** The default grouping threshold (bits of 64) that the labelled set supports. */
const THRESHOLD = 10;

describe('text normalisation', () => {
  it('folds Traditional to Simplified, full-width to half-width, case, spaces and punctuation', () => {
    expect(normalise('網絡問政：學校門口交通擁堵！')).toBe(normalise('网络问政:学校门口交通拥堵!'));
    expect(normalise('ＡＢＣ１２３，　ｘｙｚ')).toBe('abc123xyz');
    expect(normalise('公交 3 路  车')).toBe('公交3路车');
  });

  it('segments Chinese into search terms', () => {
    const terms = searchTerms(normalise('县第一中学门口交通拥堵'));
    expect(terms).toEqual(expect.arrayContaining(['中学', '门口', '交通']));
  });
});

describe('near-duplicate fingerprints on a labelled set', () => {
  const pairs = labelledPairs().map((p) => ({ ...p, d: hamming(simhash(p.a), simhash(p.b)) }));

  it(`separates near-duplicates from same-topic reports at distance ≤ ${THRESHOLD}`, () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      const predicted = p.d <= THRESHOLD;
      if (predicted && p.same) tp++;
      else if (predicted && !p.same) fp++;
      else if (!predicted && p.same) fn++;
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`grouping on ${pairs.length} labelled pairs at k=${THRESHOLD}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    expect(pairs.filter((p) => p.same).length).toBeGreaterThanOrEqual(90);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(40);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    // Script and width alone never separate two reports.
    for (const p of pairs.filter((x) => x.how === '繁体(香港)' || x.how === '全角与标点')) expect(p.d).toBe(0);
  });
});

describe('SimHash index', () => {
  it('finds exactly what a full scan finds within k, while comparing far fewer items', () => {
    let seed = 42;
    const rand32 = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed;
    };
    const rand64 = () => (BigInt(rand32()) << 32n) | BigInt(rand32());
    const k = THRESHOLD;
    const index = new SimHashIndex<number>(k);
    const stored: bigint[] = [];
    for (let i = 0; i < 20000; i++) {
      const f = rand64();
      stored.push(f);
      index.add(i, f);
    }
    // Queries near stored items (flip up to k+2 bits) and random ones.
    let compared = 0;
    for (let q = 0; q < 200; q++) {
      let f = q % 2 ? rand64() : stored[q * 37];
      if (q % 2 === 0) for (let b = 0; b < (q % (k + 3)); b++) f ^= 1n << BigInt(rand32() % 64);
      const brute = stored.map((s, i) => ({ i, d: hamming(f, s) })).filter((x) => x.d <= k).map((x) => x.i).sort((a, b) => a - b);
      const { matches, compared: c } = index.near(f);
      compared += c;
      expect(matches.map((m) => m.id).sort((a, b) => a - b)).toEqual(brute);
    }
    expect(compared / 200).toBeLessThan(20000 * 0.25);
  }, 120_000); // a brute-force comparison of 4 million pairs: slow on a busy machine, and not a timing test
});
