/**
 * Reminders: a domain, filing or maintenance contract expiring in 30, 15, 7 and 1 days (once at
 * each, to the outlet's unit's staff and leaders), an outlet that went quiet (once per state and
 * last publication), and each reviewer's daily digest: how many posts wait at steps they may take
 * (one notice per reviewer per day, linking to 待我审核; each post itself is announced as an event).
 */
import { QUIET_STATE_LABELS } from '../../../common/outlets';
import { endOfShanghaiDay, shanghaiDay } from '../../platform/period';
import type { Reminder, ReminderSource } from '../../platform/reminders';
import { waitingByReviewer } from './posts';
import { expiries, expiryBucket, lastPostDays, quietState, quietThresholds } from './quiet';

export const outletReminders: ReminderSource = async ({ db, now }) => {
  const today = shanghaiDay(now);
  const out: Reminder[] = [];
  const outlets = await db.selectFrom('outlets').select(['id', 'unit_id', 'name', 'type', 'status', 'start_day', 'quiet_days', 'domain_expires', 'filing_expires', 'contract_expires'])
    .where('archived_at', 'is', null).where('status', '!=', 'closed').execute();
  const last = await lastPostDays(db, outlets.map((o) => o.id), today);
  const thresholds = await quietThresholds(db);
  for (const o of outlets) {
    const link = `/outlets/${o.id}`;
    for (const e of expiries(o, today)) {
      const bucket = expiryBucket(e.daysLeft);
      if (bucket !== null) {
        out.push({ key: `outlet:${o.id}:${e.what}:${e.day}:${bucket}`, kind: 'due_soon', unitId: o.unit_id, roles: ['staff', 'leader'], title: `阵地“${o.name}”的${e.what}将于 ${e.day} 到期(还有 ${e.daysLeft} 天)`, link, dueAt: endOfShanghaiDay(e.day) });
      } else if (e.daysLeft < 0) {
        out.push({ key: `outlet:${o.id}:${e.what}:${e.day}:expired`, kind: 'overdue', unitId: o.unit_id, roles: ['staff', 'leader'], title: `阵地“${o.name}”的${e.what}已于 ${e.day} 到期`, link, dueAt: endOfShanghaiDay(e.day) });
      }
    }
    const lastDay = last.get(o.id) ?? null;
    const q = quietState({ ...o, lastPostDay: lastDay }, thresholds, today);
    if (q.state === 'late' || q.state === 'dormant') {
      out.push({ key: `outlet:${o.id}:quiet:${q.state}:${lastDay ?? o.start_day}`, kind: 'notice', unitId: o.unit_id, roles: ['staff', 'leader'], title: `阵地“${o.name}”${QUIET_STATE_LABELS[q.state]}${lastDay ? `(最近一次发布 ${lastDay})` : '(尚无发布记录)'}`, link, dueAt: endOfShanghaiDay(today) });
    }
  }
  // Each reviewer's daily digest: one notice a day, however many posts wait (each post was announced when it reached the step).
  for (const [accountId, w] of await waitingByReviewer(db)) {
    out.push({ key: `post-digest:${accountId}:${today}`, kind: 'notice', unitId: w.unitId, accountIds: [accountId], title: `${today} 有 ${w.count} 条信息待您审核`, link: '/publishing?waiting=me', dueAt: endOfShanghaiDay(today) });
  }
  return out;
};
