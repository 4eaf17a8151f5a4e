/** 风险点 with reviews, and 重大决策舆情风险评估. */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import { ownedByUnit } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedRiskDemo } from './demo';
import { riskFigures, riskReviewsMany } from './figures';
import { assessmentLedger, riskLedger } from './ledger';
import { riskPackSources } from './pack';
import { riskReminders } from './reminders';
import { riskRoutes } from './routes';
import { riskSection } from './summary';
import { riskTodos } from './todos';

export const risksModule: Module = {
  key: 'risks',
  routes: ({ db, config }) => riskRoutes(db, config),
  reminders: riskReminders,
  attachables: {
    risk_point: ownedByUnit('risk_points', { label: '风险点材料', writePermission: 'risk.manage' }),
    risk_assessment: ownedByUnit('risk_assessments', { label: '评估报告', writePermission: 'risk.manage' }),
  },
  ledgers: [
    { key: 'risk_points', name: '风险点台账', folder: PACK_FOLDERS.risks, build: riskLedger },
    { key: 'risk_assessments', name: '重大决策舆情风险评估台账', folder: PACK_FOLDERS.risks, build: assessmentLedger },
  ],
  packSources: riskPackSources,
  summarySections: [riskSection],
  figures: [{ key: 'risks', url: '/api/risks/figures', permission: 'risk.read', tag: '风险点与风险评估', summary: '风险统计(按等级、复核、评估结论)', compute: riskFigures }],
  indicators: [
    {
      key: 'risks.reviews', label: '风险点复核次数', format: 'count', unitWord: '次',
      value: async (db, s) => ({ value: (await riskFigures(db, s)).reviewsInPeriod, link: link('/risks', { unitId: s.unitId }) }),
      valuesFor: riskReviewsMany,
    },
  ],
  todos: [riskTodos],
  demo: { order: 50, run: (trx, d) => seedRiskDemo(trx, d.ctx) },
};
