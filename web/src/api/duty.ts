/** API calls of the duty-list and agreement pages. */
import type { AgreementView, DutyItemView, SignatoryView } from '../../../common/duty';
import { type Paged, qs, request } from './client';

export const dutyApi = {
  items: (q: { unitId?: string; year?: number; archived?: boolean; q?: string; page?: number; pageSize?: number }) => request<Paged<DutyItemView>>('GET', `/api/duty-items${qs(q)}`),
  exportUrl: (q: { unitId?: string; year?: number }) => `/api/duty-items/export${qs(q)}`,
  createItem: (body: unknown, key: string) => request<DutyItemView>('POST', '/api/duty-items', { body, idempotencyKey: key }),
  updateItem: (id: string, body: unknown) => request<DutyItemView>('PUT', `/api/duty-items/${id}`, { body }),
  archiveItem: (id: string, version: number) => request<DutyItemView>('POST', `/api/duty-items/${id}/archive`, { body: { version } }),
  copy: (body: { unitId: string; fromYear: number; toYear: number }, key: string) => request<{ copied: number }>('POST', '/api/duty-items/copy', { body, idempotencyKey: key }),
  agreements: (q: { unitId?: string; year?: number; archived?: boolean; page?: number; pageSize?: number }) => request<Paged<AgreementView>>('GET', `/api/agreements${qs(q)}`),
  agreement: (id: string) => request<AgreementView>('GET', `/api/agreements/${id}`),
  createAgreement: (body: unknown, key: string) => request<AgreementView>('POST', '/api/agreements', { body, idempotencyKey: key }),
  signatories: (id: string, only?: 'unsigned') => request<{ items: SignatoryView[] }>('GET', `/api/agreements/${id}/signatories${qs({ only })}`),
  addSignatories: (id: string, body: { unitIds: string[]; personIds: string[] }) => request<{ added: number }>('POST', `/api/agreements/${id}/signatories`, { body }),
  sign: (id: string, body: { version: number; signedDay: string }) => request<{ id: string }>('POST', `/api/agreement-signatories/${id}/sign`, { body }),
  unsign: (id: string, version: number) => request<{ id: string }>('POST', `/api/agreement-signatories/${id}/unsign`, { body: { version } }),
  archiveAgreement: (id: string, version: number) => request<AgreementView>('POST', `/api/agreements/${id}/archive`, { body: { version } }),
};
