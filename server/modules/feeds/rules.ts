import { normalise } from '../../text/normalise';

/**
 * A feed's keyword rule: an item is kept when it contains at least one of `any` (if any are
 * given), every one of `all`, and none of `none`. Text and keywords are compared in their
 * normalised form, so 網信 matches 网信 and ＡＢＣ matches abc.
 */
export interface KeywordRule {
  any: string[];
  all: string[];
  none: string[];
}

export function compileRule(rule: KeywordRule): (text: string) => { matched: boolean; hits: string[] } {
  const prep = (ws: string[]) => ws.map((w) => ({ word: w, norm: normalise(w) })).filter((w) => w.norm.length > 0);
  const any = prep(rule.any);
  const all = prep(rule.all);
  const none = prep(rule.none);
  return (text) => {
    const t = normalise(text);
    const anyHits = any.filter((w) => t.includes(w.norm));
    if (any.length > 0 && anyHits.length === 0) return { matched: false, hits: [] };
    if (!all.every((w) => t.includes(w.norm))) return { matched: false, hits: [] };
    if (none.some((w) => t.includes(w.norm))) return { matched: false, hits: [] };
    const hits = [...anyHits, ...all].map((w) => w.word);
    return { matched: hits.length > 0, hits };
  };
}
