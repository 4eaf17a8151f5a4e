/** Access-walk samples for 队伍: each unit gets a custom role and a member. */
import type { AccessModule } from '../../helpers/access';

const teams: AccessModule = {
  async setup(admin, unit) {
    const p = await admin.post('/api/people', { unitId: unit.id, name: '走查队员' });
    const r = await admin.post('/api/teams/roles', { unitId: unit.id, name: `走查角色${unit.id.slice(-4)}` });
    const m = await admin.post('/api/teams/members', { unitId: unit.id, personId: p.body.id, role: 'spokesperson' });
    if (p.status !== 201 || r.status !== 201 || m.status !== 201) throw new Error(`teams setup failed: ${JSON.stringify([p.body, r.body, m.body])}`);
    return { teamRoleId: r.body.key, teamMemberId: m.body.id, teamPersonId: p.body.id };
  },
  samples: {
    'GET /api/teams/roles': (t) => [{ method: 'GET', url: `/api/teams/roles?unitId=${t.unit.id}` }],
    'POST /api/teams/roles': (t) => [{ method: 'POST', url: '/api/teams/roles', body: { unitId: t.unit.id, name: '走查新角色' } }],
    'POST /api/teams/roles/:id/archive': (t) => [{ method: 'POST', url: `/api/teams/roles/${t.records.teamRoleId}/archive`, body: { version: 0 } }],
    'POST /api/teams/roles/:id/restore': (t) => [{ method: 'POST', url: `/api/teams/roles/${t.records.teamRoleId}/restore`, body: { version: 0 } }],
    'GET /api/teams/figures': (t) => [{ method: 'GET', url: `/api/teams/figures?unitId=${t.unit.id}` }],
    'GET /api/teams/members': (t) => [{ method: 'GET', url: `/api/teams/members?unitId=${t.unit.id}` }],
    'GET /api/teams/export': (t) => [{ method: 'GET', url: `/api/teams/export?unitId=${t.unit.id}` }],
    'GET /api/teams/members/:id': (t) => [{ method: 'GET', url: `/api/teams/members/${t.records.teamMemberId}` }],
    'GET /api/teams/members/:id/history': (t) => [{ method: 'GET', url: `/api/teams/members/${t.records.teamMemberId}/history` }],
    'POST /api/teams/members': (t) => [{ method: 'POST', url: '/api/teams/members', body: { unitId: t.unit.id, personId: t.records.teamPersonId, role: 'volunteer' } }],
    'PUT /api/teams/members/:id': (t) => [{ method: 'PUT', url: `/api/teams/members/${t.records.teamMemberId}`, body: { role: 'lecturer', version: 0 } }],
    'POST /api/teams/members/:id/archive': (t) => [{ method: 'POST', url: `/api/teams/members/${t.records.teamMemberId}/archive`, body: { version: 0 } }],
    'POST /api/teams/members/:id/restore': (t) => [{ method: 'POST', url: `/api/teams/members/${t.records.teamMemberId}/restore`, body: { version: 0 } }],
  },
};

export default teams;
