/**
 * Breaking a long document title into lines (GB/T 9704-2012 §7.3.1: "回行时，要做到词意完整，排列
 * 对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形").
 *
 * The rule used here, chosen to be simple and checkable:
 * 1. A title that fits one line (at most `maxPerLine` character widths; half-width letters and digits
 *    count one half) stays on one line.
 * 2. Otherwise it takes the fewest lines n that can hold it, and the lines are as equal as possible
 *    (least sum of squared differences from width/n).
 * 3. Shape: going down, no line is wider than the one above (an inverted trapezoid; equal widths are
 *    allowed); a three-line title may instead be a diamond, its middle line the widest.
 * 4. Lines break between words (jieba segmentation), never inside a word when a break between words
 *    gives a valid shape; a line never starts with closing punctuation or ends with opening
 *    punctuation.
 * If no break satisfies 3 and 4, breaks between any two characters are allowed (still obeying 1–3);
 * titles of more than four lines fall back to filling lines in order.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | null = null;
function segment(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, false);
}

/** Width in character cells: full-width characters 1, half-width (ASCII) ones ½. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x100 ? 0.5 : 1;
  return w;
}

const NO_LINE_START = new Set([...'，。、；：？！）》」』”’】〕…—,.;:?!)]']);
const NO_LINE_END = new Set([...'（《「『“‘【〔([']);

export function shapeOk(widths: number[]): boolean {
  const nonIncreasing = widths.every((w, i) => i === 0 || w <= widths[i - 1]);
  if (nonIncreasing) return true;
  return widths.length === 3 && widths[1] >= widths[0] && widths[1] >= widths[2];
}

/** The lines of a title, per the rule above. */
export function titleLines(title: string, maxPerLine = 20): string[] {
  const text = title.trim();
  const chars = [...text];
  const total = textWidth(text);
  if (total <= maxPerLine) return [text];

  // Word boundaries, as indexes into `chars`.
  const boundaries = new Set<number>();
  let at = 0;
  for (const word of segment(text)) {
    at += [...word].length;
    boundaries.add(at);
  }
  const prefix: number[] = [0];
  for (const ch of chars) prefix.push(prefix[prefix.length - 1] + textWidth(ch));

  const breakAllowed = (i: number) => !NO_LINE_START.has(chars[i]) && !NO_LINE_END.has(chars[i - 1]);

  for (let n = Math.ceil(total / maxPerLine); n <= 4; n++) {
    const ideal = total / n;
    for (const wordsOnly of [true, false]) {
      let best: { score: number; cuts: number[] } | null = null;
      const cuts: number[] = [];
      const search = (start: number, linesLeft: number) => {
        if (linesLeft === 1) {
          const all = [0, ...cuts, chars.length];
          const widths = all.slice(1).map((end, k) => prefix[end] - prefix[all[k]]);
          if (widths.some((w) => w > maxPerLine || w === 0) || !shapeOk(widths)) return;
          const score = widths.reduce((s, w) => s + (w - ideal) ** 2, 0);
          if (!best || score < best.score) best = { score, cuts: [...cuts] };
          return;
        }
        for (let i = start + 1; i < chars.length; i++) {
          if (prefix[i] - prefix[start] > maxPerLine) break;
          if (!breakAllowed(i) || (wordsOnly && !boundaries.has(i))) continue;
          cuts.push(i);
          search(i, linesLeft - 1);
          cuts.pop();
        }
      };
      search(0, n);
      const found = best as { score: number; cuts: number[] } | null;
      if (found) {
        const all = [0, ...found.cuts, chars.length];
        return all.slice(1).map((end, k) => chars.slice(all[k], end).join(''));
      }
    }
  }
  // Very long titles: fill lines in order.
  const lines: string[] = [];
  let line = '';
  for (const ch of chars) {
    if (textWidth(line + ch) > maxPerLine) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}
