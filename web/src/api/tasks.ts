/** API calls of the task pages. */
import type { progressCreate, ProgressView, taskAssign, taskComplete, taskCreate, TaskFigures, taskReopen, taskUpdate, TaskView } from '../../../common/tasks';
import type { extensionDecision, extensionRequest, ExtensionView, TaskExtensions } from '../../../common/tasks';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type TaskQuery = { unitId?: string; includeSubunits?: boolean; source?: string; status?: string; overdue?: boolean; archived?: boolean; topLevel?: boolean; q?: string; from?: string; to?: string; span?: string; leaf?: boolean; campaignId?: string; page?: number; pageSize?: number };

export const tasksApi = {
  list: (q: TaskQuery) => request<Paged<TaskView>>('GET', `/api/tasks${qs(q)}`),
  exportUrl: (q: TaskQuery) => `/api/tasks/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<TaskFigures>('GET', `/api/tasks/figures${qs(q)}`),
  dueDay: (q: { startDay: string; dueMode: string; dueDays: number }) => request<{ dueDay: string }>('GET', `/api/tasks/due-day${qs(q)}`),
  get: (id: string) => request<TaskView>('GET', `/api/tasks/${id}`),
  children: (id: string) => request<{ items: (TaskView & { progressCount: number })[] }>('GET', `/api/tasks/${id}/children`),
  progress: (id: string) => request<{ items: ProgressView[] }>('GET', `/api/tasks/${id}/progress`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/tasks/${id}/history`),
  create: (body: Body<typeof taskCreate>, key: string) => request<TaskView>('POST', '/api/tasks', { body, idempotencyKey: key }),
  assign: (body: Body<typeof taskAssign>, key: string) => request<TaskView>('POST', '/api/tasks/assign', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof taskUpdate>) => request<TaskView>('PUT', `/api/tasks/${id}`, { body }),
  addProgress: (id: string, body: Body<typeof progressCreate>, key: string) => request<{ id: string }>('POST', `/api/tasks/${id}/progress`, { body, idempotencyKey: key }),
  complete: (id: string, body: Body<typeof taskComplete>) => request<TaskView>('POST', `/api/tasks/${id}/complete`, { body }),
  reopen: (id: string, body: Body<typeof taskReopen>) => request<TaskView>('POST', `/api/tasks/${id}/reopen`, { body }),
  urge: (id: string, note: string | null = null) => request<{ urgedAt: string }>('POST', `/api/tasks/${id}/urge`, { body: { note } }),
  archive: (id: string, version: number) => request<TaskView>('POST', `/api/tasks/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<TaskView>('POST', `/api/tasks/${id}/restore`, { body: { version } }),
};

/** 申请延期: the receiving unit asks, the assigning unit decides. */
export const extensionsApi = {
  list: (taskId: string) => request<TaskExtensions>('GET', `/api/tasks/${taskId}/extensions`),
  request: (taskId: string, body: Body<typeof extensionRequest>) => request<ExtensionView>('POST', `/api/tasks/${taskId}/extensions`, { body }),
  decide: (taskId: string, id: string, body: Body<typeof extensionDecision>) => request<ExtensionView>('POST', `/api/tasks/${taskId}/extensions/${id}/decide`, { body }),
};
