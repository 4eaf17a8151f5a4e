import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptAnswers, accountabilityFields, accountabilityUpdate, answerSave, campaignAnswerSave, campaignCreate, campaignPublish, campaignQuery, findingCreate,
  frameworkCopy, frameworkCreate, frameworkQuery, frameworkUpdate, selfCreate, selfQuery, selfSubmit, situationsSave,
} from '../../../common/checks';
import type { Database } from '../../db';
import { ALLOWED_TYPES, contentDisposition } from '../../platform/files';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { shanghaiYear } from '../../platform/period';
import { actionRoute, historyRoute, readRoute } from '../../platform/register-routes';
import * as acc from './accountability';
import * as fw from './frameworks';
import { indicatorViews } from './indicators';
import { assessmentLedger, campaignLedger } from './ledger';
import * as service from './service';
import { STARTER_TOTAL, starterContent, starterName } from './starter';
import { openFindings } from './todos';

const campaignUnitParams = z.object({ id: z.string().min(1).max(64), unitId: z.string().min(1).max(64) });
const itemParams = z.object({ id: z.string().min(1).max(64), itemKey: z.string().min(1).max(40) });

export function checkRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['自查与考核'];

    app.get('/api/checks/indicators', {
      config: { permission: 'check.read' },
      schema: { tags, summary: '可绑定的指标(各模块提供，新增指标自动出现)' },
    }, async () => ({ items: indicatorViews() }));

    app.get('/api/checks/starter', {
      config: { permission: 'check.read' },
      schema: { tags, summary: '系统提供的考核细则范本(可绑定的项目已绑定指标)', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) },
    }, async (req) => {
      const year = req.query.year ?? shanghaiYear();
      return { year, name: starterName(year), totalPoints: STARTER_TOTAL, content: starterContent() };
    });

    // Frameworks
    app.get('/api/checks/frameworks', {
      config: { permission: 'check.read' }, schema: { tags, summary: '考核细则列表(本单位、上级和下级制定的)', querystring: frameworkQuery },
    }, async (req) => fw.listFrameworks(db, actorOf(req), req.query));
    readRoute(app, '/api/checks/frameworks/:id', { permission: 'check.read', tags, summary: '考核细则详情', read: (actor, id) => fw.getFramework(db, actor, id) });
    readRoute(app, '/api/checks/frameworks/:id/diff', { permission: 'check.read', tags, summary: '与复制来源(上年度)相比的变化', read: (actor, id) => fw.frameworkDiff(db, actor, id) });
    historyRoute(app, '/api/checks/frameworks', { permission: 'check.read', tags, summary: '考核细则的修改历史', read: (actor, id) => fw.frameworkHistory(db, actor, id) });
    app.post('/api/checks/frameworks', {
      config: { permission: 'check.manage' }, schema: { tags, summary: '制定本单位年度考核细则(分值合计须等于总分)', body: frameworkCreate },
    }, async (req, reply) => reply.code(201).send(await fw.createFramework(db, actorCtx(req), req.body)));
    app.post('/api/checks/frameworks/copy', {
      config: { permission: 'check.manage' }, schema: { tags, summary: '复制本单位上一年度的考核细则', body: frameworkCopy },
    }, async (req, reply) => reply.code(201).send(await fw.copyFramework(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/checks/frameworks/:id', { method: 'put', permission: 'check.manage', tags, summary: '修改考核细则', body: frameworkUpdate, run: (ctx, id, b) => fw.updateFramework(db, ctx, id, b) });

    // Self-inspections
    app.get('/api/checks/self', {
      config: { permission: 'check.read' }, schema: { tags, summary: '自查列表(本单位及下级)', querystring: selfQuery },
    }, async (req) => service.listSelf(db, actorOf(req), req.query));
    app.post('/api/checks/self', {
      config: { permission: 'check.self' }, schema: { tags, summary: '开始自查(绑定指标的项目根据台账记录自动填写)', body: selfCreate },
    }, async (req, reply) => reply.code(201).send(await service.createSelf(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/checks/self/:id/submit', { permission: 'check.self', tags, summary: '自查报送上级', body: selfSubmit, run: (ctx, id, b) => service.submitSelf(db, ctx, id, b.version) });

    // Assessments (self or campaign)
    readRoute(app, '/api/checks/assessments/:id', { permission: 'check.read', tags, summary: '自查或考核详情(逐项)', read: (actor, id) => service.getAssessment(db, actor, id) });
    actionRoute(app, '/api/checks/assessments/:id/answers', { permission: 'check.read', tags, summary: '逐项填写或评分(与台账计算结果不同须说明原因)', body: answerSave, run: (ctx, id, b) => service.saveAnswer(db, ctx, id, b) });
    actionRoute(app, '/api/checks/assessments/:id/refresh', { permission: 'check.read', tags, summary: '按最新台账记录重新计算绑定指标的项目', body: z.object({}), run: (ctx, id) => service.refreshBound(db, ctx, id) });
    actionRoute(app, '/api/checks/assessments/:id/accept', { permission: 'check.assess', tags, summary: '未评项目采纳台账计算结果或自查结果', body: acceptAnswers, run: (ctx, id, b) => service.acceptRemaining(db, ctx, id, b) });
    app.post('/api/checks/assessments/:id/items/:itemKey/rectification', {
      config: { permission: 'rectification.manage' }, schema: { tags, summary: '未达标或扣分的项目转为整改事项', params: itemParams, body: findingCreate },
    }, async (req, reply) => reply.code(201).send(await service.raiseFinding(db, actorCtx(req), req.params.id, req.params.itemKey, req.body)));
    app.get('/api/checks/assessments/:id/export', {
      config: { permission: 'check.read' }, schema: { tags, summary: '导出自查或考核表(.xlsx，保留细则结构、结果和得分)', params: idParams },
    }, async (req, reply) => {
      const { buffer, filename } = await assessmentLedger(db, actorOf(req), req.params.id);
      reply.header('content-disposition', contentDisposition(filename));
      return reply.type(ALLOWED_TYPES.xlsx).send(buffer);
    });
    app.get('/api/checks/findings', {
      config: { permission: 'check.read' }, schema: { tags, summary: '未转整改的问题(未达标、扣分的项目)' },
    }, async (req) => openFindings(db, actorOf(req)));
    readRoute(app, '/api/checks/findings/:id', { permission: 'check.read', tags, summary: '整改事项来自的考核项目(按整改事项编号)', read: (actor, id) => service.findingOf(db, actor, id) });

    // Campaigns
    app.get('/api/checks/campaigns', {
      config: { permission: 'check.read' }, schema: { tags, summary: '考核列表', querystring: campaignQuery },
    }, async (req) => service.listCampaigns(db, actorOf(req), req.query));
    app.post('/api/checks/campaigns', {
      config: { permission: 'check.manage' }, schema: { tags, summary: '发起考核(范围内每个单位一份考核表)', body: campaignCreate },
    }, async (req, reply) => reply.code(201).send(await service.createCampaign(db, actorCtx(req), req.body)));
    readRoute(app, '/api/checks/campaigns/:id', { permission: 'check.read', tags, summary: '考核详情、进度和结果(公布前被考核单位看不到)', read: (actor, id) => service.getCampaign(db, actor, id) });
    app.get('/api/checks/campaigns/:id/units/:unitId', {
      config: { permission: 'check.read' }, schema: { tags, summary: '某单位的考核表', params: campaignUnitParams },
    }, async (req) => service.getCampaignAssessment(db, actorOf(req), req.params.id, req.params.unitId));
    actionRoute(app, '/api/checks/campaigns/:id/answers', { permission: 'check.assess', tags, summary: '考核评分(逐项，记录考核方式)', body: campaignAnswerSave, run: (ctx, id, b) => service.saveCampaignAnswer(db, ctx, id, b) });
    actionRoute(app, '/api/checks/campaigns/:id/publish', { permission: 'check.assess', tags, summary: '公布考核结果', body: campaignPublish, run: (ctx, id, b) => service.publishCampaign(db, ctx, id, b.version) });
    app.get('/api/checks/campaigns/:id/export', {
      config: { permission: 'check.read' }, schema: { tags, summary: '导出考核结果(.xlsx：排名和各单位逐项得分)', params: idParams },
    }, async (req, reply) => {
      const { buffer, filename } = await campaignLedger(db, actorOf(req), req.params.id);
      reply.header('content-disposition', contentDisposition(filename));
      return reply.type(ALLOWED_TYPES.xlsx).send(buffer);
    });

    // Accountability (问责)
    app.get('/api/checks/accountability', {
      config: { permission: 'check.accountability' }, schema: { tags, summary: '问责记录(仅作出决定的单位及上级的领导、督查可见，查看留痕)' },
    }, async (req) => acc.listAccountability(db, actorCtx(req)));
    app.get('/api/checks/accountability/:id', {
      config: { permission: 'check.accountability' }, schema: { tags, summary: '问责记录详情(查看留痕)', params: idParams },
    }, async (req) => acc.getAccountability(db, actorCtx(req), req.params.id));
    app.get('/api/checks/accountability/:id/history', {
      config: { permission: 'check.accountability' }, schema: { tags, summary: '问责记录的修改历史', params: idParams },
    }, async (req) => acc.accountabilityHistory(db, actorCtx(req), req.params.id));
    app.post('/api/checks/accountability', {
      config: { permission: 'check.accountability' }, schema: { tags, summary: '登记问责', body: accountabilityFields },
    }, async (req, reply) => reply.code(201).send(await acc.createAccountability(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/checks/accountability/:id', { method: 'put', permission: 'check.accountability', tags, summary: '修改问责记录', body: accountabilityUpdate, run: (ctx, id, b) => acc.updateAccountability(db, ctx, id, b) });
    app.get('/api/checks/situations', {
      config: { permission: 'check.accountability' }, schema: { tags, summary: '问责情形列表' },
    }, async (req) => acc.listSituations(db, actorOf(req)));
    app.put('/api/checks/situations', {
      config: { permission: 'check.accountability' }, schema: { tags, summary: '修改本单位的问责情形列表', body: situationsSave },
    }, async (req) => acc.saveSituations(db, actorCtx(req), req.body));
  };
}
