import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTLET_TYPES, outletCreate, outletQuery, outletTransition, outletUpdate, quietSettings } from '../../../common/outlets';
import {
  chainSave, correctionCreate, correctionFix, hitAck, postApprove, postCreate, postPublish, postQuery, postReject, postSubmit, postUpdate, ruleSave, ruleTest, ruleUpdate,
} from '../../../common/publishing';
import { optionalDay, page } from '../../../common/fields';
import type { Database } from '../../db';
import { ALLOWED_TYPES, contentDisposition } from '../../platform/files';
import { actorCtx, actorOf, idParams } from '../../platform/http';
import { actionRoute, archiveRoutes, exportRoute, historyRoute, readRoute } from '../../platform/register-routes';
import { getChain, saveChain } from './chain';
import { approvalFormDocx } from './documents';
import { correctionLedger, outletLedger, postLedger } from './ledger';
import * as posts from './posts';
import * as registry from './registry';
import * as rules from './rules';

const ledgerQuery = z.object({ unitId: z.string().max(64).optional(), from: optionalDay('开始日期'), to: optionalDay('结束日期') });

export function outletRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['阵地'];
    app.get('/api/outlets', { config: { permission: 'outlet.read' }, schema: { tags, summary: '阵地列表(含更新情况、即将到期的备案和重复开设提示)', querystring: outletQuery } },
      async (req) => registry.listOutlets(db, actorOf(req), req.query));
    exportRoute(app, '/api/outlets/export', { permission: 'outlet.read', tags, summary: '导出阵地台账(.xlsx)', querystring: ledgerQuery, filename: '阵地台账.xlsx', ledger: (actor, q) => outletLedger(db, actor, q) });
    app.get('/api/outlets/quiet-settings', { config: { permission: 'outlet.read' }, schema: { tags, summary: '各类阵地的更新频次要求(未按期更新、睡眠天数)' } }, async () => registry.getQuietSettings(db));
    app.put('/api/outlets/quiet-settings', { config: { permission: 'publishing.settings' }, schema: { tags, summary: '设置各类阵地的更新频次要求(最上级单位管理员)', body: quietSettings } },
      async (req) => registry.saveQuietSettings(db, actorCtx(req), req.body));
    readRoute(app, '/api/outlets/:id', { permission: 'outlet.read', tags, summary: '阵地详情(含状态变更记录)', read: (actor, id) => registry.getOutlet(db, actor, id) });
    historyRoute(app, '/api/outlets', { permission: 'outlet.read', tags, summary: '阵地的修改记录', read: (actor, id) => registry.outletHistory(db, actor, id) });
    app.post('/api/outlets', { config: { permission: 'outlet.manage' }, schema: { tags, summary: '登记阵地', body: outletCreate } },
      async (req, reply) => reply.code(201).send(await registry.createOutlet(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/outlets/:id', { method: 'put', permission: 'outlet.manage', tags, summary: '修改阵地信息', body: outletUpdate, run: (ctx, id, b) => registry.updateOutlet(db, ctx, id, b) });
    actionRoute(app, '/api/outlets/:id/transition', { permission: 'outlet.manage', tags, summary: '阵地状态变更(开通、变更、关停注销；附原因和备案材料)', body: outletTransition, run: (ctx, id, b) => registry.transitionOutlet(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/outlets', { permission: 'outlet.manage', tags, noun: '阵地', set: registry.setOutletArchived });

    const ptags = ['信息发布审核'];
    app.get('/api/posts', { config: { permission: 'post.read' }, schema: { tags: ptags, summary: '信息列表(waiting=me：待我审核)', querystring: postQuery } },
      async (req) => posts.listPosts(db, actorOf(req), req.query));
    exportRoute(app, '/api/posts/export', { permission: 'post.read', tags: ptags, summary: '导出信息发布审核台账(.xlsx)', querystring: ledgerQuery, filename: '信息发布审核台账.xlsx', ledger: (actor, q) => postLedger(db, actor, q) });
    app.get('/api/posts/corrections', { config: { permission: 'post.read' }, schema: { tags: ptags, summary: '信息更正记录', querystring: page.merge(ledgerQuery) } },
      async (req) => posts.listCorrections(db, actorOf(req), req.query));
    exportRoute(app, '/api/posts/corrections/export', { permission: 'post.read', tags: ptags, summary: '导出信息更正台账(.xlsx)', querystring: ledgerQuery, filename: '信息更正台账.xlsx', ledger: (actor, q) => correctionLedger(db, actor, q) });
    readRoute(app, '/api/posts/:id', { permission: 'post.read', tags: ptags, summary: '信息详情(含审核环节、校对提示、发布和更正，以及当前用户能做什么)', read: (actor, id) => posts.getPost(db, actor, id) });
    historyRoute(app, '/api/posts', { permission: 'post.read', tags: ptags, summary: '信息的审核经过', read: (actor, id) => posts.postHistory(db, actor, id) });
    app.get('/api/posts/:id/approval-form', { config: { permission: 'post.read' }, schema: { tags: ptags, summary: '下载信息发布审批表(.docx)', params: idParams } }, async (req, reply) => {
      const { buffer, filename } = await approvalFormDocx(db, actorOf(req), req.params.id);
      reply.header('content-disposition', contentDisposition(filename));
      return reply.type(ALLOWED_TYPES.docx).send(buffer);
    });
    app.post('/api/posts', { config: { permission: 'post.write' }, schema: { tags: ptags, summary: '撰写信息(草稿)', body: postCreate } },
      async (req, reply) => reply.code(201).send(await posts.createPost(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/posts/:id', { method: 'put', permission: 'post.write', tags: ptags, summary: '修改信息(作者；草稿或退回后)', body: postUpdate, run: (ctx, id, b) => posts.updatePost(db, ctx, id, b) });
    actionRoute(app, '/api/posts/:id/submit', { permission: 'post.write', tags: ptags, summary: '提交审核(运行校对规则)', body: postSubmit, run: (ctx, id, b) => posts.submitPost(db, ctx, id, b) });
    actionRoute(app, '/api/posts/:id/approve', { permission: 'post.review', tags: ptags, summary: '审核通过当前环节(不能是作者，不能一人审两个环节)', body: postApprove, run: (ctx, id, b) => posts.approvePost(db, ctx, id, b) });
    actionRoute(app, '/api/posts/:id/reject', { permission: 'post.review', tags: ptags, summary: '审核退回(须说明原因)', body: postReject, run: (ctx, id, b) => posts.rejectPost(db, ctx, id, b) });
    app.post('/api/posts/:id/hits/:hitId/ack', {
      config: { permission: 'post.review' },
      schema: { tags: ptags, summary: '确认校对提示(改正，或保留并说明原因)', params: z.object({ id: z.string().min(1).max(64), hitId: z.string().min(1).max(64) }), body: hitAck },
    }, async (req) => posts.ackHit(db, actorCtx(req), req.params.id, req.params.hitId, req.body));
    actionRoute(app, '/api/posts/:id/publish', { permission: 'post.write', tags: ptags, summary: '登记发布(阵地、日期、网址)', body: postPublish, run: (ctx, id, b) => posts.publishPost(db, ctx, id, b) });
    actionRoute(app, '/api/posts/:id/corrections', { permission: 'post.correct', tags: ptags, summary: '登记更正(发布后发现的差错)', body: correctionCreate, run: (ctx, id, b) => posts.correctPost(db, ctx, id, b) });
    app.post('/api/posts/:id/corrections/:correctionId/fix', {
      config: { permission: 'post.correct' },
      schema: { tags: ptags, summary: '登记更正完成(日期、更正说明)', params: z.object({ id: z.string().min(1).max(64), correctionId: z.string().min(1).max(64) }), body: correctionFix },
    }, async (req) => posts.fixCorrection(db, actorCtx(req), req.params.id, req.params.correctionId, req.body));
    archiveRoutes(app, db, '/api/posts', { permission: 'post.write', tags: ptags, noun: '信息', set: posts.setPostArchived });

    app.get('/api/publishing/chain', {
      config: { permission: 'post.read' },
      schema: { tags: ptags, summary: '审核流程(本单位或上级设置，未设置时为初审、复审、终审)', querystring: z.object({ unitId: z.string().max(64).optional(), outletType: z.enum(OUTLET_TYPES).optional() }) },
    }, async (req) => getChain(db, actorOf(req), req.query));
    app.put('/api/publishing/chain', { config: { permission: 'publishing.settings' }, schema: { tags: ptags, summary: '设置审核流程(按单位和阵地类型)', body: chainSave } },
      async (req) => saveChain(db, actorCtx(req), req.body));

    const rtags = ['校对规则'];
    app.get('/api/proof-rules', { config: { permission: 'post.read' }, schema: { tags: rtags, summary: '校对规则(内置规则、上级和本单位的规则)', querystring: z.object({ archived: z.enum(['true', 'false']).optional() }) } },
      async (req) => rules.listRules(db, actorOf(req), req.query.archived === 'true'));
    app.post('/api/proof-rules/test', { config: { permission: 'post.read' }, schema: { tags: rtags, summary: '试运行校对规则(例句是否通过、对测试文字的命中)', body: ruleTest } }, async (req) => rules.testRule(req.body));
    app.post('/api/proof-rules', { config: { permission: 'publishing.settings' }, schema: { tags: rtags, summary: '新增校对规则(例句须全部通过)', body: ruleSave } },
      async (req, reply) => reply.code(201).send(await rules.createRule(db, actorCtx(req), req.body)));
    actionRoute(app, '/api/proof-rules/:id', { method: 'put', permission: 'publishing.settings', tags: rtags, summary: '修改校对规则(例句须全部通过)', body: ruleUpdate, run: (ctx, id, b) => rules.updateRule(db, ctx, id, b) });
    archiveRoutes(app, db, '/api/proof-rules', { permission: 'publishing.settings', tags: rtags, noun: '校对规则', set: rules.setRuleArchived });
  };
}
