import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notificationQuery, reminderSettingsBody } from '../../../common/notifications';
import type { Database } from '../../db';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { notificationPrefsBody } from '../../../common/events';
import { eventKinds } from '../../platform/events';
import * as events from './events';
import * as service from './service';

export function notificationRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/notifications', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '我的通知(分页，可只看未读)', querystring: notificationQuery },
    }, async (req) => service.listNotifications(db, actorOf(req), req.query));

    app.get('/api/notifications/unread-count', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '我的未读通知数(页头铃铛)' },
    }, async (req) => service.getUnreadCount(db, actorOf(req)));

    app.post('/api/notifications/:id/read', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '标记一条通知为已读(只能标记自己的)', params: idParams },
    }, async (req) => service.markRead(db, actorOf(req), req.params.id));

    app.post('/api/notifications/read-all', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '把我的通知全部标记为已读' },
    }, async (req) => service.markAllRead(db, actorOf(req)));

    app.get('/api/event-kinds', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '提醒的种类(各模块登记的事件)' },
    }, async () => ({ items: eventKinds() }));

    app.get('/api/notification-prefs', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '我接收哪些种类的站内提醒' },
    }, async (req) => events.getPrefs(db, actorOf(req)));

    app.put('/api/notification-prefs', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '设置我不接收的站内提醒种类', body: notificationPrefsBody },
    }, async (req) => events.setPrefs(db, actorCtx(req), req.body));

    app.get('/api/reminder-settings', {
      config: { permission: 'notification.read' },
      schema: { tags: ['消息提醒'], summary: '提醒设置：截止日前几天开始提醒' },
    }, async (req) => service.getReminderSettings(db, actorOf(req)));

    app.put('/api/reminder-settings', {
      config: { permission: 'reminder.manage' },
      schema: { tags: ['消息提醒'], summary: '修改提醒设置(仅最上级单位管理员)', body: reminderSettingsBody },
    }, async (req) => service.setReminderSettings(db, actorCtx(req), req.body));
  };
}
