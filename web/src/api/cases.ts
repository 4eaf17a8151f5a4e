/** API calls of the cases (舆情与诉求) pages, including the public submission and tracking pages. */
import type {
  approveReplyBody, assignBody, CaseFigures, caseCreate, CaseSettings, closeBody, DirectReportItem, EventDetailView, EventView, firstInfoBody, followUpBody, instructBody, IntakeResult,
  pauseBody, PublicUnit, publicSubmit, rejectCloseBody, replyApprovalBody, ReplyApprovalView, respondBody, returnBody, returnReplyBody, superviseBody, urgeCaseBody, TrackView, triageBody, verifyBody,
} from '../../../common/cases';
import type { ClueView } from '../../../common/feeds';
import { type Body, type Paged, qs, request } from './client';

export type { DirectReportItem, PublicUnit, TrackView };

export type CaseQuery = {
  unitId?: string; status?: string; open?: string; level?: string; source?: string; category?: string; handlingUnitId?: string;
  overdue?: string; reportedUp?: string; archived?: string; q?: string; from?: string; to?: string; page?: number; pageSize?: number;
};

export type CaseInput = Body<typeof caseCreate>;

/** Tells the menu badge that the unread count of direct reports may have changed. */
export const UNREAD_EVENT = 'netduty:direct-reports-changed';
export const unreadChanged = () => window.dispatchEvent(new Event(UNREAD_EVENT));

const post = (id: string, action: string, body: unknown) => request<EventDetailView>('POST', `/api/cases/${id}/${action}`, { body });

export const casesApi = {
  /** `totalCapped`: more events than the list counts (`total` is then the cap: the page says "10,000+"). */
  list: (q: CaseQuery) => request<Paged<EventView> & { totalCapped?: boolean }>('GET', `/api/cases${qs(q)}`),
  figuresExportUrl: (q: { unitId?: string; from?: string; to?: string }) => `/api/cases/figures/export${qs(q)}`,
  directReportsExportUrl: (q: { unread?: string }) => `/api/cases/direct-reports/export${qs(q)}`,
  exportUrl: (q: CaseQuery) => `/api/cases/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  options: () => request<{ categories: string[]; waitStates: string[]; groupingThreshold: number; lateEntryReasonHours: number }>('GET', '/api/cases/options'),
  settings: () => request<CaseSettings>('GET', '/api/cases/settings'),
  saveSettings: (body: CaseSettings) => request<CaseSettings>('PUT', '/api/cases/settings', { body }),
  replyApproval: () => request<ReplyApprovalView>('GET', '/api/cases/reply-approval'),
  saveReplyApproval: (body: Body<typeof replyApprovalBody>) => request<ReplyApprovalView>('PUT', '/api/cases/reply-approval', { body }),
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<CaseFigures>('GET', `/api/cases/figures${qs(q)}`),
  directReports: (q: { unread?: string; page?: number; pageSize?: number }) =>
    request<Paged<DirectReportItem> & { unread: number }>('GET', `/api/cases/direct-reports${qs(q)}`),
  register: (body: CaseInput, key: string) => request<IntakeResult>('POST', '/api/cases', { body, idempotencyKey: key }),
  get: (id: string) => request<EventDetailView>('GET', `/api/cases/${id}`),

  triage: (id: string, b: Body<typeof triageBody>) => post(id, 'triage', b),
  assign: (id: string, b: Body<typeof assignBody>) => post(id, 'assign', b),
  sendBack: (id: string, b: Body<typeof returnBody>) => post(id, 'return', b),
  verify: (id: string, b: Body<typeof verifyBody>) => post(id, 'verify', b),
  firstInfo: (id: string, b: Body<typeof firstInfoBody>) => post(id, 'first-info', b),
  respond: (id: string, b: Body<typeof respondBody>) => post(id, 'respond', b),
  approveReply: (id: string, b: Body<typeof approveReplyBody>) => post(id, 'approve-reply', b),
  returnReply: (id: string, b: Body<typeof returnReplyBody>) => post(id, 'return-reply', b),
  close: (id: string, b: Body<typeof closeBody>) => post(id, 'close', b),
  approveClose: (id: string, b: Body<typeof closeBody>) => post(id, 'approve-close', b),
  rejectClose: (id: string, b: Body<typeof rejectCloseBody>) => post(id, 'reject-close', b),
  followUp: (id: string, b: Body<typeof followUpBody>) => post(id, 'follow-up', b),
  supervise: (id: string, b: Body<typeof superviseBody>) => post(id, 'supervise', b),
  urge: (id: string, b: Body<typeof urgeCaseBody>) => post(id, 'urge', b),
  instruct: (id: string, b: Body<typeof instructBody>, key: string) => request<EventDetailView>('POST', `/api/cases/${id}/instruct`, { body: b, idempotencyKey: key }),
  markRead: (id: string) => post(id, 'read', {}),
  pause: (id: string, b: Body<typeof pauseBody>) => post(id, 'pause', b),
  resume: (id: string, b: { version: number }) => post(id, 'resume', b),
  archive: (id: string, version: number) => post(id, 'archive', { version }),
  restore: (id: string, version: number) => post(id, 'restore', { version }),

  acceptClue: (id: string, version: number, note: string | null) =>
    request<IntakeResult & { clue: ClueView }>('POST', `/api/clues/${id}/accept`, { body: { version, note } }),

  publicUnits: () => request<{ items: PublicUnit[] }>('GET', '/api/public/units'),
  challenge: () => request<{ question: string; token: string }>('GET', '/api/public/challenge'),
  submitPublic: (body: Body<typeof publicSubmit>) =>
    request<{ trackingCode: string; unitName: string; receivedAt: string }>('POST', '/api/public/cases', { body }),
  track: (code: string) => request<TrackView>('GET', `/api/public/cases/${encodeURIComponent(code)}`),
};
