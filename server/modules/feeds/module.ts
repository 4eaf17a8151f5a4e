/** Public RSS/Atom feeds with keyword rules and the clue queue; polled by a job. */
import type { Module } from '../../platform/modules';
import { feedPollJob, feedRoutes } from './routes';

export const feedsModule: Module = {
  key: 'feeds',
  routes: ({ db, config }) => feedRoutes(db, config),
  jobs: ({ config }) => [feedPollJob(config)],
};
