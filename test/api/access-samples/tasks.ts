/** Access-walk samples for tasks: each unit gets a task with one progress note. */
import type { AccessModule } from '../../helpers/access';

const body = (unitId: string) => ({ unitId, title: '走查任务', source: 'superior', startDay: '2026-01-05', dueMode: 'date', dueDay: '2026-12-31' });

const tasks: AccessModule = {
  async setup(admin, unit) {
    const task = await admin.post('/api/tasks', body(unit.id));
    if (task.status !== 201) throw new Error(`task setup failed: ${JSON.stringify(task.body)}`);
    const progress = await admin.post(`/api/tasks/${task.body.id}/progress`, { day: '2026-02-01', note: '已部署' });
    if (progress.status !== 201) throw new Error(`progress setup failed: ${JSON.stringify(progress.body)}`);
    return { taskId: task.body.id, progressId: progress.body.id };
  },
  samples: {
    'GET /api/tasks': (t) => [{ method: 'GET', url: `/api/tasks?unitId=${t.unit.id}` }],
    'GET /api/tasks/export': (t) => [{ method: 'GET', url: `/api/tasks/export?unitId=${t.unit.id}` }],
    'GET /api/tasks/figures': (t) => [{ method: 'GET', url: `/api/tasks/figures?unitId=${t.unit.id}` }],
    'GET /api/tasks/due-day': null,
    'GET /api/tasks/:id': (t) => [{ method: 'GET', url: `/api/tasks/${t.records.taskId}` }],
    'GET /api/tasks/:id/children': (t) => [{ method: 'GET', url: `/api/tasks/${t.records.taskId}/children` }],
    'GET /api/tasks/:id/progress': (t) => [{ method: 'GET', url: `/api/tasks/${t.records.taskId}/progress` }],
    'GET /api/tasks/:id/history': (t) => [{ method: 'GET', url: `/api/tasks/${t.records.taskId}/history` }],
    'POST /api/tasks': (t) => [{ method: 'POST', url: '/api/tasks', body: body(t.unit.id) }],
    'POST /api/tasks/assign': (t, own) => [
      { method: 'POST', url: '/api/tasks/assign', body: { ...body(t.unit.id), fromUnitId: t.unit.id, unitIds: [own.unit.id] } },
      { method: 'POST', url: '/api/tasks/assign', body: { ...body(own.unit.id), fromUnitId: own.unit.id, unitIds: [t.unit.id] } },
    ],
    'PUT /api/tasks/:id': (t) => [{ method: 'PUT', url: `/api/tasks/${t.records.taskId}`, body: { ...body(t.unit.id), version: 0 } }],
    'POST /api/tasks/:id/progress': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/progress`, body: { day: '2026-02-02', note: '越权' } }],
    'POST /api/tasks/:id/urge': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/urge`, body: { note: '越权' } }],
    'POST /api/tasks/:id/complete': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/complete`, body: { version: 1, completedDay: '2026-02-03', note: '完成' } }],
    'POST /api/tasks/:id/reopen': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/reopen`, body: { version: 1, reason: '越权' } }],
    'POST /api/tasks/:id/archive': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/archive`, body: { version: 1 } }],
    'POST /api/tasks/:id/restore': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/restore`, body: { version: 1 } }],
    'GET /api/tasks/:id/extensions': (t) => [{ method: 'GET', url: `/api/tasks/${t.records.taskId}/extensions` }],
    'POST /api/tasks/:id/extensions': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/extensions`, body: { dueDay: '2027-01-31', reason: '越权' } }],
    // The task is checked before the request: another subtree's task refuses whatever the request's id.
    'POST /api/tasks/:id/extensions/:extensionId/decide': (t) => [{ method: 'POST', url: `/api/tasks/${t.records.taskId}/extensions/00000000-0000-7000-8000-000000000000/decide`, body: { approve: true } }],
    'GET /api/tasks/import/template': null,
    'POST /api/tasks/import': null,
  },
};

export default tasks;
