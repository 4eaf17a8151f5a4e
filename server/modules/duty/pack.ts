/** Which of the module's records lend their attachments to an inspection pack for a unit subtree and a period. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { clip } from '../../platform/pack-records';
import { yearsOf } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';

export const dutyPackSources: PackAttachmentSource[] = [
  {
    entity: 'duty_item', folder: PACK_FOLDERS.duty, label: '责任清单依据文件', recordType: '责任清单条目',
    async records(db, s) {
      const [y1, y2] = yearsOf(s);
      const rows = await db.selectFrom('duty_items as d').innerJoin('units as u', 'u.id', 'd.unit_id').select(['d.id', 'd.year', 'd.content', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('d.archived_at', 'is', null).where('d.year', '>=', y1).where('d.year', '<=', y2)
        .orderBy('d.year').orderBy('d.sort_order').execute();
      return rows.map((r) => ({ id: r.id, day: String(r.year), title: clip(r.content, 60), unitName: r.name }));
    },
  },
  {
    entity: 'agreement', folder: PACK_FOLDERS.duty, label: '责任书', recordType: '责任书',
    async records(db, s) {
      const [y1, y2] = yearsOf(s);
      const rows = await db.selectFrom('agreements as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.issued_day', 'a.title', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('a.archived_at', 'is', null).where('a.year', '>=', y1).where('a.year', '<=', y2)
        .orderBy('a.issued_day').execute();
      return rows.map((r) => ({ id: r.id, day: r.issued_day, title: r.title, unitName: r.name }));
    },
  },
  {
    entity: 'agreement_signatory', folder: PACK_FOLDERS.duty, label: '责任书签订件', recordType: '责任书签订',
    async records(db, s) {
      const [y1, y2] = yearsOf(s);
      const rows = await db.selectFrom('agreement_signatories as g').innerJoin('agreements as a', 'a.id', 'g.agreement_id').innerJoin('units as u', 'u.id', 'a.unit_id')
        .leftJoin('units as su', 'su.id', 'g.unit_id').leftJoin('people as p', 'p.id', 'g.person_id')
        .select(['g.id', 'g.signed_day', 'a.issued_day', 'a.title', 'u.name', 'su.name as signer_unit', 'p.name as signer_person'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('a.archived_at', 'is', null).where('a.year', '>=', y1).where('a.year', '<=', y2)
        .orderBy('a.issued_day').execute();
      return rows.map((r) => ({ id: r.id, day: r.signed_day ?? r.issued_day, title: `${r.title}(${r.signer_unit ?? r.signer_person ?? '签订人'})`, unitName: r.name }));
    },
  },
];
