/** Months of a year as the charts show them (YYYY-MM), on Shanghai days. */
import { periodEnd } from '../../common/periods';
import { shanghaiDay } from './period';

/** January to December of `year`, or to the current month while the year runs. */
export function monthsOf(year: number, today = shanghaiDay()): string[] {
  const last = Number(today.slice(0, 4)) === year ? Number(today.slice(5, 7)) : 12;
  return Array.from({ length: last }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** First and last day of a month YYYY-MM. */
export function monthDays(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: periodEnd('monthly', month) };
}
