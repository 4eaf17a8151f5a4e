/**
 * Demo document settings: the demo county's 舆情专报 go to the city's office (the county has no
 * superior in the system, so its 报送范围 is set here), and its documents carry 内部资料.
 */
import type { Database } from '../../db';
import { nowIso } from '../../platform/ids';
import { actorFor } from '../demo/lookups';

export async function seedDocumentDemo(db: Database): Promise<void> {
  const staff = await actorFor(db, 'staff');
  if (!staff) return;
  const now = nowIso();
  await db.insertInto('document_settings').values({
    unit_id: staff.unitId, mark: '内部资料', watermark: 0, brief_masthead: '网信舆情专报', brief_distribution: '市委网信办',
    updated_by_name: '系统(演示数据)', version: 1, created_at: now, updated_at: now,
  }).onConflict((oc) => oc.column('unit_id').doNothing()).execute();
}
