/** Access-walk samples for documents: each unit gets a half-year summary draft made by the county admin. */
import type { AccessModule } from '../../helpers/access';

const body = (unitId: string) => ({ unitId, type: 'summary', period: { kind: 'half', year: 2026, half: 1 } });

const documents: AccessModule = {
  async setup(admin, unit) {
    const r = await admin.post('/api/documents/drafts', body(unit.id));
    if (r.status !== 201) throw new Error(`documents setup failed: ${JSON.stringify(r.body)}`);
    return { draftId: r.body.id };
  },
  samples: {
    'GET /api/documents/drafts': (t) => [{ method: 'GET', url: `/api/documents/drafts?unitId=${t.unit.id}` }],
    'POST /api/documents/drafts': (t) => [{ method: 'POST', url: '/api/documents/drafts', body: body(t.unit.id) }],
    'GET /api/documents/drafts/:id': (t) => [{ method: 'GET', url: `/api/documents/drafts/${t.records.draftId}` }],
    'PUT /api/documents/drafts/:id': (t) => [{ method: 'PUT', url: `/api/documents/drafts/${t.records.draftId}`, body: { version: 0, slots: { 'intro.text': '越权' } } }],
    'POST /api/documents/drafts/:id/regenerate': (t) => [{ method: 'POST', url: `/api/documents/drafts/${t.records.draftId}/regenerate`, body: { version: 0 } }],
    'GET /api/documents/drafts/:id/versions': (t) => [{ method: 'GET', url: `/api/documents/drafts/${t.records.draftId}/versions` }],
    'GET /api/documents/drafts/:id/versions/:n': (t) => [{ method: 'GET', url: `/api/documents/drafts/${t.records.draftId}/versions/0` }],
    'GET /api/documents/drafts/:id/docx': (t) => [{ method: 'GET', url: `/api/documents/drafts/${t.records.draftId}/docx` }],
    'GET /api/documents/drafts/:id/pdf': (t) => [{ method: 'GET', url: `/api/documents/drafts/${t.records.draftId}/pdf` }],
    'GET /api/documents/settings': (t) => [{ method: 'GET', url: `/api/documents/settings?unitId=${t.unit.id}` }],
    'PUT /api/documents/settings': (t) => [{ method: 'PUT', url: '/api/documents/settings', body: { unitId: t.unit.id, version: 0, mark: '内部资料', watermark: false } }],
  },
};

export default documents;
