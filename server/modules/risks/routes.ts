import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assessmentCreate, assessmentQuery, assessmentUpdate, reviewCreate, riskCreate, riskQuery, riskUpdate } from '../../../common/risks';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { sheetImportRoutes } from '../../platform/sheet-import';
import { riskImport } from './import';
import { assessmentLedger, riskLedger } from './ledger';
import * as service from './service';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';

export function riskRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['风险点与风险评估'];
    app.get('/api/risks', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险点列表(分页、筛选；overdue=true 只看复核逾期)', querystring: riskQuery } },
      async (req) => service.listRisks(db, actorOf(req), req.query));

    exportRoute(app, '/api/risks/export', {
      permission: 'risk.read', tags, summary: '导出风险点台账(.xlsx)', querystring: riskQuery.omit({ page: true, pageSize: true }), filename: '风险点台账.xlsx',
      ledger: (actor, q) => riskLedger(db, actor, q),
    });

    readRoute(app, '/api/risks/:id', { permission: 'risk.read', tags, summary: '风险点详情', read: (actor, id) => service.getRisk(db, actor, id) });
    readRoute(app, '/api/risks/:id/reviews', { permission: 'risk.read', tags, summary: '风险点的复核记录', read: (actor, id) => service.listReviews(db, actor, id) });
    historyRoute(app, '/api/risks', { permission: 'risk.read', tags, summary: '风险点的修改历史', read: (actor, id) => service.riskHistory(db, actor, id) });
    app.post('/api/risks', { config: { permission: 'risk.manage' }, schema: { tags, summary: '登记风险点', body: riskCreate } },
      async (req, reply) => reply.code(201).send(await service.createRisk(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/risks/:id', { method: 'put', permission: 'risk.manage', tags, summary: '修改风险点', body: riskUpdate, run: (ctx, id, b) => service.updateRisk(db, ctx, id, b) });
    app.post('/api/risks/:id/reviews', { config: { permission: 'risk.manage' }, schema: { tags, summary: '记录复核(同时更新等级和下次复核日期)', params: idParams, body: reviewCreate } },
      async (req, reply) => reply.code(201).send(await service.addReview(db, actorCtx(req), req.params.id, req.body)));
    archiveRoutes(app, db, '/api/risks', { permission: 'risk.manage', tags, noun: '风险点', set: service.setRiskArchived });

    app.get('/api/risk-assessments', { config: { permission: 'risk.read' }, schema: { tags, summary: '重大决策舆情风险评估列表', querystring: assessmentQuery } },
      async (req) => service.listAssessments(db, actorOf(req), req.query));
    exportRoute(app, '/api/risk-assessments/export', {
      permission: 'risk.read', tags, summary: '导出风险评估台账(.xlsx)', querystring: assessmentQuery.omit({ page: true, pageSize: true }), filename: '重大决策舆情风险评估台账.xlsx',
      ledger: (actor, q) => assessmentLedger(db, actor, q),
    });
    readRoute(app, '/api/risk-assessments/:id', { permission: 'risk.read', tags, summary: '风险评估详情', read: (actor, id) => service.getAssessment(db, actor, id) });
    historyRoute(app, '/api/risk-assessments', { permission: 'risk.read', tags, summary: '风险评估的修改历史', read: (actor, id) => service.assessmentHistory(db, actor, id) });
    app.post('/api/risk-assessments', { config: { permission: 'risk.manage' }, schema: { tags, summary: '登记重大决策舆情风险评估', body: assessmentCreate } },
      async (req, reply) => reply.code(201).send(await service.createAssessment(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/risk-assessments/:id', { method: 'put', permission: 'risk.manage', tags, summary: '修改风险评估', body: assessmentUpdate, run: (ctx, id, b) => service.updateAssessment(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/risk-assessments', { permission: 'risk.manage', tags, noun: '风险评估', set: service.setAssessmentArchived });

    await app.register(sheetImportRoutes(db, config, { path: '/api/risks/import', permission: 'risk.manage', tag: '风险点与风险评估', spec: riskImport }));
  };
}
