/**
 * 责任领导 of a record (a task, a rectification): a person of the record's unit or of one of its
 * superiors (a township's task may name the county leader in charge). Only the name is read, so a
 * superior's person is not otherwise shown to the unit.
 */
import type { Database } from '../../db';
import { errors } from '../../platform/errors';

export async function checkResponsibleLeader(db: Database, unitPath: string, personId: string | null | undefined, field = 'responsibleLeaderId'): Promise<void> {
  if (!personId) return;
  const p = await db.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.name', 'p.archived_at', 'u.path']).where('p.id', '=', personId).executeTakeFirst();
  if (!p || !unitPath.startsWith(p.path)) throw errors.validation('责任领导应是本单位或上级单位的人员', field);
  if (p.archived_at) throw errors.validation(`人员“${p.name}”已归档`, field);
}
