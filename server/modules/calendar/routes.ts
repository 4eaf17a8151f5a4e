import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calendarDayParams, calendarOverrideBody, calendarQuery } from '../../../common/calendar';
import type { Database } from '../../db';
import { actorCtx, actorOf } from '../../platform/http';
import * as service from './service';

export function calendarRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/calendar', {
      config: { permission: 'calendar.read' },
      schema: { tags: ['工作日历'], summary: '某年每一天的上班/休息及来源(法定节假日、调休上班、周末、工作日、本地调整)', querystring: calendarQuery },
    }, async (req) => service.getYear(db, actorOf(req), req.query.year));

    app.put('/api/calendar/days/:day', {
      config: { permission: 'calendar.manage' },
      schema: { tags: ['工作日历'], summary: '调整某一天为上班或休息(仅最上级单位管理员)', params: calendarDayParams, body: calendarOverrideBody },
    }, async (req) => service.setDay(db, actorCtx(req), req.params.day, req.body));

    app.post('/api/calendar/days/:day/reset', {
      config: { permission: 'calendar.manage' },
      schema: { tags: ['工作日历'], summary: '撤销某一天的本地调整，恢复数据包中的安排(仅最上级单位管理员)', params: calendarDayParams },
    }, async (req) => service.resetDay(db, actorCtx(req), req.params.day));
  };
}
