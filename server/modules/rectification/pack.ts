/** Which of the module's records lend their attachments to an inspection pack for a unit subtree and a period. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { clip, recordsInPeriod } from '../../platform/pack-records';

export const rectPackSources: PackAttachmentSource[] = [
  {
    entity: 'rectification', folder: PACK_FOLDERS.rectification, label: '整改材料', recordType: '整改事项',
    async records(db, s) {
      const rows = await recordsInPeriod(db, 'rectifications', 'start_day', 'problem', s).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: clip(r.title, 60), unitName: r.name }));
    },
  },
];
