/** API calls of the ledger pages: activities, annual targets, emergency plans. */
import type { entryCreate, entryUpdate, EntryView, LedgerFigures, planCreate, planUpdate, PlanView, TargetRow, targetSet, UnitTargetProgress } from '../../../common/ledger';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type EntryQuery = { unitId?: string; includeSubunits?: boolean; type?: string; onTopic?: boolean; planId?: string; campaignId?: string; reportedSeparately?: boolean; lifeMeeting?: boolean; study?: boolean; withAudience?: boolean; archived?: boolean; q?: string; from?: string; to?: string; page?: number; pageSize?: number };

export const ledgerApi = {
  entries: (q: EntryQuery) => request<Paged<EntryView>>('GET', `/api/ledger/entries${qs(q)}`),
  exportUrl: (q: EntryQuery) => `/api/ledger/entries/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  entry: (id: string) => request<EntryView>('GET', `/api/ledger/entries/${id}`),
  entryHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/ledger/entries/${id}/history`),
  createEntry: (body: Body<typeof entryCreate>, key: string) => request<EntryView>('POST', '/api/ledger/entries', { body, idempotencyKey: key }),
  updateEntry: (id: string, body: Body<typeof entryUpdate>) => request<EntryView>('PUT', `/api/ledger/entries/${id}`, { body }),
  archiveEntry: (id: string, version: number) => request<EntryView>('POST', `/api/ledger/entries/${id}/archive`, { body: { version } }),
  restoreEntry: (id: string, version: number) => request<EntryView>('POST', `/api/ledger/entries/${id}/restore`, { body: { version } }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<LedgerFigures>('GET', `/api/ledger/figures${qs(q)}`),
  targets: (q: { unitId?: string; year?: number }) => request<{ unitId: string; unitName: string; year: number; self: TargetRow[]; subordinates: TargetRow[] }>('GET', `/api/ledger/targets${qs(q)}`),
  setTargets: (body: Body<typeof targetSet>) => request<unknown>('PUT', '/api/ledger/targets', { body }),
  progressExportUrl: (q: { unitId?: string; year?: number; directOnly?: boolean }) => `/api/ledger/targets/progress/export${qs({ ...q, directOnly: q.directOnly ? 'true' : undefined })}`,
  progress: (q: { unitId?: string; year?: number }) => request<{ items: UnitTargetProgress[] }>('GET', `/api/ledger/targets/progress${qs(q)}`),
  plans: (q: { unitId?: string; status?: string; archived?: boolean; page?: number; pageSize?: number }) => request<Paged<PlanView>>('GET', `/api/ledger/plans${qs(q)}`),
  planChoices: (unitId: string) => request<{ items: { id: string; title: string; versionLabel: string; unitName: string }[] }>('GET', `/api/ledger/plans/choices${qs({ unitId })}`),
  plan: (id: string) => request<PlanView>('GET', `/api/ledger/plans/${id}`),
  planHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/ledger/plans/${id}/history`),
  createPlan: (body: Body<typeof planCreate>, key: string) => request<PlanView>('POST', '/api/ledger/plans', { body, idempotencyKey: key }),
  updatePlan: (id: string, body: Body<typeof planUpdate>) => request<PlanView>('PUT', `/api/ledger/plans/${id}`, { body }),
  archivePlan: (id: string, version: number) => request<PlanView>('POST', `/api/ledger/plans/${id}/archive`, { body: { version } }),
  restorePlan: (id: string, version: number) => request<PlanView>('POST', `/api/ledger/plans/${id}/restore`, { body: { version } }),
};
