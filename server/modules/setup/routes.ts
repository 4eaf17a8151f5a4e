import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setupBody } from '../../../common/schemas/org';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { setSessionCookies } from '../../platform/http';
import { sessionView } from '../session/service';
import * as service from './service';

export function setupRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/public/info', {
      config: { public: true },
      schema: { tags: ['初始化'], summary: '系统信息(是否需要初始化、演示账号)' },
    }, async () => service.publicInfo(db));

    app.post('/api/setup', {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['初始化'], summary: '首次启动：创建根单位和第一个管理员', body: setupBody },
    }, async (req, reply) => {
      const meta = { requestId: req.id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      const { actor, token, csrfToken } = await service.setup(db, meta, req.body);
      setSessionCookies(reply, config, token, csrfToken);
      return reply.code(201).send(await sessionView(db, config, actor, csrfToken));
    });
  };
}
