import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { int } from '../../../common/fields';
import { entryCreate, entryQuery, entryUpdate, planCreate, planQuery, planUpdate, targetSet } from '../../../common/ledger';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { shanghaiYear } from '../../platform/period';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { sheetImportRoutes } from '../../platform/sheet-import';
import { getVisibleUnit } from '../units/service';
import * as entries from './entries';
import { entryImport } from './import';
import { entryLedger, planLedger, targetProgressLedger } from './ledger';
import * as plans from './plans';
import * as targets from './targets';
import { archiveRoutes, exportRoute, historyRoute } from '../../platform/register-routes';

const yearQuery = z.object({ unitId: z.string().max(64).optional(), year: int('年度', 2000, 2100).optional() });

export function ledgerRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['工作台账'];

    app.get('/api/ledger/entries', {
      config: { permission: 'ledger.read' },
      schema: { tags, summary: '活动台账列表(分页、筛选)', querystring: entryQuery },
    }, async (req) => entries.listEntries(db, actorOf(req), req.query));

    exportRoute(app, '/api/ledger/entries/export', {
      permission: 'ledger.read', tags, summary: '导出活动台账(.xlsx，筛选条件同列表)', querystring: entryQuery.omit({ page: true, pageSize: true }), filename: '活动台账.xlsx',
      ledger: (actor, q) => entryLedger(db, actor, q),
    });

    app.get('/api/ledger/entries/:id', {
      config: { permission: 'ledger.read' },
      schema: { tags, summary: '台账记录详情', params: idParams },
    }, async (req) => entries.getEntry(db, actorOf(req), req.params.id));

    historyRoute(app, '/api/ledger/entries', { permission: 'ledger.read', tags, summary: '台账记录的修改历史', read: (actor, id) => entries.entryHistory(db, actor, id) });

    app.post('/api/ledger/entries', {
      config: { permission: 'ledger.record' },
      schema: { tags, summary: '记录一次活动(学习、会议、培训、宣讲、演练等)', body: entryCreate },
    }, async (req, reply) => reply.code(201).send(await entries.createEntry(db, actorCtx(req), req.body)));

    app.put('/api/ledger/entries/:id', {
      config: { permission: 'ledger.record' },
      schema: { tags, summary: '修改台账记录', params: idParams, body: entryUpdate },
    }, async (req) => entries.updateEntry(db, actorCtx(req), req.params.id, req.body));

    archiveRoutes(app, db, '/api/ledger/entries', { permission: 'ledger.record', tags, noun: '台账记录', set: entries.setEntryArchived });

    app.get('/api/ledger/targets', {
      config: { permission: 'ledger.read' },
      schema: { tags, summary: '单位的年度目标(本单位目标与给下级的默认目标)', querystring: yearQuery },
    }, async (req) => {
      const actor = actorOf(req);
      return targets.getTargets(db, actor, req.query.unitId ?? actor.unitId, req.query.year ?? shanghaiYear());
    });

    app.put('/api/ledger/targets', {
      config: { permission: 'ledger.manage' },
      schema: { tags, summary: '设置年度目标(scope=self 本单位；subordinates 下级单位默认)', body: targetSet },
    }, async (req) => targets.setTargets(db, actorCtx(req), req.body));

    app.get('/api/ledger/targets/progress', {
      config: { permission: 'ledger.read' },
      schema: { tags, summary: '本单位及下级单位的年度目标完成情况(落后的单位标出)', querystring: yearQuery },
    }, async (req) => {
      const actor = actorOf(req);
      const unit = req.query.unitId ? await getVisibleUnit(db, actor, req.query.unitId) : null;
      return { items: await targets.targetProgress(db, unit?.path ?? actor.unitPath, req.query.year ?? shanghaiYear()) };
    });

    exportRoute(app, '/api/ledger/targets/progress/export', {
      permission: 'ledger.read', tags, summary: '导出年度目标完成情况(.xlsx，单位、年度同页面；directOnly=true 只含本级和直属下级)', filename: '年度目标完成情况.xlsx',
      querystring: yearQuery.extend({ directOnly: z.enum(['true', 'false']).optional() }),
      ledger: (actor, q) => targetProgressLedger(db, actor, q),
    });

    app.get('/api/ledger/plans', {
      config: { permission: 'ledger.read' },
      schema: { tags, summary: '应急预案列表', querystring: planQuery },
    }, async (req) => plans.listPlans(db, actorOf(req), req.query));

    exportRoute(app, '/api/ledger/plans/export', {
      permission: 'ledger.read', tags, summary: '导出应急预案台账(.xlsx，含演练次数)', querystring: planQuery.omit({ page: true, pageSize: true }), filename: '应急预案台账.xlsx',
      ledger: (actor, q) => planLedger(db, actor, q),
    });

    app.get('/api/ledger/plans/choices', {
      config: { permission: 'ledger.read' },
      schema: { tags, summary: '演练可关联的预案(本单位及上级单位的现行预案)', querystring: z.object({ unitId: z.string().max(64) }) },
    }, async (req) => plans.planChoices(db, actorOf(req), req.query.unitId));

    app.get('/api/ledger/plans/:id', {
      config: { permission: 'ledger.read' },
      schema: { tags, summary: '应急预案详情', params: idParams },
    }, async (req) => plans.getPlan(db, actorOf(req), req.params.id));

    historyRoute(app, '/api/ledger/plans', { permission: 'ledger.read', tags, summary: '应急预案的修改历史(版本更替)', read: (actor, id) => plans.planHistory(db, actor, id) });

    app.post('/api/ledger/plans', {
      config: { permission: 'ledger.manage' },
      schema: { tags, summary: '登记应急预案', body: planCreate },
    }, async (req, reply) => reply.code(201).send(await plans.createPlan(db, actorCtx(req), req.body)));

    app.put('/api/ledger/plans/:id', {
      config: { permission: 'ledger.manage' },
      schema: { tags, summary: '修改应急预案(如新版本)', params: idParams, body: planUpdate },
    }, async (req) => plans.updatePlan(db, actorCtx(req), req.params.id, req.body));

    archiveRoutes(app, db, '/api/ledger/plans', { permission: 'ledger.manage', tags, noun: '应急预案', set: plans.setPlanArchived });

    await app.register(sheetImportRoutes(db, config, { path: '/api/ledger/entries/import', permission: 'ledger.record', tag: '工作台账', spec: entryImport }));
  };
}
