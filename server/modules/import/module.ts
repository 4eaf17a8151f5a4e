/** Bulk import of the org (units, people, accounts) from one workbook. */
import type { Module } from '../../platform/modules';
import { importRoutes } from './routes';

export const importModule: Module = {
  key: 'import',
  routes: ({ db, config }) => importRoutes(db, config),
};
