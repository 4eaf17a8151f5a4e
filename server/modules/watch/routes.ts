import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  exchangeAnswer, exchangeCreate, handoverBody, logEntryCreate, logQuery, periodNameCreate, rosterCreate, rosterQuery, rosterUpdate, shiftUpdate, swapCreate, swapDecide, swapQuery,
  unitQuery, watchPeriodCreate, watchPeriodQuery, watchPeriodUpdate,
} from '../../../common/watch';
import type { Database } from '../../db';
import { actorCtx, actorOf } from '../../platform/http';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';
import { logLedger, rosterLedger } from './ledger';
import * as log from './log';
import * as periods from './periods-service';
import * as rosters from './rosters';

export function watchRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['值班值守'];

    // 敏感时期 and their names
    app.get('/api/watch/names', { config: { permission: 'watch.read' }, schema: { tags, summary: '敏感时期名称列表(内置名称及本单位和上级添加的名称)', querystring: unitQuery } },
      async (req) => periods.listNames(db, actorOf(req), req.query.unitId));
    app.post('/api/watch/names', { config: { permission: 'watch.manage' }, schema: { tags, summary: '添加本单位的敏感时期名称', body: periodNameCreate } },
      async (req, reply) => reply.code(201).send(await periods.addName(db, actorCtx(req), req.body)));
    archiveRoutes(app, db, '/api/watch/names', { permission: 'watch.manage', tags, noun: '敏感时期名称', set: periods.setNameArchived });

    app.get('/api/watch/periods', { config: { permission: 'watch.read' }, schema: { tags, summary: '敏感时期(对本单位生效的和下级发布的)', querystring: watchPeriodQuery } },
      async (req) => periods.listPeriods(db, actorOf(req), req.query));
    readRoute(app, '/api/watch/periods/:id', { permission: 'watch.read', tags, summary: '敏感时期详情', read: (actor, id) => periods.getPeriod(db, actor, id) });
    readRoute(app, '/api/watch/periods/:id/coverage', { permission: 'watch.read', tags, summary: '敏感时期各单位值班表是否排全(24小时、无空缺)', read: (actor, id) => periods.periodCoverage(db, actor, id) });
    historyRoute(app, '/api/watch/periods', { permission: 'watch.read', tags, summary: '敏感时期的修改历史', read: (actor, id) => periods.periodHistory(db, actor, id) });
    app.post('/api/watch/periods', { config: { permission: 'watch.manage' }, schema: { tags, summary: '发布敏感时期(对本单位及下级生效)', body: watchPeriodCreate } },
      async (req, reply) => reply.code(201).send(await periods.createPeriod(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/watch/periods/:id', { method: 'put', permission: 'watch.manage', tags, summary: '修改敏感时期', body: watchPeriodUpdate, run: (ctx, id, b) => periods.updatePeriod(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/watch/periods', { permission: 'watch.manage', tags, noun: '敏感时期', set: periods.setPeriodArchived });

    // 值班表
    app.get('/api/watch/rosters', { config: { permission: 'watch.read' }, schema: { tags, summary: '值班表列表(gaps=true 只看有空缺班次的)', querystring: rosterQuery } },
      async (req) => rosters.listRosters(db, actorOf(req), req.query));
    exportRoute(app, '/api/watch/rosters/export', {
      permission: 'watch.read', tags, summary: '导出值班表(.xlsx，每个班次一行)', querystring: rosterQuery.omit({ page: true, pageSize: true }), filename: '值班表台账.xlsx',
      ledger: (actor, q) => rosterLedger(db, actor, q),
    });
    readRoute(app, '/api/watch/rosters/:id', { permission: 'watch.read', tags, summary: '值班表详情(班次、空缺、敏感时期未排全的日期)', read: (actor, id) => rosters.getRoster(db, actor, id) });
    historyRoute(app, '/api/watch/rosters', { permission: 'watch.read', tags, summary: '值班表的修改历史(含班次调整和换班)', read: (actor, id) => rosters.rosterHistory(db, actor, id) });
    app.post('/api/watch/rosters', { config: { permission: 'watch.manage' }, schema: { tags, summary: '按轮值名单生成值班表', body: rosterCreate } },
      async (req, reply) => reply.code(201).send(await rosters.createRoster(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/watch/rosters/:id', { method: 'put', permission: 'watch.manage', tags, summary: '修改值班表名称和说明', body: rosterUpdate, run: (ctx, id, b) => rosters.updateRoster(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/watch/rosters', { permission: 'watch.manage', tags, noun: '值班表', set: rosters.setRosterArchived });

    // 班次, 换班
    readRoute(app, '/api/watch/shifts/:id', { permission: 'watch.read', tags, summary: '班次详情(值班日志、交接、换班)', read: (actor, id) => log.getShift(db, actor, id) });
    actionRoute(app, '/api/watch/shifts/:id', { method: 'put', permission: 'watch.manage', tags, summary: '调整班次的带班领导和值班人员', body: shiftUpdate, run: (ctx, id, b) => rosters.updateShift(db, ctx, id, b) });
    app.post('/api/watch/shifts/:id/swaps', {
      config: { permission: 'watch.duty' },
      schema: { tags, summary: '换班：当班人员申请(待审批)或值班表管理人代为换班(立即生效)', params: z.object({ id: z.string().min(1).max(64) }), body: swapCreate },
    }, async (req, reply) => reply.code(201).send(await rosters.requestSwap(db, actorCtx(req), req.params.id, req.body)));
    app.get('/api/watch/swaps', { config: { permission: 'watch.read' }, schema: { tags, summary: '换班申请', querystring: swapQuery } },
      async (req) => rosters.listSwaps(db, actorOf(req), req.query));
    actionRoute(app, '/api/watch/swaps/:id/approve', { permission: 'watch.manage', tags, summary: '同意换班', body: swapDecide, run: (ctx, id, b) => rosters.decideSwap(db, ctx, id, b, true) });
    actionRoute(app, '/api/watch/swaps/:id/reject', { permission: 'watch.manage', tags, summary: '不同意换班', body: swapDecide, run: (ctx, id, b) => rosters.decideSwap(db, ctx, id, b, false) });
    app.post('/api/watch/shifts/:id/exchanges', {
      config: { permission: 'watch.duty' },
      schema: { tags, summary: '互换班次：当班人员提出与本单位另一班次同岗位的人互换(待对方同意)，或值班表管理人代为互换(立即生效)', params: z.object({ id: z.string().min(1).max(64) }), body: exchangeCreate },
    }, async (req, reply) => reply.code(201).send(await rosters.proposeExchange(db, actorCtx(req), req.params.id, req.body)));
    actionRoute(app, '/api/watch/swaps/:id/accept', { permission: 'watch.duty', tags, summary: '被邀请人同意互换班次(两个班次同时调整)', body: exchangeAnswer, run: (ctx, id, b) => rosters.answerExchange(db, ctx, id, b, true) });
    actionRoute(app, '/api/watch/swaps/:id/decline', { permission: 'watch.duty', tags, summary: '被邀请人不同意互换班次', body: exchangeAnswer, run: (ctx, id, b) => rosters.answerExchange(db, ctx, id, b, false) });

    // 值班日志
    actionRoute(app, '/api/watch/shifts/:id/open', { permission: 'watch.duty', tags, summary: '当班人员打开值班日志(记录已打开)', body: z.object({}), run: (ctx, id) => log.openLog(db, ctx, id) });
    app.post('/api/watch/shifts/:id/log', {
      config: { permission: 'watch.duty' },
      schema: { tags, summary: '记录值班日志(时间、事项、处置情况，可关联本班次登记的舆情诉求事件)', params: z.object({ id: z.string().min(1).max(64) }), body: logEntryCreate },
    }, async (req, reply) => reply.code(201).send(await log.addEntry(db, actorCtx(req), req.params.id, req.body)));
    actionRoute(app, '/api/watch/shifts/:id/handover', { permission: 'watch.duty', tags, summary: '交班(交接事项转给下一班)', body: handoverBody, run: (ctx, id, b) => log.handover(db, ctx, id, b) });
    app.get('/api/watch/log', { config: { permission: 'watch.read' }, schema: { tags, summary: '值班日志列表', querystring: logQuery } },
      async (req) => log.listLog(db, actorOf(req), req.query));
    exportRoute(app, '/api/watch/log/export', {
      permission: 'watch.read', tags, summary: '导出值班日志(.xlsx)', querystring: logQuery.omit({ page: true, pageSize: true }), filename: '值班日志台账.xlsx',
      ledger: (actor, q) => logLedger(db, actor, q),
    });

    // 今日值班, 我的值班
    app.get('/api/watch/today', { config: { permission: 'watch.read' }, schema: { tags, summary: '今日值班(本单位及下级各单位今天的班次和电话)', querystring: unitQuery } },
      async (req) => log.todayDuty(db, actorOf(req), req.query.unitId));
    app.get('/api/watch/my', { config: { permission: 'watch.read' }, schema: { tags, summary: '我的值班(本人账号关联人员的班次)' } },
      async (req) => log.myShifts(db, actorOf(req)));
  };
}
