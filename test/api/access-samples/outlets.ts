/**
 * Access-walk samples for 阵地 and 信息发布审核: each unit gets a website, a draft post aimed at it and a proofreading rule.
 * Steps only the author may take carry a version the post never had: for the own unit they reach the
 * service and end in 409 STALE (the author is the county admin who set them up), elsewhere in OUT_OF_SCOPE.
 */
import type { AccessModule } from '../../helpers/access';

const outlet = (unitId: string) => ({ unitId, type: 'website', name: '门户网站', domain: 'www.example.gov.cn', startDay: '2026-01-01', status: 'running' });
const post = (unitId: string, outletId: string) => ({ unitId, title: '越权信息', body: '正文', outletIds: [outletId] });
const rule = (unitId: string) => ({ unitId, kind: 'literal', pattern: '错字词', correct: '正字词', category: 'typo', severity: 'normal', mustMatch: ['有错字词'], mustNotMatch: ['有正字词'] });

const outlets: AccessModule = {
  async setup(admin, unit) {
    const o = await admin.post('/api/outlets', outlet(unit.id));
    if (o.status !== 201) throw new Error(`outlet setup failed: ${JSON.stringify(o.body)}`);
    const p = await admin.post('/api/posts', post(unit.id, o.body.id));
    if (p.status !== 201) throw new Error(`post setup failed: ${JSON.stringify(p.body)}`);
    const r = await admin.post('/api/proof-rules', rule(unit.id));
    if (r.status !== 201) throw new Error(`rule setup failed: ${JSON.stringify(r.body)}`);
    return { outletId: o.body.id, postId: p.body.id, proofRuleId: r.body.id };
  },
  samples: {
    'GET /api/outlets': (t) => [{ method: 'GET', url: `/api/outlets?unitId=${t.unit.id}` }],
    'GET /api/outlets/export': (t) => [{ method: 'GET', url: `/api/outlets/export?unitId=${t.unit.id}` }],
    'GET /api/outlets/quiet-settings': null,
    'PUT /api/outlets/quiet-settings': null,
    'GET /api/outlets/:id': (t) => [{ method: 'GET', url: `/api/outlets/${t.records.outletId}` }],
    'GET /api/outlets/:id/history': (t) => [{ method: 'GET', url: `/api/outlets/${t.records.outletId}/history` }],
    'POST /api/outlets': (t) => [{ method: 'POST', url: '/api/outlets', body: outlet(t.unit.id) }],
    'PUT /api/outlets/:id': (t) => [{ method: 'PUT', url: `/api/outlets/${t.records.outletId}`, body: { ...outlet(t.unit.id), version: 0 } }],
    'POST /api/outlets/:id/transition': (t) => [{ method: 'POST', url: `/api/outlets/${t.records.outletId}/transition`, body: { version: 0, to: 'closed', day: '2026-02-01', reason: '越权' } }],
    'POST /api/outlets/:id/archive': (t) => [{ method: 'POST', url: `/api/outlets/${t.records.outletId}/archive`, body: { version: 0 } }],
    'POST /api/outlets/:id/restore': (t) => [{ method: 'POST', url: `/api/outlets/${t.records.outletId}/restore`, body: { version: 0 } }],
    'GET /api/posts': (t) => [{ method: 'GET', url: `/api/posts?unitId=${t.unit.id}` }],
    'GET /api/posts/export': (t) => [{ method: 'GET', url: `/api/posts/export?unitId=${t.unit.id}` }],
    'GET /api/posts/figures': (t) => [{ method: 'GET', url: `/api/posts/figures?unitId=${t.unit.id}` }],
    'GET /api/posts/corrections': (t) => [{ method: 'GET', url: `/api/posts/corrections?unitId=${t.unit.id}` }],
    'GET /api/posts/corrections/export': (t) => [{ method: 'GET', url: `/api/posts/corrections/export?unitId=${t.unit.id}` }],
    'GET /api/posts/:id': (t) => [{ method: 'GET', url: `/api/posts/${t.records.postId}` }],
    'GET /api/posts/:id/history': (t) => [{ method: 'GET', url: `/api/posts/${t.records.postId}/history` }],
    'GET /api/posts/:id/approval-form': (t) => [{ method: 'GET', url: `/api/posts/${t.records.postId}/approval-form` }],
    'POST /api/posts': (t) => [{ method: 'POST', url: '/api/posts', body: post(t.unit.id, t.records.outletId) }],
    'PUT /api/posts/:id': (t) => [{ method: 'PUT', url: `/api/posts/${t.records.postId}`, body: { ...post(t.unit.id, t.records.outletId), version: 99 } }],
    'POST /api/posts/:id/submit': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/submit`, body: { version: 99 } }],
    'POST /api/posts/:id/approve': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/approve`, body: { version: 0, notSecret: true } }],
    'POST /api/posts/:id/reject': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/reject`, body: { version: 0, reason: '越权' } }],
    'POST /api/posts/:id/hits/:hitId/ack': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/hits/x/ack`, body: { version: 0, action: 'fixed' } }],
    'POST /api/posts/:id/publish': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/publish`, body: { version: 0, outletId: t.records.outletId, publishedOn: '2026-02-01' } }],
    'POST /api/posts/:id/corrections': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/corrections`, body: { version: 0, wrong: '越权', severity: 'normal', foundBy: 'self', foundOn: '2026-02-01' } }],
    'POST /api/posts/:id/corrections/:correctionId/fix': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/corrections/x/fix`, body: { version: 0, fixedOn: '2026-02-01' } }],
    'POST /api/posts/:id/archive': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/archive`, body: { version: 99 } }],
    'POST /api/posts/:id/restore': (t) => [{ method: 'POST', url: `/api/posts/${t.records.postId}/restore`, body: { version: 99 } }],
    'GET /api/publishing/chain': (t) => [{ method: 'GET', url: `/api/publishing/chain?unitId=${t.unit.id}` }],
    'PUT /api/publishing/chain': (t) => [{ method: 'PUT', url: '/api/publishing/chain', body: { unitId: t.unit.id, steps: [
      { key: 'a', label: '初审', kind: 'review', roles: ['staff'] }, { key: 'b', label: '复审', kind: 'review', roles: ['staff'] }, { key: 'c', label: '终审', kind: 'review', roles: ['leader'], final: true },
    ] } }],
    'GET /api/proof-rules': null,
    'POST /api/proof-rules/test': null,
    'POST /api/proof-rules': (t) => [{ method: 'POST', url: '/api/proof-rules', body: rule(t.unit.id) }],
    'PUT /api/proof-rules/:id': (t) => [{ method: 'PUT', url: `/api/proof-rules/${t.records.proofRuleId}`, body: { ...rule(t.unit.id), version: 0 } }],
    'POST /api/proof-rules/:id/archive': (t) => [{ method: 'POST', url: `/api/proof-rules/${t.records.proofRuleId}/archive`, body: { version: 0 } }],
    'POST /api/proof-rules/:id/restore': (t) => [{ method: 'POST', url: `/api/proof-rules/${t.records.proofRuleId}/restore`, body: { version: 0 } }],
  },
};

export default outlets;
