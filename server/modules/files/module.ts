/**
 * Attachments of records: upload, list, download, archive. Which records can hold them is
 * contributed by each module (`attachables` in its module.ts).
 */
import type { Module } from '../../platform/modules';
import { fileRoutes } from './routes';

export const filesModule: Module = {
  key: 'files',
  routes: ({ db, config }) => fileRoutes(db, config),
};
