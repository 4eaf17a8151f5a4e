/** Which units a schedule expects reports from: all below the setting unit, those of some kinds, or a list. */
import type { Database } from '../../db';
import { inSubtreeOf } from '../../platform/scope';

export interface TargetRule {
  unit_id: string;
  target_mode: string;
  target_kinds_json: string;
  target_unit_ids_json: string;
}

export interface TargetUnit { id: string; path: string; name: string }

/** The live units a schedule expects reports from, today. */
export async function targetUnits(db: Database, s: TargetRule): Promise<TargetUnit[]> {
  const owner = await db.selectFrom('units').select(['id', 'path']).where('id', '=', s.unit_id).executeTakeFirst();
  if (!owner) return [];
  let q = db.selectFrom('units').select(['id', 'path', 'name']).where((eb) => inSubtreeOf(eb, 'path', owner.path)).where('archived_at', 'is', null);
  if (s.target_mode === 'list') {
    const ids = JSON.parse(s.target_unit_ids_json) as string[];
    if (!ids.length) return [];
    const out: TargetUnit[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await q.where('id', 'in', ids.slice(i, i + 500)).execute()));
    return out;
  }
  q = q.where('id', '!=', owner.id);
  if (s.target_mode === 'kinds') {
    const kinds = JSON.parse(s.target_kinds_json) as string[];
    if (!kinds.length) return [];
    q = q.where('kind', 'in', kinds);
  }
  return q.orderBy('path').execute();
}
