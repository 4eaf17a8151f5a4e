import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { ALLOWED_TYPES, contentDisposition } from '../../platform/files';
import { actorCtx, actorOf } from '../../platform/http';
import { readUpload, uploadLimitLabel } from '../../platform/upload';
import * as service from './service';
import { MAX_ROWS, TEMPLATE_FILENAME } from './workbook';

const importQuery = z.object({
  commit: z.enum(['true', 'false'], { error: 'commit 应为 true 或 false' }).default('false'),
});

export function importRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['导入'];
    const limitMb = uploadLimitLabel(config);

    app.get('/api/import/org/template', {
      config: { permission: 'org.import' },
      schema: { tags, summary: '下载单位人员导入模板(.xlsx)', querystring: z.object({}) },
    }, async (req, reply) => {
      const buf = await service.template(db, actorOf(req));
      reply.header('content-disposition', contentDisposition(TEMPLATE_FILENAME));
      reply.header('cache-control', 'no-store');
      return reply.type(ALLOWED_TYPES.xlsx).send(buf);
    });

    app.post('/api/import/org', {
      config: { permission: 'org.import' },
      schema: {
        tags,
        summary: `导入单位和人员(multipart，文件字段 file；commit=false 只预览，commit=true 全部写入或全不写入；每个工作表最多 ${MAX_ROWS} 行，文件上限 ${limitMb})`,
        querystring: importQuery,
      },
    }, async (req) => {
      const { content, filename } = await readUpload(req, config, '请选择要导入的 Excel(.xlsx)文件');
      if (req.query.commit === 'true') return service.commit(db, actorCtx(req), content, filename);
      return service.preview(db, actorOf(req), content);
    });
  };
}
