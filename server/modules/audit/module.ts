/** The audit log browser over the hash-chained log the platform writes (platform/audit.ts). */
import type { Module } from '../../platform/modules';
import { auditRoutes } from './routes';

export const auditModule: Module = {
  key: 'audit',
  routes: ({ db, config }) => auditRoutes(db, config),
};
