import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clueDismiss, clueQuery, feedCreate, feedQuery, feedUpdate } from '../../../common/feeds';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import type { JobDef } from '../../platform/jobs';
import * as service from './service';
import { actionRoute, archiveRoutes, readRoute } from '../../platform/register-routes';

export function feedRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['订阅与线索'];
    app.get('/api/feeds', {
      config: { permission: 'feed.read' },
      schema: { tags, summary: '订阅源列表', querystring: feedQuery },
    }, async (req) => service.listFeeds(db, actorOf(req), req.query));

    readRoute(app, '/api/feeds/:id', { permission: 'feed.read', tags, summary: '订阅源详情(含最近一次抓取结果)', read: (actor, id) => service.getFeed(db, actor, id) });

    app.post('/api/feeds', {
      config: { permission: 'feed.manage' },
      schema: { tags, summary: '新增订阅源(RSS/Atom 地址与关键词规则)', body: feedCreate },
    }, async (req, reply) => reply.code(201).send(await service.createFeed(db, actorCtx(req), req.body)));

    actionRoute(app, '/api/feeds/:id', { method: 'put', permission: 'feed.manage', tags, summary: '修改订阅源', body: feedUpdate, run: (ctx, id, b) => service.updateFeed(db, ctx, id, b) });

    archiveRoutes(app, db, '/api/feeds', { permission: 'feed.manage', tags, noun: '订阅源', archiveSummary: '归档订阅源(停止抓取)', set: service.setFeedArchived });

    app.post('/api/feeds/:id/poll', {
      config: { permission: 'feed.manage' },
      schema: { tags, summary: '立即抓取一次(结果记录在订阅源上)', params: idParams },
    }, async (req) => service.pollNow(db, actorCtx(req), req.params.id, config.feedPrivateHosts));

    app.get('/api/clues', {
      config: { permission: 'feed.read' },
      schema: { tags, summary: '线索队列(匹配关键词的订阅条目)', querystring: clueQuery },
    }, async (req) => service.listClues(db, actorOf(req), req.query));

    readRoute(app, '/api/clues/:id', { permission: 'feed.read', tags, summary: '线索详情', read: (actor, id) => service.getClue(db, actor, id) });

    app.post('/api/clues/:id/dismiss', {
      config: { permission: 'clue.handle' },
      schema: { tags, summary: '忽略线索', params: idParams, body: clueDismiss },
    }, async (req) => service.setClueDismissed(db, actorCtx(req), req.params.id, req.body, true));

    actionRoute(app, '/api/clues/:id/accept', { permission: 'clue.handle', tags, summary: '线索转为舆情诉求(相似的未办结事件自动归并)', body: clueDismiss, run: (ctx, id, b) => service.acceptClue(db, ctx, id, b) });

    app.post('/api/clues/:id/restore', {
      config: { permission: 'clue.handle' },
      schema: { tags, summary: '恢复已忽略的线索', params: idParams, body: clueDismiss },
    }, async (req) => service.setClueDismissed(db, actorCtx(req), req.params.id, req.body, false));
  };
}

/** Polls due feeds each minute; each feed's own interval decides whether it is due. */
export function feedPollJob(config: Config): JobDef {
  return {
    name: 'feed-poll',
    intervalMs: 60_000,
    leaseMs: 10 * 60_000,
    run: async (db) => {
      await service.pollDueFeeds(db, { allowPrivateHosts: config.feedPrivateHosts });
    },
  };
}
