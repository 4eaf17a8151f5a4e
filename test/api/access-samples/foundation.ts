/** Access-walk samples for the foundation: session, units, people, accounts, leading group, audit, files, import. */
import type { AccessModule } from '../../helpers/access';
import { PDF } from '../../helpers/access';

const foundation: AccessModule = {
  async setup(admin, unit, personId) {
    const member = await admin.post('/api/group-members', { unitId: unit.id, personId, groupRole: 'member' });
    const duty = await admin.post('/api/duty-assignments', { unitId: unit.id, personId, kind: 'direct', scopeUnitIds: [] });
    const file = await admin.upload('/api/files', { entity: 'unit', entityId: unit.id }, { name: 'x.pdf', content: PDF });
    if (member.status !== 201 || duty.status !== 201 || file.status !== 201) throw new Error('foundation access setup failed');
    return { memberId: member.body.id, dutyId: duty.body.id, attachmentId: file.body.id };
  },
  samples: {
    'GET /api/session': null,
    'POST /api/session/logout': null,
    'POST /api/session/password': null,
    'GET /api/units/tree': null,
    'GET /api/units/:id': (t) => [{ method: 'GET', url: `/api/units/${t.unit.id}` }],
    'POST /api/units': (t) => [{ method: 'POST', url: '/api/units', body: { parentId: t.unit.id, name: '新单位', kind: 'village' } }],
    'PUT /api/units/:id': (t) => [{ method: 'PUT', url: `/api/units/${t.unit.id}`, body: { name: '改名', kind: 'village', code: null, version: 0 } }],
    'POST /api/units/:id/move': (t, own) => [
      { method: 'POST', url: `/api/units/${t.unit.id}/move`, body: { newParentId: own.unit.id, version: 0 } },
      { method: 'POST', url: `/api/units/${own.unit.id}/move`, body: { newParentId: t.unit.id, version: 0 } },
    ],
    'POST /api/units/:id/archive': (t) => [{ method: 'POST', url: `/api/units/${t.unit.id}/archive`, body: { version: 0 } }],
    'POST /api/units/:id/restore': (t) => [{ method: 'POST', url: `/api/units/${t.unit.id}/restore`, body: { version: 0 } }],
    'GET /api/people': (t) => [{ method: 'GET', url: `/api/people?unitId=${t.unit.id}` }],
    'GET /api/people/export': (t) => [{ method: 'GET', url: `/api/people/export?unitId=${t.unit.id}` }],
    'GET /api/people/:id': (t) => [{ method: 'GET', url: `/api/people/${t.personId}` }],
    'POST /api/people': (t) => [{ method: 'POST', url: '/api/people', body: { unitId: t.unit.id, name: '某人' } }],
    'PUT /api/people/:id': (t, own) => [
      { method: 'PUT', url: `/api/people/${t.personId}`, body: { unitId: t.unit.id, name: '改名', version: 0 } },
      { method: 'PUT', url: `/api/people/${own.personId}`, body: { unitId: t.unit.id, name: '调走', version: 0 } },
    ],
    'POST /api/people/:id/archive': (t) => [{ method: 'POST', url: `/api/people/${t.personId}/archive`, body: { version: 0 } }],
    'POST /api/people/:id/restore': (t) => [{ method: 'POST', url: `/api/people/${t.personId}/restore`, body: { version: 0 } }],
    'GET /api/accounts': (t) => [{ method: 'GET', url: `/api/accounts?unitId=${t.unit.id}` }],
    'GET /api/accounts/:id': (t) => [{ method: 'GET', url: `/api/accounts/${t.accountId}` }],
    'POST /api/accounts': (t) => [{ method: 'POST', url: '/api/accounts', body: { username: `x${Math.random().toString(36).slice(2, 8)}`, displayName: '某', role: 'staff', unitId: t.unit.id, password: 'Abcd@1234' } }],
    'PUT /api/accounts/:id': (t) => [{ method: 'PUT', url: `/api/accounts/${t.accountId}`, body: { displayName: '改', role: 'staff', unitId: t.unit.id, personId: null, disabled: false, version: 0 } }],
    'POST /api/accounts/:id/password': (t) => [{ method: 'POST', url: `/api/accounts/${t.accountId}/password`, body: { password: 'Abcd@12345', version: 0 } }],
    'POST /api/accounts/:id/unlock': (t) => [{ method: 'POST', url: `/api/accounts/${t.accountId}/unlock` }],
    'POST /api/accounts/:id/two-factor/reset': (t) => [{ method: 'POST', url: `/api/accounts/${t.accountId}/two-factor/reset` }],
    'GET /api/session/two-factor': null,
    'GET /api/security/two-factor-policy': null,
    'PUT /api/security/two-factor-policy': null,
    'POST /api/session/two-factor/setup': null,
    'POST /api/session/two-factor/enable': null,
    'POST /api/accounts/:id/role': (t) => [{ method: 'POST', url: `/api/accounts/${t.accountId}/role`, body: { role: 'staff', version: 0 } }],
    'GET /api/units/:id/leading-group': (t) => [{ method: 'GET', url: `/api/units/${t.unit.id}/leading-group` }],
    'GET /api/units/:id/leading-group/export': (t) => [{ method: 'GET', url: `/api/units/${t.unit.id}/leading-group/export` }],
    'POST /api/group-members': (t, own) => [
      { method: 'POST', url: '/api/group-members', body: { unitId: t.unit.id, personId: t.personId, groupRole: 'member' } },
      { method: 'POST', url: '/api/group-members', body: { unitId: own.unit.id, personId: t.personId, groupRole: 'member' } },
    ],
    'PUT /api/group-members/:id': (t) => [{ method: 'PUT', url: `/api/group-members/${t.records.memberId}`, body: { groupRole: 'member', duties: null, version: 0 } }],
    'POST /api/group-members/:id/archive': (t) => [{ method: 'POST', url: `/api/group-members/${t.records.memberId}/archive`, body: { version: 0 } }],
    'POST /api/duty-assignments': (t, own) => [
      { method: 'POST', url: '/api/duty-assignments', body: { unitId: t.unit.id, personId: t.personId, kind: 'direct', scopeUnitIds: [] } },
      { method: 'POST', url: '/api/duty-assignments', body: { unitId: own.unit.id, personId: own.personId, kind: 'dual_duty', scopeUnitIds: [t.unit.id] } },
    ],
    'PUT /api/duty-assignments/:id': (t) => [{ method: 'PUT', url: `/api/duty-assignments/${t.records.dutyId}`, body: { kind: 'direct', scopeUnitIds: [], note: null, version: 0 } }],
    'POST /api/duty-assignments/:id/archive': (t) => [{ method: 'POST', url: `/api/duty-assignments/${t.records.dutyId}/archive`, body: { version: 0 } }],
    'GET /api/audit': (t) => [{ method: 'GET', url: `/api/audit?entityId=${t.unit.id}` }],
    'POST /api/audit/verify': null,
    'GET /api/audit/export': null,
    'POST /api/files': (t) => [{ method: 'POST', url: '/api/files', upload: { fields: { entity: 'unit', entityId: t.unit.id }, name: 'a.pdf', content: PDF } }],
    'GET /api/files': (t) => [{ method: 'GET', url: `/api/files?entity=unit&entityId=${t.unit.id}` }],
    'GET /api/files/:id/download': (t) => [{ method: 'GET', url: `/api/files/${t.records.attachmentId}/download` }],
    'POST /api/files/:id/archive': (t) => [{ method: 'POST', url: `/api/files/${t.records.attachmentId}/archive` }],
    'GET /api/import/org/template': null,
    'POST /api/import/org': null,
  },
  listRoutes: ['GET /api/audit'],
};

export default foundation;
