/**
 * Near-duplicate detection for reports: character-shingle MinHash with LSH banding to find
 * candidates, then an exact weighted comparison of each candidate pair before joining.
 *
 * - Shingles: overlapping 3-character runs of the normalised text, after names redacted in any
 *   of the usual ways (杨某某, 杨某, xx, ××, **) are folded to one mark, so a redacted copy
 *   matches the original. Characters, not words: no segmentation, and an edit disturbs only
 *   the three shingles around it.
 * - Weights (an IDF stand-in that needs no corpus statistics at run time): shingles inside
 *   boilerplate phrases of petitions and work reports (请尽快处理, 高度重视, 进一步加强 …) weigh
 *   little, so two different paragraphs built from the same set phrases do not look alike.
 * - Candidates: 64 MinHash values over the weighty shingles, cut into 16 bands of 4; two texts
 *   are candidates when any band agrees (about 0.93 for Jaccard 0.6, 0.0002 for 0.1). The
 *   bands are index keys, so a lookup reads the rows of 16 keys, not every open event.
 * - Verdict: weighted Jaccard, or weighted containment of the shorter text in the longer one
 *   (a sentence dropped or a preface added) when the two are of comparable length; never when
 *   the two name places (村, 社区, 镇, 乡, 街道, 小区) and share none of them: the same complaint
 *   from another village is another event, however alike the wording.
 */
import { normalise } from './normalise';

export const SHINGLE = 3;
export const BANDS = 16;
export const ROWS = 4;
const HASHES = BANDS * ROWS;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
// Marks made of symbols are folded before normalise() drops symbols; surname + 某 after it has made the surname Simplified.
const REDACTED_MARKS = /(?<![a-z])x{2,3}(?![a-z])|×{2,3}|\*{2,3}|○{2,3}|＊{2,3}/gi;
const REDACTED_NAMES = new RegExp(`[${SURNAMES}]某某?|某某`, 'g');

/** Set phrases of petitions and work reports: shingles inside them say little about which event it is. */
const BOILERPLATE = [
  '请尽快处理', '请尽快解决', '请尽快维修', '希望有关部门', '希望相关部门', '请有关部门', '请相关部门', '有关部门', '相关部门', '尽快解决', '尽快处理',
  '引起重视', '高度重视', '认真落实', '贯彻落实', '进一步加强', '进一步提高', '进一步完善', '切实加强', '切实履行', '扎实推进', '持续推进', '全面落实',
  '网络意识形态工作', '意识形态工作责任制', '责任制落实', '主体责任', '第一责任人', '直接责任人', '领导小组', '工作领导小组', '党委理论学习中心组',
  '中心组学习', '专题研究', '研究部署', '工作会议', '组织开展', '开展了', '召开了', '营造良好', '良好氛围', '网络舆论', '舆论引导', '正面宣传',
  '阵地管理', '网络阵地', '宣传教育', '教育引导', '安全隐患', '存在隐患', '影响生活', '影响出行', '群众反映', '居民反映', '村民反映', '网友反映',
  '多次反映', '没有答复', '未得到解决', '急盼答复', '急盼解决', '谢谢', '感谢', '恳请', '希望', '建议', '要求', '情况', '问题', '工作', '加强', '落实',
  '我镇', '我乡', '我县', '我局', '本单位', '各村', '各部门', '全镇', '全乡', '全县', '上级', '年度', '上半年', '下半年', '截至目前', '目前', '已经',
];

/** The form two reports compare in: normalise(), then every redacted name folded to one mark. */
export function canonical(text: string): string {
  return normalise(text.normalize('NFKC').replace(REDACTED_MARKS, '某')).replace(REDACTED_NAMES, '某');
}

/** FNV-1a (32 bits, seeded) with murmur3's finaliser: a feature hash whose bits all depend on every character. */
export function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return fmix(h);
}

/** murmur3's finaliser: every input bit reaches every output bit. */
function fmix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const LOW = new Set<string>();
for (const p of BOILERPLATE) {
  const c = normalise(p);
  if (c.length < SHINGLE) LOW.add(c);
  for (let i = 0; i + SHINGLE <= c.length; i++) LOW.add(c.slice(i, i + SHINGLE));
}
/** Weight of a boilerplate shingle against 1 for any other. */
export const BOILERPLATE_WEIGHT = 0.15;

/** A text's shingles with their weights (a shingle counts once however often it occurs). */
export function shingles(text: string): Map<string, number> {
  return shinglesOfCanonical(canonical(text));
}

function shinglesOfCanonical(c: string): Map<string, number> {
  const out = new Map<string, number>();
  if (c.length < SHINGLE) {
    if (c) out.set(c, 1);
    return out;
  }
  for (let i = 0; i + SHINGLE <= c.length; i++) {
    const s = c.slice(i, i + SHINGLE);
    if (out.has(s)) continue;
    // Inside a set phrase: little to say about which event it is.
    out.set(s, LOW.has(s) ? BOILERPLATE_WEIGHT : 1);
  }
  return out;
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => fmix(0x9e3779b9 * (i + 1)));

/** 64 MinHash values of the weighty shingles (all of them when a text is nothing but set phrases). */
export function minhash(sh: Map<string, number>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  let weighty = 0;
  for (const [s, w] of sh) {
    if (w < 1) continue;
    weighty++;
    lower(sig, hash32(s, 0));
  }
  if (!weighty) for (const s of sh.keys()) lower(sig, hash32(s, 0));
  return sig;
}

function lower(sig: Uint32Array, base: number) {
  for (let i = 0; i < HASHES; i++) {
    const v = fmix(base ^ SEEDS[i]);
    if (v < sig[i]) sig[i] = v;
  }
}

/** The LSH band keys of a signature: the index rows of a report. */
export function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) h = fmix((h ^ sig[b * ROWS + r]) >>> 0);
    keys.push(`${b.toString(16)}${h.toString(16).padStart(8, '0')}`);
  }
  return keys;
}

export function bandsOf(text: string): string[] {
  return bandKeys(minhash(shingles(text)));
}

// 村 of 村民, 村委, 村干部, 村级, 村务 starts a word, it does not end a name ("…浑浊，村民…" is no village).
const VILLAGE = /\p{Script=Han}{2}(?:村(?![民委干级务])|社区|小区)/gu;
const TOWN = /\p{Script=Han}{2}(?:镇|乡|街道)/gu;

/** What the exact check compares: weighted shingles and the places a text names (villages and communities, townships). */
export interface Profile {
  sh: Map<string, number>;
  villages: Set<string>;
  towns: Set<string>;
}

export function profile(text: string): Profile {
  return profileOfCanonical(canonical(text));
}

/** profile() and textPrint() of one text, canonicalised once (intake needs both; canonical() is most of their cost). */
export function profileAndPrint(text: string): { profile: Profile; print: string } {
  const c = canonical(text);
  return { profile: profileOfCanonical(c), print: printOfCanonical(c) };
}

function profileOfCanonical(c: string): Profile {
  const names = (re: RegExp) => new Set([...c.matchAll(re)].map((m) => m[0]));
  return { sh: shinglesOfCanonical(c), villages: names(VILLAGE), towns: names(TOWN) };
}

const disjoint = (a: Set<string>, b: Set<string>) => a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));

/** Both name villages (or townships) and none in common: another place's event. */
function otherPlace(a: Profile, b: Profile): boolean {
  return disjoint(a.villages, b.villages) || disjoint(a.towns, b.towns);
}

export interface Similarity {
  jaccard: number;
  containment: number;
  /** What the verdict uses: Jaccard, or containment when the texts are of comparable length. */
  score: number;
}

/** Weighted Jaccard and containment of two texts' shingles, and the verdict's score (0 for another place). */
export function similarity(pa: Profile, pb: Profile): Similarity {
  const a = pa.sh;
  const b = pb.sh;
  let wa = 0;
  let wb = 0;
  let both = 0;
  for (const w of a.values()) wa += w;
  for (const [s, w] of b) {
    wb += w;
    const x = a.get(s);
    if (x !== undefined) both += Math.min(x, w);
  }
  if (!wa || !wb) return { jaccard: 0, containment: 0, score: 0 };
  const jaccard = both / (wa + wb - both);
  const containment = both / Math.min(wa, wb);
  // A sentence dropped from, or a preface added to, the same paragraph: the shorter one lies
  // almost wholly in the longer. A one-line text inside a long one is not enough on its own.
  const ratio = Math.min(wa, wb) / Math.max(wa, wb);
  const score = otherPlace(pa, pb) ? 0 : ratio >= 0.45 ? Math.max(jaccard, containment * (0.85 + 0.15 * ratio)) : jaccard;
  return { jaccard, containment, score };
}

/**
 * The grouping threshold of the settings (0–16, the old SimHash scale kept so stored settings
 * still mean "how different may two reports be") as the least score that joins: 10 → 0.70.
 */
export function minScore(threshold: number): number {
  return 1 - threshold * 0.03;
}

/** Difference shown to users on the old 0–64 scale: 0 is identical. */
export function distanceOf(score: number): number {
  return Math.max(0, Math.round((1 - score) * 32));
}

/** 16 hex digits naming a report's canonical text: equal for copies that differ only in script, width, punctuation or redaction. */
export function textPrint(text: string): string {
  return printOfCanonical(canonical(text));
}

function printOfCanonical(c: string): string {
  return hash32(c, 0).toString(16).padStart(8, '0') + hash32(c, 0x5bd1e995).toString(16).padStart(8, '0');
}

/** An in-memory index of the same design, for tests and the benchmark. */
export class MinHashIndex<Id> {
  private buckets = new Map<string, Set<Id>>();
  private items = new Map<Id, { p: Profile; keys: string[] }>();

  constructor(readonly threshold: number) {}

  add(id: Id, text: string, p = profile(text)) {
    const keys = bandKeys(minhash(p.sh));
    this.items.set(id, { p, keys });
    for (const k of keys) {
      let set = this.buckets.get(k);
      if (!set) this.buckets.set(k, (set = new Set()));
      set.add(id);
    }
  }

  remove(id: Id) {
    const it = this.items.get(id);
    if (!it) return;
    for (const k of it.keys) this.buckets.get(k)?.delete(id);
    this.items.delete(id);
  }

  /** Stored items that join with `text`, best first; `compared` is how many candidates were checked exactly. */
  near(text: string, p = profile(text)): { matches: { id: Id; score: number }[]; compared: number } {
    const seen = new Set<Id>();
    for (const k of bandKeys(minhash(p.sh))) for (const id of this.buckets.get(k) ?? []) seen.add(id);
    const min = minScore(this.threshold);
    const matches: { id: Id; score: number }[] = [];
    for (const id of seen) {
      const s = similarity(p, this.items.get(id)!.p).score;
      if (s >= min) matches.push({ id, score: s });
    }
    matches.sort((a, b) => b.score - a.score);
    return { matches, compared: seen.size };
  }

  get size() {
    return this.items.size;
  }
}
