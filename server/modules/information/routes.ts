import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { infoCreate, infoOutcome, infoQuery, infoUpdate, progressQuery, quotaSet, quotaUpdate } from '../../../common/information';
import type { Database } from '../../db';
import { actorCtx, actorOf } from '../../platform/http';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';
import { infoLedger } from './ledger';
import * as service from './service';

export function infoRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['信息报送与采用'];
    app.get('/api/information', { config: { permission: 'info.read' }, schema: { tags, summary: '报送信息列表(direction=received 为报送给本单位的)', querystring: infoQuery } },
      async (req) => service.listItems(db, actorOf(req), req.query));
    exportRoute(app, '/api/information/export', {
      permission: 'info.read', tags, summary: '导出信息报送与采用台账(.xlsx，筛选条件同列表)', querystring: infoQuery.omit({ page: true, pageSize: true }), filename: '信息报送与采用台账.xlsx',
      ledger: (actor, q) => infoLedger(db, actor, q),
    });
    app.get('/api/information/progress', { config: { permission: 'info.read' }, schema: { tags, summary: '每月信息报送任务完成情况(本单位和直属下级)', querystring: progressQuery } },
      async (req) => service.quotaProgress(db, actorOf(req), req.query));
    app.post('/api/information/quotas', { config: { permission: 'info.review' }, schema: { tags, summary: '为下级单位设置每月信息报送任务', body: quotaSet } },
      async (req) => service.setQuotas(db, actorCtx(req), req.body));
    actionRoute(app, '/api/information/quotas/:id', { method: 'put', permission: 'info.review', tags, summary: '修改一个单位的每月信息报送任务', body: quotaUpdate, run: (ctx, id, b) => service.updateQuota(db, ctx, id, b) });
    readRoute(app, '/api/information/:id', { permission: 'info.read', tags, summary: '报送信息详情', read: (actor, id) => service.getItem(db, actor, id) });
    historyRoute(app, '/api/information', { permission: 'info.read', tags, summary: '报送信息的历史', read: (actor, id) => service.itemHistory(db, actor, id) });
    app.post('/api/information', { config: { permission: 'info.submit' }, schema: { tags, summary: '向上级报送信息(附件随后上传到 info_item)', body: infoCreate } },
      async (req, reply) => reply.code(201).send(await service.createItem(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/information/:id', { method: 'put', permission: 'info.submit', tags, summary: '修改报送信息(上级登记采用情况之前)', body: infoUpdate, run: (ctx, id, b) => service.updateItem(db, ctx, id, b) });
    actionRoute(app, '/api/information/:id/outcome', { permission: 'info.review', tags, summary: '接收单位登记采用情况(采用、摘报采用、刊发、未采用)', body: infoOutcome, run: (ctx, id, b) => service.recordOutcome(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/information', { permission: 'info.submit', tags, noun: '报送信息', archiveSummary: '撤回报送信息(上级登记采用情况之前)', set: service.setItemArchived });
  };
}
