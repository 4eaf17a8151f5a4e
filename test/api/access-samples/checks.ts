/**
 * Access-walk samples for 自查与考核: each unit gets a self-inspection on the county's framework
 * with one failed item turned into a rectification, an assessment in the county's campaign, and
 * a 问责 record decided by a leader of its own.
 *
 * Some records are, by design, readable from below: a superior's framework (a unit is assessed by
 * it) and a campaign a unit is in. Those read routes name no record of another unit and are null;
 * their rules are tested in test/api/checks.test.ts. Before results are published a unit may not
 * open its own assessment or score it, so those samples have no sound request on the own unit
 * (they give none there).
 */
import { PASSWORD } from '../../helpers/factories';
import type { AccessModule } from '../../helpers/access';
import { login } from '../../helpers/client';

let shared: { frameworkId: string; campaignId: string } | null = null;
let seq = 0;

const framework = {
  year: 2026, name: '访问检查细则', totalPoints: 10,
  content: { sections: [{ key: 's', title: '组织', items: [{ key: 'a01', text: '成立领导小组', kind: 'normal', points: 10, scoring: 'pass_fail', kinds: [], evidence: '文件' }] }] },
};

const accountability = (unitId: string) => ({
  situation: '对上级部署的整改任务落实不力', targetUnitId: unitId, personName: null, liable: '集体', responsibility: '主要领导责任', form: '提醒',
  decidedOn: '2026-10-01', decisionDoc: '〔2026〕1号', noHonours: false,
});

const checks: AccessModule = {
  async setup(admin, unit) {
    const ok = (r: { status: number; body: unknown }, what: string) => {
      if (r.status >= 300) throw new Error(`checks setup (${what}) failed: ${JSON.stringify(r.body)}`);
      return r.body as any;
    };
    if (!shared) {
      const f = await admin.post('/api/checks/frameworks', framework);
      const frameworkId = f.status === 201 ? f.body.id : (await admin.get('/api/checks/frameworks?year=2026')).body.items.find((x: any) => x.name === framework.name).id;
      const c = ok(await admin.post('/api/checks/campaigns', { frameworkId, name: '访问检查考核', from: '2026-01-01', to: '2026-12-31', unitKinds: ['township', 'village'] }), 'campaign');
      shared = { frameworkId, campaignId: c.id };
    }
    const self = ok(await admin.post('/api/checks/self', { frameworkId: shared.frameworkId, unitId: unit.id, from: '2026-01-01', to: '2026-12-31' }), 'self');
    ok(await admin.post(`/api/checks/assessments/${self.id}/answers`, { itemKey: 'a01', version: null, passed: false }), 'answer');
    const raised = ok(await admin.post(`/api/checks/assessments/${self.id}/items/a01/rectification`, { measures: '补齐', dueDay: '2026-12-31' }), 'finding');
    const rectId = raised.items[0].answer.rectificationId;
    // A leader of the unit decides its 问责 record.
    const username = `chk_leader_${++seq}_${Math.random().toString(36).slice(2, 6)}`;
    ok(await admin.post('/api/accounts', { username, displayName: '问责领导', role: 'leader', unitId: unit.id, password: PASSWORD }), 'account');
    const leader = await login(admin.app, username, PASSWORD);
    const acc = ok(await leader.post('/api/checks/accountability', accountability(unit.id)), 'accountability');
    return { checkSelfId: self.id, checkRectId: rectId, checkAccId: acc.id, checkCampaignId: shared.campaignId, checkFrameworkId: shared.frameworkId };
  },
  listRoutes: ['GET /api/checks/self'],
  samples: {
    'GET /api/checks/indicators': null,
    'GET /api/checks/starter': null,
    'GET /api/checks/frameworks': null,
    'GET /api/checks/frameworks/:id': null,
    'GET /api/checks/frameworks/:id/diff': null,
    'GET /api/checks/frameworks/:id/history': null,
    'POST /api/checks/frameworks': null,
    'POST /api/checks/frameworks/copy': null,
    'PUT /api/checks/frameworks/:id': (t, own) => (t === own ? [] : [{ method: 'PUT', url: `/api/checks/frameworks/${t.records.checkFrameworkId}`, body: { ...framework, year: undefined, version: 0 } }]),
    'GET /api/checks/self': (t) => [{ method: 'GET', url: `/api/checks/self?unitId=${t.unit.id}` }],
    'POST /api/checks/self': (t) => [{ method: 'POST', url: '/api/checks/self', body: { frameworkId: t.records.checkFrameworkId, unitId: t.unit.id, from: '2026-02-01', to: '2026-12-31' } }],
    'POST /api/checks/self/:id/submit': (t) => [{ method: 'POST', url: `/api/checks/self/${t.records.checkSelfId}/submit`, body: { version: 0 } }],
    'GET /api/checks/assessments/:id': (t) => [{ method: 'GET', url: `/api/checks/assessments/${t.records.checkSelfId}` }],
    'POST /api/checks/assessments/:id/answers': (t) => [{ method: 'POST', url: `/api/checks/assessments/${t.records.checkSelfId}/answers`, body: { itemKey: 'a01', version: 99, passed: true } }],
    'POST /api/checks/assessments/:id/refresh': (t) => [{ method: 'POST', url: `/api/checks/assessments/${t.records.checkSelfId}/refresh`, body: {} }],
    'POST /api/checks/assessments/:id/accept': (t) => [{ method: 'POST', url: `/api/checks/assessments/${t.records.checkSelfId}/accept`, body: { method: 'documents' } }],
    'POST /api/checks/assessments/:id/items/:itemKey/rectification': (t) => [{ method: 'POST', url: `/api/checks/assessments/${t.records.checkSelfId}/items/a01/rectification`, body: { measures: '越权', dueDay: '2026-12-31' } }],
    'GET /api/checks/assessments/:id/export': (t) => [{ method: 'GET', url: `/api/checks/assessments/${t.records.checkSelfId}/export` }],
    'GET /api/checks/findings': null,
    'GET /api/checks/findings/:id': (t) => [{ method: 'GET', url: `/api/checks/findings/${t.records.checkRectId}` }],
    'GET /api/checks/campaigns': null,
    'POST /api/checks/campaigns': null,
    'GET /api/checks/campaigns/:id': null,
    'GET /api/checks/campaigns/:id/export': null,
    'GET /api/checks/campaigns/:id/units/:unitId': (t, own) => (t === own ? [] : [{ method: 'GET', url: `/api/checks/campaigns/${t.records.checkCampaignId}/units/${t.unit.id}` }]),
    'POST /api/checks/campaigns/:id/answers': (t, own) => (t === own ? [] : [{ method: 'POST', url: `/api/checks/campaigns/${t.records.checkCampaignId}/answers`, body: { unitId: t.unit.id, itemKey: 'a01', version: null, passed: true, method: 'documents' } }]),
    'POST /api/checks/campaigns/:id/publish': (t, own) => (t === own ? [] : [{ method: 'POST', url: `/api/checks/campaigns/${t.records.checkCampaignId}/publish`, body: { version: 0 } }]),
    'GET /api/checks/accountability': null,
    'GET /api/checks/accountability/:id': (t) => [{ method: 'GET', url: `/api/checks/accountability/${t.records.checkAccId}` }],
    'GET /api/checks/accountability/:id/history': (t) => [{ method: 'GET', url: `/api/checks/accountability/${t.records.checkAccId}/history` }],
    'POST /api/checks/accountability': (t) => [{ method: 'POST', url: '/api/checks/accountability', body: accountability(t.unit.id) }],
    'PUT /api/checks/accountability/:id': (t) => [{ method: 'PUT', url: `/api/checks/accountability/${t.records.checkAccId}`, body: { ...accountability(t.unit.id), version: 0 } }],
    'GET /api/checks/situations': null,
    'PUT /api/checks/situations': null,
  },
};

export default checks;
