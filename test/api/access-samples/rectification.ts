/** Access-walk samples for rectification: each unit gets one item raised by the county. */
import type { AccessModule } from '../../helpers/access';

const body = (unitId: string) => ({ unitId, problem: '网站栏目长期未更新', origin: 'supervision', measures: '明确专人更新', startDay: '2026-03-01', dueMode: 'date', dueDay: '2026-12-31' });

const rectification: AccessModule = {
  async setup(admin, unit) {
    const r = await admin.post('/api/rectifications', body(unit.id));
    if (r.status !== 201) throw new Error(`rectification setup failed: ${JSON.stringify(r.body)}`);
    return { rectId: r.body.id };
  },
  samples: {
    'GET /api/rectifications': (t) => [{ method: 'GET', url: `/api/rectifications?unitId=${t.unit.id}` }],
    'GET /api/rectifications/batches': null,
    'GET /api/rectifications/plans': (t) => [{ method: 'GET', url: `/api/rectifications/plans?unitId=${t.unit.id}&batch=${encodeURIComponent('2026年督查')}` }],
    'PUT /api/rectifications/plans': (t) => [{ method: 'PUT', url: '/api/rectifications/plans', body: { unitId: t.unit.id, batch: '2026年督查', basisTitle: '关于督查的通知', version: null } }],
    'GET /api/rectifications/figures': (t) => [{ method: 'GET', url: `/api/rectifications/figures?unitId=${t.unit.id}` }],
    'GET /api/rectifications/export': (t) => [{ method: 'GET', url: `/api/rectifications/export?unitId=${t.unit.id}` }],
    'GET /api/rectifications/:id': (t) => [{ method: 'GET', url: `/api/rectifications/${t.records.rectId}` }],
    'GET /api/rectifications/:id/history': (t) => [{ method: 'GET', url: `/api/rectifications/${t.records.rectId}/history` }],
    'POST /api/rectifications': (t) => [{ method: 'POST', url: '/api/rectifications', body: body(t.unit.id) }],
    'PUT /api/rectifications/:id': (t) => [{ method: 'PUT', url: `/api/rectifications/${t.records.rectId}`, body: { ...body(t.unit.id), version: 0 } }],
    'POST /api/rectifications/:id/report': (t) => [{ method: 'POST', url: `/api/rectifications/${t.records.rectId}/report`, body: { version: 0, note: '越权' } }],
    'POST /api/rectifications/:id/sign-off': (t) => [{ method: 'POST', url: `/api/rectifications/${t.records.rectId}/sign-off`, body: { version: 0 } }],
    'POST /api/rectifications/:id/return': (t) => [{ method: 'POST', url: `/api/rectifications/${t.records.rectId}/return`, body: { version: 0, reason: '越权' } }],
    'POST /api/rectifications/:id/archive': (t) => [{ method: 'POST', url: `/api/rectifications/${t.records.rectId}/archive`, body: { version: 0 } }],
    'POST /api/rectifications/:id/restore': (t) => [{ method: 'POST', url: `/api/rectifications/${t.records.rectId}/restore`, body: { version: 0 } }],
  },
};

export default rectification;
