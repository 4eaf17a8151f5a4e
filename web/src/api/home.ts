/** API calls of home and the unit figures page. */
import type { HomeFiguresView, TodoView } from '../../../common/home';
import { qs, request } from './client';

export const homeApi = {
  todos: () => request<{ items: TodoView[] }>('GET', '/api/home/todos'),
  figures: (q: { unitId?: string; year?: number }) => request<HomeFiguresView>('GET', `/api/home/figures${qs(q)}`),
};
