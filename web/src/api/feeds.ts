/** API calls of the feeds and clue-queue pages. */
import type { clueDismiss, ClueView, feedCreate, feedUpdate, FeedView } from '../../../common/feeds';
import { type Body, type Paged, qs, request } from './client';

export type FeedInput = Body<typeof feedCreate>;

export const feedsApi = {
  list: (q: { unitId?: string; archived?: boolean; page?: number; pageSize?: number }) => request<Paged<FeedView>>('GET', `/api/feeds${qs(q)}`),
  create: (body: FeedInput, key: string) => request<FeedView>('POST', '/api/feeds', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof feedUpdate>) => request<FeedView>('PUT', `/api/feeds/${id}`, { body }),
  archive: (id: string, version: number) => request<FeedView>('POST', `/api/feeds/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<FeedView>('POST', `/api/feeds/${id}/restore`, { body: { version } }),
  poll: (id: string) => request<{ result: { status: string; items: number; newClues: number; error: string | null }; feed: FeedView }>('POST', `/api/feeds/${id}/poll`, { body: {} }),
  clues: (q: { unitId?: string; state?: string; feedId?: string; q?: string; page?: number; pageSize?: number }) => request<Paged<ClueView>>('GET', `/api/clues${qs(q)}`),
  dismiss: (id: string, body: Body<typeof clueDismiss>) => request<ClueView>('POST', `/api/clues/${id}/dismiss`, { body }),
  restoreClue: (id: string, version: number) => request<ClueView>('POST', `/api/clues/${id}/restore`, { body: { version } }),
};
