/**
 * 舆情诉求统计 and 直报 as .xlsx, through the ledger helpers every register's export uses: the
 * statistics page's figures for the same unit and period (one row a figure, then each breakdown),
 * and the direct reports the unit received with their read receipts and 批示.
 */
import type { z } from 'zod';
import { CASE_LEVEL_LABELS, CASE_SOURCE_LABELS, SHEET_LATE_CLOSURES, type CaseLevel, type CaseSource, type DirectReportItem, type directReportQuery, EVENT_STATUS_LABELS } from '../../../common/cases';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { allPages, cnDay, ledgerWorkbook, periodText, printedName, timeCell } from '../../platform/ledger-xlsx';
import { periodOr, shanghaiDay } from '../../platform/period';
import { nowIso } from '../../platform/ids';
import { getVisibleUnit } from '../units/service';
import { listDirectReports } from './direct-reports';
import { caseFigures } from './figures';

const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

interface FigureRow { group: string; item: string; value: string | number; note: string }

export async function caseFiguresLedger(db: Database, actor: Actor, q: { unitId?: string; from?: string | null; to?: string | null }, lateRows = SHEET_LATE_CLOSURES): Promise<Buffer> {
  const unit = q.unitId ? await getVisibleUnit(db, actor, q.unitId) : null;
  const period = periodOr(q);
  // The page's figures, with up to `lateRows` late closures instead of its ten.
  const f = await caseFigures(db, { unitPath: unit?.path ?? actor.unitPath, ...period }, nowIso(), lateRows);
  const late = f.lateClosures;
  const rows: FigureRow[] = [
    { group: '总体', item: '收到报告', value: f.received, note: '条' },
    { group: '总体', item: '事件', value: f.events, note: '个(期间内最早收到)' },
    { group: '总体', item: '已办结', value: f.closed, note: '个' },
    { group: '总体', item: '办结率', value: rate(f.closureRate), note: `${f.closed}/${f.events}` },
    { group: '总体', item: '未办结', value: f.open, note: `个，截至${cnDay(f.asOfDay)}` },
    { group: '总体', item: '超期未办结', value: f.overdueOpen, note: '个' },
    { group: '总体', item: '首次回应按时率', value: rate(f.firstResponseOnTimeRate), note: `${f.firstResponseOnTime}/${f.firstResponseDue}` },
    { group: '总体', item: '办结按时率', value: rate(f.closeOnTimeRate), note: `已办结 ${f.closeDue} 个中按时 ${f.closedOnTime} 个，超时 ${f.closedLate} 个` },
    { group: '总体', item: '办理时长中位数', value: f.medianHandlingHours === null ? '—' : Number(f.medianHandlingHours.toFixed(1)), note: '小时' },
    ...Object.entries(f.bySource).filter(([, n]) => n > 0).map(([k, n]) => ({ group: '按来源(报告数)', item: CASE_SOURCE_LABELS[k as CaseSource], value: n, note: '' })),
    ...Object.entries(f.byLevel).filter(([, n]) => n > 0).map(([k, n]) => ({ group: '按等级(事件数)', item: k === 'untriaged' ? '未研判' : CASE_LEVEL_LABELS[k as CaseLevel], value: n, note: '' })),
    ...Object.entries(f.byCategory).filter(([, n]) => n > 0).map(([k, n]) => ({ group: '按分类(事件数)', item: k, value: n, note: '' })),
    ...f.byUnit.filter((u) => u.events > 0).map((u) => ({ group: '按单位', item: u.unitName, value: u.events, note: `办结 ${u.closed} 个` })),
    ...late.map((l) => ({ group: '超时办结的事件', item: l.title, value: l.unitName, note: `时限${cnDay(shanghaiDay(l.dueAt))}，${cnDay(shanghaiDay(l.closedAt))}办结` })),
    ...(f.closedLate > late.length ? [{ group: '超时办结的事件', item: `另有${f.closedLate - late.length}个未列出`, value: '', note: `共${f.closedLate}个，以上是最早办结的${late.length}个；其余请按下级单位分别导出` }] : []),
  ];
  return ledgerWorkbook<FigureRow>({
    title: '舆情与诉求统计', unitName: unit?.name ?? actor.unitName, period: periodText(period.from, period.to), rows,
    columns: [
      { header: '类别', width: 16, value: (r) => r.group },
      { header: '项目', width: 30, value: (r) => r.item },
      { header: '数值', width: 14, value: (r) => r.value },
      { header: '说明', width: 40, value: (r) => r.note },
    ],
  });
}

/** 直报 received by the caller's unit (the list's filter: all, or unread only), unread first as the page lists them. */
export async function directReportLedger(db: Database, actor: Actor, q: Omit<z.infer<typeof directReportQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  const items = await allPages((page) => listDirectReports(db, actor, { ...q, page, pageSize: 200 }));
  return ledgerWorkbook<DirectReportItem>({
    title: '直报事件登记表', unitName: actor.unitName, period: q.unread === 'true' ? '未阅' : '全部', rows: items,
    columns: [
      { header: '直报时间', width: 20, value: (r) => timeCell(r.sentAt), format: 'time' },
      { header: '事件', width: 30, value: (r) => r.event.title },
      { header: '等级', width: 8, value: (r) => (r.event.level ? CASE_LEVEL_LABELS[r.event.level] : '未研判') },
      { header: '受理单位', width: 14, value: (r) => r.event.unitName },
      { header: '责任单位', width: 14, value: (r) => r.event.handlingUnitName },
      { header: '状态', width: 12, value: (r) => EVENT_STATUS_LABELS[r.event.status] + (r.event.overdue ? '(超时)' : '') },
      { header: '已阅', width: 22, value: (r) => (r.readAt ? `${printedName(r.readByName)} ${cnDay(shanghaiDay(r.readAt))}` : '未阅') },
      { header: '批示', width: 40, value: (r) => r.instructions.map((i) => `${i.text}(${printedName(i.by)})`).join('；') },
      { header: '公开答复', width: 36, value: (r) => r.event.publicReply },
    ],
  });
}
