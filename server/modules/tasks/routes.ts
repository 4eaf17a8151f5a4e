import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dueDayQuery, extensionDecision, extensionRequest, taskAssign, taskComplete, taskCreate, taskQuery, taskReopen, taskUpdate, progressCreate } from '../../../common/tasks';
import { urgeBody } from '../../../common/events';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { resolveDueDay, WorkCalendar } from '../../platform/calendar';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { sheetImportRoutes } from '../../platform/sheet-import';
import { taskImport } from './import';
import { taskLedger } from './ledger';
import * as service from './service';
import * as extensions from './extensions';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';

const extensionParams = z.object({ id: idParams.shape.id, extensionId: idParams.shape.id });

export function taskRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['任务台账'];
    app.get('/api/tasks', {
      config: { permission: 'task.read' },
      schema: { tags, summary: '任务列表(分页、筛选；overdue=true 只看逾期)', querystring: taskQuery },
    }, async (req) => service.listTasks(db, actorOf(req), req.query));

    exportRoute(app, '/api/tasks/export', {
      permission: 'task.read', tags, summary: '导出任务台账(.xlsx，筛选条件同列表)', querystring: taskQuery.omit({ page: true, pageSize: true }), filename: '任务台账.xlsx',
      ledger: (actor, q) => taskLedger(db, actor, q),
    });

    app.get('/api/tasks/due-day', {
      config: { permission: 'task.read' },
      schema: { tags, summary: '按自然日或工作日推算完成时限(表单预览，与保存时的算法相同)', querystring: dueDayQuery },
    }, async (req) => {
      const { startDay, dueMode, dueDays } = req.query;
      return { dueDay: resolveDueDay(await WorkCalendar.load(db), startDay, dueMode, null, dueDays) };
    });

    readRoute(app, '/api/tasks/:id', { permission: 'task.read', tags, summary: '任务详情', read: (actor, id) => service.getTask(db, actor, id) });

    readRoute(app, '/api/tasks/:id/children', { permission: 'task.read', tags, summary: '派发任务各承办单位的进展', read: (actor, id) => service.listChildren(db, actor, id) });

    readRoute(app, '/api/tasks/:id/progress', { permission: 'task.read', tags, summary: '任务进展记录(含佐证附件)', read: (actor, id) => service.listProgress(db, actor, id) });

    historyRoute(app, '/api/tasks', { permission: 'task.read', tags, summary: '任务的修改历史', read: (actor, id) => service.taskHistory(db, actor, id) });

    app.post('/api/tasks', {
      config: { permission: 'task.manage' },
      schema: { tags, summary: '登记任务', body: taskCreate },
    }, async (req, reply) => reply.code(201).send(await service.createTask(db, actorCtx(req), req.body)));

    app.post('/api/tasks/assign', {
      config: { permission: 'task.manage' },
      schema: { tags, summary: '向多个下级单位派发任务(全部成功或全部不写入)', body: taskAssign },
    }, async (req, reply) => reply.code(201).send(await service.assignTask(db, actorCtx(req), req.body)));

    actionRoute(app, '/api/tasks/:id', { method: 'put', permission: 'task.manage', tags, summary: '修改任务', body: taskUpdate, run: (ctx, id, b) => service.updateTask(db, ctx, id, b) });

    app.post('/api/tasks/:id/progress', {
      config: { permission: 'task.progress' },
      schema: { tags, summary: '报送进展(佐证附件随后上传到 task_progress)', params: idParams, body: progressCreate },
    }, async (req, reply) => reply.code(201).send(await service.addProgress(db, actorCtx(req), req.params.id, req.body)));

    app.post('/api/tasks/:id/urge', {
      config: { permission: 'task.manage' },
      schema: { tags, summary: '催办派发给下级单位的任务(承办单位立即收到提醒；每天一次)', params: idParams, body: urgeBody },
    }, async (req) => service.urgeTask(db, actorCtx(req), req.params.id, req.body));

    actionRoute(app, '/api/tasks/:id/complete', { permission: 'task.manage', tags, summary: '标记完成', body: taskComplete, run: (ctx, id, b) => service.completeTask(db, ctx, id, b) });

    actionRoute(app, '/api/tasks/:id/reopen', { permission: 'task.manage', tags, summary: '重新打开已完成的任务', body: taskReopen, run: (ctx, id, b) => service.reopenTask(db, ctx, id, b) });

    readRoute(app, '/api/tasks/:id/extensions', { permission: 'task.read', tags, summary: '延期申请及本人可做的(申请或审批)', read: (actor, id) => extensions.listExtensions(db, actor, id) });

    app.post('/api/tasks/:id/extensions', {
      config: { permission: 'task.progress' },
      schema: { tags, summary: '申请延期(承办单位向派发单位)', params: idParams, body: extensionRequest },
    }, async (req, reply) => reply.code(201).send(await extensions.requestExtension(db, actorCtx(req), req.params.id, req.body)));

    app.post('/api/tasks/:id/extensions/:extensionId/decide', {
      config: { permission: 'task.manage' },
      schema: { tags, summary: '审批延期申请(派发单位：同意则完成时限改为申请的日期)', params: extensionParams, body: extensionDecision },
    }, async (req) => extensions.decideExtension(db, actorCtx(req), req.params.id, req.params.extensionId, req.body));

    archiveRoutes(app, db, '/api/tasks', { permission: 'task.manage', tags, noun: '任务', archiveSummary: '归档任务(派发任务连同下发的任务)', set: service.setTaskArchived });

    await app.register(sheetImportRoutes(db, config, { path: '/api/tasks/import', permission: 'task.manage', tag: '任务台账', spec: taskImport }));
  };
}
