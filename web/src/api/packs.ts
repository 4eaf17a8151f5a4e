/** API calls of the inspection pack page. */
import type { PackView } from '../../../common/packs';
import { type Paged, qs, request } from './client';

export const packsApi = {
  list: (q: { unitId?: string; page?: number; pageSize?: number }) => request<Paged<PackView>>('GET', `/api/packs${qs(q)}`),
  get: (id: string) => request<PackView>('GET', `/api/packs/${id}`),
  create: (body: { unitId: string; from: string; to: string; frameworkId?: string | null }, key: string) => request<PackView>('POST', '/api/packs', { body, idempotencyKey: key }),
  downloadUrl: (id: string) => `/api/packs/${id}/download`,
};
