/** Access-walk samples for risk points and assessments. */
import type { AccessModule } from '../../helpers/access';

const risk = (unitId: string) => ({ unitId, description: '走查风险', area: 'positions', level: 'medium', measures: '专人负责', reviewMonths: 3, nextReviewDay: '2026-12-31' });
const assessment = (unitId: string) => ({ unitId, subject: '走查项目', assessedDay: '2026-03-01', level: 'low', risks: '无', measures: '无', conclusion: 'proceed', assessor: '县网信办' });

const risks: AccessModule = {
  async setup(admin, unit) {
    const r = await admin.post('/api/risks', risk(unit.id));
    const a = await admin.post('/api/risk-assessments', assessment(unit.id));
    if (r.status !== 201 || a.status !== 201) throw new Error(`risk setup failed: ${JSON.stringify([r.body, a.body])}`);
    return { riskId: r.body.id, assessmentId: a.body.id };
  },
  samples: {
    'GET /api/risks': (t) => [{ method: 'GET', url: `/api/risks?unitId=${t.unit.id}` }],
    'GET /api/risks/export': (t) => [{ method: 'GET', url: `/api/risks/export?unitId=${t.unit.id}` }],
    'GET /api/risks/figures': (t) => [{ method: 'GET', url: `/api/risks/figures?unitId=${t.unit.id}` }],
    'GET /api/risks/:id': (t) => [{ method: 'GET', url: `/api/risks/${t.records.riskId}` }],
    'GET /api/risks/:id/reviews': (t) => [{ method: 'GET', url: `/api/risks/${t.records.riskId}/reviews` }],
    'GET /api/risks/:id/history': (t) => [{ method: 'GET', url: `/api/risks/${t.records.riskId}/history` }],
    'POST /api/risks': (t) => [{ method: 'POST', url: '/api/risks', body: risk(t.unit.id) }],
    'PUT /api/risks/:id': (t) => [{ method: 'PUT', url: `/api/risks/${t.records.riskId}`, body: { ...risk(t.unit.id), status: 'controlled', version: 0 } }],
    'POST /api/risks/:id/reviews': (t) => [{ method: 'POST', url: `/api/risks/${t.records.riskId}/reviews`, body: { version: 0, day: '2026-04-01', result: '越权', levelAfter: 'low' } }],
    'POST /api/risks/:id/archive': (t) => [{ method: 'POST', url: `/api/risks/${t.records.riskId}/archive`, body: { version: 0 } }],
    'POST /api/risks/:id/restore': (t) => [{ method: 'POST', url: `/api/risks/${t.records.riskId}/restore`, body: { version: 0 } }],
    'GET /api/risk-assessments': (t) => [{ method: 'GET', url: `/api/risk-assessments?unitId=${t.unit.id}` }],
    'GET /api/risk-assessments/export': (t) => [{ method: 'GET', url: `/api/risk-assessments/export?unitId=${t.unit.id}` }],
    'GET /api/risk-assessments/:id': (t) => [{ method: 'GET', url: `/api/risk-assessments/${t.records.assessmentId}` }],
    'GET /api/risk-assessments/:id/history': (t) => [{ method: 'GET', url: `/api/risk-assessments/${t.records.assessmentId}/history` }],
    'POST /api/risk-assessments': (t) => [{ method: 'POST', url: '/api/risk-assessments', body: assessment(t.unit.id) }],
    'PUT /api/risk-assessments/:id': (t) => [{ method: 'PUT', url: `/api/risk-assessments/${t.records.assessmentId}`, body: { ...assessment(t.unit.id), version: 0 } }],
    'POST /api/risk-assessments/:id/archive': (t) => [{ method: 'POST', url: `/api/risk-assessments/${t.records.assessmentId}/archive`, body: { version: 0 } }],
    'POST /api/risk-assessments/:id/restore': (t) => [{ method: 'POST', url: `/api/risk-assessments/${t.records.assessmentId}/restore`, body: { version: 0 } }],
    'GET /api/risks/import/template': null,
    'POST /api/risks/import': null,
  },
};

export default risks;
