/**
 * Access-walk samples for cases: each unit gets one event, triaged 较大 with itself as the
 * handling unit (so its superiors receive a direct report).
 */
import type { AccessModule } from '../../helpers/access';
import { BASES } from '../../fixtures/near-duplicates';

// Each unit's report is a different text, so none joins another unit's event.
let n = 0;
const report = (unitId: string) => ({ unitId, source: 'hotline', receivedAt: new Date().toISOString(), title: `走查来电 ${unitId}`, content: BASES[n++ % BASES.length] });

const cases: AccessModule = {
  async setup(admin, unit) {
    const r = await admin.post('/api/cases', report(unit.id));
    if (r.status !== 201 || r.body.joined) throw new Error(`case setup failed: ${JSON.stringify(r.body)}`);
    const t = await admin.post(`/api/cases/${r.body.eventId}/triage`, { version: 0, level: 'major', category: '城乡建设', handlingUnitId: unit.id });
    if (t.status !== 200) throw new Error(`case triage failed: ${JSON.stringify(t.body)}`);
    return { eventId: r.body.eventId };
  },
  samples: {
    'GET /api/cases': (t) => [{ method: 'GET', url: `/api/cases?unitId=${t.unit.id}` }],
    'GET /api/cases/options': null,
    'GET /api/cases/settings': null,
    'PUT /api/cases/settings': null,
    'GET /api/cases/figures': (t) => [{ method: 'GET', url: `/api/cases/figures?unitId=${t.unit.id}` }],
    'GET /api/cases/direct-reports': null,
    'GET /api/cases/reply-approval': null,
    'PUT /api/cases/reply-approval': null,
    'GET /api/cases/figures/export': (t) => [{ method: 'GET', url: `/api/cases/figures/export?unitId=${t.unit.id}` }],
    'GET /api/cases/direct-reports/export': null,
    'GET /api/cases/export': (t) => [{ method: 'GET', url: `/api/cases/export?unitId=${t.unit.id}` }],
    'POST /api/cases': (t) => [{ method: 'POST', url: '/api/cases', body: report(t.unit.id) }],
    'GET /api/cases/import/template': null,
    'POST /api/cases/import': null,
    'GET /api/cases/:id': (t) => [{ method: 'GET', url: `/api/cases/${t.records.eventId}` }],
    ...Object.fromEntries(
      [
        ['triage', { version: 0, level: 'general', category: '其他', handlingUnitId: 'x' }],
        ['assign', { version: 0, unitId: 'x' }],
        ['return', { version: 0, reason: '越权' }],
        ['verify', { version: 0, result: 'true', note: '越权' }],
        ['first-info', { version: 0, text: '越权' }],
        ['respond', { version: 0, measures: '越权', publicReply: '越权' }],
        ['approve-reply', { version: 0 }],
        ['return-reply', { version: 0, reason: '越权' }],
        ['close', { version: 0 }],
        ['approve-close', { version: 0 }],
        ['reject-close', { version: 0, reason: '越权' }],
        ['follow-up', { version: 0, result: 'satisfied' }],
        ['supervise', { version: 0, dueDay: '2099-12-31', note: '越权' }],
        ['instruct', { text: '越权' }],
        ['urge', { note: '越权' }],
        ['read', {}],
        ['pause', { version: 0, reason: '等待检测鉴定结果' }],
        ['resume', { version: 0 }],
        ['archive', { version: 0 }],
        ['restore', { version: 0 }],
      ].map(([path, body]) => [`POST /api/cases/:id/${path}`, (t: any) => [{ method: 'POST', url: `/api/cases/${t.records.eventId}/${path}`, body }]]),
    ),
  },
  listRoutes: [],
};

export default cases;
