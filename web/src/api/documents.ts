/** API calls of the documents pages. */
import type { DocType, DocumentSettingsView, DraftSummary, DraftVersionView, DraftView } from '../../../common/documents';
import { type Paged, qs, request } from './client';

export type DraftCreate = {
  unitId: string;
  type: DocType;
  period?: { kind: 'half' | 'year' | 'range'; year?: number; half?: 1 | 2; from?: string; to?: string };
  batch?: string | null;
  caseId?: string | null;
};

/** Events a 舆情专报 can be about: the unit's own, found by words of the title or text. */
export const briefEvents = (unitId: string, q: string) =>
  request<Paged<{ id: string; title: string; unitId: string; firstReceivedAt: string }>>('GET', `/api/cases${qs({ unitId, includeSubunits: 'false', q: q || undefined, pageSize: 20 })}`);

export const documentsApi = {
  list: (q: { unitId?: string; type?: string; series?: string; from?: string; to?: string; page?: number; pageSize?: number }) => request<Paged<DraftSummary>>('GET', `/api/documents/drafts${qs(q)}`),
  create: (body: DraftCreate, key: string) => request<DraftView>('POST', '/api/documents/drafts', { body, idempotencyKey: key }),
  get: (id: string) => request<DraftView>('GET', `/api/documents/drafts/${id}`),
  save: (id: string, body: { version: number; slots: Record<string, string> }) => request<DraftView>('PUT', `/api/documents/drafts/${id}`, { body }),
  regenerate: (id: string, version: number, key: string) => request<DraftView>('POST', `/api/documents/drafts/${id}/regenerate`, { body: { version }, idempotencyKey: key }),
  versions: (id: string) => request<{ items: DraftVersionView[] }>('GET', `/api/documents/drafts/${id}/versions`),
  version: (id: string, n: number) => request<DraftView>('GET', `/api/documents/drafts/${id}/versions/${n}`),
  docxUrl: (id: string) => `/api/documents/drafts/${id}/docx`,
  pdfUrl: (id: string) => `/api/documents/drafts/${id}/pdf`,
  settings: (unitId: string) => request<DocumentSettingsView>('GET', `/api/documents/settings${qs({ unitId })}`),
  saveSettings: (body: { unitId: string; version: number; mark: string | null; watermark: boolean; briefMasthead: string | null; briefDistribution: string | null }) =>
    request<DocumentSettingsView>('PUT', '/api/documents/settings', { body }),
};
