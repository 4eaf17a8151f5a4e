/** 工作台账: activity records with participants, annual targets, emergency plans and drills. */
import { STUDY_TYPES } from '../../../common/ledger';
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import { ownedByUnit } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedLedgerDemo } from './demo';
import { ledgerFigures } from './figures';
import { activityCount } from './indicators';
import { entryLedger, planLedger } from './ledger';
import { ledgerPackSources } from './pack';
import { ledgerReminders } from './reminders';
import { ledgerRoutes } from './routes';
import { activityChart } from './charts';
import { reportCountsMany, reportFigures } from './reports';
import { publicitySection, reportSection, studySection } from './summary';

/** 学习研讨: 中心组学习 and 集中学习. */
const STUDY = STUDY_TYPES;

export const ledgerModule: Module = {
  key: 'ledger',
  routes: ({ db, config }) => ledgerRoutes(db, config),
  reminders: ledgerReminders,
  attachables: {
    ledger_entry: ownedByUnit('ledger_entries', { label: '台账附件', writePermission: 'ledger.record' }),
    emergency_plan: ownedByUnit('emergency_plans', { label: '预案文本', writePermission: 'ledger.manage' }),
    ledger_self_exam: ownedByUnit('ledger_entries', { label: '对照检查材料', writePermission: 'ledger.record' }),
  },
  ledgers: [
    { key: 'ledger_entries', name: '活动台账', folder: PACK_FOLDERS.study, build: entryLedger },
    { key: 'emergency_plans', name: '应急预案台账', folder: PACK_FOLDERS.risks, build: planLedger },
  ],
  packSources: ledgerPackSources,
  summarySections: [studySection, reportSection, publicitySection],
  indicators: [
    {
      key: 'ledger.study_sessions', label: '学习研讨次数(中心组学习、集中学习)', format: 'count', unitWord: '次',
      value: async (db, s) => {
        const f = await ledgerFigures(db, s);
        return { value: STUDY.reduce((n, t) => n + f.byType[t].total, 0), link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, study: true }) };
      },
      ...activityCount(STUDY),
    },
    {
      key: 'ledger.study_sessions_on_topic', label: '涉及网络意识形态工作的学习研讨次数', format: 'count', unitWord: '次',
      value: async (db, s) => {
        const f = await ledgerFigures(db, s);
        return { value: STUDY.reduce((n, t) => n + f.byType[t].onTopic, 0), link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, study: true, onTopic: true }) };
      },
      ...activityCount(STUDY, true),
    },
    {
      key: 'ledger.special_meetings', label: '专题研究会议次数', format: 'count', unitWord: '次',
      value: async (db, s) => ({ value: (await ledgerFigures(db, s)).byType.special_meeting.total, link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, type: 'special_meeting' }) }),
      ...activityCount(['special_meeting']),
    },
    {
      key: 'ledger.trainings', label: '培训次数(网络素养、网络安全等)', format: 'count', unitWord: '次',
      value: async (db, s) => ({ value: (await ledgerFigures(db, s)).byType.training.total, link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, type: 'training' }) }),
      ...activityCount(['training']),
    },
    {
      key: 'ledger.drills', label: '应急演练次数', format: 'count', unitWord: '次',
      value: async (db, s) => ({ value: (await ledgerFigures(db, s)).byType.drill.total, link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, type: 'drill' }) }),
      ...activityCount(['drill']),
    },
    {
      key: 'ledger.debriefings_separate', label: '述职中专门报告网络意识形态工作的次数', format: 'count', unitWord: '次',
      value: async (db, s) => ({ value: (await reportFigures(db, s)).debriefingsSeparate, link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, type: 'debriefing', reportedSeparately: true }) }),
      valuesFor: async (db, units, r) => (await reportCountsMany(db, units, r)).debriefingsSeparate,
    },
    {
      key: 'ledger.life_meetings_covered', label: '将网络意识形态工作纳入对照检查的民主生活会、组织生活会次数', format: 'count', unitWord: '次',
      value: async (db, s) => ({ value: (await reportFigures(db, s)).lifeMeetingsCovered, link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, lifeMeeting: true, onTopic: true }) }),
      valuesFor: async (db, units, r) => (await reportCountsMany(db, units, r)).lifeMeetingsCovered,
    },
    {
      key: 'ledger.publicity_audience', label: '宣传教育受众人次', format: 'count', unitWord: '人次',
      value: async (db, s) => ({ value: (await reportFigures(db, s)).audience, link: link('/activities', { unitId: s.unitId, from: s.from, to: s.to, withAudience: true }) }),
      valuesFor: async (db, units, r) => (await reportCountsMany(db, units, r)).audience,
    },
  ],
  figures: [
    { key: 'ledger', url: '/api/ledger/figures', permission: 'ledger.read', tag: '工作台账', summary: '台账统计(按类型、涉及本项工作、目标完成、预案与演练)', compute: ledgerFigures },
    { key: 'ledger-reports', url: '/api/ledger/report-figures', permission: 'ledger.read', tag: '工作台账', summary: '述职、民主生活会和宣传教育统计', compute: reportFigures },
  ],
  charts: [activityChart],
  demo: { order: 30, run: (trx, d) => seedLedgerDemo(trx, d.ctx) },
};
