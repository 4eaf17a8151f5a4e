/** In-app notifications and the reminder setting: kinds, Chinese labels, request schemas. */
import { z } from 'zod';
import { page } from './fields';

/** `due_soon` / `overdue` come from reminder sources (server/platform/reminders.ts). */
export const NOTIFICATION_KINDS = ['due_soon', 'overdue', 'notice'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  due_soon: '即将到期',
  overdue: '已逾期',
  notice: '通知',
};

export const notificationQuery = page.extend({
  unread: z.enum(['true', 'false'], { error: '“只看未读”的取值应为 true 或 false' }).optional(),
});

export interface NotificationView {
  id: string;
  /** A reminder kind, or the key of an announced event (common/events.ts). */
  kind: NotificationKind | (string & {});
  kindLabel: string;
  title: string;
  /** Web app path of the record the notification is about. */
  link: string | null;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  /** Unread notifications of the user, whatever the filter. */
  unread: number;
  page: number;
  pageSize: number;
}

export const REMINDER_DAYS_KEY = 'reminder_days_before';
export const REMINDER_DAYS_DEFAULT = 3;
export const REMINDER_DAYS_MAX = 30;

export const reminderSettingsBody = z.object({
  daysBefore: z
    .number({ error: '提前提醒天数应为数字' })
    .int({ error: '提前提醒天数应为整数' })
    .min(0, { error: `提前提醒天数应在 0 到 ${REMINDER_DAYS_MAX} 之间` })
    .max(REMINDER_DAYS_MAX, { error: `提前提醒天数应在 0 到 ${REMINDER_DAYS_MAX} 之间` }),
});

export interface ReminderSettingsView {
  /** Days before a deadline that reminders start (0 = on the day itself). */
  daysBefore: number;
  canManage: boolean;
}
