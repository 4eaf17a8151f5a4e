/** API calls of the 值班值守 pages. */
import type { HistoryEntry } from '../../../common/platform';
import type {
  CoverageRow, exchangeCreate, handoverBody, logEntryCreate, LogEntryView, PeriodNameView, RosterDetail, rosterCreate, RosterView, ShiftDetail, shiftUpdate, ShiftView,
  swapCreate, SwapView, TodayRow, WatchFigures, watchPeriodCreate, watchPeriodUpdate, WatchPeriodView,
} from '../../../common/watch';
import { type Body, type Paged, qs, request } from './client';

export type RosterQuery = { unitId?: string; includeSubunits?: boolean; archived?: boolean; gaps?: boolean; from?: string; to?: string; page?: number; pageSize?: number };
export type LogQuery = { unitId?: string; includeSubunits?: boolean; from?: string; to?: string; page?: number; pageSize?: number };

export const watchApi = {
  names: (unitId?: string) => request<{ items: PeriodNameView[] }>('GET', `/api/watch/names${qs({ unitId })}`),
  addName: (body: { unitId: string; name: string }) => request<PeriodNameView>('POST', '/api/watch/names', { body }),
  archiveName: (id: string, version: number) => request<PeriodNameView>('POST', `/api/watch/names/${id}/archive`, { body: { version } }),
  periods: (q: { unitId?: string; archived?: boolean; from?: string; to?: string }) => request<{ items: WatchPeriodView[] }>('GET', `/api/watch/periods${qs(q)}`),
  period: (id: string) => request<WatchPeriodView>('GET', `/api/watch/periods/${id}`),
  coverage: (id: string) => request<{ items: CoverageRow[]; complete: number; total: number }>('GET', `/api/watch/periods/${id}/coverage`),
  periodHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/watch/periods/${id}/history`),
  createPeriod: (body: Body<typeof watchPeriodCreate>, key: string) => request<WatchPeriodView>('POST', '/api/watch/periods', { body, idempotencyKey: key }),
  updatePeriod: (id: string, body: Body<typeof watchPeriodUpdate>) => request<WatchPeriodView>('PUT', `/api/watch/periods/${id}`, { body }),
  archivePeriod: (id: string, version: number) => request<WatchPeriodView>('POST', `/api/watch/periods/${id}/archive`, { body: { version } }),
  restorePeriod: (id: string, version: number) => request<WatchPeriodView>('POST', `/api/watch/periods/${id}/restore`, { body: { version } }),

  rosters: (q: RosterQuery) => request<Paged<RosterView>>('GET', `/api/watch/rosters${qs(q)}`),
  rostersExportUrl: (q: RosterQuery) => `/api/watch/rosters/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  roster: (id: string) => request<RosterDetail>('GET', `/api/watch/rosters/${id}`),
  rosterHistory: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/watch/rosters/${id}/history`),
  createRoster: (body: Body<typeof rosterCreate>, key: string) => request<RosterDetail>('POST', '/api/watch/rosters', { body, idempotencyKey: key }),
  archiveRoster: (id: string, version: number) => request<RosterView>('POST', `/api/watch/rosters/${id}/archive`, { body: { version } }),
  restoreRoster: (id: string, version: number) => request<RosterView>('POST', `/api/watch/rosters/${id}/restore`, { body: { version } }),

  shift: (id: string) => request<ShiftDetail>('GET', `/api/watch/shifts/${id}`),
  updateShift: (id: string, body: Body<typeof shiftUpdate>) => request<ShiftView>('PUT', `/api/watch/shifts/${id}`, { body }),
  openLog: (id: string) => request<ShiftDetail>('POST', `/api/watch/shifts/${id}/open`, { body: {} }),
  addEntry: (id: string, body: Body<typeof logEntryCreate>, key: string) => request<LogEntryView>('POST', `/api/watch/shifts/${id}/log`, { body, idempotencyKey: key }),
  handover: (id: string, body: Body<typeof handoverBody>) => request<ShiftDetail>('POST', `/api/watch/shifts/${id}/handover`, { body }),
  requestSwap: (id: string, body: Body<typeof swapCreate>, key: string) => request<SwapView>('POST', `/api/watch/shifts/${id}/swaps`, { body, idempotencyKey: key }),
  swaps: (q: { unitId?: string; status?: string; page?: number; pageSize?: number }) => request<Paged<SwapView>>('GET', `/api/watch/swaps${qs(q)}`),
  approveSwap: (id: string, version: number, note?: string) => request<SwapView>('POST', `/api/watch/swaps/${id}/approve`, { body: { version, note } }),
  rejectSwap: (id: string, version: number, note?: string) => request<SwapView>('POST', `/api/watch/swaps/${id}/reject`, { body: { version, note } }),
  proposeExchange: (id: string, body: Body<typeof exchangeCreate>, key: string) => request<SwapView>('POST', `/api/watch/shifts/${id}/exchanges`, { body, idempotencyKey: key }),
  acceptExchange: (id: string, version: number, note?: string) => request<SwapView>('POST', `/api/watch/swaps/${id}/accept`, { body: { version, note } }),
  declineExchange: (id: string, version: number, note?: string) => request<SwapView>('POST', `/api/watch/swaps/${id}/decline`, { body: { version, note } }),

  log: (q: LogQuery) => request<Paged<LogEntryView>>('GET', `/api/watch/log${qs(q)}`),
  logExportUrl: (q: LogQuery) => `/api/watch/log/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  today: (unitId?: string) => request<{ day: string; items: TodayRow[] }>('GET', `/api/watch/today${qs({ unitId })}`),
  my: () => request<{ linked: boolean; items: ShiftView[] }>('GET', '/api/watch/my'),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<WatchFigures>('GET', `/api/watch/figures${qs(q)}`),
};
