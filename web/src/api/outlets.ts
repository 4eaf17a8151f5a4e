/** API calls of the 阵地 and 信息发布审核 pages. */
import type { OutletEventView, OutletType, OutletView, outletCreate, outletTransition, outletUpdate, quietSettings } from '../../../common/outlets';
import type {
  ChainStep, chainSave, correctionCreate, correctionFix, CorrectionView, hitAck, postApprove, postCreate, postPublish, postReject, postUpdate, PostView, PublishingFigures, RuleView, ruleSave, ruleTest, ruleUpdate,
} from '../../../common/publishing';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type OutletQuery = { unitId?: string; includeSubunits?: boolean; type?: string; status?: string; quiet?: string; expiring?: boolean; archived?: boolean; q?: string; page?: number; pageSize?: number };
export type PostQuery = { unitId?: string; includeSubunits?: boolean; status?: string; waiting?: string; outletId?: string; from?: string; to?: string; archived?: boolean; q?: string; page?: number; pageSize?: number };
export type OutletDetail = OutletView & { events: OutletEventView[] };

export const outletApi = {
  list: (q: OutletQuery) => request<Paged<OutletView>>('GET', `/api/outlets${qs(q)}`),
  exportUrl: (q: OutletQuery) => `/api/outlets/export${qs({ unitId: q.unitId })}`,
  get: (id: string) => request<OutletDetail>('GET', `/api/outlets/${id}`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/outlets/${id}/history`),
  create: (body: Body<typeof outletCreate>, key: string) => request<OutletDetail>('POST', '/api/outlets', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof outletUpdate>) => request<OutletDetail>('PUT', `/api/outlets/${id}`, { body }),
  transition: (id: string, body: Body<typeof outletTransition>) => request<OutletDetail>('POST', `/api/outlets/${id}/transition`, { body }),
  archive: (id: string, version: number) => request<OutletDetail>('POST', `/api/outlets/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<OutletDetail>('POST', `/api/outlets/${id}/restore`, { body: { version } }),
  quietSettings: () => request<Record<OutletType, { quiet: number; dormant: number } | null>>('GET', '/api/outlets/quiet-settings'),
  saveQuietSettings: (body: Body<typeof quietSettings>) => request<Record<OutletType, { quiet: number; dormant: number } | null>>('PUT', '/api/outlets/quiet-settings', { body }),
};

export const postApi = {
  list: (q: PostQuery) => request<Paged<PostView>>('GET', `/api/posts${qs(q)}`),
  exportUrl: (q: PostQuery) => `/api/posts/export${qs({ unitId: q.unitId, from: q.from, to: q.to })}`,
  corrections: (q: { unitId?: string; from?: string; to?: string; page?: number; pageSize?: number }) => request<Paged<CorrectionView>>('GET', `/api/posts/corrections${qs(q)}`),
  correctionsExportUrl: (q: { unitId?: string; from?: string; to?: string }) => `/api/posts/corrections/export${qs(q)}`,
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<PublishingFigures>('GET', `/api/posts/figures${qs(q)}`),
  get: (id: string) => request<PostView>('GET', `/api/posts/${id}`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/posts/${id}/history`),
  formUrl: (id: string) => `/api/posts/${id}/approval-form`,
  create: (body: Body<typeof postCreate>, key: string) => request<PostView>('POST', '/api/posts', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof postUpdate>) => request<PostView>('PUT', `/api/posts/${id}`, { body }),
  submit: (id: string, version: number) => request<PostView>('POST', `/api/posts/${id}/submit`, { body: { version } }),
  approve: (id: string, body: Body<typeof postApprove>) => request<PostView>('POST', `/api/posts/${id}/approve`, { body }),
  reject: (id: string, body: Body<typeof postReject>) => request<PostView>('POST', `/api/posts/${id}/reject`, { body }),
  ack: (id: string, hitId: string, body: Body<typeof hitAck>) => request<PostView>('POST', `/api/posts/${id}/hits/${hitId}/ack`, { body }),
  publish: (id: string, body: Body<typeof postPublish>) => request<PostView>('POST', `/api/posts/${id}/publish`, { body }),
  correct: (id: string, body: Body<typeof correctionCreate>) => request<PostView>('POST', `/api/posts/${id}/corrections`, { body }),
  fixCorrection: (id: string, correctionId: string, body: Body<typeof correctionFix>) => request<PostView>('POST', `/api/posts/${id}/corrections/${correctionId}/fix`, { body }),
  archive: (id: string, version: number) => request<PostView>('POST', `/api/posts/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<PostView>('POST', `/api/posts/${id}/restore`, { body: { version } }),
  chain: (q: { unitId?: string; outletType?: OutletType }) => request<{ steps: ChainStep[]; unitId: string | null }>('GET', `/api/publishing/chain${qs(q)}`),
  rules: () => request<{ items: RuleView[] }>('GET', '/api/proof-rules'),
  testRule: (body: Body<typeof ruleTest>) => request<{ ok: boolean; problem: string | null; hits: { start: number; end: number; matched: string }[] }>('POST', '/api/proof-rules/test', { body }),
  createRule: (body: Body<typeof ruleSave>, key: string) => request<RuleView>('POST', '/api/proof-rules', { body, idempotencyKey: key }),
  updateRule: (id: string, body: Body<typeof ruleUpdate>) => request<RuleView>('PUT', `/api/proof-rules/${id}`, { body }),
  archiveRule: (id: string, version: number) => request<RuleView>('POST', `/api/proof-rules/${id}/archive`, { body: { version } }),
  saveChain: (body: Body<typeof chainSave>) => request<{ steps: ChainStep[]; unitId: string | null }>('PUT', '/api/publishing/chain', { body }),
};
