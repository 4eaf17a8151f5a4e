/** API calls of the 专项行动 pages. */
import type { campaignCreate, CampaignFigures, campaignUpdate, CampaignView } from '../../../common/campaigns';
import { type Body, qs, request } from './client';

export const campaignsApi = {
  list: (q: { forUnitId?: string; archived?: boolean } = {}) => request<{ items: CampaignView[] }>('GET', `/api/campaigns${qs(q)}`),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<CampaignFigures>('GET', `/api/campaigns/figures${qs(q)}`),
  create: (body: Body<typeof campaignCreate>, key: string) => request<CampaignView>('POST', '/api/campaigns', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof campaignUpdate>) => request<CampaignView>('PUT', `/api/campaigns/${id}`, { body }),
  archive: (id: string, version: number) => request<CampaignView>('POST', `/api/campaigns/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<CampaignView>('POST', `/api/campaigns/${id}/restore`, { body: { version } }),
};
