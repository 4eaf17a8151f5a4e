import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agreementCreate, agreementQuery, agreementUpdate, dutyCopy, dutyItemCreate, dutyItemQuery, dutyItemUpdate, signatoriesAdd, signBody } from '../../../common/duty';
import { version } from '../../../common/fields';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { sheetImportRoutes } from '../../platform/sheet-import';
import { dutyImport } from './import';
import { agreementLedger, dutyLedger } from './ledger';
import * as service from './service';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';

const signatoryQuery = z.object({ only: z.enum(['unsigned']).optional() });

export function dutyRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['责任清单与责任书'];
    await app.register(sheetImportRoutes(db, config, { path: '/api/duty-items/import', permission: 'duty.manage', tag: tags[0], spec: dutyImport }));
    app.get('/api/duty-items', { config: { permission: 'duty.read' }, schema: { tags, summary: '单位某年度的责任清单', querystring: dutyItemQuery } },
      async (req) => service.listItems(db, actorOf(req), req.query));
    exportRoute(app, '/api/duty-items/export', {
      permission: 'duty.read', tags, summary: '导出责任清单(.xlsx)', querystring: dutyItemQuery.omit({ page: true, pageSize: true }),
      ledger: (actor, q) => dutyLedger(db, actor, q),
    });
    readRoute(app, '/api/duty-items/:id', { permission: 'duty.read', tags, summary: '责任清单条目', read: (actor, id) => service.getItem(db, actor, id) });
    historyRoute(app, '/api/duty-items', { permission: 'duty.read', tags, summary: '条目的修改历史', read: (actor, id) => service.itemHistory(db, actor, id) });
    app.post('/api/duty-items', { config: { permission: 'duty.manage' }, schema: { tags, summary: '新增责任清单条目', body: dutyItemCreate } },
      async (req, reply) => reply.code(201).send(await service.createItem(db, actorCtx(req), req.body)));
    app.post('/api/duty-items/copy', { config: { permission: 'duty.manage' }, schema: { tags, summary: '把上一年度的责任清单复制到新年度(目标年度须为空)', body: dutyCopy } },
      async (req, reply) => reply.code(201).send(await service.copyYear(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/duty-items/:id', { method: 'put', permission: 'duty.manage', tags, summary: '修改责任清单条目', body: dutyItemUpdate, run: (ctx, id, b) => service.updateItem(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/duty-items', { permission: 'duty.manage', tags, noun: '条目', set: service.setItemArchived });

    app.get('/api/agreements', { config: { permission: 'duty.read' }, schema: { tags, summary: '责任书列表(含应签、已签数)', querystring: agreementQuery } },
      async (req) => service.listAgreements(db, actorOf(req), req.query));
    exportRoute(app, '/api/agreements/export', {
      permission: 'duty.read', tags, summary: '导出责任书及签订情况(.xlsx)', querystring: agreementQuery.omit({ page: true, pageSize: true }),
      ledger: (actor, q) => agreementLedger(db, actor, q),
    });
    readRoute(app, '/api/agreements/:id', { permission: 'duty.read', tags, summary: '责任书详情', read: (actor, id) => service.getAgreement(db, actor, id) });
    app.get('/api/agreements/:id/signatories', { config: { permission: 'duty.read' }, schema: { tags, summary: '签订单位和人员(only=unsigned 只看未签)', params: idParams, querystring: signatoryQuery } },
      async (req) => service.listSignatories(db, actorOf(req), req.params.id, req.query.only));
    historyRoute(app, '/api/agreements', { permission: 'duty.read', tags, summary: '责任书的修改与签订记录', read: (actor, id) => service.agreementHistory(db, actor, id) });
    app.post('/api/agreements', { config: { permission: 'duty.manage' }, schema: { tags, summary: '登记责任书及应签订的单位、人员', body: agreementCreate } },
      async (req, reply) => reply.code(201).send(await service.createAgreement(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/agreements/:id', { method: 'put', permission: 'duty.manage', tags, summary: '修改责任书', body: agreementUpdate, run: (ctx, id, b) => service.updateAgreement(db, ctx, id, b) });
    actionRoute(app, '/api/agreements/:id/signatories', { permission: 'duty.manage', tags, summary: '增加应签订的单位或人员', body: signatoriesAdd, run: (ctx, id, b) => service.addSignatories(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/agreements', { permission: 'duty.manage', tags, noun: '责任书', set: service.setAgreementArchived });
    actionRoute(app, '/api/agreement-signatories/:id/sign', { permission: 'duty.manage', tags, summary: '登记已签订(签订日期)', body: signBody, run: (ctx, id, b) => service.setSigned(db, ctx, id, b) });
    app.post('/api/agreement-signatories/:id/unsign', { config: { permission: 'duty.manage' }, schema: { tags, summary: '撤销签订登记', params: idParams, body: z.object({ version }) } },
      async (req) => service.setSigned(db, actorCtx(req), req.params.id, { version: req.body.version, signedDay: null }));
  };
}
