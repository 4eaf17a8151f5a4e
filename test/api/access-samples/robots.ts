/** Access-walk samples for group robots: each unit gets one robot (webhook on the test machine, allowed by the test app's private-hosts setting). */
import type { AccessModule } from '../../helpers/access';

const webhook = 'http://127.0.0.1:9/robot/send?access_token=walk';
const body = (unitId: string) => ({ unitId, provider: 'dingtalk', name: '走查群', webhook, secret: null, keyword: null, kinds: ['urge'], withTitles: true });

const robots: AccessModule = {
  async setup(admin, unit) {
    const r = await admin.post('/api/robots', body(unit.id));
    if (r.status !== 201) throw new Error(`robot setup failed: ${JSON.stringify(r.body)}`);
    return { robotId: r.body.id };
  },
  samples: {
    'GET /api/robots': null,
    'POST /api/robots': (t) => [{ method: 'POST', url: '/api/robots', body: body(t.unit.id) }],
    'GET /api/robots/:id': (t) => [{ method: 'GET', url: `/api/robots/${t.records.robotId}` }],
    'GET /api/robots/:id/deliveries': (t) => [{ method: 'GET', url: `/api/robots/${t.records.robotId}/deliveries` }],
    'PUT /api/robots/:id': (t) => [{ method: 'PUT', url: `/api/robots/${t.records.robotId}`, body: { version: 0, name: '越权', webhook: '', secret: null, keepSecret: true, keyword: null, kinds: ['urge'], withTitles: true } }],
    'POST /api/robots/:id/test': (t) => [{ method: 'POST', url: `/api/robots/${t.records.robotId}/test`, body: {} }],
    'POST /api/robots/:id/archive': (t) => [{ method: 'POST', url: `/api/robots/${t.records.robotId}/archive`, body: { version: 0 } }],
    'POST /api/robots/:id/restore': (t) => [{ method: 'POST', url: `/api/robots/${t.records.robotId}/restore`, body: { version: 0 } }],
  },
};

export default robots;
