import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberCreate, memberQuery, memberUpdate, roleCreate } from '../../../common/teams';
import type { Database } from '../../db';
import { actorCtx, actorOf } from '../../platform/http';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';
import { shanghaiDay } from '../../platform/period';
import { teamLedger } from './ledger';
import * as service from './service';

export function teamRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['队伍'];
    app.get('/api/teams/roles', { config: { permission: 'team.read' }, schema: { tags, summary: '某单位可用的队伍角色(标准角色及本单位、上级单位增加的角色)', querystring: z.object({ unitId: z.string({ error: '请选择单位' }).min(1).max(64) }) } },
      async (req) => service.roleChoices(db, actorOf(req), req.query.unitId));
    app.post('/api/teams/roles', { config: { permission: 'team.manage' }, schema: { tags, summary: '增加队伍角色(不得为受指派发帖、评论的角色)', body: roleCreate } },
      async (req, reply) => reply.code(201).send(await service.createRole(db, actorCtx(req), req.body)));
    archiveRoutes(app, db, '/api/teams/roles', { permission: 'team.manage', tags, noun: '队伍角色', set: service.setRoleArchived });
    app.get('/api/teams/members', { config: { permission: 'team.read' }, schema: { tags, summary: '队伍成员(含期间内参加培训次数)', querystring: memberQuery } },
      async (req) => service.listMembers(db, actorOf(req), req.query));
    exportRoute(app, '/api/teams/export', {
      permission: 'team.read', tags, summary: '导出队伍台账(.xlsx，期间内参加培训次数；默认今年)', querystring: memberQuery.omit({ page: true, pageSize: true }), filename: '队伍台账.xlsx',
      ledger: (actor, q) => teamLedger(db, actor, { unitId: q.unitId ?? actor.unitId, from: q.from ?? `${shanghaiDay().slice(0, 4)}-01-01`, to: q.to ?? shanghaiDay() }),
    });
    readRoute(app, '/api/teams/members/:id', { permission: 'team.read', tags, summary: '队伍成员详情', read: (actor, id) => service.getMember(db, actor, id) });
    historyRoute(app, '/api/teams/members', { permission: 'team.read', tags, summary: '队伍成员的修改历史', read: (actor, id) => service.memberHistory(db, actor, id) });
    app.post('/api/teams/members', { config: { permission: 'team.manage' }, schema: { tags, summary: '登记队伍成员', body: memberCreate } },
      async (req, reply) => reply.code(201).send(await service.createMember(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/teams/members/:id', { method: 'put', permission: 'team.manage', tags, summary: '修改队伍成员', body: memberUpdate, run: (ctx, id, b) => service.updateMember(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/teams/members', { permission: 'team.manage', tags, noun: '队伍成员', set: service.setMemberArchived });
  };
}
