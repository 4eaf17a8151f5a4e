/**
 * Dates and periods in the official form (GB/T 9704-2012 §7.3.5.1: Arabic numerals, year in full,
 * month and day without leading zeros): 2026年11月22日, 2026年上半年, 2026年度.
 */
import { type DayRange, shanghaiDay } from '../platform/period';

export type { DayRange };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new RangeError(`no such day: ${day}`);
  return [y, mo, d];
}

/** A Shanghai calendar day (YYYY-MM-DD), or an instant taken as its day in Asia/Shanghai. */
export type DayInput = string | Date;

function toDay(at: DayInput): string {
  return typeof at === 'string' && DAY.test(at) ? at : shanghaiDay(at);
}

/** 2026-11-02 → 2026年11月2日; an instant is first taken to its day in Asia/Shanghai. */
export function officialDate(at: DayInput): string {
  const [y, m, d] = parts(toDay(at));
  return `${y}年${m}月${d}日`;
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}


/** The range of a half-year (1 = 上半年, 2 = 下半年), a quarter or a whole year. */
export function halfYear(year: number, half: 1 | 2): DayRange {
  return half === 1 ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
}
export function wholeYear(year: number): DayRange {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
export function quarter(year: number, q: 1 | 2 | 3 | 4): DayRange {
  const first = (q - 1) * 3 + 1;
  const last = first + 2;
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: `${year}-${String(last).padStart(2, '0')}-${lastDayOfMonth(year, last)}` };
}

const QUARTERS = ['一', '二', '三', '四'];

/** Always the explicit form: 2026年1月1日至2026年6月30日 (one day alone: 2026年1月1日). */
export function rangeLabel({ from, to }: DayRange): string {
  parts(from);
  parts(to);
  if (from > to) throw new RangeError(`range ends before it starts: ${from}..${to}`);
  return from === to ? officialDate(from) : `${officialDate(from)}至${officialDate(to)}`;
}

/**
 * The name of a period as documents write it: a whole year 2026年度, a half-year 2026年上半年 /
 * 2026年下半年, a quarter 2026年第一季度, a whole month 2026年3月; any other range in full,
 * 2026年1月1日至2026年6月30日.
 */
export function periodLabel(range: DayRange): string {
  const [fy, fm, fd] = parts(range.from);
  const [ty, tm, td] = parts(range.to);
  if (range.from > range.to) throw new RangeError(`range ends before it starts: ${range.from}..${range.to}`);
  const wholeMonths = fd === 1 && td === lastDayOfMonth(ty, tm) && fy === ty;
  if (wholeMonths) {
    if (fm === 1 && tm === 12) return `${fy}年度`;
    if (fm === 1 && tm === 6) return `${fy}年上半年`;
    if (fm === 7 && tm === 12) return `${fy}年下半年`;
    if (tm - fm === 2 && fm % 3 === 1) return `${fy}年第${QUARTERS[(fm - 1) / 3]}季度`;
    if (fm === tm) return `${fy}年${fm}月`;
  }
  return rangeLabel(range);
}
