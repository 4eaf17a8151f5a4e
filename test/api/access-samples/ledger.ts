/** Access-walk samples for the ledger: each unit gets an activity entry and an emergency plan. */
import type { AccessModule } from '../../helpers/access';

const entry = (unitId: string) => ({ unitId, type: 'central_group', day: '2026-03-10', topic: '走查学习', onTopic: true });
const plan = (unitId: string) => ({ unitId, title: '走查预案', versionLabel: '2026版', effectiveDay: '2026-01-01', status: 'current' });

const ledger: AccessModule = {
  async setup(admin, unit) {
    const e = await admin.post('/api/ledger/entries', entry(unit.id));
    const p = await admin.post('/api/ledger/plans', plan(unit.id));
    if (e.status !== 201 || p.status !== 201) throw new Error(`ledger setup failed: ${JSON.stringify([e.body, p.body])}`);
    return { entryId: e.body.id, planId: p.body.id };
  },
  samples: {
    'GET /api/ledger/entries': (t) => [{ method: 'GET', url: `/api/ledger/entries?unitId=${t.unit.id}` }],
    'GET /api/ledger/entries/export': (t) => [{ method: 'GET', url: `/api/ledger/entries/export?unitId=${t.unit.id}` }],
    'GET /api/ledger/figures': (t) => [{ method: 'GET', url: `/api/ledger/figures?unitId=${t.unit.id}` }],
    'GET /api/ledger/report-figures': (t) => [{ method: 'GET', url: `/api/ledger/report-figures?unitId=${t.unit.id}` }],
    'GET /api/ledger/entries/:id': (t) => [{ method: 'GET', url: `/api/ledger/entries/${t.records.entryId}` }],
    'GET /api/ledger/entries/:id/history': (t) => [{ method: 'GET', url: `/api/ledger/entries/${t.records.entryId}/history` }],
    'POST /api/ledger/entries': (t) => [{ method: 'POST', url: '/api/ledger/entries', body: entry(t.unit.id) }],
    'PUT /api/ledger/entries/:id': (t) => [{ method: 'PUT', url: `/api/ledger/entries/${t.records.entryId}`, body: { ...entry(t.unit.id), version: 0 } }],
    'POST /api/ledger/entries/:id/archive': (t) => [{ method: 'POST', url: `/api/ledger/entries/${t.records.entryId}/archive`, body: { version: 0 } }],
    'POST /api/ledger/entries/:id/restore': (t) => [{ method: 'POST', url: `/api/ledger/entries/${t.records.entryId}/restore`, body: { version: 0 } }],
    'GET /api/ledger/targets': (t) => [{ method: 'GET', url: `/api/ledger/targets?unitId=${t.unit.id}` }],
    'PUT /api/ledger/targets': (t) => [{ method: 'PUT', url: '/api/ledger/targets', body: { unitId: t.unit.id, year: 2026, scope: 'self', items: [] } }],
    'GET /api/ledger/targets/progress': (t) => [{ method: 'GET', url: `/api/ledger/targets/progress?unitId=${t.unit.id}` }],
    'GET /api/ledger/targets/progress/export': (t) => [{ method: 'GET', url: `/api/ledger/targets/progress/export?unitId=${t.unit.id}` }],
    'GET /api/ledger/plans': (t) => [{ method: 'GET', url: `/api/ledger/plans?unitId=${t.unit.id}` }],
    'GET /api/ledger/plans/export': (t) => [{ method: 'GET', url: `/api/ledger/plans/export?unitId=${t.unit.id}` }],
    'GET /api/ledger/plans/choices': (t) => [{ method: 'GET', url: `/api/ledger/plans/choices?unitId=${t.unit.id}` }],
    'GET /api/ledger/plans/:id': (t) => [{ method: 'GET', url: `/api/ledger/plans/${t.records.planId}` }],
    'GET /api/ledger/plans/:id/history': (t) => [{ method: 'GET', url: `/api/ledger/plans/${t.records.planId}/history` }],
    'POST /api/ledger/plans': (t) => [{ method: 'POST', url: '/api/ledger/plans', body: plan(t.unit.id) }],
    'PUT /api/ledger/plans/:id': (t) => [{ method: 'PUT', url: `/api/ledger/plans/${t.records.planId}`, body: { ...plan(t.unit.id), version: 0 } }],
    'POST /api/ledger/plans/:id/archive': (t) => [{ method: 'POST', url: `/api/ledger/plans/${t.records.planId}/archive`, body: { version: 0 } }],
    'POST /api/ledger/plans/:id/restore': (t) => [{ method: 'POST', url: `/api/ledger/plans/${t.records.planId}/restore`, body: { version: 0 } }],
    'GET /api/ledger/entries/import/template': null,
    'POST /api/ledger/entries/import': null,
  },
};

export default ledger;
