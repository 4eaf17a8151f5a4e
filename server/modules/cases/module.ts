/** 舆情与诉求: reports grouped into events, triage, SLA clocks, handling, 直报 and 批示; 舆情专报. */
import { CASE_EVENT_KINDS } from '../../../common/cases';
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import type { Module } from '../../platform/modules';
import { caseAttachables } from './attachables';
import { seedCaseDemo } from './demo';
import { caseBrief, casePeriodBrief } from './documents';
import { caseFigures, caseRatesMany, caseTotals, directReportIds, directReportsMany } from './figures';
import { oncePerBatch } from '../../platform/subtree-batch';
import { rescopeFtsUnder } from './intake';
import { rekeyMoved } from './unit-keys';
import { caseLedger } from './ledger';
import { casePackSources } from './pack';
import { caseReminders } from './reminders';
import { caseRoutes } from './routes';
import { caseSection } from './summary';
import { caseTodos } from './todos';
import { caseChart } from './charts';

/** A module's indicators that share a query run it once when asked for the same units. */
const ratesMany = oncePerBatch((db, units, r) => caseRatesMany(db, units, r));
const reportsMany = oncePerBatch((db, units, r) => directReportsMany(db, units, r));
const casesOf = (s: { unitId: string; from: string; to: string }) => link('/cases', { unitId: s.unitId, from: s.from, to: s.to });
const reportedUpOf = (s: { unitId: string; from: string; to: string }) => link('/cases', { unitId: s.unitId, from: s.from, to: s.to, reportedUp: true });

export const casesModule: Module = {
  key: 'cases',
  routes: ({ db, config }) => caseRoutes(db, config),
  reminders: caseReminders,
  eventKinds: CASE_EVENT_KINDS,
  attachables: caseAttachables,
  ledgers: [{ key: 'cases', name: '舆情与诉求台账', folder: PACK_FOLDERS.cases, build: caseLedger }],
  packSources: casePackSources,
  summarySections: [caseSection],
  generators: [caseBrief, casePeriodBrief],
  figures: [{ key: 'cases', url: '/api/cases/figures', permission: 'case.read', tag: '舆情与诉求', summary: '舆情诉求统计(受理、办结、办结率、按时率、办理时长中位数)', compute: caseFigures }],
  indicators: [
    {
      key: 'cases.closure_rate', label: '舆情诉求办结率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await caseTotals(db, s)).closureRate, link: casesOf(s) }),
      valuesFor: async (db, units, r) => new Map([...(await ratesMany(db, units, r))].map(([id, v]) => [id, v.closureRate])),
      link: casesOf,
    },
    {
      key: 'cases.on_time_rate', label: '舆情诉求按时办结率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await caseTotals(db, s)).closeOnTimeRate, link: casesOf(s) }),
      valuesFor: async (db, units, r) => new Map([...(await ratesMany(db, units, r))].map(([id, v]) => [id, v.closeOnTimeRate])),
      link: casesOf,
    },
    {
      key: 'cases.direct_reports', label: '向上级直报的事件数', format: 'count', unitWord: '件',
      value: async (db, s) => ({ value: (await directReportsMany(db, [{ id: s.unitId, path: s.unitPath }], s)).get(s.unitId)!.reported, link: reportedUpOf(s) }),
      valuesFor: async (db, units, r) => new Map([...(await reportsMany(db, units, r))].map(([id, v]) => [id, v.reported])),
      link: reportedUpOf,
      records: async (db, s) => ({ entity: 'case_event', ids: await directReportIds(db, s) }),
    },
    {
      key: 'cases.direct_report_on_time_rate', label: '较大以上事件按时直报率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await directReportsMany(db, [{ id: s.unitId, path: s.unitPath }], s)).get(s.unitId)!.onTimeRate, link: reportedUpOf(s) }),
      valuesFor: async (db, units, r) => new Map([...(await reportsMany(db, units, r))].map(([id, v]) => [id, v.onTimeRate])),
      link: reportedUpOf,
      records: async (db, s) => ({ entity: 'case_event', ids: await directReportIds(db, s) }),
    },
  ],
  todos: [caseTodos],
  charts: [caseChart],
  // The list, its count and figures read a subtree as one range of these (search.ts, figures.ts; the reports' copy is null while
  // their event is archived); the search rows' scope follows the handler's, intake's band rows' compact owner keys the owner's (unit-keys.ts).
  unitPathCopies: [
    { table: 'case_events', column: 'owner_path', rewritten: rekeyMoved },
    { table: 'case_events', column: 'handler_path', rewritten: rescopeFtsUnder },
    { table: 'cases', column: 'current_owner_path' },
  ],
  demo: { order: 70, run: (trx, d) => seedCaseDemo(trx, d.ctx) },
};
