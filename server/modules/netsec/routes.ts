import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contractCreate, contractQuery, contractUpdate, findingCreate, profileSet } from '../../../common/netsec';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';
import { shanghaiDay } from '../../platform/period';
import { netsecLedger } from './ledger';
import * as service from './service';

export function netsecRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['网络安全'];
    app.get('/api/netsec/profiles', { config: { permission: 'netsec.read' }, schema: { tags, summary: '各单位的网络终端和安全措施', querystring: z.object({ unitId: z.string().max(64).optional(), includeSubunits: z.enum(['true', 'false']).optional() }) } },
      async (req) => service.listProfiles(db, actorOf(req), req.query));
    exportRoute(app, '/api/netsec/export', {
      permission: 'netsec.read', tags, summary: '导出网络安全台账(.xlsx，截至今天)', querystring: z.object({ unitId: z.string().max(64).optional() }), filename: '网络安全台账.xlsx',
      ledger: (actor, q) => netsecLedger(db, actor, { unitId: q.unitId ?? actor.unitId, from: shanghaiDay(), to: shanghaiDay() }),
    });
    app.put('/api/netsec/profiles', { config: { permission: 'netsec.manage' }, schema: { tags, summary: '登记或修改单位的网络终端和安全措施(不含涉密网络)', body: profileSet } },
      async (req) => service.setProfile(db, actorCtx(req), req.body));
    app.get('/api/netsec/contracts', { config: { permission: 'netsec.read' }, schema: { tags, summary: '运维服务合同列表', querystring: contractQuery } },
      async (req) => service.listContracts(db, actorOf(req), req.query));
    readRoute(app, '/api/netsec/contracts/:id', { permission: 'netsec.read', tags, summary: '运维服务合同详情', read: (actor, id) => service.getContract(db, actor, id) });
    historyRoute(app, '/api/netsec/contracts', { permission: 'netsec.read', tags, summary: '运维服务合同的修改历史', read: (actor, id) => service.contractHistory(db, actor, id) });
    app.post('/api/netsec/contracts', { config: { permission: 'netsec.manage' }, schema: { tags, summary: '登记运维服务合同', body: contractCreate } },
      async (req, reply) => reply.code(201).send(await service.createContract(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/netsec/contracts/:id', { method: 'put', permission: 'netsec.manage', tags, summary: '修改运维服务合同', body: contractUpdate, run: (ctx, id, b) => service.updateContract(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/netsec/contracts', { permission: 'netsec.manage', tags, noun: '运维服务合同', set: service.setContractArchived });
    readRoute(app, '/api/netsec/inspections/:id/findings', { permission: 'netsec.read', tags, summary: '网络安全检查发现的问题(及其整改)', read: (actor, id) => service.listFindings(db, actor, id) });
    app.post('/api/netsec/inspections/:id/findings', { config: { permission: 'rectification.manage' }, schema: { tags, summary: '登记网络安全检查发现的问题，同时提出整改事项', params: idParams, body: findingCreate } },
      async (req, reply) => reply.code(201).send(await service.addFinding(db, actorCtx(req), req.params.id, req.body)));
  };
}
