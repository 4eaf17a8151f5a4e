/**
 * Document drafts (generate, edit slots, versions, .docx/PDF) and the generators that word
 * several modules' figures: 工作总结 (assembling the sections the modules contribute) and
 * 工作方案. Generated documents also go into the inspection pack.
 */
import type { Module } from '../../platform/modules';
import { documentsForPack } from './pack';
import { planGenerator } from './plan';
import { documentRoutes } from './routes';
import { summaryGenerator } from './summary';

export const documentsModule: Module = {
  key: 'documents',
  routes: ({ db }) => documentRoutes(db),
  generators: [summaryGenerator, planGenerator],
  packDocuments: [documentsForPack],
};
