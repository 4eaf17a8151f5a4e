import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inForceQuery, ruleCreate, ruleQuery, ruleRevise, ruleUpdate } from '../../../common/rules';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';
import { ruleLedger } from './ledger';
import * as service from './service';

export function ruleRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['制度文件库'];
    app.get('/api/rules', { config: { permission: 'rule.read' }, schema: { tags, summary: '制度列表(分页、筛选；inForceOn=某日有效的制度)', querystring: ruleQuery } },
      async (req) => service.listRules(db, actorOf(req), req.query));
    exportRoute(app, '/api/rules/export', {
      permission: 'rule.read', tags, summary: '导出制度文件台账(.xlsx)', querystring: ruleQuery.omit({ page: true, pageSize: true }), filename: '制度文件台账.xlsx',
      ledger: (actor, q) => ruleLedger(db, actor, q),
    });
    app.get('/api/rules/in-force', { config: { permission: 'rule.read' }, schema: { tags, summary: '某单位及其上级单位在某日有效的制度', querystring: inForceQuery } },
      async (req) => service.rulesInForce(db, actorOf(req), req.query));
    readRoute(app, '/api/rules/:id', { permission: 'rule.read', tags, summary: '制度详情', read: (actor, id) => service.getRule(db, actor, id) });
    readRoute(app, '/api/rules/:id/versions', { permission: 'rule.read', tags, summary: '制度的版本(每个版本可附文件)', read: (actor, id) => service.listVersions(db, actor, id) });
    historyRoute(app, '/api/rules', { permission: 'rule.read', tags, summary: '制度的修改历史', read: (actor, id) => service.ruleHistory(db, actor, id) });
    app.post('/api/rules', { config: { permission: 'rule.manage' }, schema: { tags, summary: '登记制度(同时登记第一个版本)', body: ruleCreate } },
      async (req, reply) => reply.code(201).send(await service.createRule(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/rules/:id', { method: 'put', permission: 'rule.manage', tags, summary: '修改制度(更正现行版本)', body: ruleUpdate, run: (ctx, id, b) => service.updateRule(db, ctx, id, b) });
    app.post('/api/rules/:id/versions', { config: { permission: 'rule.manage' }, schema: { tags, summary: '修订制度(新版本，旧版本及其文件保留)', params: idParams, body: ruleRevise } },
      async (req, reply) => reply.code(201).send(await service.reviseRule(db, actorCtx(req), req.params.id, req.body)));
    archiveRoutes(app, db, '/api/rules', { permission: 'rule.manage', tags, noun: '制度', set: service.setRuleArchived });
  };
}
