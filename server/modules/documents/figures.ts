/**
 * The 舆情专报 a unit issued in a period: its own numbered briefs (not its subunits'), by the day they
 * were first generated, in number order. The 工作总结 counts them (编发舆情专报N期) and names each.
 */
import type { Database } from '../../db';
import { link } from '../../documents/content';
import { shanghaiDayStartUtc, type DayRange } from '../../platform/period';

export interface IssuedBrief {
  id: string;
  year: number;
  no: number;
  title: string;
}

export async function briefsIssued(db: Database, unitId: string, r: DayRange): Promise<IssuedBrief[]> {
  const rows = await db.selectFrom('document_drafts').select(['id', 'serial_year', 'serial_no', 'title'])
    .where('unit_id', '=', unitId).where('serial_no', 'is not', null)
    .where('created_at', '>=', shanghaiDayStartUtc(r.from)).where('created_at', '<', shanghaiDayStartUtc(r.to, 1))
    .orderBy('serial_year').orderBy('serial_no').execute();
  return rows.map((b) => ({ id: b.id, year: b.serial_year!, no: b.serial_no!, title: b.title }));
}

/** The documents list showing exactly those briefs. */
export const briefsLink = (unitId: string, r: DayRange) => link('/documents', { unitId, series: 'brief', from: r.from, to: r.to });
