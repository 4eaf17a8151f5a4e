/** API calls of the 通知/通报 pages. */
import type { NoticeDetailView, NoticeView, noticeCreate } from '../../../common/notices';
import { type Body, type Paged, qs, request } from './client';

export const noticesApi = {
  list: (q: { box: 'received' | 'sent'; unread?: string; page?: number; pageSize?: number }) => request<Paged<NoticeView>>('GET', `/api/notices${qs(q)}`),
  get: (id: string) => request<NoticeDetailView>('GET', `/api/notices/${id}`),
  send: (body: Body<typeof noticeCreate>, key: string) => request<NoticeDetailView>('POST', '/api/notices', { body, idempotencyKey: key }),
  markRead: (id: string) => request<NoticeDetailView>('POST', `/api/notices/${id}/read`, { body: {} }),
};
