/**
 * Access-walk samples for 信息报送与采用: each unit with a superior sends one item and gets a
 * monthly quota from the county; the county (the top unit) has neither, so samples aimed at its
 * item or quota are empty.
 */
import type { AccessModule, Sample, Target } from '../../helpers/access';

const item = (unitId: string) => ({ unitId, kind: 'work', title: '走查信息', content: '走查正文' });
const withRecord = (t: Target, key: string, s: (id: string) => Sample[]) => (t.records[key] ? s(t.records[key]) : []);

const information: AccessModule = {
  async setup(admin, unit): Promise<Record<string, string>> {
    const r = await admin.post('/api/information', item(unit.id));
    if (r.status !== 201) return {}; // the top unit has nobody to send to
    const q = await admin.post('/api/information/quotas', { unitIds: [unit.id], minPerMonth: 2 });
    if (q.status !== 200) throw new Error(`quota setup failed: ${JSON.stringify(q.body)}`);
    const p = await admin.get(`/api/information/progress?unitId=${unit.id}`);
    return { infoItemId: r.body.id, infoQuotaId: p.body.items[0].quotaId };
  },
  samples: {
    'GET /api/information': (t) => [{ method: 'GET', url: `/api/information?unitId=${t.unit.id}` }],
    'GET /api/information/export': (t) => [{ method: 'GET', url: `/api/information/export?unitId=${t.unit.id}` }],
    'GET /api/information/progress': (t) => [{ method: 'GET', url: `/api/information/progress?unitId=${t.unit.id}` }],
    'GET /api/information/figures': (t) => [{ method: 'GET', url: `/api/information/figures?unitId=${t.unit.id}` }],
    'POST /api/information/quotas': (t) => [{ method: 'POST', url: '/api/information/quotas', body: { unitIds: [t.unit.id], minPerMonth: 3 } }],
    'PUT /api/information/quotas/:id': (t) => withRecord(t, 'infoQuotaId', (id) => [{ method: 'PUT', url: `/api/information/quotas/${id}`, body: { minPerMonth: 3, version: 0 } }]),
    'GET /api/information/:id': (t) => withRecord(t, 'infoItemId', (id) => [{ method: 'GET', url: `/api/information/${id}` }]),
    'GET /api/information/:id/history': (t) => withRecord(t, 'infoItemId', (id) => [{ method: 'GET', url: `/api/information/${id}/history` }]),
    'POST /api/information': (t) => [{ method: 'POST', url: '/api/information', body: item(t.unit.id) }],
    'PUT /api/information/:id': (t) => withRecord(t, 'infoItemId', (id) => [{ method: 'PUT', url: `/api/information/${id}`, body: { kind: 'work', title: '越权', content: '越权', version: 0 } }]),
    'POST /api/information/:id/outcome': (t) => withRecord(t, 'infoItemId', (id) => [{ method: 'POST', url: `/api/information/${id}/outcome`, body: { outcome: 'adopted', version: 0 } }]),
    'POST /api/information/:id/archive': (t) => withRecord(t, 'infoItemId', (id) => [{ method: 'POST', url: `/api/information/${id}/archive`, body: { version: 0 } }]),
    'POST /api/information/:id/restore': (t) => withRecord(t, 'infoItemId', (id) => [{ method: 'POST', url: `/api/information/${id}/restore`, body: { version: 0 } }]),
  },
};

export default information;
