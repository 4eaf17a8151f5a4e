/**
 * Events: something happened that someone must act on (a task dispatched to a unit, a case
 * assigned to it, a report waiting for sign-off, 催办 …). Each event becomes in-app
 * notifications for the people who must act and, for the groups that subscribed, robot
 * messages, written in the same transaction as the event (server/platform/events.ts).
 * Modules add their own kinds in module.ts `eventKinds`; these are the platform's.
 */
import { z } from 'zod';

export interface EventKindDef {
  /** Stable key, e.g. task.assigned. */
  key: string;
  /** Chinese name shown in preferences and robot subscriptions, e.g. 任务派发. */
  label: string;
}

/** Kinds every installation has: deadlines come from the reminders job, the rest from the modules. */
export const BASE_EVENT_KINDS: EventKindDef[] = [
  { key: 'due_soon', label: '期限临近' },
  { key: 'overdue', label: '已逾期' },
  { key: 'notice', label: '待办提醒' },
  { key: 'urge', label: '催办' },
];

export interface EventKindsView {
  items: EventKindDef[];
}

export interface NotificationPrefsView {
  /** Every kind, with whether it reaches the user in the app. */
  items: (EventKindDef & { inApp: boolean })[];
}

export const notificationPrefsBody = z.object({
  /** The kinds the user does not want in the app. */
  off: z.array(z.string({ error: '提醒种类应为文字' }).max(60, { error: '提醒种类过长' }), { error: '请选择不接收的提醒种类' }).max(100, { error: '提醒种类过多' }),
});

/** 催办: an optional word to the unit. */
export const urgeBody = z.object({
  note: z.string({ error: '催办说明应为文字' }).trim().max(200, { error: '催办说明不能超过 200 字' }).nullish().transform((v) => v || null),
});
