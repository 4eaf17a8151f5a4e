/** People (org): a unit's own staff with position and work phone. */
import type { Module } from '../../platform/modules';
import { peopleRoutes } from './routes';

export const peopleModule: Module = {
  key: 'people',
  routes: ({ db }) => peopleRoutes(db),
};
