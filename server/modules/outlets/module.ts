/**
 * 阵地管理 and 信息发布审核 (三审三校), one module: the outlet registry with its lifecycle,
 * filings, expiry reminders and quiet-outlet marking; posts through the review chain (policy.ts),
 * proofreading rules, the 信息发布审批表, publication, corrections and the accuracy rate.
 */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import { ownedByUnit } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedOutletDemo } from './demo';
import { publishingCountsMany, publishingFigures, quietMany } from './figures';
import { correctionLedger, outletLedger, postLedger } from './ledger';
import { outletPackDocuments, outletPackSources } from './pack';
import { outletReminders } from './reminders';
import { outletRoutes } from './routes';
import { outletSection } from './summary';
import { outletTodos } from './todos';

/** The published posts 信息准确率 rates, as the publishing list filters them. */
const publishedOf = (s: { unitId: string; from: string; to: string }) => link('/publishing', { unitId: s.unitId, from: s.from, to: s.to, status: 'published' });

export const outletsModule: Module = {
  key: 'outlets',
  routes: ({ db }) => outletRoutes(db),
  reminders: outletReminders,
  eventKinds: [{ key: 'post.review', label: '信息待审核' }],
  attachables: {
    outlet: ownedByUnit('outlets', { label: '阵地备案材料', writePermission: 'outlet.manage' }),
    post: ownedByUnit('posts', { label: '信息图片和附件', writePermission: 'post.write' }),
  },
  ledgers: [
    { key: 'outlets', name: '阵地台账', folder: PACK_FOLDERS.outlets, build: (db, actor, s) => outletLedger(db, actor, s) },
    { key: 'posts', name: '信息发布审核台账', folder: PACK_FOLDERS.outlets, build: (db, actor, s) => postLedger(db, actor, s) },
    { key: 'post_corrections', name: '信息更正台账', folder: PACK_FOLDERS.outlets, build: (db, actor, s) => correctionLedger(db, actor, s) },
  ],
  packSources: outletPackSources,
  packDocuments: outletPackDocuments,
  summarySections: [outletSection],
  figures: [{ key: 'publishing', url: '/api/posts/figures', permission: 'post.read', tag: '信息发布审核', summary: '阵地和信息发布统计(阵地、更新情况、审核、校对、更正和信息准确率)', compute: publishingFigures }],
  indicators: [
    {
      key: 'publishing.accuracy_rate', label: '信息准确率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await publishingFigures(db, s)).accuracyRate, link: publishedOf(s) }),
      valuesFor: async (db, units, r) => (await publishingCountsMany(db, units, r)).accuracyRate,
      link: publishedOf,
    },
    {
      key: 'outlets.quiet', label: '未按期更新和睡眠的阵地数', format: 'count', unitWord: '个',
      value: async (db, s) => { const f = await publishingFigures(db, s); return { value: f.quietLate + f.quietDormant, link: link('/outlets', { unitId: s.unitId, quiet: 'any' }) }; },
      valuesFor: quietMany,
    },
    {
      key: 'publishing.published', label: '审核发布的信息数', format: 'count', unitWord: '条',
      value: async (db, s) => ({ value: (await publishingFigures(db, s)).postsPublished, link: link('/publishing', { unitId: s.unitId, from: s.from, to: s.to, status: 'published' }) }),
      valuesFor: async (db, units, r) => (await publishingCountsMany(db, units, r)).published,
    },
    {
      key: 'publishing.serious_found', label: '发现的严重表述错误数', format: 'count', unitWord: '处',
      value: async (db, s) => ({ value: (await publishingFigures(db, s)).seriousFound, link: link('/publishing', { view: 'corrections', unitId: s.unitId, from: s.from, to: s.to }) }),
      valuesFor: async (db, units, r) => (await publishingCountsMany(db, units, r)).seriousFound,
    },
    {
      key: 'publishing.serious_fixed', label: '已更正的严重表述错误数', format: 'count', unitWord: '处',
      value: async (db, s) => ({ value: (await publishingFigures(db, s)).seriousFixed, link: link('/publishing', { view: 'corrections', unitId: s.unitId, from: s.from, to: s.to }) }),
      valuesFor: async (db, units, r) => (await publishingCountsMany(db, units, r)).seriousFixed,
    },
  ],
  todos: outletTodos,
  demo: { order: 45, run: (trx, d) => seedOutletDemo(trx, d.ctx) },
};
