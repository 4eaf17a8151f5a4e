/** The period's submissions lend their attachments to an inspection pack. */
import { PACK_FOLDERS } from '../../../common/packs';
import { type Cycle, periodKeyLabel } from '../../../common/reporting';
import type { PackAttachmentSource } from '../../platform/modules';
import { inSubtreeOf } from '../../platform/scope';

export const reportingPackSources: PackAttachmentSource[] = [
  {
    entity: 'report_submission', folder: PACK_FOLDERS.watch, label: '报告报送材料', recordType: '报告',
    async records(db, s) {
      const rows = await db.selectFrom('report_submissions as r').innerJoin('report_schedules as h', 'h.id', 'r.schedule_id').innerJoin('units as u', 'u.id', 'r.unit_id')
        .select(['r.id', 'r.period_to', 'r.period_key', 'h.name', 'h.cycle', 'u.name as unit_name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('h.archived_at', 'is', null)
        .where('r.status', 'in', ['submitted', 'signed']).where('r.period_to', '>=', s.from).where('r.period_to', '<=', s.to)
        .orderBy('r.period_to').orderBy('u.path').execute();
      return rows.map((r) => ({ id: r.id, day: r.period_to, title: `${r.name}(${periodKeyLabel(r.cycle as Cycle, r.period_key)})`, unitName: r.unit_name }));
    },
  },
];
