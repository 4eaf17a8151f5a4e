/**
 * Generated documents in the inspection pack: the 工作总结 and the periodic 舆情专报 of the pack's
 * unit and period, built from the records at the moment the pack reaches them. A saved draft of
 * the same unit, type and period lends its paragraphs (the user's own wording) and its 期号 to the
 * file; the unit's handling mark is printed on both.
 */
import type { DocType } from '../../../common/documents';
import { generate } from './generate';
import { issueOf } from './service';
import { periodLabel } from '../../documents/dates';
import { draftDocx } from '../../documents/render';
import type { PackDocumentProvider } from '../../platform/modules';
import { shanghaiDay } from '../../platform/period';
import { PACK_FOLDERS } from '../../../common/packs';

export const documentsForPack: PackDocumentProvider = async (db, _actor, scope) => {
  const label = periodLabel({ from: scope.from, to: scope.to });
  const today = shanghaiDay();
  const ctx = { db, unit: { id: scope.unitId, name: scope.unitName, path: scope.unitPath }, from: scope.from, to: scope.to, periodLabel: label, subject: null, today };
  const doc = (type: DocType, name: string) => ({
    folder: PACK_FOLDERS.documents,
    name,
    source: '根据系统记录生成',
    async build() {
      const content = await generate(type, ctx);
      const saved = await db.selectFrom('document_drafts').select(['slots_json', 'serial_no']).where('unit_id', '=', scope.unitId).where('draft_key', '=', `${type}|${scope.from}|${scope.to}|`).executeTakeFirst();
      // A brief issued as a draft keeps its 期号; one never issued is printed without one (a pack never takes a number).
      if (content.briefing) content.briefing.issue = issueOf(saved?.serial_no);
      return draftDocx(content, saved ? JSON.parse(saved.slots_json) : {}, today);
    },
  });
  return [doc('summary', `${label}工作总结.docx`), doc('case_period', `${label}舆情专报.docx`)];
};
