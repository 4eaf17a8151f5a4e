import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { errors } from '../../platform/errors';
import { contentDisposition } from '../../platform/files';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import * as service from './service';

const listQuery = z.object({
  entity: z.string({ error: '缺少附件所属记录类型' }).min(1).max(40),
  entityId: z.string({ error: '缺少附件所属记录' }).min(1).max(64),
});

function fieldValue(file: MultipartFile, name: string): string {
  const f = file.fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : '';
}

export function fileRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['附件'];
    const limitMb = `${Math.round((config.uploadLimitBytes / 1024 / 1024) * 10) / 10} MB`;

    app.post('/api/files', {
      config: { permission: 'file.upload' },
      schema: { tags, summary: `上传附件(multipart: entity, entityId 在 file 之前；上限 ${limitMb})` },
    }, async (req, reply) => {
      if (!req.isMultipart()) throw errors.badFile('请以文件上传(multipart/form-data)的方式提交');
      const file = await req.file();
      if (!file) throw errors.badFile('请选择要上传的文件');
      const entity = fieldValue(file, 'entity');
      const entityId = fieldValue(file, 'entityId');
      if (!entity) throw errors.validation('缺少附件所属记录类型', 'entity');
      if (!entityId) throw errors.validation('缺少附件所属记录', 'entityId');
      let content: Buffer;
      try {
        content = await file.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw errors.tooLarge(limitMb);
        throw err;
      }
      const view = await service.upload(db, config.dataDir, actorCtx(req), { entity, entityId, filename: file.filename, content });
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
