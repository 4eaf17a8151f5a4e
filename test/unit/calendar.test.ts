import { describe, expect, it } from 'vitest';
import { addDays, deadlineAfter, endOfShanghaiDay, shanghaiDay, WorkCalendar } from '../../server/platform/calendar';

describe('Chinese working-day calendar', () => {
  const cal = new WorkCalendar();

  it('knows the 2026 National Day holiday and its make-up workdays', () => {
    expect(cal.isWorkday('2026-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2026-10-0${d}`)).toBe(false);
    // Saturday 10 October 2026 is a make-up workday (调休).
    expect(new Date('2026-10-10T00:00:00Z').getUTCDay()).toBe(6);
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.isWorkday('2026-10-11')).toBe(false);
  });

  it('counts working days across the holiday', () => {
    // From Wednesday 30 September: 1 Oct–7 Oct are off, 8 and 9 Oct work, 10 Oct (Sat) is 调休.
    expect(cal.addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkdays('2026-09-30', 3)).toBe('2026-10-10');
    expect(cal.addWorkdays('2026-09-30', 5)).toBe('2026-10-13');
    expect(cal.workdaysBetween('2026-09-30', '2026-10-13')).toBe(5);
    // The same five working days in an ordinary week.
    expect(cal.addWorkdays('2026-11-16', 5)).toBe('2026-11-23');
  });

  it('lets an admin entry override the package', () => {
    const local = new WorkCalendar(new Map([['2026-11-20', false], ['2026-11-22', true]]));
    expect(local.isWorkday('2026-11-20')).toBe(false);
    expect(local.isWorkday('2026-11-22')).toBe(true);
    expect(local.addWorkdays('2026-11-19', 1)).toBe('2026-11-22');
  });

  it('computes deadlines at the end of the Shanghai day', () => {
    expect(shanghaiDay('2026-09-30T17:30:00Z')).toBe('2026-10-01');
    expect(endOfShanghaiDay('2026-10-08')).toBe('2026-10-08T15:59:59.999Z');
    expect(deadlineAfter(cal, '2026-09-30T02:00:00Z', 5, 'working_days')).toBe('2026-10-13T15:59:59.999Z');
    expect(deadlineAfter(cal, '2026-09-30T02:00:00Z', 5, 'calendar_days')).toBe('2026-10-05T15:59:59.999Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
