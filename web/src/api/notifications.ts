/** API calls of the notifications pages, bell and home card (the shared client handles CSRF and errors). */
import type { NotificationPage, NotificationView, ReminderSettingsView } from '../../../common/notifications';
import type { NotificationPrefsView } from '../../../common/events';
import { request } from './client';

/** Tells the header bell and the home card that the unread count may have changed. */
export const NOTIFICATIONS_CHANGED = 'nd:notifications-changed';
export function notificationsChanged() {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
}

export const notificationsApi = {
  list: (q: { unread?: boolean; page?: number; pageSize?: number }) => {
    const p = new URLSearchParams();
    if (q.unread !== undefined) p.set('unread', String(q.unread));
    if (q.page) p.set('page', String(q.page));
    if (q.pageSize) p.set('pageSize', String(q.pageSize));
    const s = p.toString();
    return request<NotificationPage>('GET', `/api/notifications${s ? `?${s}` : ''}`);
  },
  unreadCount: () => request<{ count: number }>('GET', '/api/notifications/unread-count'),
  markRead: (id: string) => request<NotificationView>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => request<{ updated: number }>('POST', '/api/notifications/read-all'),
  prefs: () => request<NotificationPrefsView>('GET', '/api/notification-prefs'),
  setPrefs: (off: string[]) => request<NotificationPrefsView>('PUT', '/api/notification-prefs', { body: { off } }),
  reminderSettings: () => request<ReminderSettingsView>('GET', '/api/reminder-settings'),
  setReminderSettings: (daysBefore: number) => request<ReminderSettingsView>('PUT', '/api/reminder-settings', { body: { daysBefore } }),
};
