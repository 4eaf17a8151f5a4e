import type { z } from 'zod';
import { RECT_ORIGIN_LABELS, RECT_STATUS_LABELS, type rectQuery } from '../../../common/rectification';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor } from '../../platform/context';
import { dayCell, listLedger, printedName } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listRects } from './service';

/** 整改台账 as .xlsx: the rectifications the list shows for the same filters (the period is on the day raised). */
export async function rectLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof rectQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listRects(db, actor, { ...query, page, pageSize }), {
    title: query.batch ? `${query.batch}整改台账` : '整改台账',
    unitName: await unitNameOf(db, actor, query.unitId),
    from: query.from, to: query.to,
    columns: [
      { header: '问题', width: 36, value: (r) => r.problem },
      { header: '来源', width: 10, value: (r) => RECT_ORIGIN_LABELS[r.origin] },
      { header: '批次', width: 18, value: (r) => r.batch },
      { header: '提出日期', width: 14, value: (r) => dayCell(r.startDay) },
      { header: '责任单位', width: 14, value: (r) => r.unitName },
      { header: '责任人', width: 10, value: (r) => r.ownerPersonName },
      { header: '责任领导', width: 10, value: (r) => r.responsibleLeaderName },
      { header: '整改措施', width: 40, value: (r) => r.measures },
      { header: '整改时限', width: 14, value: (r) => dayCell(r.dueDay) },
      { header: '状态', width: 12, value: (r) => (r.overdueDays > 0 ? `${RECT_STATUS_LABELS[r.status]}(逾期${r.overdueDays}天)` : RECT_STATUS_LABELS[r.status]) },
      { header: '完成情况', width: 36, value: (r) => r.reportNote },
      { header: '销号人', width: 12, value: (r) => printedName(r.signedOffByName) },
      { header: '销号日期', width: 14, value: (r) => (r.signedOffAt ? dayCell(shanghaiDay(r.signedOffAt)) : null) },
    ],
  });
}
