/** Accounts and roles (org): sign-in accounts of a unit's people, with their role. */
import type { Module } from '../../platform/modules';
import { accountRoutes } from './routes';

export const accountsModule: Module = {
  key: 'accounts',
  routes: ({ db }) => accountRoutes(db),
};
