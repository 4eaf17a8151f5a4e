/** API calls of the cases (舆情与诉求) pages, including the public submission and tracking pages. */
import type { CaseFigures, CaseSettings, EventDetailView, EventView, IntakeResult } from '../../../common/cases';
import type { ClueView } from '../../../common/feeds';
import { type Paged, qs, request } from './client';

export type CaseQuery = {
  unitId?: string; status?: string; open?: string; level?: string; source?: string; category?: string; handlingUnitId?: string;
  overdue?: string; archived?: string; q?: string; from?: string; to?: string; page?: number; pageSize?: number;
};

export interface CaseInput {
  unitId: string;
  source: string;
  receivedAt: string;
  title: string;
  content: string;
  channel?: string | null;
  url?: string | null;
  contact?: string | null;
}

export interface DirectReportItem {
  event: EventView;
  sentAt: string;
  readAt: string | null;
  readByName: string | null;
  instructions: { text: string; by: string; unitName: string | null; at: string }[];
}

export interface PublicUnit { id: string; name: string; parentId: string | null; depth: number }
export interface TrackView {
  trackingCode: string; title: string; unitName: string; receivedAt: string; status: string; reply: string | null; repliedAt: string | null; closedAt: string | null;
}

/** Tells the menu badge that the unread count of direct reports may have changed. */
export const UNREAD_EVENT = 'netduty:direct-reports-changed';
export const unreadChanged = () => window.dispatchEvent(new Event(UNREAD_EVENT));

/** 补录: when the step happened, and why it is entered late. */
type LateEntry = { happenedAt?: string | null; lateReason?: string | null };

const post = (id: string, action: string, body: unknown) => request<EventDetailView>('POST', `/api/cases/${id}/${action}`, { body });

export const casesApi = {
  list: (q: CaseQuery) => request<Paged<EventView>>('GET', `/api/cases${qs(q)}`),
  exportUrl: (q: CaseQuery) => `/api/cases/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  options: () => request<{ categories: string[]; waitStates: string[]; groupingThreshold: number; lateEntryReasonHours: number }>('GET', '/api/cases/options'),
  settings: () => request<CaseSettings>('GET', '/api/cases/settings'),
  saveSettings: (body: CaseSettings) => request<CaseSettings>('PUT', '/api/cases/settings', { body }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<CaseFigures>('GET', `/api/cases/figures${qs(q)}`),
  directReports: (q: { unread?: string; page?: number; pageSize?: number }) =>
    request<Paged<DirectReportItem> & { unread: number }>('GET', `/api/cases/direct-reports${qs(q)}`),
  register: (body: CaseInput, key: string) => request<IntakeResult>('POST', '/api/cases', { body, idempotencyKey: key }),
  get: (id: string) => request<EventDetailView>('GET', `/api/cases/${id}`),

  triage: (id: string, b: { version: number; level: string; category: string; handlingUnitId: string; note?: string | null } & LateEntry) => post(id, 'triage', b),
  assign: (id: string, b: { version: number; unitId: string; note?: string | null }) => post(id, 'assign', b),
  sendBack: (id: string, b: { version: number; reason: string }) => post(id, 'return', b),
  verify: (id: string, b: { version: number; result: string; note: string } & LateEntry) => post(id, 'verify', b),
  firstInfo: (id: string, b: { version: number; text: string } & LateEntry) => post(id, 'first-info', b),
  respond: (id: string, b: { version: number; measures: string; publicReply: string } & LateEntry) => post(id, 'respond', b),
  close: (id: string, b: { version: number; note?: string | null } & LateEntry) => post(id, 'close', b),
  approveClose: (id: string, b: { version: number; note?: string | null } & LateEntry) => post(id, 'approve-close', b),
  rejectClose: (id: string, b: { version: number; reason: string }) => post(id, 'reject-close', b),
  followUp: (id: string, b: { version: number; result: string; note?: string | null }) => post(id, 'follow-up', b),
  supervise: (id: string, b: { version: number; dueDay: string; note: string }) => post(id, 'supervise', b),
  instruct: (id: string, b: { text: string }, key: string) => request<EventDetailView>('POST', `/api/cases/${id}/instruct`, { body: b, idempotencyKey: key }),
  markRead: (id: string) => post(id, 'read', {}),
  pause: (id: string, b: { version: number; reason: string }) => post(id, 'pause', b),
  resume: (id: string, b: { version: number }) => post(id, 'resume', b),
  archive: (id: string, version: number) => post(id, 'archive', { version }),
  restore: (id: string, version: number) => post(id, 'restore', { version }),

  acceptClue: (id: string, version: number, note: string | null) =>
    request<IntakeResult & { clue: ClueView }>('POST', `/api/clues/${id}/accept`, { body: { version, note } }),

  publicUnits: () => request<{ items: PublicUnit[] }>('GET', '/api/public/units'),
  challenge: () => request<{ question: string; token: string }>('GET', '/api/public/challenge'),
  submitPublic: (body: { unitId: string; title: string; content: string; contact?: string | null; challenge: string; answer: string }) =>
    request<{ trackingCode: string; unitName: string; receivedAt: string }>('POST', '/api/public/cases', { body }),
  track: (code: string) => request<TrackView>('GET', `/api/public/cases/${encodeURIComponent(code)}`),
};
