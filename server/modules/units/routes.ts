import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unitArchive, unitCreate, unitMove, unitUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import * as service from './service';

export function unitRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/units/tree', {
      config: { permission: 'unit.read' },
      schema: { tags: ['单位'], summary: '本单位及下级单位列表', querystring: z.object({ includeArchived: z.enum(['true', 'false']).optional() }) },
    }, async (req) => ({ items: await service.listTree(db, actorOf(req), req.query.includeArchived === 'true') }));

    app.get('/api/units/:id', {
      config: { permission: 'unit.read' },
      schema: { tags: ['单位'], summary: '单位详情', params: idParams },
    }, async (req) => service.getUnit(db, actorOf(req), req.params.id));

    app.post('/api/units', {
      config: { permission: 'unit.manage' },
      schema: { tags: ['单位'], summary: '新建单位', body: unitCreate },
    }, async (req, reply) => reply.code(201).send(await service.createUnit(db, actorCtx(req), req.body)));

    app.put('/api/units/:id', {
      config: { permission: 'unit.manage' },
      schema: { tags: ['单位'], summary: '修改单位', params: idParams, body: unitUpdate },
    }, async (req) => service.updateUnit(db, actorCtx(req), req.params.id, req.body));

    app.post('/api/units/:id/move', {
      config: { permission: 'unit.manage' },
      schema: { tags: ['单位'], summary: '移动单位(连同下级)', params: idParams, body: unitMove },
    }, async (req) => service.moveUnit(db, actorCtx(req), req.params.id, req.body));

    app.post('/api/units/:id/archive', {
      config: { permission: 'unit.manage' },
      schema: { tags: ['单位'], summary: '归档单位', params: idParams, body: unitArchive },
    }, async (req) => service.archiveUnit(db, actorCtx(req), req.params.id, req.body.version));

    app.post('/api/units/:id/restore', {
      config: { permission: 'unit.manage' },
      schema: { tags: ['单位'], summary: '恢复单位', params: idParams, body: unitArchive },
    }, async (req) => service.restoreUnit(db, actorCtx(req), req.params.id, req.body.version));
  };
}
