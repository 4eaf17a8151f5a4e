/** API calls of the 信息报送与采用 pages. */
import type { InfoFigures, infoCreate, infoOutcome, infoUpdate, InfoView, QuotaProgressRow } from '../../../common/information';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type InfoQuery = {
  unitId?: string; includeSubunits?: boolean; direction?: string; kind?: string; outcome?: string; archived?: boolean; q?: string; from?: string; to?: string; page?: number; pageSize?: number;
};

export const infoApi = {
  list: (q: InfoQuery) => request<Paged<InfoView>>('GET', `/api/information${qs(q)}`),
  exportUrl: (q: InfoQuery) => `/api/information/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  get: (id: string) => request<InfoView>('GET', `/api/information/${id}`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/information/${id}/history`),
  create: (body: Body<typeof infoCreate>, key: string) => request<InfoView>('POST', '/api/information', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof infoUpdate>) => request<InfoView>('PUT', `/api/information/${id}`, { body }),
  outcome: (id: string, body: Body<typeof infoOutcome>) => request<InfoView>('POST', `/api/information/${id}/outcome`, { body }),
  archive: (id: string, version: number) => request<InfoView>('POST', `/api/information/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<InfoView>('POST', `/api/information/${id}/restore`, { body: { version } }),
  progress: (q: { unitId?: string; month?: string }) => request<{ month: string; items: QuotaProgressRow[] }>('GET', `/api/information/progress${qs(q)}`),
  setQuotas: (body: { unitIds: string[]; minPerMonth: number }) => request<{ changed: number }>('POST', '/api/information/quotas', { body }),
  updateQuota: (id: string, body: { minPerMonth: number; version: number }) => request<unknown>('PUT', `/api/information/quotas/${id}`, { body }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<InfoFigures>('GET', `/api/information/figures${qs(q)}`),
};
