/** API calls of the 自查与考核 pages. */
import type {
  AccountabilityView, accountabilityFields, AssessmentView, CampaignView, campaignCreate, DiffLine, FrameworkContent, FrameworkView, IndicatorView,
} from '../../../common/checks';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, qs, request } from './client';

export interface SelfRow { id: string; unitId: string; unitName: string; frameworkName: string; year: number; from: string; to: string; status: string; submittedAt: string | null; score: number; assessed: number; applicable: number; vetoFailed: boolean }
export interface CampaignRow { id: string; unitName: string; name: string; year: number; from: string; to: string; frameworkName: string; status: string; publishedAt: string | null; assessing: boolean; canAssess: boolean }
export interface FindingRow { assessmentId: string; kind: string; unitId: string; unitName: string; campaignId: string | null; source: string; itemKey: string; itemText: string; points: number; fullPoints: number; veto: boolean; note: string | null }
export interface AnswerBody { itemKey: string; version: number | null; passed?: boolean | null; occurrences?: number | null; grade?: string | null; method?: string | null; note?: string | null; overrideReason?: string | null }
export interface FrameworkBody { name: string; totalPoints: number; content: FrameworkContent }

export const checksApi = {
  indicators: () => request<{ items: IndicatorView[] }>('GET', '/api/checks/indicators'),
  starter: (year: number) => request<{ year: number; name: string; totalPoints: number; content: FrameworkContent }>('GET', `/api/checks/starter${qs({ year })}`),
  frameworks: (year?: number) => request<{ items: FrameworkView[] }>('GET', `/api/checks/frameworks${qs({ year })}`),
  framework: (id: string) => request<FrameworkView>('GET', `/api/checks/frameworks/${id}`),
  diff: (id: string) => request<{ basedOn: { id: string; year: number; name: string } | null; lines: DiffLine[] }>('GET', `/api/checks/frameworks/${id}/diff`),
  frameworkHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/checks/frameworks/${id}/history`),
  createFramework: (body: FrameworkBody & { year: number }, key: string) => request<FrameworkView>('POST', '/api/checks/frameworks', { body, idempotencyKey: key }),
  copyFramework: (fromYear: number, toYear: number, key: string) => request<FrameworkView>('POST', '/api/checks/frameworks/copy', { body: { fromYear, toYear }, idempotencyKey: key }),
  updateFramework: (id: string, body: FrameworkBody & { version: number }) => request<FrameworkView>('PUT', `/api/checks/frameworks/${id}`, { body }),

  selfList: (q: { unitId?: string; year?: number }) => request<{ items: SelfRow[] }>('GET', `/api/checks/self${qs(q)}`),
  createSelf: (body: { frameworkId: string; unitId: string; from: string; to: string }, key: string) => request<AssessmentView>('POST', '/api/checks/self', { body, idempotencyKey: key }),
  submitSelf: (id: string, version: number) => request<AssessmentView>('POST', `/api/checks/self/${id}/submit`, { body: { version } }),
  assessment: (id: string) => request<AssessmentView>('GET', `/api/checks/assessments/${id}`),
  answer: (id: string, body: AnswerBody) => request<AssessmentView>('POST', `/api/checks/assessments/${id}/answers`, { body }),
  refresh: (id: string) => request<AssessmentView>('POST', `/api/checks/assessments/${id}/refresh`, { body: {} }),
  accept: (id: string, method: string) => request<AssessmentView>('POST', `/api/checks/assessments/${id}/accept`, { body: { method } }),
  raiseFinding: (id: string, itemKey: string, body: { measures: string; dueDay: string; problem?: string | null }, key: string) =>
    request<AssessmentView>('POST', `/api/checks/assessments/${id}/items/${encodeURIComponent(itemKey)}/rectification`, { body, idempotencyKey: key }),
  exportUrl: (id: string) => `/api/checks/assessments/${id}/export`,
  findings: () => request<{ items: FindingRow[] }>('GET', '/api/checks/findings'),
  findingOf: (rectificationId: string) => request<{ finding: { assessmentId: string; itemText: string; unitName: string; campaignName: string | null; link: string } | null }>('GET', `/api/checks/findings/${rectificationId}`),

  campaigns: (year?: number) => request<{ items: CampaignRow[] }>('GET', `/api/checks/campaigns${qs({ year })}`),
  campaign: (id: string) => request<CampaignView>('GET', `/api/checks/campaigns/${id}`),
  createCampaign: (body: Body<typeof campaignCreate>, key: string) => request<CampaignView>('POST', '/api/checks/campaigns', { body, idempotencyKey: key }),
  campaignUnit: (id: string, unitId: string) => request<AssessmentView>('GET', `/api/checks/campaigns/${id}/units/${unitId}`),
  campaignAnswer: (id: string, body: AnswerBody & { unitId: string }) => request<AssessmentView>('POST', `/api/checks/campaigns/${id}/answers`, { body }),
  publish: (id: string, version: number) => request<CampaignView>('POST', `/api/checks/campaigns/${id}/publish`, { body: { version } }),
  campaignExportUrl: (id: string) => `/api/checks/campaigns/${id}/export`,

  accountability: () => request<{ items: AccountabilityView[] }>('GET', '/api/checks/accountability'),
  createAccountability: (body: Body<typeof accountabilityFields>, key: string) => request<AccountabilityView>('POST', '/api/checks/accountability', { body, idempotencyKey: key }),
  situations: () => request<{ items: string[]; own: boolean }>('GET', '/api/checks/situations'),
  saveSituations: (items: string[]) => request<{ items: string[]; own: boolean }>('PUT', '/api/checks/situations', { body: { items } }),
};
