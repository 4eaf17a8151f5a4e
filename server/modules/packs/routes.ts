import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { packCreate, packQuery } from '../../../common/packs';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { contentDisposition } from '../../platform/files';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import * as service from './service';
import { readRoute } from '../../platform/register-routes';

/** 迎检材料包: start a build, follow its progress, download the finished .zip. */
export function packRoutes(db: Database, config: Config, runner: service.PackRunner): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['迎检材料包'];
    app.addHook('onClose', async () => runner.close());

    app.post('/api/packs', {
      config: { permission: 'pack.build' },
      schema: { tags, summary: '开始生成迎检材料包(后台生成；同一单位同一期间正在生成时返回那一个，reused=true)', body: packCreate },
    }, async (req, reply) => {
      const { view, started } = await service.startPack(db, actorCtx(req), req.body, runner);
      return reply.code(started ? 202 : 200).send(view);
    });

    app.get('/api/packs', {
      config: { permission: 'pack.read' },
      schema: { tags, summary: '最近的材料包(本单位及下级，新的在前)', querystring: packQuery },
    }, async (req) => service.listPacks(db, actorOf(req), req.query));

    readRoute(app, '/api/packs/:id', { permission: 'pack.read', tags, summary: '材料包的状态和进度', read: (actor, id) => service.getPack(db, actor, id) });

    app.get('/api/packs/:id/download', {
      config: { permission: 'pack.read' },
      schema: { tags, summary: '下载生成完成的材料包(.zip)', params: idParams },
    }, async (req, reply) => {
      const f = await service.openPack(db, config.dataDir, actorOf(req), req.params.id);
      reply.header('content-disposition', contentDisposition(f.filename));
      reply.header('content-length', f.size);
      return reply.type('application/zip').send(f.stream);
    });
  };
}
