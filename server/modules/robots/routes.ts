import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { robotCreate, robotUpdate } from '../../../common/robots';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { eventKinds } from '../../platform/events';
import { actionRoute, readRoute } from '../../platform/register-routes';
import * as service from './service';

export function robotRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['群机器人'];
    app.get('/api/robots', {
      config: { permission: 'robot.read' },
      schema: { tags, summary: '本单位及下级单位的群机器人(不含 Webhook 地址和密钥)' },
    }, async (req) => ({ ...(await service.listRobots(db, actorOf(req))), kinds: eventKinds() }));

    app.post('/api/robots', {
      config: { permission: 'robot.manage' },
      schema: { tags, summary: '添加群机器人(企业微信、钉钉、飞书；Webhook 须为 https 公网地址)', body: robotCreate },
    }, async (req, reply) => reply.code(201).send(await service.createRobot(db, actorCtx(req), req.body, config.feedPrivateHosts)));

    readRoute(app, '/api/robots/:id', { permission: 'robot.read', tags, summary: '群机器人设置(不含 Webhook 地址和密钥)', read: (actor, id) => service.getRobot(db, actor, id) });
    readRoute(app, '/api/robots/:id/deliveries', { permission: 'robot.read', tags, summary: '发送记录(最近 100 次，含平台返回码)', read: (actor, id) => service.listDeliveries(db, actor, id) });

    app.put('/api/robots/:id', {
      config: { permission: 'robot.manage' },
      schema: { tags, summary: '修改群机器人(Webhook、密钥留空则不变)', params: idParams, body: robotUpdate },
    }, async (req) => service.updateRobot(db, actorCtx(req), req.params.id, req.body, config.feedPrivateHosts));

    app.post('/api/robots/:id/test', {
      config: { permission: 'robot.manage' },
      schema: { tags, summary: '发送一条测试消息(立即发送，记入发送记录)', params: idParams },
    }, async (req) => service.testRobot(db, actorCtx(req), req.params.id));

    const versionBody = z.object({ version: z.number({ error: '缺少版本号(请刷新页面后重试)' }).int().min(0) });
    actionRoute(app, '/api/robots/:id/archive', { permission: 'robot.manage', tags, summary: '停用群机器人(待发消息不再发送)', body: versionBody, run: (ctx, id, b) => service.setRobotArchived(db, ctx, id, b.version, true) });
    actionRoute(app, '/api/robots/:id/restore', { permission: 'robot.manage', tags, summary: '恢复群机器人', body: versionBody, run: (ctx, id, b) => service.setRobotArchived(db, ctx, id, b.version, false) });
  };
}
