import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page } from '../../../common/fields';
import { accountCreate, accountResetPassword, accountRole, accountUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import * as service from './service';

const accountQuery = page.extend({
  unitId: z.string().max(64).optional(),
  q: z.string().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});

export function accountRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/accounts', {
      config: { permission: 'account.read' },
      schema: { tags: ['账号'], summary: '账号列表', querystring: accountQuery },
    }, async (req) => service.listAccounts(db, actorOf(req), req.query));

    app.get('/api/accounts/:id', {
      config: { permission: 'account.read' },
      schema: { tags: ['账号'], summary: '账号详情', params: idParams },
    }, async (req) => service.getAccount(db, actorOf(req), req.params.id));

    app.post('/api/accounts', {
      config: { permission: 'account.manage' },
      schema: { tags: ['账号'], summary: '创建账号', body: accountCreate },
    }, async (req, reply) => reply.code(201).send(await service.createAccount(db, actorCtx(req), req.body)));

    app.put('/api/accounts/:id', {
      config: { permission: 'account.manage' },
      schema: { tags: ['账号'], summary: '修改账号(角色、单位、停用)', params: idParams, body: accountUpdate },
    }, async (req) => service.updateAccount(db, actorCtx(req), req.params.id, req.body));

    app.post('/api/accounts/:id/password', {
      config: { permission: 'account.security' },
      schema: { tags: ['账号'], summary: '重置密码', params: idParams, body: accountResetPassword },
    }, async (req) => service.resetPassword(db, actorCtx(req), req.params.id, req.body));

    app.post('/api/accounts/:id/unlock', {
      config: { permission: 'account.security' },
      schema: { tags: ['账号'], summary: '解除锁定', params: idParams },
    }, async (req) => service.unlockAccount(db, actorCtx(req), req.params.id));

    app.post('/api/accounts/:id/two-factor/reset', {
      config: { permission: 'account.security' },
      schema: { tags: ['账号'], summary: '重置双因素认证(手机丢失时，安全管理员)', params: idParams },
    }, async (req) => service.resetTwoFactor(db, actorCtx(req), req.params.id));

    app.post('/api/accounts/:id/role', {
      config: { permission: 'account.security' },
      schema: { tags: ['账号'], summary: '更改角色(含三员，安全管理员)', params: idParams, body: accountRole },
    }, async (req) => service.setAccountRole(db, actorCtx(req), req.params.id, req.body));
  };
}
