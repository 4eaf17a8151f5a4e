/**
 * 报告制度: report forms and their versions, schedules a superior sets for its subtree, the
 * scheduler creating one expected submission per unit and period, submitting (with one-tap nil
 * reports), review, rates from one figures service, escalating reminders and consolidation.
 */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import type { Module } from '../../platform/modules';
import { seedReportingDemo } from './demo';
import { REPORTING_EVENT_KINDS } from './events';
import { reportingFigures, reportingTotalsMany } from './figures';
import { ratesLedger, submissionLedger } from './ledger';
import { reportingPackSources } from './pack';
import { reportingReminders } from './reminders';
import { reportingRoutes } from './routes';
import { reportingSchedulerJob } from './scheduler';
import { mayAttach } from './service';
import { reportingSection } from './summary';
import { reportingTodos } from './todos';
import { oncePerBatch } from '../../platform/subtree-batch';

/** The indicators' totals from one query when asked for the same units. */
const totalsMany = oncePerBatch((db, units, r) => reportingTotalsMany(db, units, r));
/** The reports behind the rates, as the reporting page lists them. */
const reportsOf = (s: { unitId: string; from: string; to: string }) => link('/reporting', { unitId: s.unitId, from: s.from, to: s.to });

export const reportingModule: Module = {
  key: 'reporting',
  routes: ({ db }) => reportingRoutes(db),
  jobs: () => [reportingSchedulerJob()],
  reminders: reportingReminders,
  eventKinds: REPORTING_EVENT_KINDS,
  attachables: {
    report_submission: {
      label: '报告附件', writePermission: 'report.submit',
      async findUnit(db, id) {
        const r = await db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id').select(['u.id', 'u.path']).where('s.id', '=', id).executeTakeFirst();
        return r ? { unitId: r.id, unitPath: r.path } : null;
      },
      // Only those who may submit for the unit, while the report is open to it (not every report.submit holder of the subtree).
      writableBy: mayAttach,
    },
  },
  ledgers: [
    { key: 'reporting', name: '报告报送台账', folder: PACK_FOLDERS.watch, build: (db, actor, s) => submissionLedger(db, actor, { unitId: s.unitId, from: s.from, to: s.to }) },
    { key: 'reporting-rates', name: '报告报送率统计台账', folder: PACK_FOLDERS.watch, build: ratesLedger },
  ],
  packSources: reportingPackSources,
  summarySections: [reportingSection],
  figures: [{ key: 'reporting', url: '/api/reporting/figures', permission: 'report.read', tag: '报告制度', summary: '报告报送统计(应报、已报、按时、迟报、零报告、退回、未报；报送率、及时率；本单位及下级，指定期间内截止的报送期)', compute: reportingFigures }],
  indicators: [
    {
      key: 'reporting.reporting_rate', label: '报告报送率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await reportingFigures(db, s)).reportingRate, link: reportsOf(s) }),
      valuesFor: async (db, units, r) => new Map([...(await totalsMany(db, units, r))].map(([id, f]) => [id, f.reportingRate])),
      link: reportsOf,
    },
    {
      key: 'reporting.on_time_rate', label: '报告及时率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await reportingFigures(db, s)).onTimeRate, link: reportsOf(s) }),
      valuesFor: async (db, units, r) => new Map([...(await totalsMany(db, units, r))].map(([id, f]) => [id, f.onTimeRate])),
      link: reportsOf,
    },
    {
      key: 'reporting.nil_reports', label: '零报告数', format: 'count', unitWord: '份',
      value: async (db, s) => ({ value: (await reportingFigures(db, s)).nil, link: link('/reporting', { unitId: s.unitId, from: s.from, to: s.to, state: 'nil' }) }),
      valuesFor: async (db, units, r) => new Map([...(await totalsMany(db, units, r))].map(([id, f]) => [id, f.nil])),
    },
  ],
  todos: reportingTodos,
  demo: { order: 45, run: (trx, d) => seedReportingDemo(trx, d.ctx) },
  // Each submission keeps its unit's path, so a subtree's rates, matrix and trend are one index range (figures.ts).
  unitPathCopies: [{ table: 'report_submissions', column: 'unit_path' }],
};
