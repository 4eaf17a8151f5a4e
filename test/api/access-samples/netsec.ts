/** Access-walk samples for 网络安全: each unit gets a profile, a contract and a security inspection. */
import type { AccessModule } from '../../helpers/access';

const profile = (unitId: string, version: number | null) => ({ unitId, intranetTerminals: 3, internetTerminals: 5, measures: ['antivirus'], checkedDay: '2026-03-01', version });
const contract = (unitId: string) => ({ unitId, vendor: '走查公司', scope: '网络运维', signedDay: '2026-01-01', expiresDay: '2026-12-31' });
const finding = { problem: '走查问题', measures: '走查整改', dueDay: '2026-06-30' };

const netsec: AccessModule = {
  async setup(admin, unit) {
    const p = await admin.put('/api/netsec/profiles', profile(unit.id, null));
    const c = await admin.post('/api/netsec/contracts', contract(unit.id));
    const e = await admin.post('/api/ledger/entries', { unitId: unit.id, type: 'security_inspection', day: '2026-03-10', topic: '走查检查', onTopic: true });
    if (p.status !== 200 || c.status !== 201 || e.status !== 201) throw new Error(`netsec setup failed: ${JSON.stringify([p.body, c.body, e.body])}`);
    return { contractId: c.body.id, inspectionId: e.body.id };
  },
  samples: {
    'GET /api/netsec/profiles': (t) => [{ method: 'GET', url: `/api/netsec/profiles?unitId=${t.unit.id}` }],
    'GET /api/netsec/export': (t) => [{ method: 'GET', url: `/api/netsec/export?unitId=${t.unit.id}` }],
    'PUT /api/netsec/profiles': (t) => [{ method: 'PUT', url: '/api/netsec/profiles', body: profile(t.unit.id, 0) }],
    'GET /api/netsec/figures': (t) => [{ method: 'GET', url: `/api/netsec/figures?unitId=${t.unit.id}` }],
    'GET /api/netsec/contracts': (t) => [{ method: 'GET', url: `/api/netsec/contracts?unitId=${t.unit.id}` }],
    'GET /api/netsec/contracts/:id': (t) => [{ method: 'GET', url: `/api/netsec/contracts/${t.records.contractId}` }],
    'GET /api/netsec/contracts/:id/history': (t) => [{ method: 'GET', url: `/api/netsec/contracts/${t.records.contractId}/history` }],
    'POST /api/netsec/contracts': (t) => [{ method: 'POST', url: '/api/netsec/contracts', body: contract(t.unit.id) }],
    'PUT /api/netsec/contracts/:id': (t) => [{ method: 'PUT', url: `/api/netsec/contracts/${t.records.contractId}`, body: { ...contract(t.unit.id), version: 0 } }],
    'POST /api/netsec/contracts/:id/archive': (t) => [{ method: 'POST', url: `/api/netsec/contracts/${t.records.contractId}/archive`, body: { version: 0 } }],
    'POST /api/netsec/contracts/:id/restore': (t) => [{ method: 'POST', url: `/api/netsec/contracts/${t.records.contractId}/restore`, body: { version: 0 } }],
    'GET /api/netsec/inspections/:id/findings': (t) => [{ method: 'GET', url: `/api/netsec/inspections/${t.records.inspectionId}/findings` }],
    'POST /api/netsec/inspections/:id/findings': (t) => [{ method: 'POST', url: `/api/netsec/inspections/${t.records.inspectionId}/findings`, body: finding }],
  },
};

export default netsec;
