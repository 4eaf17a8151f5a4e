/** The working-day calendar: holidays and make-up workdays, corrected by admins. */
import type { Module } from '../../platform/modules';
import { calendarRoutes } from './routes';

export const calendarModule: Module = {
  key: 'calendar',
  routes: ({ db }) => calendarRoutes(db),
};
