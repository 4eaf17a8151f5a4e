import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dutyAssignmentCreate, dutyAssignmentUpdate, groupMemberCreate, groupMemberUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams, versionBody } from '../../platform/http';
import { ALLOWED_TYPES, contentDisposition } from '../../platform/files';
import * as service from './service';
import { actionRoute, readRoute } from '../../platform/register-routes';

export function leadingGroupRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['领导小组与责任分工'];
    readRoute(app, '/api/units/:id/leading-group', { permission: 'leadingGroup.read', tags, summary: '单位的领导小组和责任分工', read: (actor, id) => service.getLeadingGroup(db, actor, id) });

    app.get('/api/units/:id/leading-group/export', {
      config: { permission: 'leadingGroup.read' },
      schema: { tags, summary: '导出领导小组名单和责任分工(.xlsx)', params: idParams },
    }, async (req, reply) => {
      const { buffer, filename } = await service.leadingGroupRoster(db, actorOf(req), req.params.id);
      reply.header('content-disposition', contentDisposition(filename));
      return reply.type(ALLOWED_TYPES.xlsx).send(buffer);
    });

    app.post('/api/group-members', {
      config: { permission: 'leadingGroup.manage' },
      schema: { tags, summary: '添加领导小组成员', body: groupMemberCreate },
    }, async (req, reply) => reply.code(201).send(await service.addMember(db, actorCtx(req), req.body)));

    actionRoute(app, '/api/group-members/:id', { method: 'put', permission: 'leadingGroup.manage', tags, summary: '修改领导小组成员', body: groupMemberUpdate, run: (ctx, id, b) => service.updateMember(db, ctx, id, b) });

    app.post('/api/group-members/:id/archive', {
      config: { permission: 'leadingGroup.manage' },
      schema: { tags, summary: '移出领导小组', params: idParams, body: versionBody },
    }, async (req) => service.archiveMember(db, actorCtx(req), req.params.id, req.body.version));

    app.post('/api/duty-assignments', {
      config: { permission: 'leadingGroup.manage' },
      schema: { tags, summary: '添加责任分工(第一责任人、直接责任人、一岗双责)', body: dutyAssignmentCreate },
    }, async (req, reply) => reply.code(201).send(await service.addAssignment(db, actorCtx(req), req.body)));

    actionRoute(app, '/api/duty-assignments/:id', { method: 'put', permission: 'leadingGroup.manage', tags, summary: '修改责任分工', body: dutyAssignmentUpdate, run: (ctx, id, b) => service.updateAssignment(db, ctx, id, b) });

    app.post('/api/duty-assignments/:id/archive', {
      config: { permission: 'leadingGroup.manage' },
      schema: { tags, summary: '撤销责任分工', params: idParams, body: versionBody },
    }, async (req) => service.archiveAssignment(db, actorCtx(req), req.params.id, req.body.version));
  };
}
