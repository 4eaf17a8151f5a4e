/** Access-walk samples for the duty list and agreements. */
import type { AccessModule } from '../../helpers/access';

const item = (unitId: string) => ({ unitId, year: 2026, content: '走查条目' });

const duty: AccessModule = {
  async setup(admin, unit, personId) {
    const i = await admin.post('/api/duty-items', item(unit.id));
    const a = await admin.post('/api/agreements', { unitId: unit.id, title: '走查责任书', year: 2026, issuedDay: '2026-02-01', signatoryPersonIds: [personId] });
    if (i.status !== 201 || a.status !== 201) throw new Error(`duty setup failed: ${JSON.stringify([i.body, a.body])}`);
    const s = await admin.get(`/api/agreements/${a.body.id}/signatories`);
    return { itemId: i.body.id, agreementId: a.body.id, signatoryId: s.body.items[0].id };
  },
  samples: {
    'GET /api/duty-items': (t) => [{ method: 'GET', url: `/api/duty-items?unitId=${t.unit.id}` }],
    'GET /api/duty-items/export': (t) => [{ method: 'GET', url: `/api/duty-items/export?unitId=${t.unit.id}` }],
    // Imports write only where each row's unit is the actor's own or below (checked per row); the role walk covers the permission.
    'GET /api/duty-items/import/template': null,
    'POST /api/duty-items/import': null,
    'GET /api/duty/figures': (t) => [{ method: 'GET', url: `/api/duty/figures?unitId=${t.unit.id}` }],
    'GET /api/duty-items/:id': (t) => [{ method: 'GET', url: `/api/duty-items/${t.records.itemId}` }],
    'GET /api/duty-items/:id/history': (t) => [{ method: 'GET', url: `/api/duty-items/${t.records.itemId}/history` }],
    'POST /api/duty-items': (t) => [{ method: 'POST', url: '/api/duty-items', body: item(t.unit.id) }],
    'POST /api/duty-items/copy': (t) => [{ method: 'POST', url: '/api/duty-items/copy', body: { unitId: t.unit.id, fromYear: 2026, toYear: 2031 } }],
    'PUT /api/duty-items/:id': (t) => [{ method: 'PUT', url: `/api/duty-items/${t.records.itemId}`, body: { content: '改', version: 0 } }],
    'POST /api/duty-items/:id/archive': (t) => [{ method: 'POST', url: `/api/duty-items/${t.records.itemId}/archive`, body: { version: 0 } }],
    'POST /api/duty-items/:id/restore': (t) => [{ method: 'POST', url: `/api/duty-items/${t.records.itemId}/restore`, body: { version: 0 } }],
    'GET /api/agreements': (t) => [{ method: 'GET', url: `/api/agreements?unitId=${t.unit.id}` }],
    'GET /api/agreements/export': (t) => [{ method: 'GET', url: `/api/agreements/export?unitId=${t.unit.id}` }],
    'GET /api/agreements/:id': (t) => [{ method: 'GET', url: `/api/agreements/${t.records.agreementId}` }],
    'GET /api/agreements/:id/signatories': (t) => [{ method: 'GET', url: `/api/agreements/${t.records.agreementId}/signatories` }],
    'GET /api/agreements/:id/history': (t) => [{ method: 'GET', url: `/api/agreements/${t.records.agreementId}/history` }],
    'POST /api/agreements': (t) => [{ method: 'POST', url: '/api/agreements', body: { unitId: t.unit.id, title: '越权', year: 2026, issuedDay: '2026-02-01' } }],
    'PUT /api/agreements/:id': (t) => [{ method: 'PUT', url: `/api/agreements/${t.records.agreementId}`, body: { title: '改', year: 2026, issuedDay: '2026-02-01', version: 0 } }],
    'POST /api/agreements/:id/signatories': (t) => [{ method: 'POST', url: `/api/agreements/${t.records.agreementId}/signatories`, body: { personIds: [t.personId] } }],
    'POST /api/agreements/:id/archive': (t) => [{ method: 'POST', url: `/api/agreements/${t.records.agreementId}/archive`, body: { version: 0 } }],
    'POST /api/agreements/:id/restore': (t) => [{ method: 'POST', url: `/api/agreements/${t.records.agreementId}/restore`, body: { version: 0 } }],
    'POST /api/agreement-signatories/:id/sign': (t) => [{ method: 'POST', url: `/api/agreement-signatories/${t.records.signatoryId}/sign`, body: { version: 0, signedDay: '2026-02-02' } }],
    'POST /api/agreement-signatories/:id/unsign': (t) => [{ method: 'POST', url: `/api/agreement-signatories/${t.records.signatoryId}/unsign`, body: { version: 0 } }],
  },
};

export default duty;
