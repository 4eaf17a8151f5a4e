/** API calls of the 网络安全 page and the inspection findings. */
import type { contractCreate, contractUpdate, ContractView, findingCreate, FindingView, NetsecFigures, profileSet, ProfileView } from '../../../common/netsec';
import { type Body, type Paged, qs, request } from './client';

export const netsecApi = {
  exportUrl: (q: { unitId?: string }) => `/api/netsec/export${qs(q)}`,
  profiles: (q: { unitId?: string }) => request<{ items: ProfileView[] }>('GET', `/api/netsec/profiles${qs(q)}`),
  setProfile: (body: Body<typeof profileSet>) => request<ProfileView>('PUT', '/api/netsec/profiles', { body }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<NetsecFigures>('GET', `/api/netsec/figures${qs(q)}`),
  contracts: (q: { unitId?: string; expiring?: boolean; archived?: boolean; page?: number; pageSize?: number }) => request<Paged<ContractView>>('GET', `/api/netsec/contracts${qs(q)}`),
  createContract: (body: Body<typeof contractCreate>, key: string) => request<ContractView>('POST', '/api/netsec/contracts', { body, idempotencyKey: key }),
  updateContract: (id: string, body: Body<typeof contractUpdate>) => request<ContractView>('PUT', `/api/netsec/contracts/${id}`, { body }),
  archiveContract: (id: string, version: number) => request<ContractView>('POST', `/api/netsec/contracts/${id}/archive`, { body: { version } }),
  restoreContract: (id: string, version: number) => request<ContractView>('POST', `/api/netsec/contracts/${id}/restore`, { body: { version } }),
  findings: (entryId: string) => request<{ items: FindingView[] }>('GET', `/api/netsec/inspections/${entryId}/findings`),
  addFinding: (entryId: string, body: Body<typeof findingCreate>, key: string) => request<FindingView>('POST', `/api/netsec/inspections/${entryId}/findings`, { body, idempotencyKey: key }),
};
