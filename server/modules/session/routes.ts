import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordBody, loginBody } from '../../../common/schemas/org';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { errors } from '../../platform/errors';
import { actorCtx, clearSessionCookies, setSessionCookies } from '../../platform/http';
import * as service from './service';

export function sessionRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/session', {
      config: { public: true },
      schema: { tags: ['登录'], summary: '当前登录信息' },
    }, async (req) => {
      if (!req.session) throw req.sessionExpired ? errors.sessionExpired() : errors.unauthenticated();
      return service.sessionView(req.session.actor, req.session.csrfToken);
    });

    app.post('/api/session/login', {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['登录'], summary: '登录', body: loginBody },
    }, async (req, reply) => {
      const meta = { requestId: req.id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      const { actor, token, csrfToken } = await service.login(db, meta, req.body.username, req.body.password);
      setSessionCookies(reply, config, token, csrfToken);
      return service.sessionView(actor, csrfToken);
    });

    app.post('/api/session/logout', {
      config: { permission: 'self' },
      schema: { tags: ['登录'], summary: '退出登录' },
    }, async (req, reply) => {
      await service.logout(db, actorCtx(req), req.session!.tokenHash);
      clearSessionCookies(reply);
      return reply.code(204).send();
    });

    app.post('/api/session/password', {
      config: { permission: 'self' },
      schema: { tags: ['登录'], summary: '修改本人密码', body: changePasswordBody },
    }, async (req, reply) => {
      await service.changeOwnPassword(db, actorCtx(req), req.session!.tokenHash, req.body.oldPassword, req.body.newPassword);
      return reply.code(204).send();
    });
  };
}
