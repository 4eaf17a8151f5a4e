/**
 * What 阵地管理 lends an inspection pack: the outlets' filing evidence (attachments of outlets
 * standing at the period's end) and the 信息发布审批表 of every post of the subtree approved in the period.
 */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource, PackDocumentProvider } from '../../platform/modules';
import { clip } from '../../platform/pack-records';
import { instantsOf } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';
import { approvalFormDocx } from './documents';

export const outletPackSources: PackAttachmentSource[] = [
  {
    entity: 'outlet', folder: PACK_FOLDERS.outlets, label: '阵地备案材料', recordType: '阵地', uploadedByPeriodEnd: true,
    async records(db, s) {
      const rows = await db.selectFrom('outlets as o').innerJoin('units as u', 'u.id', 'o.unit_id').select(['o.id', 'o.name', 'o.start_day', 'u.name as unit_name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('o.archived_at', 'is', null).where('o.start_day', '<=', s.to).orderBy('u.path').orderBy('o.name').execute();
      return rows.map((r) => ({ id: r.id, day: '', title: clip(r.name, 60), unitName: r.unit_name }));
    },
  },
];

export const outletPackDocuments: PackDocumentProvider[] = [
  async (db, actor, s) => {
    const { from, toExclusive } = instantsOf(s);
    const posts = await db.selectFrom('posts as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'p.title', 'p.approved_at'])
      .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('p.archived_at', 'is', null)
      .where('p.approved_at', '>=', from).where('p.approved_at', '<', toExclusive).orderBy('p.approved_at').execute();
    return posts.map((p, i) => ({
      folder: PACK_FOLDERS.outlets,
      name: `信息发布审批表-${String(i + 1).padStart(3, '0')}-${p.title.replace(/[\\/:*?"<>|\r\n]+/g, '').slice(0, 30)}.docx`,
      source: '根据审核记录生成',
      build: async () => (await approvalFormDocx(db, actor, p.id)).buffer,
    }));
  },
];
