/**
 * 迎检材料包: builds a zip of what the other modules contribute (their `ledgers`, `packSources`
 * and `packDocuments`) for a unit and a period. It names no other module.
 */
import type { Module } from '../../platform/modules';
import { packRoutes } from './routes';
import { PackRunner, packsJob } from './service';

export const packsModule: Module = {
  key: 'packs',
  routes: ({ db, config, logError }) => packRoutes(db, config, new PackRunner(db, config.dataDir, logError)),
  jobs: ({ config }) => [packsJob(config.dataDir)],
};
