/** 报告报送台账 and 报送率统计 as .xlsx: the list's submissions, and the figures service's rates. */
import type { z } from 'zod';
import { CYCLE_LABELS, REPORT_STATE_LABELS, type submissionQuery } from '../../../common/reporting';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { ledgerWorkbook, listLedger, periodText } from '../../platform/ledger-xlsx';
import { formatShanghaiDateTime } from '../../platform/period';
import { getVisibleUnit, unitNameOf } from '../units/service';
import { reportingFigures } from './figures';
import { listSubmissions } from './service';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export async function submissionLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof submissionQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listSubmissions(db, actor, { ...query, page, pageSize }), {
    title: '报告报送台账',
    unitName: await unitNameOf(db, actor, query.unitId),
    from: query.from, to: query.to,
    columns: [
      { header: '报送安排', width: 24, value: (s) => s.scheduleName },
      { header: '报送期', width: 16, value: (s) => s.periodLabel },
      { header: '报送单位', width: 18, value: (s) => s.unitName },
      { header: '状态', width: 12, value: (s) => REPORT_STATE_LABELS[s.state] },
      { header: '截止时间', width: 20, value: (s) => formatShanghaiDateTime(s.dueAt) },
      { header: '报送时间', width: 20, value: (s) => (s.firstSubmittedAt ? formatShanghaiDateTime(s.firstSubmittedAt) : '') },
      { header: '报送人', width: 18, value: (s) => s.submittedBy },
      { header: '签收', width: 20, value: (s) => (s.status === 'signed' ? `${s.reviewedBy ?? ''} ${s.reviewedAt ? formatShanghaiDateTime(s.reviewedAt) : ''}` : '') },
      { header: '退回原因', width: 30, value: (s) => (s.status === 'returned' ? s.returnReason : '') },
      { header: '报表', width: 24, value: (s) => `${s.formName}(第${s.formVersionNo}版)` },
    ],
  });
}

/** 报送率统计: per schedule, then per unit with late or missing reports, for the periods ended in the range. */
export async function ratesLedger(db: Database, actor: Actor, scope: { unitId: string; from: string; to: string }): Promise<Buffer> {
  const unit = await getVisibleUnit(db, actor, scope.unitId);
  const f = await reportingFigures(db, { unitPath: unit.path, from: scope.from, to: scope.to });
  type Row = { name: string; cycle: string; periods: number | string; expected: number; submitted: number; onTime: number; late: number; nil: number; returned: number; missing: number; rr: string; ot: string };
  const rows: Row[] = f.bySchedule.map((s) => ({
    name: s.name, cycle: CYCLE_LABELS[s.cycle], periods: s.periods, expected: s.figures.expected, submitted: s.figures.submitted, onTime: s.figures.onTime, late: s.figures.late,
    nil: s.figures.nil, returned: s.figures.returned, missing: s.figures.missing, rr: pct(s.figures.reportingRate), ot: pct(s.figures.onTimeRate),
  }));
  rows.push({ name: '合计', cycle: '', periods: '', expected: f.expected, submitted: f.submitted, onTime: f.onTime, late: f.late, nil: f.nil, returned: f.returned, missing: f.missing, rr: pct(f.reportingRate), ot: pct(f.onTimeRate) });
  return ledgerWorkbook<Row>({
    title: '报告报送率统计台账', unitName: unit.name, period: periodText(scope.from, scope.to), rows,
    columns: [
      { header: '报送安排', width: 26, value: (r) => r.name }, { header: '周期', width: 8, value: (r) => r.cycle }, { header: '期数', width: 6, value: (r) => r.periods },
      { header: '应报', width: 8, value: (r) => r.expected }, { header: '已报', width: 8, value: (r) => r.submitted }, { header: '按时', width: 8, value: (r) => r.onTime },
      { header: '迟报', width: 8, value: (r) => r.late }, { header: '零报告', width: 8, value: (r) => r.nil }, { header: '退回待改', width: 10, value: (r) => r.returned },
      { header: '未报', width: 8, value: (r) => r.missing }, { header: '报送率', width: 10, value: (r) => r.rr }, { header: '及时率', width: 10, value: (r) => r.ot },
    ],
  });
}
