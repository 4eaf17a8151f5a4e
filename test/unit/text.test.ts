import { describe, expect, it } from 'vitest';
import { normalise } from '../../server/text/normalise';
import { searchTerms } from '../../server/text/segment';
import { DEFAULT_THRESHOLD } from '../../server/modules/cases/settings';
import { bandKeys, canonical, MinHashIndex, minhash, minScore, profile, similarity } from '../../server/text/minhash';
import { hamming, simhash } from '../../server/text/simhash';
import { editPairs, labelledPairs } from '../fixtures/near-duplicates';

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

describe('near-duplicate grouping on the labelled set', () => {
  const pairs = [...labelledPairs(), ...editPairs()].map((p) => {
    const a = profile(p.a);
    const b = profile(p.b);
    const keys = new Set(bandKeys(minhash(a.sh)));
    // Joined = found as a candidate through the bands, then passing the exact check at the default threshold.
    const candidate = bandKeys(minhash(b.sh)).some((k) => keys.has(k));
    return { ...p, joined: candidate && similarity(a, b).score >= minScore(DEFAULT_THRESHOLD), simhashJoined: hamming(simhash(p.a), simhash(p.b)) <= DEFAULT_THRESHOLD };
  });
  const figures = (xs: typeof pairs, key: 'joined' | 'simhashJoined') => {
    const tp = xs.filter((p) => p.same && p[key]).length;
    const fp = xs.filter((p) => !p.same && p[key]).length;
    const fn = xs.filter((p) => p.same && !p[key]).length;
    return { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
  };

  it(`has precision ≥ 0.97 and recall ≥ 0.95 overall and on every kind of edit, at threshold ${DEFAULT_THRESHOLD}`, () => {
    const kinds = [...new Set(pairs.map((p) => p.how))];
    for (const how of kinds) {
      const xs = pairs.filter((p) => p.how === how);
      const now = figures(xs, 'joined');
      const before = figures(xs, 'simhashJoined');
      const what = xs[0].same ? `recall ${now.recall.toFixed(3)} (SimHash before: ${before.recall.toFixed(3)})` : `wrongly joined ${now.fp} (SimHash before: ${before.fp})`;
      console.log(`${how.padEnd(10, '　')} ${String(xs.length).padStart(3)} pairs: ${what}`);
    }
    const all = figures(pairs, 'joined');
    const before = figures(pairs, 'simhashJoined');
    console.log(`overall ${pairs.length} pairs (${pairs.filter((p) => p.same).length} near-duplicates): precision ${all.precision.toFixed(3)}, recall ${all.recall.toFixed(3)}; SimHash before: precision ${before.precision.toFixed(3)}, recall ${before.recall.toFixed(3)}`);
    expect(pairs.filter((p) => p.same).length).toBeGreaterThanOrEqual(140);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(60);
    expect(all.precision).toBeGreaterThanOrEqual(0.97);
    expect(all.recall).toBeGreaterThanOrEqual(0.95);
    for (const how of kinds) {
      const f = figures(pairs.filter((p) => p.how === how), 'joined');
      if (pairs.find((p) => p.how === how)!.same) expect(f.recall, how).toBeGreaterThanOrEqual(0.9);
      else expect(f.fp, how).toBe(0);
    }
    // Each kind of real edit the issue names is in the set, with enough pairs to mean something.
    for (const how of ['姓名脱敏', '删去一两句', '增加前言', '短段两处小改', '同主题套话']) expect(pairs.filter((p) => p.how === how).length, how).toBeGreaterThanOrEqual(8);
    // Script, width and redaction alone never separate two reports.
    for (const p of pairs.filter((x) => x.how === '繁体(香港)' || x.how === '全角与标点' || x.how === '姓名脱敏')) expect(similarity(profile(p.a), profile(p.b)).score).toBeGreaterThan(0.9);
  });

  it('reads every usual redaction of a name as the same mark', () => {
    expect(canonical('杨某某反映')).toBe(canonical('xx反映'));
    expect(canonical('张某反映')).toBe(canonical('××反映'));
    expect(canonical('李某某反映')).toBe(canonical('**反映'));
  });
});

describe('MinHash band index', () => {
  it('finds the near-duplicates a full comparison finds, comparing a small share of the stored reports', () => {
    const stored = labelledPairs().concat(editPairs()).map((p) => p.a);
    const texts = [...new Set(stored)];
    // Filler: the same kind of report about other places and things, as open events of a county are.
    const towns = ['城关镇', '东山镇', '西河乡', '南湖街道', '北岭镇', '青石乡', '金塘镇', '柳林镇'];
    const things = ['路灯', '垃圾站', '自来水', '公交站牌', '排水沟', '健身器材', '桥梁护栏', '农贸市场'];
    const problems = ['坏了很久', '没人管理', '经常出问题', '存在安全隐患'];
    for (let i = 0; i < 4000; i++) texts.push(`${towns[i % 8]}第${i}号${['村', '社区'][i % 2]}的${things[(i >> 3) % 8]}${problems[(i >> 6) % 4]}，已经${(i % 9) + 2}天了，请尽快处理。`);
    const index = new MinHashIndex<number>(DEFAULT_THRESHOLD);
    texts.forEach((t, i) => index.add(i, t));
    let compared = 0;
    const queries = editPairs().filter((p) => p.same);
    for (const q of queries) {
      const { matches, compared: c } = index.near(q.b);
      compared += c;
      const want = texts.indexOf(q.a);
      expect(matches.map((m) => m.id), q.how).toContain(want);
    }
    expect(compared / queries.length).toBeLessThan(texts.length * 0.05);
  });
});
