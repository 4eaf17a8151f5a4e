/** Sign-in, sign-out, the current session and password changes. */
import type { Module } from '../../platform/modules';
import { sessionRoutes } from './routes';

export const sessionModule: Module = {
  key: 'session',
  routes: ({ db, config }) => sessionRoutes(db, config),
};
