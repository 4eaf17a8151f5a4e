/** API calls of the working-day calendar page. */
import type { CalendarDayView, CalendarYearView } from '../../../common/calendar';
import { request } from './client';

export const calendarApi = {
  year: (year: number) => request<CalendarYearView>('GET', `/api/calendar?year=${year}`),
  setDay: (day: string, workday: boolean, note: string | null) =>
    request<CalendarDayView>('PUT', `/api/calendar/days/${day}`, { body: { workday, note } }),
  resetDay: (day: string) => request<CalendarDayView>('POST', `/api/calendar/days/${day}/reset`),
};
