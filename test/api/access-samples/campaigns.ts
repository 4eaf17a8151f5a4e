/** Access-walk samples for campaigns (专项行动): each unit names one. */
import type { AccessModule } from '../../helpers/access';

const body = (unitId: string) => ({ unitId, name: '越权行动', fromDay: '2026-03-01' });

const campaigns: AccessModule = {
  async setup(admin, unit) {
    const r = await admin.post('/api/campaigns', { unitId: unit.id, name: `${unit.name}专项行动`, fromDay: '2026-01-01' });
    if (r.status !== 201) throw new Error(`campaign setup failed: ${JSON.stringify(r.body)}`);
    return { campaignId: r.body.id };
  },
  samples: {
    'GET /api/campaigns': (t) => [{ method: 'GET', url: `/api/campaigns?forUnitId=${t.unit.id}` }],
    'GET /api/campaigns/figures': (t) => [{ method: 'GET', url: `/api/campaigns/figures?unitId=${t.unit.id}` }],
    'GET /api/campaigns/:id': (t) => [{ method: 'GET', url: `/api/campaigns/${t.records.campaignId}` }],
    'POST /api/campaigns': (t) => [{ method: 'POST', url: '/api/campaigns', body: body(t.unit.id) }],
    'PUT /api/campaigns/:id': (t) => [{ method: 'PUT', url: `/api/campaigns/${t.records.campaignId}`, body: { name: '越权', fromDay: '2026-03-01', version: 0 } }],
    'POST /api/campaigns/:id/archive': (t) => [{ method: 'POST', url: `/api/campaigns/${t.records.campaignId}/archive`, body: { version: 0 } }],
    'POST /api/campaigns/:id/restore': (t) => [{ method: 'POST', url: `/api/campaigns/${t.records.campaignId}/restore`, body: { version: 0 } }],
  },
};

export default campaigns;
