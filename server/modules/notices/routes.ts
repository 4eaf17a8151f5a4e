import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { noticeCreate, noticeQuery } from '../../../common/notices';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { readRoute } from '../../platform/register-routes';
import * as service from './service';

export function noticeRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['通知通报'];
    app.get('/api/notices', {
      config: { permission: 'notice.read' },
      schema: { tags, summary: '收到的(box=received，本单位)或发出的(box=sent，本单位及下级发出)通知通报', querystring: noticeQuery },
    }, async (req) => service.listNotices(db, actorOf(req), req.query));

    app.post('/api/notices', {
      config: { permission: 'notice.send' },
      schema: { tags, summary: '向全部下级或指定下级单位发送通知/通报(附件随后上传到 notice)', body: noticeCreate },
    }, async (req, reply) => reply.code(201).send(await service.sendNotice(db, actorCtx(req), req.body)));

    readRoute(app, '/api/notices/:id', { permission: 'notice.read', tags, summary: '通知详情(发送方可见各单位阅读回执)', read: (actor, id) => service.getNotice(db, actor, id) });

    app.post('/api/notices/:id/read', {
      config: { permission: 'notice.read' },
      schema: { tags, summary: '本单位已阅(记录阅读人和时间)', params: idParams },
    }, async (req) => service.markRead(db, actorCtx(req), req.params.id));
  };
}
