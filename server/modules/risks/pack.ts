/** Which of the module's records lend their attachments to an inspection pack for a unit subtree and a period. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { clip, recordsInPeriod } from '../../platform/pack-records';
import { shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';

export const riskPackSources: PackAttachmentSource[] = [
  {
    entity: 'risk_point', folder: PACK_FOLDERS.risks, label: '风险点材料', recordType: '风险点',
    async records(db, s) {
      const rows = await db.selectFrom('risk_points as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'r.created_at', 'r.description', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('r.archived_at', 'is', null).where('r.created_at', '<', shanghaiDayStartUtc(s.to, 1))
        .orderBy('r.created_at').execute();
      return rows.map((r) => ({ id: r.id, day: shanghaiDay(r.created_at), title: clip(r.description, 60), unitName: r.name }));
    },
  },
  {
    entity: 'risk_assessment', folder: PACK_FOLDERS.risks, label: '风险评估报告', recordType: '风险评估',
    async records(db, s) {
      const rows = await recordsInPeriod(db, 'risk_assessments', 'assessed_day', 'subject', s).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: r.title, unitName: r.name }));
    },
  },
];
