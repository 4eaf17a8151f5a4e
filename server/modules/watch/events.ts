/**
 * The events 值班值守 announces (module.ts `eventKinds`), each written in the transaction of its
 * change: a watch period declared and, on its first day, begun (every unit in its scope), a
 * shift handed over (the next shift's people), a swap asked (the roster's managers), an
 * exchange of two shifts proposed, accepted or made (the two people).
 */
import type { EventKindDef } from '../../../common/events';
import { can, ROLES, type Role } from '../../../common/roles';
import type { Database } from '../../db';
import { emitEvents, type WorkEvent } from '../../platform/events';
import { inSubtreeOf } from '../../platform/scope';

export const WATCH_EVENTS = { period: 'watch.period', started: 'watch.started', handover: 'watch.handover', swap: 'watch.swap', exchange: 'watch.exchange' } as const;

export const WATCH_EVENT_KINDS: EventKindDef[] = [
  { key: WATCH_EVENTS.period, label: '敏感时期发布' },
  { key: WATCH_EVENTS.handover, label: '值班交班' },
  { key: WATCH_EVENTS.swap, label: '换班待审批' },
  { key: WATCH_EVENTS.started, label: '敏感时期开始' },
  { key: WATCH_EVENTS.exchange, label: '互换班次' },
];

/** Who manages a unit's roster (approves swaps): the roles holding watch.manage. */
export const ROSTER_MANAGERS: Role[] = ROLES.filter((r) => can(r, 'watch.manage'));

export const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`;

/** A watch period declared: every active unit of the declaring unit's subtree, its staff and leaders (who arrange duty). */
export async function announcePeriod(
  trx: Database, p: { id: string; name: string; startsOn: string; endsOn: string; unitName: string; unitPath: string }, today: string, at: string,
  /** A restored period: its version after the restore, so each restore is told once (the declaration's key was used already). */
  opts: { restored?: number } = {},
) {
  const units = await trx.selectFrom('units as u').select('u.id').where((eb) => inSubtreeOf(eb, 'u.path', p.unitPath)).where('u.archived_at', 'is', null).execute();
  const when = p.startsOn <= today ? `${md(p.startsOn)}起(已开始)至${md(p.endsOn)}` : `${md(p.startsOn)}至${md(p.endsOn)}`;
  const verb = opts.restored === undefined ? '发布' : '恢复';
  const events: WorkEvent[] = units.map((u) => ({
    kind: WATCH_EVENTS.period, unitId: u.id, roles: ['staff', 'leader'], title: `${p.unitName}${verb}敏感时期“${p.name}”(${when})：请安排24小时值班，每日报送`,
    subject: `${p.name}(${when})`, link: `/watch?unitId=${u.id}`, key: opts.restored === undefined ? `watch:${p.id}:${u.id}:declared` : `watch:${p.id}:${u.id}:restored:${opts.restored}`,
  }));
  await emitEvents(trx, events, at);
}

/** The people (accounts) of a shift; when neither has an account, the unit's staff. */
export async function shiftAccounts(trx: Database, personIds: (string | null)[]): Promise<string[]> {
  const ids = personIds.filter((x): x is string => !!x);
  if (!ids.length) return [];
  return (await trx.selectFrom('accounts').select('id').where('person_id', 'in', ids).where('disabled', '=', 0).execute()).map((a) => a.id);
}
