import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  formCreate, formQuery, formUpdate, matrixQuery, ratesQuery, remindBody, reopenGrant, reopenRequest, scheduleCreate, scheduleQuery, scheduleUpdate, submissionNil,
  submissionOpen, submissionQuery, submissionReturn, submissionSave,
} from '../../../common/reporting';
import type { Database } from '../../db';
import { actorCtx, actorOf, versionBody } from '../../platform/http';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';
import * as forms from './forms';
import { submissionLedger } from './ledger';
import * as rates from './rates';
import * as schedules from './schedules';
import * as service from './service';

export function reportingRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['报告制度'];

    // Forms.
    app.get('/api/reporting/forms', { config: { permission: 'report.read' }, schema: { tags, summary: '报表列表(内置报表和本单位及下级的报表)', querystring: formQuery } },
      async (req) => forms.listForms(db, actorOf(req), req.query.archived === 'true'));
    readRoute(app, '/api/reporting/forms/:id', { permission: 'report.read', tags, summary: '报表详情(当前版本的字段)', read: (actor, id) => forms.getForm(db, actor, id) });
    historyRoute(app, '/api/reporting/forms', { permission: 'report.read', tags, summary: '报表的修改历史', read: (actor, id) => forms.formHistory(db, actor, id) });
    app.post('/api/reporting/forms', { config: { permission: 'report.manage' }, schema: { tags, summary: '新建报表', body: formCreate } },
      async (req, reply) => reply.code(201).send(await forms.createForm(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/reporting/forms/:id', { method: 'put', permission: 'report.manage', tags, summary: '修改报表(字段变化时产生新版本，已有报告保留原版本)', body: formUpdate, run: (ctx, id, b) => forms.updateForm(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/reporting/forms', { permission: 'report.manage', tags, noun: '报表', set: forms.setFormArchived });

    // Schedules.
    app.get('/api/reporting/schedules', { config: { permission: 'report.read' }, schema: { tags, summary: '报送安排列表', querystring: scheduleQuery } },
      async (req) => schedules.listSchedules(db, actorOf(req), req.query));
    readRoute(app, '/api/reporting/schedules/:id', { permission: 'report.read', tags, summary: '报送安排详情', read: (actor, id) => schedules.getSchedule(db, actor, id) });
    historyRoute(app, '/api/reporting/schedules', { permission: 'report.read', tags, summary: '报送安排的修改历史', read: (actor, id) => schedules.scheduleHistory(db, actor, id) });
    app.post('/api/reporting/schedules', { config: { permission: 'report.manage' }, schema: { tags, summary: '新建报送安排', body: scheduleCreate } },
      async (req, reply) => reply.code(201).send(await schedules.createSchedule(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/reporting/schedules/:id', { method: 'put', permission: 'report.manage', tags, summary: '修改报送安排(只影响尚未开始的报送期)', body: scheduleUpdate, run: (ctx, id, b) => schedules.updateSchedule(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/reporting/schedules', { permission: 'report.manage', tags, noun: '报送安排', set: schedules.setScheduleArchived });
    actionRoute(app, '/api/reporting/schedules/:id/submissions', { permission: 'report.submit', tags, summary: '打开某单位某期的报告(尚未生成时生成)', body: submissionOpen, run: (ctx, id, b) => service.openSubmission(db, ctx, id, b) });

    // Submissions.
    app.get('/api/reporting/submissions', { config: { permission: 'report.read' }, schema: { tags, summary: '报告列表(view=mine 本单位待报，view=toSign 待签收)', querystring: submissionQuery } },
      async (req) => service.listSubmissions(db, actorOf(req), req.query));
    exportRoute(app, '/api/reporting/submissions/export', {
      permission: 'report.read', tags, summary: '导出报告台账(.xlsx，筛选条件同列表)', querystring: submissionQuery.omit({ page: true, pageSize: true }), filename: '报告报送台账.xlsx',
      ledger: (actor, q) => submissionLedger(db, actor, q),
    });
    readRoute(app, '/api/reporting/submissions/:id', { permission: 'report.read', tags, summary: '报告详情', read: (actor, id) => service.getSubmission(db, actor, id) });
    historyRoute(app, '/api/reporting/submissions', { permission: 'report.read', tags, summary: '报告的全部环节(报送、退回、签收…)', read: (actor, id) => service.submissionHistory(db, actor, id) });
    readRoute(app, '/api/reporting/submissions/:id/consolidation', { permission: 'report.read', tags, summary: '下级报告数字字段的汇总(每个合计列出来源报告)', read: (actor, id) => service.consolidation(db, actor, id) });
    actionRoute(app, '/api/reporting/submissions/:id', { method: 'put', permission: 'report.submit', tags, summary: '保存草稿', body: submissionSave, run: (ctx, id, b) => service.saveDraft(db, ctx, id, b) });
    actionRoute(app, '/api/reporting/submissions/:id/submit', { permission: 'report.submit', tags, summary: '报送', body: submissionSave, run: (ctx, id, b) => service.submit(db, ctx, id, b) });
    actionRoute(app, '/api/reporting/submissions/:id/nil', { permission: 'report.submit', tags, summary: '本期无情况(零报告)', body: submissionNil, run: (ctx, id, b) => service.submitNil(db, ctx, id, b) });
    actionRoute(app, '/api/reporting/submissions/:id/sign', { permission: 'report.review', tags, summary: '签收', body: versionBody, run: (ctx, id, b) => service.sign(db, ctx, id, b) });
    actionRoute(app, '/api/reporting/submissions/:id/return', { permission: 'report.review', tags, summary: '退回(须写明原因)', body: submissionReturn, run: (ctx, id, b) => service.returnSubmission(db, ctx, id, b) });
    actionRoute(app, '/api/reporting/submissions/:id/reopen-request', { permission: 'report.submit', tags, summary: '锁定后申请重新开放(须写明原因)', body: reopenRequest, run: (ctx, id, b) => service.requestReopen(db, ctx, id, b) });
    actionRoute(app, '/api/reporting/submissions/:id/reopen', { permission: 'report.review', tags, summary: '重新开放已锁定的报送', body: reopenGrant, run: (ctx, id, b) => service.grantReopen(db, ctx, id, b) });

    // Rates, matrix, trend, reminders.
    app.get('/api/reporting/rates', { config: { permission: 'report.read' }, schema: { tags, summary: '报送率和及时率(逐级下钻到未报单位)', querystring: ratesQuery } },
      async (req) => rates.rates(db, actorOf(req), req.query));
    app.get('/api/reporting/matrix', { config: { permission: 'report.read' }, schema: { tags, summary: '单位 × 报送期 的报送状态矩阵', querystring: matrixQuery } },
      async (req) => rates.matrix(db, actorOf(req), req.query));
    app.get('/api/reporting/trend', { config: { permission: 'report.read' }, schema: { tags, summary: '各期报送率、及时率的走势', querystring: matrixQuery } },
      async (req) => rates.trend(db, actorOf(req), req.query));
    app.post('/api/reporting/remind', { config: { permission: 'report.review' }, schema: { tags, summary: '一键催报本期全部未报单位', body: remindBody } },
      async (req) => rates.remindMissing(db, actorCtx(req), req.body));
  };
}
