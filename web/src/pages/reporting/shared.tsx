import { Tag } from 'antd';
import { REPORT_STATE_COLORS, REPORT_STATE_LABELS, type ReportFigures, type ReportState } from '../../../../common/reporting';

export function StateTag({ state }: { state: ReportState }) {
  return <Tag color={REPORT_STATE_COLORS[state]} style={{ color: state === 'pending' ? '#555' : undefined }}>{REPORT_STATE_LABELS[state]}</Tag>;
}

export const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '');

/** The figure columns every rates table shows, in one order. */
export const FIGURE_COLUMNS: { key: keyof ReportFigures; title: string }[] = [
  { key: 'expected', title: '应报' }, { key: 'submitted', title: '已报' }, { key: 'onTime', title: '按时' }, { key: 'late', title: '迟报' },
  { key: 'nil', title: '零报告' }, { key: 'returned', title: '退回' }, { key: 'missing', title: '未报' },
];
