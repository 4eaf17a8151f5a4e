import type { z } from 'zod';
import { CASE_LEVEL_LABELS, CASE_SOURCE_LABELS, type CaseSource, EVENT_STATUS_LABELS, type eventQuery } from '../../../common/cases';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { listLedger, timeCell } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listEvents } from './service';

/** 舆情与诉求台账 as .xlsx: the events the list shows for the same filters (the period is on the first report). */
export async function caseLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof eventQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listEvents(db, actor, { ...query, page, pageSize }), {
    title: '舆情与诉求台账',
    unitName: await unitNameOf(db, actor, query.unitId),
    from: query.from, to: query.to,
    columns: [
      { header: '收到时间', width: 20, value: (r) => timeCell(r.firstReceivedAt), format: 'time' },
      { header: '标题', width: 30, value: (r) => r.title },
      { header: '来源', width: 18, value: (r) => Object.entries(r.sources).map(([s, n]) => `${CASE_SOURCE_LABELS[s as CaseSource]}${n! > 1 ? `×${n}` : ''}`).join('、') },
      { header: '报告数', width: 8, value: (r) => r.reportCount },
      { header: '等级', width: 8, value: (r) => (r.level ? CASE_LEVEL_LABELS[r.level] : '未研判') },
      { header: '分类', width: 12, value: (r) => r.category },
      { header: '受理单位', width: 14, value: (r) => r.unitName },
      { header: '责任单位', width: 14, value: (r) => r.handlingUnitName },
      { header: '状态', width: 12, value: (r) => EVENT_STATUS_LABELS[r.status] + (r.overdue ? '(超时)' : '') },
      { header: '核实情况', width: 30, value: (r) => r.verificationNote },
      { header: '处置措施', width: 30, value: (r) => r.measures },
      { header: '公开答复', width: 40, value: (r) => r.publicReply },
      { header: '回应时间', width: 20, value: (r) => timeCell(r.respondedAt), format: 'time' },
      { header: '办结时间', width: 20, value: (r) => timeCell(r.closedAt), format: 'time' },
    ],
  });
}
