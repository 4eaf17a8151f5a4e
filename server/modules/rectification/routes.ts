import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { rectCreate, rectPlanQuery, rectPlanSet, rectQuery, rectReport, rectReturn, rectSignOff, rectUpdate } from '../../../common/rectification';
import type { Database } from '../../db';
import { actorCtx, actorOf } from '../../platform/http';
import { rectLedger } from './ledger';
import * as plans from './plans';
import * as service from './service';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';

export function rectificationRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['整改'];
    app.get('/api/rectifications', {
      config: { permission: 'rectification.read' },
      schema: { tags, summary: '整改事项列表(分页、筛选)', querystring: rectQuery },
    }, async (req) => service.listRects(db, actorOf(req), req.query, { signerPersonId: req.session!.personId }));

    app.get('/api/rectifications/batches', {
      config: { permission: 'rectification.read' },
      schema: { tags, summary: '检查批次(本单位及下级)' },
    }, async (req) => service.listBatches(db, actorOf(req)));

    app.get('/api/rectifications/plans', {
      config: { permission: 'rectification.read' },
      schema: { tags, summary: '某单位某检查批次的整改方案信息(依据文件、整改专班)；没有时 item 为 null', querystring: rectPlanQuery },
    }, async (req) => plans.getPlan(db, actorOf(req), req.query));

    app.put('/api/rectifications/plans', {
      config: { permission: 'rectification.manage' },
      schema: { tags, summary: '登记或修改整改方案信息(依据文件标题和文号、整改专班组长和成员；首次登记 version 为 null)', body: rectPlanSet },
    }, async (req) => plans.setPlan(db, actorCtx(req), req.body));

    exportRoute(app, '/api/rectifications/export', {
      permission: 'rectification.read', tags, summary: '导出整改台账(.xlsx，筛选条件同列表)', querystring: rectQuery.omit({ page: true, pageSize: true }), filename: '整改台账.xlsx',
      ledger: (actor, q) => rectLedger(db, actor, q),
    });

    readRoute(app, '/api/rectifications/:id', { permission: 'rectification.read', tags, summary: '整改事项详情(含当前用户能否销号及原因)', read: (actor, id) => service.getRect(db, actor, id) });

    historyRoute(app, '/api/rectifications', { permission: 'rectification.read', tags, summary: '整改事项的经过(提出、修改、报告、退回、销号)', read: (actor, id) => service.rectHistory(db, actor, id) });

    app.post('/api/rectifications', {
      config: { permission: 'rectification.manage' },
      schema: { tags, summary: '提出整改事项(由本单位向本单位或下级单位提出)', body: rectCreate },
    }, async (req, reply) => reply.code(201).send(await service.createRect(db, actorCtx(req), req.body)));

    actionRoute(app, '/api/rectifications/:id', { method: 'put', permission: 'rectification.manage', tags, summary: '修改整改事项(销号前)', body: rectUpdate, run: (ctx, id, b) => service.updateRect(db, ctx, id, b) });

    actionRoute(app, '/api/rectifications/:id/report', { permission: 'rectification.report', tags, summary: '报告整改完成(责任单位；佐证材料上传到 rectification)', body: rectReport, run: (ctx, id, b) => service.reportRect(db, ctx, id, b) });

    actionRoute(app, '/api/rectifications/:id/sign-off', { permission: 'rectification.signoff', tags, summary: '销号(提出单位或上级的领导、督查人员；不能是报告人或责任人本人)', body: rectSignOff, run: (ctx, id, b) => service.signOffRect(db, ctx, id, b) });

    actionRoute(app, '/api/rectifications/:id/return', { permission: 'rectification.signoff', tags, summary: '退回重新整改(须说明原因)', body: rectReturn, run: (ctx, id, b) => service.returnRect(db, ctx, id, b) });

    archiveRoutes(app, db, '/api/rectifications', { permission: 'rectification.manage', tags, noun: '整改事项', set: service.setRectArchived });
  };
}
