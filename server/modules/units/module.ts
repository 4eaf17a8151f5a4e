/** The unit tree (org). Its demo data is the demo county every other module's demo builds on. */
import type { Module } from '../../platform/modules';
import { seedOrgDemo } from './demo';
import { unitAttachable } from './repo';
import { unitPackSources } from './pack';
import { unitRoutes } from './routes';

export const unitsModule: Module = {
  key: 'units',
  routes: ({ db }) => unitRoutes(db),
  attachables: { unit: unitAttachable },
  packSources: unitPackSources,
  demo: { order: 10, run: seedOrgDemo },
};
