/** API calls of the risk pages. */
import type { assessmentCreate, assessmentUpdate, AssessmentView, reviewCreate, ReviewView, riskCreate, RiskFigures, riskUpdate, RiskView } from '../../../common/risks';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type RiskQuery = { unitId?: string; includeSubunits?: boolean; area?: string; level?: string; status?: string; overdue?: boolean; archived?: boolean; q?: string; page?: number; pageSize?: number };
export type AssessmentQuery = { unitId?: string; includeSubunits?: boolean; level?: string; conclusion?: string; from?: string; to?: string; archived?: boolean; q?: string; page?: number; pageSize?: number };

export const risksApi = {
  list: (q: RiskQuery) => request<Paged<RiskView>>('GET', `/api/risks${qs(q)}`),
  exportUrl: (q: RiskQuery) => `/api/risks/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<RiskFigures>('GET', `/api/risks/figures${qs(q)}`),
  get: (id: string) => request<RiskView>('GET', `/api/risks/${id}`),
  reviews: (id: string) => request<{ items: ReviewView[] }>('GET', `/api/risks/${id}/reviews`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/risks/${id}/history`),
  create: (body: Body<typeof riskCreate>, key: string) => request<RiskView>('POST', '/api/risks', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof riskUpdate>) => request<RiskView>('PUT', `/api/risks/${id}`, { body }),
  review: (id: string, body: Body<typeof reviewCreate>, key: string) => request<RiskView>('POST', `/api/risks/${id}/reviews`, { body, idempotencyKey: key }),
  archive: (id: string, version: number) => request<RiskView>('POST', `/api/risks/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<RiskView>('POST', `/api/risks/${id}/restore`, { body: { version } }),
  assessments: (q: AssessmentQuery) => request<Paged<AssessmentView>>('GET', `/api/risk-assessments${qs(q)}`),
  assessmentsExportUrl: (q: AssessmentQuery) => `/api/risk-assessments/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  getAssessment: (id: string) => request<AssessmentView>('GET', `/api/risk-assessments/${id}`),
  assessmentHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/risk-assessments/${id}/history`),
  createAssessment: (body: Body<typeof assessmentCreate>, key: string) => request<AssessmentView>('POST', '/api/risk-assessments', { body, idempotencyKey: key }),
  updateAssessment: (id: string, body: Body<typeof assessmentUpdate>) => request<AssessmentView>('PUT', `/api/risk-assessments/${id}`, { body }),
  archiveAssessment: (id: string, version: number) => request<AssessmentView>('POST', `/api/risk-assessments/${id}/archive`, { body: { version } }),
  restoreAssessment: (id: string, version: number) => request<AssessmentView>('POST', `/api/risk-assessments/${id}/restore`, { body: { version } }),
};
