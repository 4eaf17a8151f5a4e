import type { z } from 'zod';
import { type assessmentQuery, CONCLUSION_LABELS, RISK_AREA_LABELS, RISK_LEVEL_LABELS, RISK_STATUS_LABELS, type riskQuery, type RiskView } from '../../../common/risks';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor } from '../../platform/context';
import { allPages, cnDay, dayCell, ledgerWorkbook, listLedger } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listAssessments, listRisks } from './service';

/**
 * 风险点台账 as .xlsx. Risk points are a standing register: the list as it stands, or with
 * `to` the points registered by the end of that day ("截至…"), levels and status as of now.
 */
export async function riskLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof riskQuery>, 'page' | 'pageSize'> & { from?: string | null; to?: string | null }): Promise<Buffer> {
  const { from: _from, to, ...filters } = query;
  let items = await allPages((page) => listRisks(db, actor, { ...filters, page, pageSize: 200 }));
  if (to) items = items.filter((r) => shanghaiDay(r.createdAt) <= to);
  return ledgerWorkbook<RiskView>({
    title: '风险点台账', unitName: await unitNameOf(db, actor, query.unitId), period: `截至${cnDay(to ?? shanghaiDay())}`, rows: items,
    columns: [
      { header: '单位', width: 14, value: (r) => r.unitName },
      { header: '风险描述', width: 40, value: (r) => r.description },
      { header: '领域', width: 12, value: (r) => RISK_AREA_LABELS[r.area] },
      { header: '等级', width: 8, value: (r) => RISK_LEVEL_LABELS[r.level] },
      { header: '防控措施', width: 40, value: (r) => r.measures },
      { header: '责任人', width: 10, value: (r) => r.ownerPersonName },
      { header: '登记日期', width: 14, value: (r) => dayCell(shanghaiDay(r.createdAt)) },
      { header: '复核周期', width: 10, value: (r) => `${r.reviewMonths}个月` },
      { header: '上次复核', width: 14, value: (r) => dayCell(r.lastReviewDay) },
      { header: '下次复核', width: 14, value: (r) => dayCell(r.nextReviewDay) },
      { header: '状态', width: 14, value: (r) => (r.overdueDays > 0 ? `${RISK_STATUS_LABELS[r.status]}(复核逾期${r.overdueDays}天)` : RISK_STATUS_LABELS[r.status]) },
    ],
  });
}

/** 重大决策舆情风险评估台账 as .xlsx: the assessments the list shows (the period is on the day assessed). */
export async function assessmentLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof assessmentQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listAssessments(db, actor, { ...query, page, pageSize }), {
    title: '重大决策舆情风险评估台账',
    unitName: await unitNameOf(db, actor, query.unitId),
    from: query.from, to: query.to,
    columns: [
      { header: '决策或项目', width: 30, value: (a) => a.subject },
      { header: '单位', width: 14, value: (a) => a.unitName },
      { header: '决策日期', width: 14, value: (a) => dayCell(a.decisionDay) },
      { header: '评估日期', width: 14, value: (a) => dayCell(a.assessedDay) },
      { header: '风险等级', width: 8, value: (a) => RISK_LEVEL_LABELS[a.level] },
      { header: '主要风险', width: 36, value: (a) => a.risks },
      { header: '防范化解措施', width: 36, value: (a) => a.measures },
      { header: '评估结论', width: 12, value: (a) => CONCLUSION_LABELS[a.conclusion] },
      { header: '评估人', width: 14, value: (a) => a.assessor },
    ],
  });
}
