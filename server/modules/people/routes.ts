import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { personCreate, personQuery, personUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import * as service from './service';
import { archiveRoutes, exportRoute } from '../../platform/register-routes';
import { cnDay, listLedger } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';

export function peopleRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/people', {
      config: { permission: 'person.read' },
      schema: { tags: ['人员'], summary: '人员列表(分页、筛选)', querystring: personQuery },
    }, async (req) => service.listPeople(db, actorOf(req), req.query));

    // 人员名册: the people the list shows for the same filters.
    exportRoute(app, '/api/people/export', {
      permission: 'person.read', tags: ['人员'], summary: '导出人员名册(.xlsx，筛选条件同列表)', querystring: personQuery.omit({ page: true, pageSize: true }), filename: '人员名册.xlsx',
      ledger: async (actor, q) => listLedger((page, pageSize) => service.listPeople(db, actor, { ...q, page, pageSize }), {
        title: '人员名册', unitName: await unitNameOf(db, actor, q.unitId), oldestFirst: false,
        columns: [
          { header: '姓名', width: 12, value: (p) => p.name },
          { header: '所属单位', width: 20, value: (p) => p.unitName },
          { header: '职务', width: 24, value: (p) => p.position },
          { header: '工作电话', width: 16, value: (p) => p.phone },
          { header: '有登录账号', width: 10, value: (p) => (p.hasAccount ? '是' : '否') },
          { header: '状态', width: 8, value: (p) => (p.archived ? '已归档' : '在册') },
        ],
      }),
    });

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
