/**
 * Periods are Asia/Shanghai days whatever the server's own time zone: at 2026-12-31T16:30Z it is
 * already 2027-01-01 in Shanghai, so "this year" is 2027 and "today" is New Year's Day.
 */
import { describe, expect, it } from 'vitest';
import { endOfShanghaiDay, fromShanghaiParts, instantsOf, periodOr, shanghaiDay, shanghaiDayStartUtc, shanghaiParts, shanghaiYear, thisYear } from '../../server/platform/period';

describe('Shanghai periods', () => {
  const newYearInShanghai = new Date('2026-12-31T16:30:00Z');

  it('takes this year and today in Shanghai, not in UTC', () => {
    expect(shanghaiDay(newYearInShanghai)).toBe('2027-01-01');
    expect(shanghaiYear(newYearInShanghai)).toBe(2027);
    expect(thisYear(newYearInShanghai)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    // Half an hour earlier it was still 2026 in Shanghai.
    expect(thisYear(new Date('2026-12-31T15:59:59Z'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('fills a period a query leaves open with this Shanghai year', () => {
    expect(periodOr({}, newYearInShanghai)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(periodOr({ from: '2026-07-01' }, newYearInShanghai)).toEqual({ from: '2026-07-01', to: '2027-12-31' });
    expect(periodOr({ from: '2026-01-01', to: '2026-06-30' }, newYearInShanghai)).toEqual({ from: '2026-01-01', to: '2026-06-30' });
  });

  it('bounds a day range by UTC instants at Shanghai midnight', () => {
    expect(shanghaiDayStartUtc('2027-01-01')).toBe('2026-12-31T16:00:00.000Z');
    expect(endOfShanghaiDay('2026-12-31')).toBe('2026-12-31T15:59:59.999Z');
    expect(instantsOf({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2025-12-31T16:00:00.000Z', toExclusive: '2026-12-31T16:00:00.000Z' });
    expect(shanghaiParts('2026-12-31T16:30:00Z')).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 30 });
    expect(fromShanghaiParts(2027, 1, 1, 0, 30).toISOString()).toBe('2026-12-31T16:30:00.000Z');
  });
});
