import type { z } from 'zod';
import { SHIFT_KIND_LABELS, type logQuery, type rosterQuery, type ShiftView } from '../../../common/watch';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { allPages, cnDay, ledgerWorkbook, listLedger, periodText } from '../../platform/ledger-xlsx';
import { formatShanghaiDateTime } from '../../platform/period';
import { unitNameOf } from '../units/service';
import { listLog } from './log';
import { getRoster, listRosters } from './rosters';

type Q = Omit<z.infer<typeof rosterQuery>, 'page' | 'pageSize'>;

/** 值班表 as .xlsx: every shift of the rosters the list shows for the same filters, one row each. */
export async function rosterLedger(db: Database, actor: Actor, query: Q): Promise<Buffer> {
  const rosters = await allPages((page) => listRosters(db, actor, { ...query, page, pageSize: 200 }));
  const rows: (ShiftView & { title: string })[] = [];
  for (const r of rosters.reverse()) {
    const d = await getRoster(db, actor, r.id);
    for (const s of d.shifts) if ((!query.from || s.day >= query.from) && (!query.to || s.day <= query.to)) rows.push({ ...s, title: r.title });
  }
  return ledgerWorkbook({
    title: '值班表台账', unitName: await unitNameOf(db, actor, query.unitId), period: periodText(query.from, query.to), rows,
    columns: [
      { header: '值班单位', width: 16, value: (s) => s.unitName },
      { header: '日期', width: 14, value: (s) => cnDay(s.day) },
      { header: '班次', width: 8, value: (s) => SHIFT_KIND_LABELS[s.kind] },
      { header: '带班领导', width: 10, value: (s) => s.leader?.name ?? '空缺' },
      { header: '带班领导电话', width: 16, value: (s) => s.leader?.phone },
      { header: '值班人员', width: 10, value: (s) => s.staff?.name ?? '空缺' },
      { header: '值班人员电话', width: 16, value: (s) => s.staff?.phone },
      { header: '值班日志(条)', width: 10, value: (s) => s.logCount },
      { header: '交班时间', width: 20, value: (s) => (s.handedOverAt ? formatShanghaiDateTime(s.handedOverAt) : '') },
      { header: '交接事项', width: 30, value: (s) => s.handoverNote },
      { header: '值班表', width: 30, value: (s) => s.title },
    ],
  });
}

/** 值班日志 as .xlsx: the entries the log list shows for the same filters, oldest first. */
export async function logLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof logQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listLog(db, actor, { ...query, page, pageSize }), {
    title: '值班日志台账', unitName: await unitNameOf(db, actor, query.unitId), from: query.from, to: query.to, oldestFirst: true,
    columns: [
      { header: '值班单位', width: 16, value: (e) => e.unitName },
      { header: '班次', width: 18, value: (e) => `${cnDay(e.day)}${SHIFT_KIND_LABELS[e.kind]}` },
      { header: '时间', width: 20, value: (e) => formatShanghaiDateTime(e.at) },
      { header: '事项', width: 40, value: (e) => e.matter },
      { header: '处置情况', width: 40, value: (e) => e.handling },
      { header: '关联事件', width: 30, value: (e) => e.caseTitle },
      { header: '记录人', width: 16, value: (e) => e.authorName },
    ],
  });
}
