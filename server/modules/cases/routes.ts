import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  approveReplyBody, assignBody, caseCreate, caseSettings, closeBody, directReportQuery,
  eventQuery, firstInfoBody, followUpBody, instructBody, pauseBody, publicSubmit, rejectCloseBody, respondBody,
  replyApprovalBody, returnBody, returnReplyBody, superviseBody, urgeCaseBody, trackingParams, triageBody, verifyBody,
} from '../../../common/cases';
import { optionalDay } from '../../../common/fields';
import type { Config } from '../../config';
import type { Permission } from '../../../common/roles';
import type { Database } from '../../db';
import type { ActorCtx } from '../../platform/context';
import { actorCtx, actorOf, ctxOf, versionBody } from '../../platform/http';
import { sheetImportRoutes } from '../../platform/sheet-import';
import { caseFiguresLedger, directReportLedger } from './exports';
import { caseImport } from './import';
import { caseLedger } from './ledger';
import * as publicPage from './public';
import { EVENT_COUNT_CAP } from './search';
import * as service from './service';
import { getReplyApproval, setReplyApproval } from './reply-approval';
import { getCaseSettings, setCaseSettings } from './settings';
import { actionRoute, exportRoute, readRoute } from '../../platform/register-routes';

export function caseRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['舆情与诉求'];
    app.get('/api/cases', {
      config: { permission: 'case.read' },
      schema: { tags, summary: '舆情诉求事件列表(分页、筛选、全文搜索；超过 10,000 个时只数到 10,000，totalCapped 为 true)', querystring: eventQuery },
    }, async (req) => service.listEvents(db, actorOf(req), req.query, { countCap: EVENT_COUNT_CAP }));

    app.get('/api/cases/options', {
      config: { permission: 'case.read' },
      schema: { tags, summary: '分类、暂停计时情形等选项' },
    }, async () => service.caseOptions(db));

    app.get('/api/cases/settings', {
      config: { permission: 'case.read' },
      schema: { tags, summary: '舆情诉求设置(分类、归并阈值、时限政策)' },
    }, async () => getCaseSettings(db));

    app.put('/api/cases/settings', {
      config: { permission: 'case.settings' },
      schema: { tags, summary: '修改舆情诉求设置(最上级单位管理员)', body: caseSettings },
    }, async (req) => setCaseSettings(db, actorCtx(req), req.body));

    app.get('/api/cases/reply-approval', {
      config: { permission: 'case.read' },
      schema: { tags, summary: '本单位公开答复是否须经第二人审核(含上级单位的要求)' },
    }, async (req) => getReplyApproval(db, actorOf(req)));

    app.put('/api/cases/reply-approval', {
      config: { permission: 'case.settings' },
      schema: { tags, summary: '设置本单位及下级单位的公开答复须经第二人审核(本单位管理员)', body: replyApprovalBody },
    }, async (req) => setReplyApproval(db, actorCtx(req), req.body));

    app.get('/api/cases/direct-reports', {
      config: { permission: 'case.read' },
      schema: { tags, summary: '直报本单位的事件(已阅回执、批示)', querystring: directReportQuery },
    }, async (req) => service.listDirectReports(db, actorOf(req), req.query));

    exportRoute(app, '/api/cases/figures/export', {
      permission: 'case.read', tags, summary: '导出舆情诉求统计(.xlsx，单位与期间同统计页)', filename: '舆情与诉求统计.xlsx',
      querystring: z.object({ unitId: z.string().max(64).optional(), from: optionalDay('开始日期'), to: optionalDay('结束日期') }),
      ledger: (actor, q) => caseFiguresLedger(db, actor, q),
    });

    exportRoute(app, '/api/cases/direct-reports/export', {
      permission: 'case.read', tags, summary: '导出直报本单位的事件(.xlsx，含已阅回执与批示)', filename: '直报事件登记表.xlsx',
      querystring: directReportQuery.omit({ page: true, pageSize: true }),
      ledger: (actor, q) => directReportLedger(db, actor, q),
    });

    exportRoute(app, '/api/cases/export', {
      permission: 'case.read', tags, summary: '导出舆情诉求台账(.xlsx，筛选条件同列表)', querystring: eventQuery.omit({ page: true, pageSize: true }), filename: '舆情与诉求台账.xlsx',
      ledger: (actor, q) => caseLedger(db, actor, q),
    });

    app.post('/api/cases', {
      config: { permission: 'case.register' },
      schema: { tags, summary: '登记舆情诉求(相似的未办结事件自动归并)', body: caseCreate },
    }, async (req, reply) => reply.code(201).send(await service.registerCase(db, actorCtx(req), req.body)));

    readRoute(app, '/api/cases/:id', { permission: 'case.read', tags, summary: '事件详情(报告、时限、经过、直报回执；当前用户可做的操作及原因)', read: (actor, id) => service.getEventDetail(db, actor, id) });

    const action = <S extends z.ZodTypeAny>(path: string, permission: Permission, summary: string, body: S, run: (ctx: ActorCtx, id: string, body: z.output<S>) => Promise<unknown>) =>
      actionRoute(app, `/api/cases/:id/${path}`, { permission, tags, summary, body, run });

    action('triage', 'case.handle', '研判(等级、分类、责任单位；较大及以上立即直报上级)', triageBody, (c, id, b) => service.triage(db, c, id, b));
    action('assign', 'case.handle', '交办给下级单位(可逐级下交)', assignBody, (c, id, b) => service.assign(db, c, id, b));
    action('return', 'case.handle', '退回交办单位(须说明原因)', returnBody, (c, id, b) => service.returnEvent(db, c, id, b));
    action('verify', 'case.handle', '核实(结果与情况)', verifyBody, (c, id, b) => service.verify(db, c, id, b));
    action('first-info', 'case.handle', '发布首条权威信息', firstInfoBody, (c, id, b) => service.firstInfo(db, c, id, b));
    action('respond', 'case.handle', '处置与回应(措施与公开答复，反映人可见答复)', respondBody, (c, id, b) => service.respond(db, c, id, b));
    action('approve-reply', 'case.handle', '审核通过公开答复(须由起草人以外的人审核；通过后反映人可见)', approveReplyBody, (c, id, b) => service.approveReply(db, c, id, b));
    action('return-reply', 'case.handle', '退回待审核的公开答复(须说明理由)', returnReplyBody, (c, id, b) => service.returnReply(db, c, id, b));
    action('close', 'case.handle', '办结(较大及以上提交领导审批)', closeBody, (c, id, b) => service.close(db, c, id, b));
    action('approve-close', 'case.approve', '批准办结(受理单位或上级的领导)', closeBody, (c, id, b) => service.approveClose(db, c, id, b));
    action('reject-close', 'case.approve', '不同意办结(须说明理由)', rejectCloseBody, (c, id, b) => service.rejectClose(db, c, id, b));
    action('follow-up', 'case.handle', '回访', followUpBody, (c, id, b) => service.followUp(db, c, id, b));
    action('supervise', 'case.supervise', '督办(上级单位，设新的时限)', superviseBody, (c, id, b) => service.supervise(db, c, id, b));
    action('urge', 'case.supervise', '催办(责任单位的上级单位，责任单位立即收到提醒)', urgeCaseBody, (c, id, b) => service.urge(db, c, id, b));
    action('instruct', 'case.instruct', '批示(直报到的上级单位领导)', instructBody, (c, id, b) => service.instruct(db, c, id, b));
    action('read', 'case.read', '直报已阅', z.object({}).optional(), (c, id) => service.markRead(db, c, id));
    action('pause', 'case.handle', '暂停计时(等待外部，情形见时限政策)', pauseBody, (c, id, b) => service.pause(db, c, id, b));
    action('resume', 'case.handle', '恢复计时', versionBody, (c, id, b) => service.resume(db, c, id, b));
    action('archive', 'case.register', '归档事件', versionBody, (c, id, b) => service.setArchived(db, c, id, b.version, true));
    action('restore', 'case.register', '恢复事件', versionBody, (c, id, b) => service.setArchived(db, c, id, b.version, false));

    await app.register(sheetImportRoutes(db, config, { path: '/api/cases/import', permission: 'case.register', tag: '舆情与诉求', spec: caseImport }));

    // ---- Public page: no account; each route limited per address.
    const ptags = ['公众诉求'];
    app.get('/api/public/units', {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags: ptags, summary: '可反映诉求的单位(仅名称)' },
    }, async () => publicPage.publicUnits(db));

    app.get('/api/public/challenge', {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ptags, summary: '获取验证题(30 分钟内有效，只能用一次)' },
    }, async () => publicPage.newChallenge(db));

    app.post('/api/public/cases', {
      config: { public: true, rateLimit: { max: 5, timeWindow: '1 hour' } },
      bodyLimit: 32 * 1024,
      schema: { tags: ptags, summary: '提交诉求(返回查询码)', body: publicSubmit },
    }, async (req, reply) => reply.code(201).send(await publicPage.submitPublic(db, ctxOf(req), req.body)));

    app.get('/api/public/cases/:code', {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ptags, summary: '凭查询码查看办理状态和公开答复', params: trackingParams },
    }, async (req) => publicPage.track(db, req.params.code));
  };
}

