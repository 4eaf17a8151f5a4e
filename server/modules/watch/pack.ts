/** The period's rosters lend their attachments (a signed roster, a duty plan) to an inspection pack. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { inSubtreeOf } from '../../platform/scope';

export const watchPackSources: PackAttachmentSource[] = [
  {
    entity: 'watch_roster', folder: PACK_FOLDERS.watch, label: '值班表附件', recordType: '值班表',
    async records(db, s) {
      const rows = await db.selectFrom('watch_rosters as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'r.starts_on', 'r.title', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('r.archived_at', 'is', null).where('r.starts_on', '<=', s.to).where('r.ends_on', '>=', s.from)
        .orderBy('r.starts_on').execute();
      return rows.map((r) => ({ id: r.id, day: r.starts_on, title: r.title, unitName: r.name }));
    },
  },
];
