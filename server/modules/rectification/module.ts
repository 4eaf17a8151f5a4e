/** 整改: problems, measures, completion reports and 销号; 整改方案 and 整改报告 per inspection batch. */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import { ownedByUnit } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedRectificationDemo } from './demo';
import { rectPlanGenerator, rectReportGenerator } from './documents';
import { openRectIds, openRectsMany, rectFigures } from './figures';
import { rectLedger } from './ledger';
import { rectPackSources } from './pack';
import { rectReminders } from './reminders';
import { rectificationRoutes } from './routes';
import { rectTodos } from './todos';

export const rectificationModule: Module = {
  key: 'rectification',
  routes: ({ db }) => rectificationRoutes(db),
  reminders: rectReminders,
  eventKinds: [{ key: 'rect.reported', label: '整改待销号' }, { key: 'rect.returned', label: '整改被退回' }],
  attachables: { rectification: ownedByUnit('rectifications', { label: '整改材料', writePermission: 'rectification.report' }) },
  ledgers: [{ key: 'rectifications', name: '整改台账', folder: PACK_FOLDERS.rectification, build: rectLedger }],
  packSources: rectPackSources,
  generators: [rectPlanGenerator, rectReportGenerator],
  figures: [{ key: 'rectification', url: '/api/rectifications/figures', permission: 'rectification.read', tag: '整改', summary: '整改统计(提出、销号、按期销号、逾期)', compute: rectFigures }],
  indicators: [
    {
      key: 'rectification.open', label: '尚未销号的整改事项数', format: 'count', unitWord: '项',
      value: async (db, s) => ({ value: (await rectFigures(db, s)).open, link: link('/rectification', { unitId: s.unitId }) }),
      valuesFor: openRectsMany,
      records: async (db, s) => ({ entity: 'rectification', ids: await openRectIds(db, s) }),
    },
  ],
  todos: [rectTodos],
  demo: { order: 20, run: (trx, d) => seedRectificationDemo(trx, d.ctx) },
};
