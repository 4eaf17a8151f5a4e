/** API calls of the 报告制度 pages. */
import type { HistoryEntry } from '../../../common/platform';
import type {
  FormView, formCreate, formUpdate, MatrixView, RatesView, scheduleCreate, ScheduleView, scheduleUpdate, SubmissionView, TrendView, ReportFigures,
} from '../../../common/reporting';
import { type Body, type Paged, qs, request } from './client';

export type SubmissionQuery = {
  unitId?: string; scheduleId?: string; periodKey?: string; state?: string; view?: string; from?: string; to?: string; reported?: string; timely?: string; includeSubunits?: boolean;
  page?: number; pageSize?: number;
};

export interface Consolidation {
  sources: number;
  expectedBelow: number;
  fields: { key: string; label: string; total: number; items: { submissionId: string; unitId: string; unitName: string; nil: boolean; value: number }[] }[];
}

export const reportingApi = {
  forms: (archived = false) => request<{ items: FormView[] }>('GET', `/api/reporting/forms${qs({ archived: archived || undefined })}`),
  form: (id: string) => request<FormView>('GET', `/api/reporting/forms/${id}`),
  createForm: (body: Body<typeof formCreate>, key: string) => request<FormView>('POST', '/api/reporting/forms', { body, idempotencyKey: key }),
  updateForm: (id: string, body: Body<typeof formUpdate>) => request<FormView>('PUT', `/api/reporting/forms/${id}`, { body }),
  archiveForm: (id: string, version: number, archived: boolean) => request<FormView>('POST', `/api/reporting/forms/${id}/${archived ? 'archive' : 'restore'}`, { body: { version } }),

  schedules: (q: { unitId?: string; archived?: boolean; page?: number; pageSize?: number } = {}) => request<Paged<ScheduleView>>('GET', `/api/reporting/schedules${qs(q)}`),
  schedule: (id: string) => request<ScheduleView>('GET', `/api/reporting/schedules/${id}`),
  scheduleHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/reporting/schedules/${id}/history`),
  createSchedule: (body: Body<typeof scheduleCreate>, key: string) => request<ScheduleView>('POST', '/api/reporting/schedules', { body, idempotencyKey: key }),
  updateSchedule: (id: string, body: Body<typeof scheduleUpdate>) => request<ScheduleView>('PUT', `/api/reporting/schedules/${id}`, { body }),
  archiveSchedule: (id: string, version: number, archived: boolean) => request<ScheduleView>('POST', `/api/reporting/schedules/${id}/${archived ? 'archive' : 'restore'}`, { body: { version } }),

  submissions: (q: SubmissionQuery) => request<Paged<SubmissionView>>('GET', `/api/reporting/submissions${qs(q)}`),
  exportUrl: (q: SubmissionQuery) => `/api/reporting/submissions/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  submission: (id: string) => request<SubmissionView>('GET', `/api/reporting/submissions/${id}`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/reporting/submissions/${id}/history`),
  consolidation: (id: string) => request<Consolidation>('GET', `/api/reporting/submissions/${id}/consolidation`),
  save: (id: string, values: Record<string, unknown>, version: number) => request<SubmissionView>('PUT', `/api/reporting/submissions/${id}`, { body: { values, version } }),
  submit: (id: string, values: Record<string, unknown>, version: number) => request<SubmissionView>('POST', `/api/reporting/submissions/${id}/submit`, { body: { values, version } }),
  nil: (id: string, version: number) => request<SubmissionView>('POST', `/api/reporting/submissions/${id}/nil`, { body: { version } }),
  sign: (id: string, version: number) => request<SubmissionView>('POST', `/api/reporting/submissions/${id}/sign`, { body: { version } }),
  returnIt: (id: string, version: number, reason: string) => request<SubmissionView>('POST', `/api/reporting/submissions/${id}/return`, { body: { version, reason } }),
  requestReopen: (id: string, reason: string) => request<SubmissionView>('POST', `/api/reporting/submissions/${id}/reopen-request`, { body: { reason } }),
  reopen: (id: string, version: number, days: number) => request<SubmissionView>('POST', `/api/reporting/submissions/${id}/reopen`, { body: { version, days } }),

  rates: (q: { scheduleId: string; periodKey: string; unitId?: string }) => request<RatesView>('GET', `/api/reporting/rates${qs(q)}`),
  matrix: (q: { scheduleId: string; unitId?: string; periods?: number }) => request<MatrixView>('GET', `/api/reporting/matrix${qs(q)}`),
  trend: (q: { scheduleId: string; unitId?: string; periods?: number }) => request<TrendView>('GET', `/api/reporting/trend${qs(q)}`),
  remind: (body: { scheduleId: string; periodKey: string; unitId?: string }) => request<{ units: number; unitNames: string[]; notified: number }>('POST', '/api/reporting/remind', { body }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<ReportFigures>('GET', `/api/reporting/figures${qs(q)}`),
};
