/** API calls of the 队伍 page. */
import type { memberCreate, memberUpdate, MemberView, RoleChoice, roleCreate, TeamFigures } from '../../../common/teams';
import { type Body, type Paged, qs, request } from './client';

export const teamsApi = {
  roles: (unitId: string) => request<{ items: RoleChoice[] }>('GET', `/api/teams/roles${qs({ unitId })}`),
  createRole: (body: Body<typeof roleCreate>, key: string) => request<RoleChoice>('POST', '/api/teams/roles', { body, idempotencyKey: key }),
  archiveRole: (id: string, version: number) => request<unknown>('POST', `/api/teams/roles/${id}/archive`, { body: { version } }),
  members: (q: { unitId?: string; role?: string; archived?: boolean; page?: number; pageSize?: number }) => request<Paged<MemberView>>('GET', `/api/teams/members${qs(q)}`),
  exportUrl: (q: { unitId?: string; role?: string }) => `/api/teams/export${qs(q)}`,
  figures: (q: { unitId?: string }) => request<TeamFigures>('GET', `/api/teams/figures${qs(q)}`),
  createMember: (body: Body<typeof memberCreate>, key: string) => request<MemberView>('POST', '/api/teams/members', { body, idempotencyKey: key }),
  updateMember: (id: string, body: Body<typeof memberUpdate>) => request<MemberView>('PUT', `/api/teams/members/${id}`, { body }),
  archiveMember: (id: string, version: number) => request<MemberView>('POST', `/api/teams/members/${id}/archive`, { body: { version } }),
  restoreMember: (id: string, version: number) => request<MemberView>('POST', `/api/teams/members/${id}/restore`, { body: { version } }),
};
