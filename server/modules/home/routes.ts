import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { homeFiguresQuery } from '../../../common/home';
import type { Database } from '../../db';
import { actorOf } from '../../platform/http';
import * as service from './service';

export function homeRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['首页'];
    app.get('/api/home/todos', {
      config: { permission: 'home.read' },
      schema: { tags, summary: '等我处理的事项(各模块提供；每个数字链接到恰好这些记录)' },
    }, async (req) => service.listTodos(db, actorOf(req)));

    app.get('/api/home/figures', {
      config: { permission: 'home.read' },
      schema: { tags, summary: '单位图表：各模块的月度序列(含同比)与直属下级单位按比率排名', querystring: homeFiguresQuery },
    }, async (req) => service.homeFigures(db, actorOf(req), req.query));
  };
}
