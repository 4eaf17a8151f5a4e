/** Which of the module's records lend their attachments to an inspection pack for a unit subtree and a period. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { clip } from '../../platform/pack-records';
import { shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';

export const casePackSources: PackAttachmentSource[] = [
  {
    entity: 'case', folder: PACK_FOLDERS.cases, label: '来信来电材料', recordType: '舆情诉求报告',
    async records(db, s) {
      const rows = await db.selectFrom('cases as c').innerJoin('case_events as e', 'e.id', 'c.event_id').innerJoin('units as u', 'u.id', 'e.unit_id')
        .select(['c.id', 'c.received_at', 'c.title', 'u.name']).where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('e.archived_at', 'is', null)
        .where('c.received_at', '>=', shanghaiDayStartUtc(s.from)).where('c.received_at', '<', shanghaiDayStartUtc(s.to, 1)).orderBy('c.received_at').execute();
      return rows.map((r) => ({ id: r.id, day: shanghaiDay(r.received_at), title: clip(r.title, 60), unitName: r.name }));
    },
  },
  {
    entity: 'case_event', folder: PACK_FOLDERS.cases, label: '办理材料', recordType: '舆情诉求事件',
    async records(db, s) {
      const rows = await db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id')
        .select(['e.id', 'e.first_received_at', 'e.title', 'u.name']).where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('e.archived_at', 'is', null)
        .where('e.first_received_at', '>=', shanghaiDayStartUtc(s.from)).where('e.first_received_at', '<', shanghaiDayStartUtc(s.to, 1)).orderBy('e.first_received_at').execute();
      return rows.map((r) => ({ id: r.id, day: shanghaiDay(r.first_received_at), title: clip(r.title, 60), unitName: r.name }));
    },
  },
];
