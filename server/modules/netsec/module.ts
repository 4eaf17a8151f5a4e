/** 网络安全 basics: terminals by network and measures per unit, maintenance contracts, inspection findings as rectifications. */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import type { Module } from '../../platform/modules';
import { inspectionsMany, netsecFigures } from './figures';
import { netsecLedger } from './ledger';
import { contractReminders } from './reminders';
import { netsecRoutes } from './routes';
import { netsecSection } from './summary';
import { seedNetsecDemo } from './demo';

export const netsecModule: Module = {
  key: 'netsec',
  demo: { order: 36, run: (trx, d) => seedNetsecDemo(trx, d.ctx) },
  routes: ({ db }) => netsecRoutes(db),
  reminders: contractReminders,
  ledgers: [{ key: 'netsec', name: '网络安全台账', folder: PACK_FOLDERS.org, build: netsecLedger }],
  summarySections: [netsecSection],
  figures: [{ key: 'netsec', url: '/api/netsec/figures', permission: 'netsec.read', tag: '网络安全', summary: '网络安全统计(终端、措施、检查与发现问题、运维合同)', compute: netsecFigures }],
  indicators: [
    {
      key: 'netsec.inspections', label: '网络安全检查次数', format: 'count', unitWord: '次',
      value: async (db, s) => ({ value: (await netsecFigures(db, s)).inspections, link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, type: 'security_inspection' }) }),
      valuesFor: inspectionsMany,
    },
  ],
};
