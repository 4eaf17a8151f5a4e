/**
 * Document drafts (generate, edit slots, versions, .docx/PDF) and the generators that word
 * several modules' figures: 工作总结 (assembling the sections the modules contribute) and
 * 工作方案. Generated documents also go into the inspection pack. A unit's document settings (handling
 * mark, export watermark, the 舆情专报's 报头 and 报送范围) and the briefs' numbering are kept here.
 */
import type { Module } from '../../platform/modules';
import { seedDocumentDemo } from './demo';
import { documentsForPack } from './pack';
import { planGenerator } from './plan';
import { documentRoutes } from './routes';
import { summaryGenerator } from './summary';
import { settingsOf, watermarkText } from './settings';
import { formatShanghaiDateTime } from '../../platform/period';

export const documentsModule: Module = {
  key: 'documents',
  routes: ({ db }) => documentRoutes(db),
  generators: [summaryGenerator, planGenerator],
  packDocuments: [documentsForPack],
  // The exporting user's unit decides whether exports carry a watermark; a unit's own documents and pack carry its mark.
  async exportWatermark(db, actor) {
    return (await settingsOf(db, actor.unitId)).watermark ? watermarkText(actor.unitName, actor, formatShanghaiDateTime(new Date())) : null;
  },
  async handlingMark(db, unitId) {
    return (await settingsOf(db, unitId)).mark;
  },
  demo: { order: 90, run: (trx) => seedDocumentDemo(trx) },
};
