/** Small pieces the watch module's services share: shift times, who acts, phones in the audit log. */
import { MODE_KINDS, SHIFT_TIMES, type ShiftKind, type ShiftMode } from '../../../common/watch';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { addDays, fromShanghaiParts } from '../../platform/period';

/** How services name the acting account in *_by columns. */
export const who = (a: Actor) => `${a.displayName}(${a.username})`;

/** The UTC instants a shift of `kind` on Shanghai `day` starts and ends. */
export function shiftSpan(day: string, kind: ShiftKind): { startsAt: string; endsAt: string } {
  const t = SHIFT_TIMES[kind];
  const [y, m, d] = day.split('-').map(Number);
  const start = fromShanghaiParts(y, m, d, t.start[0], t.start[1]);
  const endDay = t.end[0] * 60 + t.end[1] <= t.start[0] * 60 + t.start[1] ? addDays(day, 1) : day;
  const [ey, em, ed] = endDay.split('-').map(Number);
  return { startsAt: start.toISOString(), endsAt: fromShanghaiParts(ey, em, ed, t.end[0], t.end[1]).toISOString() };
}

/** The shifts of a roster in the order they run: each day of the range, each kind of the mode. */
export function shiftSlots(startsOn: string, endsOn: string, mode: ShiftMode): { day: string; dayIndex: number; kind: ShiftKind }[] {
  const out: { day: string; dayIndex: number; kind: ShiftKind }[] = [];
  for (let day = startsOn, i = 0; day <= endsOn; day = addDays(day, 1), i++) for (const kind of MODE_KINDS[mode]) out.push({ day, dayIndex: i, kind });
  return out;
}

/** Every day of a range, both ends included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** A phone as the audit log keeps it: enough to tell numbers apart, not enough to call. */
export function maskPhone(p: string | null): string | null {
  if (!p) return null;
  return p.length <= 4 ? '****' : `${p.slice(0, Math.min(3, p.length - 4))}****${p.slice(-4)}`;
}

/** The person record linked to the signed-in account, if any. */
export async function personOfActor(db: Database, actor: Actor): Promise<string | null> {
  const a = await db.selectFrom('accounts').select('person_id').where('id', '=', actor.accountId).executeTakeFirst();
  return a?.person_id ?? null;
}
