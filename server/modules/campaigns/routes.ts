import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { campaignCreate, campaignQuery, campaignUpdate } from '../../../common/campaigns';
import type { Database } from '../../db';
import { actorCtx, actorOf } from '../../platform/http';
import { actionRoute, archiveRoutes, readRoute } from '../../platform/register-routes';
import * as service from './service';

export function campaignRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['专项行动'];
    app.get('/api/campaigns', { config: { permission: 'task.read' }, schema: { tags, summary: '专项行动(本单位及下级发起的、上级发起的；forUnitId: 该单位的记录可以关联的)', querystring: campaignQuery } },
      async (req) => service.listCampaigns(db, actorOf(req), req.query));
    readRoute(app, '/api/campaigns/:id', { permission: 'task.read', tags, summary: '专项行动详情', read: (actor, id) => service.getCampaign(db, actor, id) });
    app.post('/api/campaigns', { config: { permission: 'task.manage' }, schema: { tags, summary: '发起专项行动(适用于发起单位及下级单位)', body: campaignCreate } },
      async (req, reply) => reply.code(201).send(await service.createCampaign(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/campaigns/:id', { method: 'put', permission: 'task.manage', tags, summary: '修改专项行动', body: campaignUpdate, run: (ctx, id, b) => service.updateCampaign(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/campaigns', { permission: 'task.manage', tags, noun: '专项行动', set: service.setCampaignArchived });
  };
}
