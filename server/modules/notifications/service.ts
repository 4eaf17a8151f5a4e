import type { z } from 'zod';
import {
  NOTIFICATION_KIND_LABELS, type NotificationKind, type NotificationPage, type NotificationView, notificationQuery,
  REMINDER_DAYS_DEFAULT, REMINDER_DAYS_KEY, REMINDER_DAYS_MAX, type ReminderSettingsView, reminderSettingsBody,
} from '../../../common/notifications';
import type { Database } from '../../db';
import type { NotificationTable } from '../../db/schema';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { eventKindLabel } from '../../platform/events';
import { nowIso } from '../../platform/ids';
import { getSetting, setSetting } from '../../platform/settings';
import { inTx } from '../../platform/tx';
import { assertRootAdmin, isRootAdmin } from '../calendar/service';

function toView(r: NotificationTable): NotificationView {
  const kind = r.kind;
  return {
    id: r.id, kind, kindLabel: NOTIFICATION_KIND_LABELS[kind as NotificationKind] ?? eventKindLabel(kind), title: r.title, link: r.link,
    dueAt: r.due_at, createdAt: r.created_at, readAt: r.read_at,
  };
}

async function unreadCount(db: Database, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The actor's own notifications, newest first. Nobody reads another person's notifications. */
export async function listNotifications(db: Database, actor: Actor, query: z.infer<typeof notificationQuery>): Promise<NotificationPage> {
  let q = db.selectFrom('notifications').where('account_id', '=', actor.accountId);
  if (query.unread === 'true') q = q.where('read_at', 'is', null);
  if (query.unread === 'false') q = q.where('read_at', 'is not', null);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    items: rows.map(toView), total: Number(total.n), unread: await unreadCount(db, actor.accountId),
    page: query.page, pageSize: query.pageSize,
  };
}

export async function getUnreadCount(db: Database, actor: Actor) {
  return { count: await unreadCount(db, actor.accountId) };
}

/**
 * Marks one of the actor's notifications read. Another person's notification is answered
 * as not found: it gives no hint that the id exists.
 */
export async function markRead(db: Database, actor: Actor, id: string): Promise<NotificationView> {
  const row = await db.selectFrom('notifications').selectAll().where('id', '=', id).where('account_id', '=', actor.accountId).executeTakeFirst();
  if (!row) throw errors.notFound('通知');
  if (row.read_at) return toView(row);
  const readAt = nowIso();
  await db.updateTable('notifications').set({ read_at: readAt }).where('id', '=', id).where('account_id', '=', actor.accountId).where('read_at', 'is', null).execute();
  return toView({ ...row, read_at: readAt });
}

export async function markAllRead(db: Database, actor: Actor) {
  const res = await db
    .updateTable('notifications')
    .set({ read_at: nowIso() })
    .where('account_id', '=', actor.accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { updated: Number(res.numUpdatedRows) };
}

/** Days before a deadline that reminders start: the setting, or 3 when unset or unreadable. */
export async function reminderDaysBefore(db: Database): Promise<number> {
  const v = await getSetting<unknown>(db, REMINDER_DAYS_KEY);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= REMINDER_DAYS_MAX ? v : REMINDER_DAYS_DEFAULT;
}

export async function getReminderSettings(db: Database, actor: Actor): Promise<ReminderSettingsView> {
  return { daysBefore: await reminderDaysBefore(db), canManage: await isRootAdmin(db, actor) };
}

/** Installation-wide, like the calendar: only an admin of a top-level unit changes it; audited. */
export async function setReminderSettings(db: Database, ctx: ActorCtx, input: z.infer<typeof reminderSettingsBody>): Promise<ReminderSettingsView> {
  await assertRootAdmin(db, ctx.actor, '提醒设置');
  return inTx(db, async (trx) => {
    const before = await reminderDaysBefore(trx);
    await setSetting(trx, REMINDER_DAYS_KEY, input.daysBefore);
    await writeAudit(trx, ctx, {
      action: 'update', entity: 'setting', entityId: REMINDER_DAYS_KEY, unitPath: ctx.actor.unitPath,
      before: { daysBefore: before }, after: { daysBefore: input.daysBefore },
    });
    return { daysBefore: input.daysBefore, canManage: true };
  });
}
