/**
 * Periods and scopes: the one type every figure, ledger, document and pack takes, and the one
 * set of helpers that turn instants into Asia/Shanghai days. Shanghai is UTC+8 all year (no
 * daylight saving), so a day is a fixed 24-hour span of UTC; nothing here reads the server's
 * own time zone, so a server running in UTC shows the right year on New Year's Eve.
 */

/** Calendar days in Asia/Shanghai, written YYYY-MM-DD, both included. */
export interface DayRange {
  from: string;
  to: string;
}

/** A unit subtree (its materialised path) and a period: what every figure is computed for. */
export interface Range extends DayRange {
  unitPath: string;
}

/** A named unit in the actor's subtree and a period: what a pack, a ledger or a document is built for. */
export interface UnitPeriod extends Range {
  unitId: string;
  unitName: string;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar day in Asia/Shanghai of an instant (default: now). */
export function shanghaiDay(at: Date | string = new Date()): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year in Asia/Shanghai of an instant (default: now). */
export function shanghaiYear(at: Date | string = new Date()): number {
  return Number(shanghaiDay(at).slice(0, 4));
}

/** The whole Shanghai year of an instant (default: this year). */
export function thisYear(at: Date | string = new Date()): DayRange {
  const y = shanghaiYear(at);
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/** A day plus `n` calendar days (negative goes back). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** UTC instant at which a Shanghai day (plus `plusDays`) begins. */
export function shanghaiDayStartUtc(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + plusDays, -8)).toISOString();
}

/** The last instant of a Shanghai day, in UTC: a deadline "by 11月30日" ends then. */
export function endOfShanghaiDay(day: string): string {
  return new Date(Date.parse(shanghaiDayStartUtc(day, 1)) - 1).toISOString();
}

/** The UTC instants bounding a day range: records with `from <= at < toExclusive` lie in it. */
export function instantsOf(r: DayRange): { from: string; toExclusive: string } {
  return { from: shanghaiDayStartUtc(r.from), toExclusive: shanghaiDayStartUtc(r.to, 1) };
}

/** The year(s) a day range touches (records kept per year: duty lists, agreements). */
export function yearsOf(r: DayRange): [number, number] {
  return [Number(r.from.slice(0, 4)), Number(r.to.slice(0, 4))];
}

/** The period a query names, or this Shanghai year for what it leaves out. */
export function periodOr(q: { from?: string | null; to?: string | null }, now: Date = new Date()): DayRange {
  const year = thisYear(now);
  return { from: q.from ?? year.from, to: q.to ?? year.to };
}

/** The UTC instant of a Shanghai wall-clock time (month 1–12); NaN parts give an invalid date. */
export function fromShanghaiParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour - 8, minute, second));
}

/** An instant as users read it, in Shanghai time: 2026/11/22 14:05:00. */
export function formatShanghaiDateTime(at: Date | string): string {
  return new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** Shanghai wall-clock parts of an instant: for writing "2026年1月12日10时05分". */
export function shanghaiParts(iso: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const t = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: t.getUTCHours(), minute: t.getUTCMinutes() };
}
