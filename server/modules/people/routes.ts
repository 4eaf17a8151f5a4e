import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { personCreate, personQuery, personUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import * as service from './service';
import { archiveRoutes } from '../../platform/register-routes';

export function peopleRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/people', {
      config: { permission: 'person.read' },
      schema: { tags: ['人员'], summary: '人员列表(分页、筛选)', querystring: personQuery },
    }, async (req) => service.listPeople(db, actorOf(req), req.query));

    app.get('/api/people/:id', {
      config: { permission: 'person.read' },
      schema: { tags: ['人员'], summary: '人员详情', params: idParams },
    }, async (req) => service.getPerson(db, actorOf(req), req.params.id));

    app.post('/api/people', {
      config: { permission: 'person.manage' },
      schema: { tags: ['人员'], summary: '新增人员', body: personCreate },
    }, async (req, reply) => reply.code(201).send(await service.createPerson(db, actorCtx(req), req.body)));

    app.put('/api/people/:id', {
      config: { permission: 'person.manage' },
      schema: { tags: ['人员'], summary: '修改人员', params: idParams, body: personUpdate },
    }, async (req) => service.updatePerson(db, actorCtx(req), req.params.id, req.body));

    archiveRoutes(app, db, '/api/people', { permission: 'person.manage', tags: ['人员'], noun: '人员', set: service.setPersonArchived });
  };
}
