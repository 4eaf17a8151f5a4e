/** First start: creating the top unit and the first admin on an empty database. */
import type { Module } from '../../platform/modules';
import { setupRoutes } from './routes';

export const setupModule: Module = {
  key: 'setup',
  routes: ({ db, config }) => setupRoutes(db, config),
};
