import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page } from '../../../common/fields';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { readAuditCheckpoint } from '../../platform/audit';
import { ALLOWED_TYPES, contentDisposition } from '../../platform/files';
import { actorCtx, actorOf } from '../../platform/http';
import * as service from './service';

const day = (label: string) =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}应为 YYYY-MM-DD 格式的日期` }).optional();

const auditQuery = page.extend({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(40).optional(),
  actor: z.string().max(50, { error: '操作人不能超过 50 个字' }).optional(),
  from: day('开始日期'),
  to: day('结束日期'),
});

export function auditRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/audit', {
      config: { permission: 'audit.read' },
      schema: { tags: ['审计日志'], summary: '审计日志(本单位及下级)', querystring: auditQuery },
    }, async (req) => service.listAudit(db, actorOf(req), req.query));

    app.get('/api/audit/export', {
      config: { permission: 'audit.read' },
      schema: { tags: ['审计日志'], summary: '导出审计日志(.xlsx)', querystring: auditQuery.omit({ page: true, pageSize: true }) },
    }, async (req, reply) => {
      const buf = await service.auditLedger(db, actorCtx(req), req.query);
      reply.header('content-disposition', contentDisposition('审计日志.xlsx'));
      return reply.type(ALLOWED_TYPES.xlsx).send(buf);
    });

    app.post('/api/audit/verify', {
      config: { permission: 'audit.verify' },
      schema: { tags: ['审计日志'], summary: '校验审计日志(密钥校验链与检查点)' },
    }, async (req) => service.verifyAudit(db, actorCtx(req), readAuditCheckpoint(config.auditCheckpointFile)));
  };
}
