/** API calls of the group-robot pages. */
import type { EventKindDef } from '../../../common/events';
import type { RobotDeliveryView, RobotView, robotCreate, robotUpdate } from '../../../common/robots';
import { type Body, request } from './client';

export const robotsApi = {
  list: () => request<{ items: RobotView[]; kinds: EventKindDef[] }>('GET', '/api/robots'),
  get: (id: string) => request<RobotView>('GET', `/api/robots/${id}`),
  deliveries: (id: string) => request<{ items: RobotDeliveryView[] }>('GET', `/api/robots/${id}/deliveries`),
  create: (body: Body<typeof robotCreate>, key: string) => request<RobotView>('POST', '/api/robots', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof robotUpdate>) => request<RobotView>('PUT', `/api/robots/${id}`, { body }),
  test: (id: string) => request<RobotDeliveryView>('POST', `/api/robots/${id}/test`, { body: {} }),
  archive: (id: string, version: number) => request<RobotView>('POST', `/api/robots/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<RobotView>('POST', `/api/robots/${id}/restore`, { body: { version } }),
};
