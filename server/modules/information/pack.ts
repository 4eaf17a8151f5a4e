/** Items sent up in the period lend their attachments (the manuscript, pictures) to an inspection pack. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { clip } from '../../platform/pack-records';
import { inSubtreeOf } from '../../platform/scope';

export const infoPackSources: PackAttachmentSource[] = [
  {
    entity: 'info_item', folder: PACK_FOLDERS.watch, label: '报送信息附件', recordType: '报送信息',
    async records(db, s) {
      const rows = await db.selectFrom('info_items as i').innerJoin('units as u', 'u.id', 'i.unit_id').select(['i.id', 'i.sent_day', 'i.title', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('i.archived_at', 'is', null).where('i.sent_day', '>=', s.from).where('i.sent_day', '<=', s.to)
        .orderBy('i.sent_day').execute();
      return rows.map((r) => ({ id: r.id, day: r.sent_day, title: clip(r.title, 40), unitName: r.name }));
    },
  },
];
