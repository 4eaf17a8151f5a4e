import type { Database } from '../../db';
import { type EventRow, selectEvents } from './rows';
import { clockViews, getCaseSettings } from './settings';

/**
 * One event as a document describes it (舆情专报): the event, its reports, its timeline, its
 * clocks and direct reports. No access check here: the documents module checks the draft's unit.
 */
export async function eventRecord(db: Database, id: string) {
  const e = (await selectEvents(db).where('e.id', '=', id).executeTakeFirst()) as EventRow | undefined;
  if (!e) return null;
  const settings = await getCaseSettings(db);
  const reports = await db.selectFrom('cases as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.source', 'c.channel', 'c.url', 'c.received_at', 'c.via', 'u.name as unit_name'])
    .where('c.event_id', '=', id).orderBy('c.received_at').execute();
  const steps = await db.selectFrom('case_steps').select(['step', 'at', 'actor_name', 'actor_unit_name', 'comment']).where('event_id', '=', id).orderBy('at').orderBy('id').execute();
  const direct = await db.selectFrom('case_direct_reports as d').innerJoin('units as u', 'u.id', 'd.unit_id').select(['u.name', 'd.sent_at', 'd.read_at']).where('d.event_id', '=', id).orderBy('u.depth', 'desc').execute();
  return { event: e, clocks: clockViews(e, settings.sla), reports, steps, direct };
}
