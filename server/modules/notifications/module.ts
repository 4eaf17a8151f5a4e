/** In-app notifications, and the job that turns every module's reminders into them. */
import type { Module } from '../../platform/modules';
import { notifyInApp } from './events';
import { remindersJob } from './reminders-job';
import { notificationRoutes } from './routes';

export const notificationsModule: Module = {
  key: 'notifications',
  routes: ({ db }) => notificationRoutes(db),
  jobs: () => [remindersJob()],
  eventHandlers: [notifyInApp],
};
