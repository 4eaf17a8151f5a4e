/**
 * The proofreading engine: the Aho–Corasick automaton against a plain indexOf scan, hits mapped
 * back through 繁→简 and full-width folding, the refusal of catastrophic or invalid patterns, and
 * the starter rules passing their own examples.
 */
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../server/text/aho-corasick';
import { applyFix, exampleProblem, hasNestedQuantifier, normaliseMapped, patternProblem, Proofreader } from '../../server/text/proofread';
import { STARTER_RULES } from '../../server/modules/outlets/starter-rules';

function naive(patterns: string[], text: string) {
  const out: string[] = [];
  patterns.forEach((p, i) => { for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) out.push(`${i}:${at}`); });
  return out.sort();
}

describe('Aho–Corasick', () => {
  it('finds every occurrence, overlapping and nested ones included', () => {
    const patterns = ['he', 'she', 'his', 'hers', '国务院', '务院', '国务', 'aa'];
    const text = 'ushers said his aaa 国务院国务院办公厅';
    const got = new AhoCorasick(patterns).search(text).map((m) => `${m.pattern}:${m.start}`).sort();
    expect(got).toEqual(naive(patterns, text));
    expect(got).toContain('7:16');
    expect(got).toContain('7:17');
  });

  it('agrees with indexOf on random texts over a small alphabet', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const alpha = '甲乙丙丁ab';
    const word = (len: number) => Array.from({ length: len }, () => alpha[rnd(alpha.length)]).join('');
    for (let round = 0; round < 20; round++) {
      const patterns = Array.from({ length: 30 }, () => word(1 + rnd(4)));
      const text = word(400);
      expect(new AhoCorasick(patterns).search(text).map((m) => `${m.pattern}:${m.start}`).sort()).toEqual(naive(patterns, text));
    }
  });
});

describe('proofreading', () => {
  it('matches on normalised text and maps hits back to the original', () => {
    const text = '據悉，国家旅遊局將於５月１２號發布。';
    const m = normaliseMapped(text);
    expect(m.text).toContain('国家旅游局');
    const p = new Proofreader([
      { id: 'a', kind: 'literal', pattern: '国家旅游局', correct: '文化和旅游部' },
      { id: 'b', kind: 'regex', pattern: '(\\d{1,2})月(\\d{1,2})号', correct: '$1月$2日' },
    ]);
    const hits = p.check(text);
    expect(hits.map((h) => [h.ruleId, h.matched])).toEqual([['a', '国家旅遊局'], ['b', '５月１２號']]);
    expect(applyFix(text, hits[1], { kind: 'regex', pattern: '(\\d{1,2})月(\\d{1,2})号', correct: '$1月$2日' })).toBe('據悉，国家旅遊局將於5月12日發布。');
    expect(applyFix(text, hits[0], { kind: 'literal', pattern: '国家旅游局', correct: '文化和旅游部' })).toBe('據悉，文化和旅游部將於５月１２號發布。');
  });

  it('refuses invalid, empty-matching and catastrophic patterns', () => {
    expect(patternProblem('regex', '(国务院')).toMatch('正则表达式无效');
    expect(patternProblem('regex', 'a*')).toMatch('空字符串');
    for (const bad of ['(a+)+b', '(\\w*)*x', '(a|aa)+c', '(.*a){2,}b']) expect(patternProblem('regex', bad), bad).toMatch('嵌套的重复');
    expect(hasNestedQuantifier('(\\d{1,2})月(\\d{1,2})号')).toBe(false);
    expect(patternProblem('regex', '(\\d{1,2})月(\\d{1,2})号')).toBeNull();
  });

  it('a rule whose examples fail says which one', () => {
    expect(exampleProblem({ kind: 'literal', pattern: '农业部', correct: '农业农村部' }, ['农业部发文'], ['各级农业部门'])).toBe('不应命中的例句“各级农业部门”被规则命中了');
    expect(exampleProblem({ kind: 'literal', pattern: '再接再励', correct: '再接再厉' }, ['再接再厉'], [])).toBe('应命中的例句“再接再厉”没有被规则命中');
  });

  it('every starter rule passes its own examples and its correct form does not trigger it', () => {
    for (const r of STARTER_RULES) {
      expect(exampleProblem(r, r.mustMatch, r.mustNotMatch), r.key).toBeNull();
      if (r.kind === 'literal') expect(new Proofreader([{ id: r.key, ...r }]).check(r.correct), r.key).toEqual([]);
    }
  });
});
