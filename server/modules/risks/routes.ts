import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { optionalDay } from '../../../common/fields';
import {
  assessmentCreate, assessmentQuery, assessmentUpdate, type AssessmentView, CONCLUSION_LABELS, reviewCreate, RISK_AREA_LABELS, RISK_LEVEL_LABELS,
  RISK_STATUS_LABELS, riskCreate, riskQuery, riskUpdate, type RiskView,
} from '../../../common/risks';
import type { Config } from '../../config';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import { ALLOWED_TYPES, contentDisposition } from '../../platform/files';
import { actorCtx, actorOf, idParams, versionBody } from '../../platform/http';
import { ledgerWorkbook } from '../../platform/ledger-xlsx';
import { sheetImportRoutes } from '../../platform/sheet-import';
import { registerAttachable } from '../files/registry';
import { getVisibleUnit } from '../units/service';
import { riskFigures } from './figures';
import { riskImport } from './import';
import './reminders';
import * as service from './service';

for (const [entity, table, label] of [['risk_point', 'risk_points', '风险点材料'], ['risk_assessment', 'risk_assessments', '评估报告']] as const) {
  registerAttachable(entity, {
    label,
    writePermission: 'risk.manage',
    async findUnit(db, id) {
      const r = await db.selectFrom(`${table} as x` as 'risk_points as x').innerJoin('units as u', 'u.id', 'x.unit_id').select(['u.id', 'u.path']).where('x.id', '=', id).executeTakeFirst();
      return r ? { unitId: r.id, unitPath: r.path } : null;
    },
  });
}

const cnDay = (d: string | null | undefined) => (d ? `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : '');
const figuresQuery = z.object({ unitId: z.string().max(64).optional(), from: optionalDay('开始日期'), to: optionalDay('结束日期') });

async function all<T>(fetch: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const r = await fetch(page);
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0 || items.length >= 20000) return items;
  }
}

export function riskRoutes(db: Database, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['风险点与风险评估'];
    app.get('/api/risks', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险点列表(分页、筛选；overdue=true 只看复核逾期)', querystring: riskQuery } },
      async (req) => service.listRisks(db, actorOf(req), req.query));

    app.get('/api/risks/export', { config: { permission: 'risk.read' }, schema: { tags, summary: '导出风险点台账(.xlsx)', querystring: riskQuery.omit({ page: true, pageSize: true }) } },
      async (req, reply) => {
        const actor = actorOf(req);
        const items = await all((page) => service.listRisks(db, actor, { ...req.query, page, pageSize: 200 }));
        const unit = req.query.unitId ? await getVisibleUnit(db, actor, req.query.unitId) : null;
        const buf = await ledgerWorkbook<RiskView>({
          title: '风险点台账', unitName: unit?.name ?? actor.unitName, period: `截至${cnDay(shanghaiDay())}`, rows: items,
          columns: [
            { header: '单位', width: 14, value: (r) => r.unitName },
            { header: '风险描述', width: 40, value: (r) => r.description },
            { header: '领域', width: 12, value: (r) => RISK_AREA_LABELS[r.area] },
            { header: '等级', width: 8, value: (r) => RISK_LEVEL_LABELS[r.level] },
            { header: '防控措施', width: 40, value: (r) => r.measures },
            { header: '责任人', width: 10, value: (r) => r.ownerPersonName },
            { header: '上次复核', width: 14, value: (r) => cnDay(r.lastReviewDay) },
            { header: '下次复核', width: 14, value: (r) => (r.overdueDays > 0 ? `${cnDay(r.nextReviewDay)}(逾期${r.overdueDays}天)` : cnDay(r.nextReviewDay)) },
            { header: '状态', width: 8, value: (r) => RISK_STATUS_LABELS[r.status] },
          ],
        });
        reply.header('content-disposition', contentDisposition('风险点台账.xlsx'));
        return reply.type(ALLOWED_TYPES.xlsx).send(buf);
      });

    app.get('/api/risks/figures', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险统计(按等级、复核、评估结论)', querystring: figuresQuery } },
      async (req) => {
        const actor = actorOf(req);
        const unit = req.query.unitId ? await getVisibleUnit(db, actor, req.query.unitId) : null;
        const y = shanghaiDay().slice(0, 4);
        return riskFigures(db, { unitPath: unit?.path ?? actor.unitPath, from: req.query.from ?? `${y}-01-01`, to: req.query.to ?? `${y}-12-31` });
      });

    app.get('/api/risks/:id', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险点详情', params: idParams } },
      async (req) => service.getRisk(db, actorOf(req), req.params.id));
    app.get('/api/risks/:id/reviews', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险点的复核记录', params: idParams } },
      async (req) => service.listReviews(db, actorOf(req), req.params.id));
    app.get('/api/risks/:id/history', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险点的修改历史', params: idParams } },
      async (req) => service.riskHistory(db, actorOf(req), req.params.id));
    app.post('/api/risks', { config: { permission: 'risk.manage' }, schema: { tags, summary: '登记风险点', body: riskCreate } },
      async (req, reply) => reply.code(201).send(await service.createRisk(db, actorCtx(req), req.body)));
    app.put('/api/risks/:id', { config: { permission: 'risk.manage' }, schema: { tags, summary: '修改风险点', params: idParams, body: riskUpdate } },
      async (req) => service.updateRisk(db, actorCtx(req), req.params.id, req.body));
    app.post('/api/risks/:id/reviews', { config: { permission: 'risk.manage' }, schema: { tags, summary: '记录复核(同时更新等级和下次复核日期)', params: idParams, body: reviewCreate } },
      async (req, reply) => reply.code(201).send(await service.addReview(db, actorCtx(req), req.params.id, req.body)));
    app.post('/api/risks/:id/archive', { config: { permission: 'risk.manage' }, schema: { tags, summary: '归档风险点', params: idParams, body: versionBody } },
      async (req) => service.setRiskArchived(db, actorCtx(req), req.params.id, req.body.version, true));
    app.post('/api/risks/:id/restore', { config: { permission: 'risk.manage' }, schema: { tags, summary: '恢复风险点', params: idParams, body: versionBody } },
      async (req) => service.setRiskArchived(db, actorCtx(req), req.params.id, req.body.version, false));

    app.get('/api/risk-assessments', { config: { permission: 'risk.read' }, schema: { tags, summary: '重大决策舆情风险评估列表', querystring: assessmentQuery } },
      async (req) => service.listAssessments(db, actorOf(req), req.query));
    app.get('/api/risk-assessments/export', { config: { permission: 'risk.read' }, schema: { tags, summary: '导出风险评估台账(.xlsx)', querystring: assessmentQuery.omit({ page: true, pageSize: true }) } },
      async (req, reply) => {
        const actor = actorOf(req);
        const items = await all((page) => service.listAssessments(db, actor, { ...req.query, page, pageSize: 200 }));
        const unit = req.query.unitId ? await getVisibleUnit(db, actor, req.query.unitId) : null;
        const buf = await ledgerWorkbook<AssessmentView>({
          title: '重大决策舆情风险评估台账', unitName: unit?.name ?? actor.unitName,
          period: req.query.from || req.query.to ? `${cnDay(req.query.from) || '—'}至${cnDay(req.query.to) || '今'}` : '全部', rows: items,
          columns: [
            { header: '决策或项目', width: 30, value: (a) => a.subject },
            { header: '单位', width: 14, value: (a) => a.unitName },
            { header: '决策日期', width: 14, value: (a) => cnDay(a.decisionDay) },
            { header: '评估日期', width: 14, value: (a) => cnDay(a.assessedDay) },
            { header: '风险等级', width: 8, value: (a) => RISK_LEVEL_LABELS[a.level] },
            { header: '主要风险', width: 36, value: (a) => a.risks },
            { header: '防范化解措施', width: 36, value: (a) => a.measures },
            { header: '评估结论', width: 12, value: (a) => CONCLUSION_LABELS[a.conclusion] },
            { header: '评估人', width: 14, value: (a) => a.assessor },
          ],
        });
        reply.header('content-disposition', contentDisposition('重大决策舆情风险评估台账.xlsx'));
        return reply.type(ALLOWED_TYPES.xlsx).send(buf);
      });
    app.get('/api/risk-assessments/:id', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险评估详情', params: idParams } },
      async (req) => service.getAssessment(db, actorOf(req), req.params.id));
    app.get('/api/risk-assessments/:id/history', { config: { permission: 'risk.read' }, schema: { tags, summary: '风险评估的修改历史', params: idParams } },
      async (req) => service.assessmentHistory(db, actorOf(req), req.params.id));
    app.post('/api/risk-assessments', { config: { permission: 'risk.manage' }, schema: { tags, summary: '登记重大决策舆情风险评估', body: assessmentCreate } },
      async (req, reply) => reply.code(201).send(await service.createAssessment(db, actorCtx(req), req.body)));
    app.put('/api/risk-assessments/:id', { config: { permission: 'risk.manage' }, schema: { tags, summary: '修改风险评估', params: idParams, body: assessmentUpdate } },
      async (req) => service.updateAssessment(db, actorCtx(req), req.params.id, req.body));
    app.post('/api/risk-assessments/:id/archive', { config: { permission: 'risk.manage' }, schema: { tags, summary: '归档风险评估', params: idParams, body: versionBody } },
      async (req) => service.setAssessmentArchived(db, actorCtx(req), req.params.id, req.body.version, true));
    app.post('/api/risk-assessments/:id/restore', { config: { permission: 'risk.manage' }, schema: { tags, summary: '恢复风险评估', params: idParams, body: versionBody } },
      async (req) => service.setAssessmentArchived(db, actorCtx(req), req.params.id, req.body.version, false));

    await app.register(sheetImportRoutes(db, config, { path: '/api/risks/import', permission: 'risk.manage', tag: '风险点与风险评估', spec: riskImport }));
  };
}
