/** Working-day calendar: the day statuses a user reads, and the request schemas of its administration. */
import { z } from 'zod';
import { optionalText } from './fields';

/** Where a day's status comes from. */
export const DAY_SOURCES = ['holiday', 'makeup_workday', 'weekend', 'workday', 'override'] as const;
export type DaySource = (typeof DAY_SOURCES)[number];
export const DAY_SOURCE_LABELS: Record<DaySource, string> = {
  holiday: '法定节假日',
  makeup_workday: '调休上班',
  weekend: '周末',
  workday: '工作日',
  override: '本地调整',
};

export const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** True for a real calendar day written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;

/** A calendar day, e.g. 2026-10-01; `label` names the field in the message. */
export function calendarDay(label = '日期') {
  return z
    .string({ error: `请填写${label}` })
    .refine(isCalendarDay, { error: `${label}应为有效日期，格式 YYYY-MM-DD，如 2026-10-01` })
    .refine((v) => Number(v.slice(0, 4)) >= CALENDAR_MIN_YEAR && Number(v.slice(0, 4)) <= CALENDAR_MAX_YEAR, {
      error: `${label}应在 ${CALENDAR_MIN_YEAR} 年到 ${CALENDAR_MAX_YEAR} 年之间`,
    });
}

export const calendarDayParams = z.object({ day: calendarDay('日期') });

export const calendarQuery = z.object({
  year: z.coerce
    .number({ error: '年份应为数字，如 2026' })
    .int({ error: '年份应为整数，如 2026' })
    .min(CALENDAR_MIN_YEAR, { error: `年份应在 ${CALENDAR_MIN_YEAR} 到 ${CALENDAR_MAX_YEAR} 之间` })
    .max(CALENDAR_MAX_YEAR, { error: `年份应在 ${CALENDAR_MIN_YEAR} 到 ${CALENDAR_MAX_YEAR} 之间` })
    .optional(),
});

export const calendarOverrideBody = z.object({
  workday: z.boolean({ error: '请选择该日上班还是休息' }),
  note: optionalText('说明', 100),
});

export interface CalendarOverrideView {
  workday: boolean;
  note: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface CalendarDayView {
  day: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** What the calendar says, overrides included: the value WorkCalendar.isWorkday gives. */
  workday: boolean;
  source: DaySource;
  /** The holiday this day belongs to or makes up for (国庆节, 春节 …), from the chinese-days data. */
  holidayName: string | null;
  /** The status from the package data alone, before any local override. */
  base: { workday: boolean; source: Exclude<DaySource, 'override'> };
  override: CalendarOverrideView | null;
}

export interface CalendarYearView {
  year: number;
  /** Whether the chinese-days data holds this year's holiday arrangement; if not, only weekends count. */
  covered: boolean;
  /** First and last year the shipped chinese-days data covers. */
  coverage: { from: number; to: number } | null;
  packageVersion: string;
  /** The actor may change the calendar (an admin of a top-level unit). */
  canManage: boolean;
  days: CalendarDayView[];
}
