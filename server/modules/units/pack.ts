/** Which of the module's records lend their attachments to an inspection pack for a unit subtree and a period. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { inSubtreeOf } from '../../platform/scope';

export const unitPackSources: PackAttachmentSource[] = [
  {
    entity: 'unit', folder: PACK_FOLDERS.org, label: '单位文件', recordType: '单位', uploadedByPeriodEnd: true,
    async records(db, s) {
      const rows = await db.selectFrom('units as u').select(['u.id', 'u.name']).where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).orderBy('u.path').execute();
      return rows.map((r) => ({ id: r.id, day: '', title: r.name, unitName: r.name }));
    },
  },
];
