/**
 * Proofreading (校对): rules map a wrong or outdated expression (a literal or a regular
 * expression) to its correct form. Matching runs on the text as the project normalises it for
 * comparison (繁→简 with OpenCC, NFKC width folding) and reports each hit at its position in
 * the original text. Literal rules go through one Aho–Corasick automaton; regular expressions
 * are refused when they could backtrack exponentially, and run over a bounded input.
 */
import { createRequire } from 'node:module';
import * as OpenCC from 'opencc-js';
import { AhoCorasick } from './aho-corasick';

const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const fromTw = OpenCC.Converter({ from: 'twp', to: 'cn' });
const toCn = (s: string) => fromTw(fromHk(s));

/** The normalised text and, for each of its code units, the span of the original it came from. */
export interface MappedText {
  text: string;
  start: number[];
  end: number[];
}

const charCache = new Map<string, string>();
function convertChar(c: string): string {
  let v = charCache.get(c);
  if (v === undefined) {
    v = toCn(c);
    if (charCache.size < 20000) charCache.set(c, v);
  }
  return v;
}

/**
 * NFKC (full-width letters and digits to half-width) and Simplified characters, keeping where
 * each normalised code unit came from. Punctuation and spacing stay, so a hit maps back exactly.
 */
export function normaliseMapped(original: string): MappedText {
  let folded = original.normalize('NFKC');
  let s1: number[];
  let e1: number[];
  if (folded.length === original.length) {
    // Width folding is one code unit for one: positions stay where they were.
    s1 = Array.from({ length: folded.length }, (_, i) => i);
    e1 = Array.from({ length: folded.length }, (_, i) => i + 1);
  } else {
    ({ folded, s1, e1 } = foldEach(original));
  }
  return convertMapped(folded, s1, e1);
}

/** NFKC character by character, where it changes the length (㈱ → (株)). */
function foldEach(original: string) {
  let folded = '';
  const s1: number[] = [];
  const e1: number[] = [];
  for (let i = 0; i < original.length;) {
    const cp = original.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const n = original.slice(i, i + w).normalize('NFKC');
    folded += n;
    for (let k = 0; k < n.length; k++) { s1.push(i); e1.push(i + w); }
    i += w;
  }
  return { folded, s1, e1 };
}

/**
 * 繁→简 character by character (OpenCC's Hong Kong and Taiwan tables, each character converted
 * once and remembered), so every normalised code unit keeps its place in the original. Phrase
 * conversions (軟體 → 软件) are left out: wording rules compare characters, and a phrase table
 * would move positions.
 */
function convertMapped(folded: string, s1: number[], e1: number[]): MappedText {
  let text = '';
  let same = true;
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < folded.length;) {
    const w = folded.codePointAt(i)! > 0xffff ? 2 : 1;
    const ch = w === 1 ? folded[i] : folded.slice(i, i + 2);
    const c = convertChar(ch);
    text += c;
    if (c.length === w) {
      for (let k = 0; k < w; k++) { start.push(s1[i + k]); end.push(e1[i + k]); }
    } else {
      same = false;
      for (let k = 0; k < c.length; k++) { start.push(s1[i]); end.push(e1[i + w - 1]); }
    }
    i += w;
  }
  return same ? { text, start: s1, end: e1 } : { text, start, end };
}

export function normaliseText(s: string): string {
  return normaliseMapped(s).text;
}

export interface ProofRule {
  id: string;
  kind: 'literal' | 'regex';
  pattern: string;
  correct: string;
}

export interface ProofHit {
  ruleId: string;
  /** Span in the original text (end exclusive). */
  start: number;
  end: number;
  matched: string;
}

/** Regular expressions run over at most this many characters (a post's body is capped below it). */
export const REGEX_INPUT_LIMIT = 60000;

// safe-regex2 (a dependency; fastify uses it too) and our own nested-quantifier check, both always.
let safeRegex: ((re: string | RegExp) => boolean) | null = null;
try {
  safeRegex = createRequire(import.meta.url)('safe-regex2') as (re: string | RegExp) => boolean;
} catch {
  safeRegex = null;
}

/**
 * A quantified group that itself contains a quantifier or an alternation ((a+)+, (a|aa)*, (\w*)*):
 * the shapes that backtrack exponentially. Conservative: it refuses some harmless patterns too.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const stack: { quantified: boolean; alt: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; if (stack.length && /[dwsDWSp.]/.test(pattern[i] ?? '')) { /* a class escape */ } continue; }
    if (c === '[') { // skip a character class
      i++;
      while (i < pattern.length && pattern[i] !== ']') { if (pattern[i] === '\\') i++; i++; }
      continue;
    }
    if (c === '(') { stack.push({ quantified: false, alt: false }); continue; }
    if (c === '|' && stack.length) { stack[stack.length - 1].alt = true; continue; }
    if ('*+?{'.includes(c) && stack.length && pattern[i - 1] !== '(') stack[stack.length - 1].quantified = c !== '?' || pattern[i - 1] === ')';
    if (c === ')') {
      const inner = stack.pop()!;
      const q = pattern[i + 1];
      const outerQuantified = q === '*' || q === '+' || (q === '{' && /^\{\d*,\d*\}/.test(pattern.slice(i + 1)) && !/^\{\d+\}/.test(pattern.slice(i + 1)));
      if (outerQuantified && (inner.quantified || inner.alt)) return true;
      if (stack.length && (inner.quantified || outerQuantified)) stack[stack.length - 1].quantified = true;
    }
  }
  return false;
}

/** Why a rule's pattern cannot be used, or null: invalid, empty-matching or catastrophic regexes. */
export function patternProblem(kind: 'literal' | 'regex', pattern: string): string | null {
  if (kind === 'literal') return normaliseText(pattern).length ? null : '错误写法不能为空';
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    return '正则表达式无效，请检查括号和转义';
  }
  if (re.test('')) return '正则表达式不能匹配空字符串';
  if (hasNestedQuantifier(pattern) || (safeRegex && !safeRegex(re))) return '正则表达式含有嵌套的重复(如 (a+)+)，可能导致匹配极慢，请改写';
  return null;
}

/** Rules compiled once for a batch of texts: one automaton for the literals, each regex once. */
export class Proofreader {
  private readonly ac: AhoCorasick;
  private readonly literals: ProofRule[];
  private readonly regexes: { rule: ProofRule; re: RegExp }[];

  constructor(rules: readonly ProofRule[]) {
    this.literals = rules.filter((r) => r.kind === 'literal');
    this.ac = new AhoCorasick(this.literals.map((r) => normaliseText(r.pattern)));
    this.regexes = rules.filter((r) => r.kind === 'regex').map((rule) => ({ rule, re: new RegExp(rule.pattern, 'gu') }));
  }

  /** Hits in the original text, by position; one hit per rule and span. */
  check(original: string): ProofHit[] {
    const m = normaliseMapped(original);
    const hits: ProofHit[] = [];
    const seen = new Set<string>();
    const add = (ruleId: string, s: number, e: number) => {
      if (e <= s) return;
      const start = m.start[s];
      const end = m.end[e - 1];
      const key = `${ruleId}:${start}:${end}`;
      if (seen.has(key)) return;
      seen.add(key);
      hits.push({ ruleId, start, end, matched: original.slice(start, end) });
    };
    for (const x of this.ac.search(m.text)) add(this.literals[x.pattern].id, x.start, x.end);
    const bounded = m.text.length > REGEX_INPUT_LIMIT ? m.text.slice(0, REGEX_INPUT_LIMIT) : m.text;
    for (const { rule, re } of this.regexes) {
      re.lastIndex = 0;
      for (const x of bounded.matchAll(re)) add(rule.id, x.index, x.index + x[0].length);
    }
    return hits.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : 1));
  }
}

/** Why a rule fails its own examples (the first that fails), or null. */
export function exampleProblem(rule: Omit<ProofRule, 'id'>, mustMatch: readonly string[], mustNotMatch: readonly string[]): string | null {
  const why = patternProblem(rule.kind, rule.pattern);
  if (why) return why;
  const p = new Proofreader([{ ...rule, id: 'r' }]);
  for (const ex of mustMatch) if (!p.check(ex).length) return `应命中的例句“${ex}”没有被规则命中`;
  for (const ex of mustNotMatch) if (p.check(ex).length) return `不应命中的例句“${ex}”被规则命中了`;
  return null;
}

/** The text with the hit replaced by the rule's correct form ($1 … for a regex's groups). */
export function applyFix(original: string, hit: { start: number; end: number }, rule: Pick<ProofRule, 'kind' | 'pattern' | 'correct'>): string {
  const part = original.slice(hit.start, hit.end);
  const fixed = rule.kind === 'regex' ? normaliseText(part).replace(new RegExp(rule.pattern, 'u'), rule.correct) : rule.correct;
  return original.slice(0, hit.start) + fixed + original.slice(hit.end);
}
