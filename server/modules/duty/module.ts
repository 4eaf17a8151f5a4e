/** 责任清单 per unit and year, 责任书 and who signed. */
import { PACK_FOLDERS } from '../../../common/packs';
import { ownedByUnit, ownedThrough } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedDutyDemo } from './demo';
import { link } from '../../documents/content';
import { dutyFigures, signatoryIds, signingRateMany } from './figures';
import { agreementLedger, dutyLedger } from './ledger';
import { dutyPackSources } from './pack';
import { dutyReminders } from './reminders';
import { dutyRoutes } from './routes';

/** The year's agreements 签订率 counts, as the agreements list shows them. */
const agreementsOf = (s: { unitId: string; to: string }) => link('/agreements', { unitId: s.unitId, year: s.to.slice(0, 4) });

export const dutyModule: Module = {
  key: 'duty',
  routes: ({ db, config }) => dutyRoutes(db, config),
  reminders: dutyReminders,
  attachables: {
    duty_item: ownedByUnit('duty_items', { label: '依据文件', writePermission: 'duty.manage' }),
    agreement: ownedByUnit('agreements', { label: '责任书扫描件', writePermission: 'duty.manage' }),
    agreement_signatory: ownedThrough({ table: 'agreement_signatories', parentKey: 'agreement_id', parent: 'agreements' }, { label: '签订件扫描件', writePermission: 'duty.manage' }),
  },
  ledgers: [
    { key: 'duty_items', name: '责任清单', folder: PACK_FOLDERS.duty, build: async (db, actor, s) => (await dutyLedger(db, actor, s)).buffer },
    { key: 'agreements', name: '责任书签订情况', folder: PACK_FOLDERS.duty, build: async (db, actor, s) => (await agreementLedger(db, actor, s)).buffer },
  ],
  packSources: dutyPackSources,
  figures: [{ key: 'duty', url: '/api/duty/figures', permission: 'duty.read', tag: '责任清单与责任书', summary: '责任清单与责任书统计', compute: dutyFigures }],
  indicators: [
    {
      key: 'duty.signing_rate', label: '责任书签订率(本年度逐级签订)', format: 'rate', unitWord: '%',
      value: async (db, s) => {
        const f = await dutyFigures(db, s);
        return { value: f.expectedSignatures ? f.signed / f.expectedSignatures : null, link: agreementsOf(s) };
      },
      valuesFor: signingRateMany,
      link: agreementsOf,
      records: async (db, s) => ({ entity: 'agreement_signatory', ids: await signatoryIds(db, s) }),
    },
  ],
  demo: { order: 60, run: (trx, d) => seedDutyDemo(trx, d.ctx) },
};
