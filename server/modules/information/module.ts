/**
 * 信息报送与采用: units send 舆情信息, 工作信息 and 新闻稿件 up to their superior, which records the
 * outcome; monthly quotas per unit with progress. Contributes figures, indicators, the ledger,
 * pack sources, reminders, to-dos, its part of the 工作总结 (with duty during watch periods) and demo data.
 */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import { ownedByUnit } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedInfoDemo } from './demo';
import { adoptionMany, infoFigures } from './figures';
import { infoLedger } from './ledger';
import { infoPackSources } from './pack';
import { infoReminders } from './reminders';
import { infoRoutes } from './routes';
import { infoSection } from './summary';
import { infoTodos } from './todos';

/** The submitted items 信息采用率 rates, as the information list shows them. */
const submittedOf = (s: { unitId: string; from: string; to: string }) => link('/information', { unitId: s.unitId, from: s.from, to: s.to });

export const informationModule: Module = {
  key: 'information',
  routes: ({ db }) => infoRoutes(db),
  reminders: infoReminders,
  attachables: { info_item: ownedByUnit('info_items', { label: '报送信息附件', writePermission: 'info.submit' }) },
  ledgers: [{ key: 'information', name: '信息报送与采用台账', folder: PACK_FOLDERS.watch, build: (db, actor, s) => infoLedger(db, actor, { unitId: s.unitId, from: s.from, to: s.to }) }],
  packSources: infoPackSources,
  summarySections: [infoSection],
  figures: [{ key: 'information', url: '/api/information/figures', permission: 'info.read', tag: '信息报送与采用', summary: '信息报送统计(报送、按类别、按采用情况、采用率、每月任务完成；本单位及下级，指定期间)', compute: infoFigures }],
  indicators: [
    {
      key: 'information.adopted', label: '被上级采用的信息数', format: 'count', unitWord: '条',
      value: async (db, s) => ({ value: (await infoFigures(db, s)).adopted, link: link('/information', { unitId: s.unitId, from: s.from, to: s.to, outcome: 'adopted_any' }) }),
      valuesFor: async (db, units, r) => (await adoptionMany(db, units, r)).adopted,
    },
    {
      key: 'information.adoption_rate', label: '信息采用率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await infoFigures(db, s)).adoptionRate, link: submittedOf(s) }),
      valuesFor: async (db, units, r) => (await adoptionMany(db, units, r)).adoptionRate,
      link: submittedOf,
    },
  ],
  todos: [infoTodos],
  demo: { order: 85, run: (trx, d) => seedInfoDemo(trx, d.ctx) },
};
