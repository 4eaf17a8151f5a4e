/** API calls of the 制度文件库 page. */
import type { ruleCreate, RuleFigures, RuleInForce, ruleRevise, ruleUpdate, RuleVersionView, RuleView } from '../../../common/rules';
import type { HistoryEntry } from '../../../common/platform';
import { type Body, type Paged, qs, request } from './client';

export type RuleQuery = {
  unitId?: string; includeSubunits?: boolean; category?: string; inForceOn?: string; from?: string; to?: string; reviewOverdue?: boolean; archived?: boolean; q?: string; page?: number; pageSize?: number;
};

export const rulesApi = {
  list: (q: RuleQuery) => request<Paged<RuleView>>('GET', `/api/rules${qs(q)}`),
  exportUrl: (q: RuleQuery) => `/api/rules/export${qs({ ...q, page: undefined, pageSize: undefined })}`,
  figures: (q: { unitId?: string; from?: string; to?: string }) => request<RuleFigures>('GET', `/api/rules/figures${qs(q)}`),
  inForce: (q: { unitId: string; day?: string }) => request<{ day: string; items: RuleInForce[] }>('GET', `/api/rules/in-force${qs(q)}`),
  get: (id: string) => request<RuleView>('GET', `/api/rules/${id}`),
  versions: (id: string) => request<{ items: RuleVersionView[] }>('GET', `/api/rules/${id}/versions`),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/api/rules/${id}/history`),
  create: (body: Body<typeof ruleCreate>, key: string) => request<RuleView>('POST', '/api/rules', { body, idempotencyKey: key }),
  update: (id: string, body: Body<typeof ruleUpdate>) => request<RuleView>('PUT', `/api/rules/${id}`, { body }),
  revise: (id: string, body: Body<typeof ruleRevise>, key: string) => request<RuleView>('POST', `/api/rules/${id}/versions`, { body, idempotencyKey: key }),
  archive: (id: string, version: number) => request<RuleView>('POST', `/api/rules/${id}/archive`, { body: { version } }),
  restore: (id: string, version: number) => request<RuleView>('POST', `/api/rules/${id}/restore`, { body: { version } }),
};
