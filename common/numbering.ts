/**
 * Chinese heading numbers for official documents (GB/T 9704-2012 §7.3.3): the levels run
 * "一、" → "（一）" → "1." → "（1）". The numbers are generated here, never typed into text.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/**
 * A positive integer in Chinese numerals as written in running text and headings:
 * 1 一, 10 十, 11 十一, 20 二十, 99 九十九, 100 一百, 101 一百零一, 110 一百一十, 1010 一千零一十.
 * Supported from 1 to 9999.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`chineseNumeral: ${n} is outside 1..9999`);
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i];
    if (d === 0) {
      if (out) pendingZero = true;
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[d] + unit;
  });
  // 10–19 are read 十, 十一 … 十九, not 一十 (but 110 stays 一百一十).
  if (n >= 10 && n < 20) out = out.slice(1);
  return out;
}

/** Full-width parentheses, as GB/T 9704 headings use them. */
const OPEN = '（';
const CLOSE = '）';

export type HeadingLevel = 1 | 2 | 3 | 4;

/** The number of the `n`th heading of a level: 一、 / （一） / 1. / （1）. */
export function headingMarker(level: HeadingLevel, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`headingMarker: ${n} is not a positive integer`);
  switch (level) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `${OPEN}${chineseNumeral(n)}${CLOSE}`;
    case 3:
      return `${n}.`;
    case 4:
      return `${OPEN}${n}${CLOSE}`;
  }
}

/**
 * Counts headings as a document is written: advancing a level resets every level below it,
 * so "（一）" starts again under each "一、", "1." under each "（一）", and so on.
 */
export class HeadingCounter {
  private readonly counts: number[] = [0, 0, 0, 0];

  /** The marker of the next heading at `level`. */
  next(level: HeadingLevel): string {
    this.counts[level - 1] += 1;
    for (let l = level; l < 4; l++) this.counts[l] = 0;
    return headingMarker(level, this.counts[level - 1]);
  }

  /** Current counts of the four levels (0 where none has been written under the current parent). */
  current(): readonly number[] {
    return [...this.counts];
  }

  reset(): void {
    this.counts.fill(0);
  }
}
