/** 制度文件库: the rules a unit issues, their versions with files, and the rules in force on a day. */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import type { Attachable } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { asOfDay } from '../../platform/period';
import { seedRuleDemo } from './demo';
import { ruleCountsMany, ruleFigures } from './figures';
import { ruleLedger } from './ledger';
import { rulePackSources } from './pack';
import { ruleReminders } from './reminders';
import { ruleRoutes } from './routes';
import { ruleSection } from './summary';

/** A rule's version holds the file of that version; the rule's unit decides access. */
const ruleVersion: Attachable = {
  label: '制度文件', writePermission: 'rule.manage',
  async findUnit(db, id) {
    const r = await db.selectFrom('rule_versions as v').innerJoin('rules as x', 'x.id', 'v.rule_id').innerJoin('units as u', 'u.id', 'x.unit_id')
      .select(['u.id', 'u.path']).where('v.id', '=', id).executeTakeFirst();
    return r ? { unitId: r.id, unitPath: r.path } : null;
  },
};

export const rulesModule: Module = {
  key: 'rules',
  routes: ({ db }) => ruleRoutes(db),
  reminders: ruleReminders,
  attachables: { rule_version: ruleVersion },
  ledgers: [{ key: 'rules', name: '制度文件台账', folder: PACK_FOLDERS.org, build: ruleLedger }],
  packSources: rulePackSources,
  summarySections: [ruleSection],
  figures: [{ key: 'rules', url: '/api/rules/figures', permission: 'rule.read', tag: '制度文件库', summary: '制度统计(现行有效、本期制定和修订、超过复审日期)', compute: ruleFigures }],
  indicators: [
    {
      key: 'rules.in_force', label: '现行有效制度数', format: 'count', unitWord: '项',
      value: async (db, s) => ({ value: (await ruleFigures(db, s)).inForce, link: link('/rules', { unitId: s.unitId, inForceOn: asOfDay(s) }) }),
      valuesFor: async (db, units, r) => (await ruleCountsMany(db, units, r)).inForce,
    },
    {
      key: 'rules.adopted', label: '本期新制定制度数', format: 'count', unitWord: '项',
      value: async (db, s) => ({ value: (await ruleFigures(db, s)).adopted, link: link('/rules', { unitId: s.unitId, from: s.from, to: s.to }) }),
      valuesFor: async (db, units, r) => (await ruleCountsMany(db, units, r)).adopted,
    },
  ],
  demo: { order: 35, run: (trx, d) => seedRuleDemo(trx, d.ctx) },
};
