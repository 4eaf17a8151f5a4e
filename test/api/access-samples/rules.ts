/** Access-walk samples for 制度文件库: each unit gets a rule. */
import type { AccessModule } from '../../helpers/access';

const rule = (unitId: string) => ({ unitId, title: '走查制度', category: 'management', docNumber: '走查〔2026〕1号', issuer: '走查单位', effectiveDay: '2026-01-01' });

const rules: AccessModule = {
  async setup(admin, unit) {
    const r = await admin.post('/api/rules', rule(unit.id));
    if (r.status !== 201) throw new Error(`rule setup failed: ${JSON.stringify(r.body)}`);
    return { ruleId: r.body.id };
  },
  samples: {
    'GET /api/rules': (t) => [{ method: 'GET', url: `/api/rules?unitId=${t.unit.id}` }],
    'GET /api/rules/export': (t) => [{ method: 'GET', url: `/api/rules/export?unitId=${t.unit.id}` }],
    'GET /api/rules/figures': (t) => [{ method: 'GET', url: `/api/rules/figures?unitId=${t.unit.id}` }],
    'GET /api/rules/in-force': (t) => [{ method: 'GET', url: `/api/rules/in-force?unitId=${t.unit.id}` }],
    'GET /api/rules/:id': (t) => [{ method: 'GET', url: `/api/rules/${t.records.ruleId}` }],
    'GET /api/rules/:id/versions': (t) => [{ method: 'GET', url: `/api/rules/${t.records.ruleId}/versions` }],
    'GET /api/rules/:id/history': (t) => [{ method: 'GET', url: `/api/rules/${t.records.ruleId}/history` }],
    'POST /api/rules': (t) => [{ method: 'POST', url: '/api/rules', body: rule(t.unit.id) }],
    'PUT /api/rules/:id': (t) => [{ method: 'PUT', url: `/api/rules/${t.records.ruleId}`, body: { ...rule(t.unit.id), version: 0 } }],
    'POST /api/rules/:id/versions': (t) => [{ method: 'POST', url: `/api/rules/${t.records.ruleId}/versions`, body: { version: 0, effectiveDay: '2026-06-01', changeNote: '走查修订' } }],
    'POST /api/rules/:id/archive': (t) => [{ method: 'POST', url: `/api/rules/${t.records.ruleId}/archive`, body: { version: 0 } }],
    'POST /api/rules/:id/restore': (t) => [{ method: 'POST', url: `/api/rules/${t.records.ruleId}/restore`, body: { version: 0 } }],
  },
};

export default rules;
