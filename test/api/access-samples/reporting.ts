/**
 * Access-walk samples for 报告制度: each unit gets its own form, a monthly schedule for itself
 * and its January 2026 submission.
 */
import type { AccessModule } from '../../helpers/access';

const form = (unitId: string) => ({ unitId, name: '走查报表', kind: 'other', fields: [{ key: 'n', label: '数量', type: 'number', required: true, summable: true }] });
const schedule = (unitId: string, formId = 'builtin-monthly') => ({
  unitId, name: '走查月报', formId, targetMode: 'list', targetUnitIds: [unitId], cycle: 'monthly', startsOn: '2026-01-01', dueMode: 'working_days', dueN: 5,
});

const reporting: AccessModule = {
  async setup(admin, unit) {
    const f = await admin.post('/api/reporting/forms', form(unit.id));
    if (f.status !== 201) throw new Error(`form setup failed: ${JSON.stringify(f.body)}`);
    const s = await admin.post('/api/reporting/schedules', schedule(unit.id));
    if (s.status !== 201) throw new Error(`schedule setup failed: ${JSON.stringify(s.body)}`);
    const sub = await admin.post(`/api/reporting/schedules/${s.body.id}/submissions`, { unitId: unit.id, periodKey: '2026-01' });
    if (sub.status !== 200) throw new Error(`submission setup failed: ${JSON.stringify(sub.body)}`);
    return { reportFormId: f.body.id, reportScheduleId: s.body.id, submissionId: sub.body.id };
  },
  samples: {
    'GET /api/reporting/forms': null,
    'GET /api/reporting/forms/:id': (t) => [{ method: 'GET', url: `/api/reporting/forms/${t.records.reportFormId}` }],
    'GET /api/reporting/forms/:id/history': (t) => [{ method: 'GET', url: `/api/reporting/forms/${t.records.reportFormId}/history` }],
    'POST /api/reporting/forms': (t) => [{ method: 'POST', url: '/api/reporting/forms', body: form(t.unit.id) }],
    'PUT /api/reporting/forms/:id': (t) => [{ method: 'PUT', url: `/api/reporting/forms/${t.records.reportFormId}`, body: { ...form(t.unit.id), version: 0 } }],
    'POST /api/reporting/forms/:id/archive': (t) => [{ method: 'POST', url: `/api/reporting/forms/${t.records.reportFormId}/archive`, body: { version: 0 } }],
    'POST /api/reporting/forms/:id/restore': (t) => [{ method: 'POST', url: `/api/reporting/forms/${t.records.reportFormId}/restore`, body: { version: 0 } }],
    'GET /api/reporting/schedules': (t) => [{ method: 'GET', url: `/api/reporting/schedules?unitId=${t.unit.id}` }],
    'GET /api/reporting/schedules/:id': (t) => [{ method: 'GET', url: `/api/reporting/schedules/${t.records.reportScheduleId}` }],
    'GET /api/reporting/schedules/:id/history': (t) => [{ method: 'GET', url: `/api/reporting/schedules/${t.records.reportScheduleId}/history` }],
    'POST /api/reporting/schedules': (t) => [{ method: 'POST', url: '/api/reporting/schedules', body: schedule(t.unit.id) }],
    'PUT /api/reporting/schedules/:id': (t) => [{ method: 'PUT', url: `/api/reporting/schedules/${t.records.reportScheduleId}`, body: { ...schedule(t.unit.id), version: 0 } }],
    'POST /api/reporting/schedules/:id/archive': (t) => [{ method: 'POST', url: `/api/reporting/schedules/${t.records.reportScheduleId}/archive`, body: { version: 0 } }],
    'POST /api/reporting/schedules/:id/restore': (t) => [{ method: 'POST', url: `/api/reporting/schedules/${t.records.reportScheduleId}/restore`, body: { version: 0 } }],
    'POST /api/reporting/schedules/:id/submissions': (t) => [{ method: 'POST', url: `/api/reporting/schedules/${t.records.reportScheduleId}/submissions`, body: { unitId: t.unit.id, periodKey: '2026-02' } }],
    'GET /api/reporting/submissions': (t) => [{ method: 'GET', url: `/api/reporting/submissions?unitId=${t.unit.id}` }],
    'GET /api/reporting/submissions/export': (t) => [{ method: 'GET', url: `/api/reporting/submissions/export?unitId=${t.unit.id}` }],
    'GET /api/reporting/submissions/:id': (t) => [{ method: 'GET', url: `/api/reporting/submissions/${t.records.submissionId}` }],
    'GET /api/reporting/submissions/:id/history': (t) => [{ method: 'GET', url: `/api/reporting/submissions/${t.records.submissionId}/history` }],
    'GET /api/reporting/submissions/:id/consolidation': (t) => [{ method: 'GET', url: `/api/reporting/submissions/${t.records.submissionId}/consolidation` }],
    'PUT /api/reporting/submissions/:id': (t) => [{ method: 'PUT', url: `/api/reporting/submissions/${t.records.submissionId}`, body: { values: {}, version: 0 } }],
    'POST /api/reporting/submissions/:id/submit': (t) => [{ method: 'POST', url: `/api/reporting/submissions/${t.records.submissionId}/submit`, body: { values: {}, version: 0 } }],
    'POST /api/reporting/submissions/:id/nil': (t) => [{ method: 'POST', url: `/api/reporting/submissions/${t.records.submissionId}/nil`, body: { version: 0 } }],
    'POST /api/reporting/submissions/:id/sign': (t) => [{ method: 'POST', url: `/api/reporting/submissions/${t.records.submissionId}/sign`, body: { version: 0 } }],
    'POST /api/reporting/submissions/:id/return': (t) => [{ method: 'POST', url: `/api/reporting/submissions/${t.records.submissionId}/return`, body: { version: 0, reason: '越权' } }],
    'POST /api/reporting/submissions/:id/reopen-request': (t) => [{ method: 'POST', url: `/api/reporting/submissions/${t.records.submissionId}/reopen-request`, body: { reason: '越权' } }],
    'POST /api/reporting/submissions/:id/reopen': (t) => [{ method: 'POST', url: `/api/reporting/submissions/${t.records.submissionId}/reopen`, body: { version: 0, days: 3 } }],
    'GET /api/reporting/rates': (t) => [{ method: 'GET', url: `/api/reporting/rates?scheduleId=${t.records.reportScheduleId}&periodKey=2026-01&unitId=${t.unit.id}` }],
    'GET /api/reporting/matrix': (t) => [{ method: 'GET', url: `/api/reporting/matrix?scheduleId=${t.records.reportScheduleId}&unitId=${t.unit.id}` }],
    'GET /api/reporting/trend': (t) => [{ method: 'GET', url: `/api/reporting/trend?scheduleId=${t.records.reportScheduleId}&unitId=${t.unit.id}` }],
    'POST /api/reporting/remind': (t) => [{ method: 'POST', url: '/api/reporting/remind', body: { scheduleId: t.records.reportScheduleId, periodKey: '2026-01', unitId: t.unit.id } }],
    'GET /api/reporting/figures': (t) => [{ method: 'GET', url: `/api/reporting/figures?unitId=${t.unit.id}` }],
  },
  listRoutes: [],
};

export default reporting;
