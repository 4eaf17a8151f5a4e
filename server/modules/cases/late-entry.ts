/**
 * 补录: a case step entered after it happened carries the time it happened. Clocks are computed
 * from that time; the timeline and the audit keep both times. The rules: not in the future, not
 * before the previous step, and a reason when it happened more than the configured hours ago.
 */
import type { Database } from '../../db';
import { formatShanghaiDateTime } from '../../platform/ids';
import { errors } from '../../platform/errors';

/** Clock skew between a browser and the server that still counts as "now". */
const SKEW_MS = 2 * 60_000;
/** A step whose times differ by less than this was entered as it happened. */
export const LATE_ENTRY_MS = 5 * 60_000;

export interface LateEntryInput {
  happenedAt?: string | null;
  lateReason?: string | null;
}

/**
 * When the step happened (now when not given), checked against now and the event's previous
 * step; the report and join rows of the timeline count at the event's first receipt, since a
 * report is often registered after it arrived.
 */
export async function stepTime(trx: Database, e: { id: string; first_received_at: string }, input: LateEntryInput, now: string, reasonHours: number) {
  if (!input.happenedAt) return { at: now, lateReason: null };
  const at = new Date(Date.parse(input.happenedAt)).toISOString();
  if (Date.parse(at) > Date.parse(now) + SKEW_MS) throw errors.validation('发生时间不能晚于现在', 'happenedAt');
  const last = await trx.selectFrom('case_steps').select('at').where('event_id', '=', e.id).where('step', 'not in', ['register', 'join']).orderBy('at', 'desc').limit(1).executeTakeFirst();
  const previous = last && last.at > e.first_received_at ? last.at : e.first_received_at;
  if (at < previous) throw errors.validation(`发生时间不能早于上一步(${formatShanghaiDateTime(previous)})`, 'happenedAt');
  const lateReason = input.lateReason?.trim() || null;
  if (Date.parse(now) - Date.parse(at) > reasonHours * 3600_000 && !lateReason) {
    throw errors.validation(`补录 ${reasonHours} 小时以前的步骤，请填写补录原因`, 'lateReason');
  }
  return { at: at > now ? now : at, lateReason: Date.parse(now) - Date.parse(at) > LATE_ENTRY_MS ? lateReason : null };
}

export const isLateEntry = (at: string, enteredAt: string | null) => !!enteredAt && Date.parse(enteredAt) - Date.parse(at) > LATE_ENTRY_MS;
