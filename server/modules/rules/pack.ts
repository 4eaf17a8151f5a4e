/** The files of the rules in force at a pack's period end: each version that took effect by then, of rules not repealed by then. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { clip } from '../../platform/pack-records';
import { inSubtreeOf } from '../../platform/scope';

export const rulePackSources: PackAttachmentSource[] = [
  {
    entity: 'rule_version', folder: PACK_FOLDERS.org, label: '制度文件', recordType: '制度文件',
    async records(db, s) {
      const rows = await db
        .selectFrom('rule_versions as v')
        .innerJoin('rules as r', 'r.id', 'v.rule_id')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .select(['v.id', 'v.seq', 'v.effective_day', 'v.doc_number', 'r.title', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath))
        .where('r.archived_at', 'is', null)
        .where('v.effective_day', '<=', s.to)
        .where((eb) => eb.or([eb('r.repeal_day', 'is', null), eb('r.repeal_day', '>', s.from)]))
        .orderBy('v.effective_day')
        .execute();
      return rows.map((r) => ({ id: r.id, day: r.effective_day, title: clip(`${r.title}${r.doc_number ? `(${r.doc_number})` : ''}${r.seq > 1 ? ` 第${r.seq}版` : ''}`, 60), unitName: r.name }));
    },
  },
];
