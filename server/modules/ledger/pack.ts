/** Which of the module's records lend their attachments to an inspection pack for a unit subtree and a period. */
import { sql } from 'kysely';
import { ACTIVITY_TYPE_LABELS, type ActivityType } from '../../../common/ledger';
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { recordsInPeriod } from '../../platform/pack-records';
import { inSubtreeOf } from '../../platform/scope';

export const ledgerPackSources: PackAttachmentSource[] = [
  {
    entity: 'ledger_entry', folder: PACK_FOLDERS.study, label: '活动记录附件', recordType: '活动记录',
    async records(db, s) {
      const rows = await recordsInPeriod(db, 'ledger_entries', 'day', 'topic', s).select(sql<string>`x.type`.as('type')).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: `${ACTIVITY_TYPE_LABELS[r.type as ActivityType] ?? ''}：${r.title}`, unitName: r.name }));
    },
  },
  {
    entity: 'emergency_plan', folder: PACK_FOLDERS.risks, label: '应急预案文本', recordType: '应急预案',
    async records(db, s) {
      const rows = await db.selectFrom('emergency_plans as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'p.effective_day', 'p.title', 'p.version_label', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('p.archived_at', 'is', null).where('p.effective_day', '<=', s.to)
        .orderBy('p.effective_day').execute();
      return rows.map((r) => ({ id: r.id, day: r.effective_day, title: `${r.title}(${r.version_label})`, unitName: r.name }));
    },
  },
];
