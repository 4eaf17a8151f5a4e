import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { errors } from '../../platform/errors';
import { contentDisposition } from '../../platform/files';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { readUpload, uploadLimitLabel } from '../../platform/upload';
import * as service from './service';

const listQuery = z.object({
  entity: z.string({ error: '缺少附件所属记录类型' }).min(1).max(40),
  entityId: z.string({ error: '缺少附件所属记录' }).min(1).max(64),
});

export function fileRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['附件'];
    const limitMb = uploadLimitLabel(config);

    app.post('/api/files', {
      config: { permission: 'file.upload' },
      schema: { tags, summary: `上传附件(multipart: entity, entityId 在 file 之前；上限 ${limitMb})` },
    }, async (req, reply) => {
      const upload = await readUpload(req, config, '请选择要上传的文件');
      const entity = upload.field('entity');
      const entityId = upload.field('entityId');
      if (!entity) throw errors.validation('缺少附件所属记录类型', 'entity');
      if (!entityId) throw errors.validation('缺少附件所属记录', 'entityId');
      const view = await service.upload(db, config.dataDir, actorCtx(req), { entity, entityId, filename: upload.filename, content: upload.content });
      return reply.code(201).send(view);
    });

    app.get('/api/files', {
      config: { permission: 'file.read' },
      schema: { tags, summary: '记录的附件列表', querystring: listQuery },
    }, async (req) => ({ items: await service.list(db, actorOf(req), req.query.entity, req.query.entityId) }));

    app.get('/api/files/:id/download', {
      config: { permission: 'file.read' },
      schema: { tags, summary: '下载附件', params: idParams },
    }, async (req, reply) => {
      const f = await service.openForDownload(db, config.dataDir, actorOf(req), req.params.id);
      reply.header('content-disposition', contentDisposition(f.filename));
      reply.header('content-length', f.size);
      return reply.type(f.mime).send(f.stream);
    });

    app.post('/api/files/:id/archive', {
      config: { permission: 'file.upload' },
      schema: { tags, summary: '删除(归档)附件', params: idParams },
    }, async (req) => service.archive(db, actorCtx(req), req.params.id));
  };
}
