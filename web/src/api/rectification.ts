/** API calls of the rectification pages. */
import type { rectCreate, RectFigures, rectPlanSet, RectPlanView, rectReport, rectReturn, rectSignOff, rectUpdate, RectView } from '../../../common/rectification';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type RectQuery = { unitId?: string; includeSubunits?: boolean; origin?: string; batch?: string; status?: string; overdue?: boolean; archived?: boolean; q?: string; from?: string; to?: string; page?: number; pageSize?: number };

export const rectApi = {
  list: (q: RectQuery) => request<Paged<RectView>>('GET', `/api/rectifications${qs(q)}`),
  exportUrl: (q: RectQuery) => `/api/rectifications/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  batches: () => request<{ items: { batch: string; count: number }[]; aspects?: string[] }>('GET', '/api/rectifications/batches'),
  plan: (q: { unitId?: string; batch: string }) => request<{ item: RectPlanView | null }>('GET', `/api/rectifications/plans${qs(q)}`),
  setPlan: (body: Body<typeof rectPlanSet>) => request<RectPlanView>('PUT', '/api/rectifications/plans', { body }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<RectFigures>('GET', `/api/rectifications/figures${qs(q)}`),
  get: (id: string) => request<RectView>('GET', `/api/rectifications/${id}`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/rectifications/${id}/history`),
  create: (body: Body<typeof rectCreate>, key: string) => request<RectView>('POST', '/api/rectifications', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof rectUpdate>) => request<RectView>('PUT', `/api/rectifications/${id}`, { body }),
  report: (id: string, body: Body<typeof rectReport>) => request<RectView>('POST', `/api/rectifications/${id}/report`, { body }),
  signOff: (id: string, body: Body<typeof rectSignOff>) => request<RectView>('POST', `/api/rectifications/${id}/sign-off`, { body }),
  sendBack: (id: string, body: Body<typeof rectReturn>) => request<RectView>('POST', `/api/rectifications/${id}/return`, { body }),
  archive: (id: string, version: number) => request<RectView>('POST', `/api/rectifications/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<RectView>('POST', `/api/rectifications/${id}/restore`, { body: { version } }),
};
