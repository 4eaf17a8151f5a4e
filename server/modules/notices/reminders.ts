import { endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { Reminder, ReminderSource } from '../../platform/reminders';

/** A notice its unit has not read a day after it came: the unit is reminded once. */
export const noticeReminders: ReminderSource = async ({ db, now }) => {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const rows = await db.selectFrom('notice_receipts as r').innerJoin('notices as n', 'n.id', 'r.notice_id').innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['r.id', 'r.unit_id', 'n.id as notice_id', 'n.title', 'n.sent_at', 'u.name'])
    .where('r.read_at', 'is', null).where('n.archived_at', 'is', null).where('n.sent_at', '<=', dayAgo).execute();
  const today = shanghaiDay(now);
  return rows.map((r): Reminder => ({
    key: `notice:${r.notice_id}:${r.unit_id}:unread`, kind: 'notice', about: 'notice.received', unitId: r.unit_id, roles: ['leader', 'staff', 'liaison'],
    title: `${r.name}发来的“${r.title.length > 30 ? `${r.title.slice(0, 30)}…` : r.title}”尚未阅读`, link: `/notices/${r.notice_id}`, dueAt: endOfShanghaiDay(today),
  }));
};
