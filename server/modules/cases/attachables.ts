/**
 * A report's files (the letter, a screenshot) and the event's handling evidence (photos of the
 * verification, the reply document): whoever may see the event may read them, the village it
 * was sent to included.
 */
import type { Database } from '../../db';
import { type Attachable, ownedByUnit, ownedThrough } from '../../platform/attachable';
import type { Actor } from '../../platform/context';
import { getVisibleEvent } from './service';

async function eventOfReport(db: Database, id: string) {
  const r = await db.selectFrom('cases').select('event_id').where('id', '=', id).executeTakeFirst();
  return r?.event_id ?? null;
}

async function canSeeEvent(db: Database, actor: Actor, eventId: string | null) {
  if (!eventId) return false;
  try {
    await getVisibleEvent(db, actor, eventId);
    return true;
  } catch {
    return false;
  }
}

export const caseAttachables: Record<string, Attachable> = {
  case: {
    ...ownedThrough({ table: 'cases', parentKey: 'event_id', parent: 'case_events' }, { label: '舆情诉求材料', writePermission: 'case.register' }),
    visibleTo: async (db, actor, id) => canSeeEvent(db, actor, await eventOfReport(db, id)),
  },
  case_event: {
    ...ownedByUnit('case_events', { label: '办理材料', writePermission: 'case.handle' }),
    visibleTo: (db, actor, id) => canSeeEvent(db, actor, id),
  },
};
