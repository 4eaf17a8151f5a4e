import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id, oneOf } from '../../../common/fields';
import { ROLES } from '../../../common/roles';
import { changePasswordBody, loginBody } from '../../../common/schemas/org';
import { requiredRolesAt } from '../../platform/two-factor';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { errors } from '../../platform/errors';
import { actorCtx, clearSessionCookies, setSessionCookies } from '../../platform/http';
import * as service from './service';

const secondFactorBody = z.object({
  ticket: z.string({ error: '验证已过期，请重新登录' }).min(10).max(100),
  code: z.string({ error: '请填写验证码' }).trim().min(6, { error: '请填写验证码' }).max(20, { error: '验证码不正确' }),
});
const policyRoles = z.array(oneOf('角色', ROLES), { error: '角色应为列表' }).max(ROLES.length);
const policyBody = z.object({
  roles: policyRoles,
  units: z.array(z.object({ unitId: id('单位'), roles: policyRoles }), { error: '单位规则应为列表' }).max(500).optional(),
});
const totpCodeBody = z.object({ code: z.string({ error: '请填写验证码' }).trim().regex(/^\d{6}$/, { error: '验证码应为 6 位数字' }) });

export function sessionRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/session', {
      config: { public: true },
      schema: { tags: ['登录'], summary: '当前登录信息' },
    }, async (req) => {
      if (!req.session) throw req.sessionExpired ? errors.sessionExpired() : errors.unauthenticated();
      return service.sessionView(db, config, req.session.actor, req.session.csrfToken, { twoFactorPending: req.session.twoFactorPending });
    });

    app.post('/api/session/login', {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['登录'], summary: '登录', body: loginBody },
    }, async (req, reply) => {
      const meta = { requestId: req.id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      const r = await service.login(db, meta, req.body.username, req.body.password, (unitPath) => requiredRolesAt(db, config, unitPath));
      if (r.twoFactor) return { twoFactor: true, ticket: r.ticket };
      setSessionCookies(reply, config, r.token, r.csrfToken);
      return service.sessionView(db, config, r.actor, r.csrfToken, { twoFactorPending: r.twoFactorPending });
    });

    app.post('/api/session/login/code', {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['登录'], summary: '登录第二步：验证器动态码或恢复码', body: secondFactorBody },
    }, async (req, reply) => {
      const meta = { requestId: req.id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      const { actor, token, csrfToken } = await service.loginSecondFactor(db, meta, req.body.ticket, req.body.code);
      setSessionCookies(reply, config, token, csrfToken);
      return service.sessionView(db, config, actor, csrfToken);
    });

    app.get('/api/session/two-factor', {
      config: { permission: 'self' },
      schema: { tags: ['登录'], summary: '本人的双因素认证状态' },
    }, async (req) => service.twoFactorStatus(db, actorCtx(req).actor));

    app.post('/api/session/two-factor/setup', {
      config: { permission: 'self' },
      schema: { tags: ['登录'], summary: '开始绑定验证器(生成密钥与二维码)' },
    }, async (req) => service.startTotp(db, actorCtx(req)));

    app.get('/api/security/two-factor-policy', {
      config: { permission: 'security.manage' },
      schema: { tags: ['登录'], summary: '双因素认证策略(哪些角色必须使用，可按单位及其下级单位另定)' },
    }, async () => service.getTwoFactorPolicy(db, config));

    app.put('/api/security/two-factor-policy', {
      config: { permission: 'security.manage' },
      schema: { tags: ['登录'], summary: '设置双因素认证策略(安全管理员)', body: policyBody },
    }, async (req) => service.setTwoFactorPolicy(db, config, actorCtx(req), req.body.roles, req.body.units));

    app.post('/api/session/two-factor/enable', {
      config: { permission: 'self' },
      schema: { tags: ['登录'], summary: '确认绑定验证器，返回一次性恢复码', body: totpCodeBody },
    }, async (req) => service.enableTotp(db, actorCtx(req), req.body.code));

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
