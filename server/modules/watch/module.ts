/**
 * 值班值守: 敏感时期 (watch periods) declared for a subtree, duty rosters with swaps, duty logs
 * with handover, and 今日值班. Other modules read the periods in force through `periods.ts`.
 */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import { ownedByUnit } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedWatchDemo } from './demo';
import { WATCH_EVENT_KINDS } from './events';
import { gapShiftsMany, rosterCompletenessMany, watchFigures } from './figures';
import { logLedger, rosterLedger } from './ledger';
import { watchPackSources } from './pack';
import { watchReminders } from './reminders';
import { watchRoutes } from './routes';
import { watchStartJob } from './start';
import { watchTodos } from './todos';

/** The watch page of the unit and period, where the rosters 完整率 rates are listed. */
const watchOf = (s: { unitId: string; from: string; to: string }) => link('/watch', { unitId: s.unitId, from: s.from, to: s.to });

export const watchModule: Module = {
  key: 'watch',
  routes: ({ db }) => watchRoutes(db),
  jobs: () => [watchStartJob()],
  reminders: watchReminders,
  eventKinds: WATCH_EVENT_KINDS,
  attachables: { watch_roster: ownedByUnit('watch_rosters', { label: '值班表附件', writePermission: 'watch.manage' }) },
  ledgers: [
    { key: 'watch_rosters', name: '值班表台账', folder: PACK_FOLDERS.watch, build: (db, actor, s) => rosterLedger(db, actor, { unitId: s.unitId, from: s.from, to: s.to }) },
    { key: 'watch_log', name: '值班日志台账', folder: PACK_FOLDERS.watch, build: (db, actor, s) => logLedger(db, actor, { unitId: s.unitId, from: s.from, to: s.to }) },
  ],
  packSources: watchPackSources,
  figures: [{ key: 'watch', url: '/api/watch/figures', permission: 'watch.read', tag: '值班值守', summary: '值班统计(值班表、班次、空缺、值班日志、敏感时期值班表完整率；本单位及下级，指定期间)', compute: watchFigures }],
  indicators: [
    {
      key: 'watch.roster_completeness', label: '敏感时期值班表完整率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await watchFigures(db, s)).rosterCompleteness, link: watchOf(s) }),
      valuesFor: rosterCompletenessMany,
      link: watchOf,
    },
    {
      key: 'watch.gap_shifts', label: '值班表缺人班次数', format: 'count', unitWord: '个',
      value: async (db, s) => ({ value: (await watchFigures(db, s)).gapShifts, link: link('/watch', { unitId: s.unitId, from: s.from, to: s.to, gaps: true }) }),
      valuesFor: gapShiftsMany,
    },
  ],
  todos: [watchTodos],
  demo: { order: 80, run: (trx, d) => seedWatchDemo(trx, d.ctx) },
};
