/** API calls of the duty-list and agreement pages. */
import type { agreementCreate, agreementUpdate, AgreementView, dutyCopy, DutyFigures, dutyItemCreate, dutyItemUpdate, DutyItemView, signatoriesAdd, signBody, SignatoryView } from '../../../common/duty';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type DutyItemQuery = { unitId?: string; year?: number; archived?: boolean; q?: string; page?: number; pageSize?: number };
export type AgreementQuery = { unitId?: string; year?: number; archived?: boolean; unsigned?: boolean; q?: string; page?: number; pageSize?: number };

export const dutyApi = {
  items: (q: DutyItemQuery) => request<Paged<DutyItemView>>('GET', `/api/duty-items${qs(q)}`),
  item: (id: string) => request<DutyItemView>('GET', `/api/duty-items/${id}`),
  itemHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/duty-items/${id}/history`),
  exportUrl: (q: Omit<DutyItemQuery, 'page' | 'pageSize'>) => `/api/duty-items/export${qs(q)}`,
  createItem: (body: Body<typeof dutyItemCreate>, key: string) => request<DutyItemView>('POST', '/api/duty-items', { body, idempotencyKey: key }),
  updateItem: (id: string, body: Body<typeof dutyItemUpdate>) => request<DutyItemView>('PUT', `/api/duty-items/${id}`, { body }),
  archiveItem: (id: string, version: number) => request<DutyItemView>('POST', `/api/duty-items/${id}/archive`, { body: { version } }),
  restoreItem: (id: string, version: number) => request<DutyItemView>('POST', `/api/duty-items/${id}/restore`, { body: { version } }),
  copy: (body: Body<typeof dutyCopy>, key: string) => request<{ copied: number }>('POST', '/api/duty-items/copy', { body, idempotencyKey: key }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<DutyFigures>('GET', `/api/duty/figures${qs(q)}`),
  agreements: (q: AgreementQuery) => request<Paged<AgreementView>>('GET', `/api/agreements${qs(q)}`),
  agreementsExportUrl: (q: Omit<AgreementQuery, 'page' | 'pageSize'>) => `/api/agreements/export${qs(q)}`,
  agreement: (id: string) => request<AgreementView>('GET', `/api/agreements/${id}`),
  agreementHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/agreements/${id}/history`),
  createAgreement: (body: Body<typeof agreementCreate>, key: string) => request<AgreementView>('POST', '/api/agreements', { body, idempotencyKey: key }),
  updateAgreement: (id: string, body: Body<typeof agreementUpdate>) => request<AgreementView>('PUT', `/api/agreements/${id}`, { body }),
  signatories: (id: string, only?: 'unsigned') => request<{ items: SignatoryView[] }>('GET', `/api/agreements/${id}/signatories${qs({ only })}`),
  addSignatories: (id: string, body: Body<typeof signatoriesAdd>) => request<{ added: number }>('POST', `/api/agreements/${id}/signatories`, { body }),
  sign: (id: string, body: Body<typeof signBody>) => request<{ id: string }>('POST', `/api/agreement-signatories/${id}/sign`, { body }),
  unsign: (id: string, version: number) => request<{ id: string }>('POST', `/api/agreement-signatories/${id}/unsign`, { body: { version } }),
  archiveAgreement: (id: string, version: number) => request<AgreementView>('POST', `/api/agreements/${id}/archive`, { body: { version } }),
  restoreAgreement: (id: string, version: number) => request<AgreementView>('POST', `/api/agreements/${id}/restore`, { body: { version } }),
};
