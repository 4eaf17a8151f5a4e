/** Access-walk samples for inspection packs: each unit gets one pack (built in the background). */
import type { AccessModule } from '../../helpers/access';

const body = (unitId: string) => ({ unitId, from: '2026-01-01', to: '2026-06-30' });

const packs: AccessModule = {
  async setup(admin, unit) {
    const p = await admin.post('/api/packs', body(unit.id));
    if (p.status !== 202 && p.status !== 200) throw new Error(`pack setup failed: ${JSON.stringify(p.body)}`);
    return { packId: p.body.id };
  },
  samples: {
    'POST /api/packs': (t) => [{ method: 'POST', url: '/api/packs', body: body(t.unit.id) }],
    'GET /api/packs': (t) => [{ method: 'GET', url: `/api/packs?unitId=${t.unit.id}` }],
    'GET /api/packs/:id': (t) => [{ method: 'GET', url: `/api/packs/${t.records.packId}` }],
    'GET /api/packs/:id/download': (t) => [{ method: 'GET', url: `/api/packs/${t.records.packId}/download` }],
  },
};

export default packs;
