/**
 * An event row with its units' names and paths, as every read of the cases module loads it,
 * and the one visibility rule: the owner unit's subtree and the handling unit's subtree.
 */
import type { Database } from '../../db';
import { hotStatement, placeholders } from '../../db/batch';
import type { CaseEventTable } from '../../db/schema';
import type { Actor } from '../../platform/context';
import { errors } from '../../platform/errors';
import { inSubtree } from '../../platform/scope';

export type EventRow = CaseEventTable & {
  unit_name: string; unit_path: string; handling_name: string; handling_path: string; assigned_by_name: string | null;
};
export function selectEvents(db: Database) {
  return db
    .selectFrom('case_events as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .innerJoin('units as h', 'h.id', 'e.handling_unit_id')
    .leftJoin('units as ab', 'ab.id', 'e.assigned_by_unit_id')
    .selectAll('e')
    .select(['u.name as unit_name', 'u.path as unit_path', 'h.name as handling_name', 'h.path as handling_path', 'ab.name as assigned_by_name']);
}

/**
 * selectEvents for a page's ids, as the list reads them on every request: written as SQL (one
 * text per page length), no query built per request. The same columns as selectEvents.
 */
export const eventsByIds = hotStatement<EventRow>((n) => `
  select e.*, u.name as unit_name, u.path as unit_path, h.name as handling_name, h.path as handling_path, ab.name as assigned_by_name
    from case_events e inner join units u on u.id = e.unit_id inner join units h on h.id = e.handling_unit_id
         left join units ab on ab.id = e.assigned_by_unit_id
   where e.id in (${placeholders(n)})`);

/** Visible to the owner unit's subtree and to the subtree of the unit it was sent to. */
function visibleTo(actor: Actor, e: Pick<EventRow, 'unit_path' | 'handling_path'>): boolean {
  return inSubtree(actor.unitPath, e.unit_path) || inSubtree(actor.unitPath, e.handling_path);
}

export async function getVisibleEvent(db: Database, actor: Actor, id: string): Promise<EventRow> {
  const row = (await selectEvents(db).where('e.id', '=', id).executeTakeFirst()) as EventRow | undefined;
  if (!row) throw errors.notFound('舆情诉求事件');
  if (!visibleTo(actor, row)) throw errors.outOfScope();
  return row;
}
