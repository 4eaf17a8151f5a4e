/** Small pieces shared by the case pages: tags, times, sources and SLA clocks in plain words. */
import { Tag, Typography } from 'antd';
import {
  CASE_LEVEL_LABELS, CASE_SOURCE_LABELS, type CaseLevel, type CaseSource, type ClockView, EVENT_STATUS_LABELS, type EventStatus, type EventView,
} from '../../../../common/cases';

/** 2026/12/2 10:05 in Shanghai time, whatever the browser's zone. */
export const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—';

const LEVEL_COLOR: Record<CaseLevel, string> = { general: 'default', major: 'orange', serious: 'red', critical: 'magenta' };
const STATUS_COLOR: Record<EventStatus, string> = {
  registered: 'gold', triaged: 'processing', assigned: 'processing', verified: 'processing', responded: 'cyan', pending_close: 'warning', closed: 'success',
};

export function LevelTag({ level }: { level: CaseLevel | null }) {
  if (!level) return <Tag>未研判</Tag>;
  return <Tag color={LEVEL_COLOR[level]} style={{ fontWeight: level === 'general' ? undefined : 600 }}>{CASE_LEVEL_LABELS[level]}</Tag>;
}

export function StatusTag({ status }: { status: EventStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{EVENT_STATUS_LABELS[status]}</Tag>;
}

/** "3 条报告：网络问政/市长信箱×2、举报电话" */
export function sourcesText(e: Pick<EventView, 'reportCount' | 'sources'>) {
  const parts = Object.entries(e.sources).map(([s, n]) => `${CASE_SOURCE_LABELS[s as CaseSource]}${n && n > 1 ? `×${n}` : ''}`);
  return `${e.reportCount} 条报告：${parts.join('、')}`;
}

export const CLOCK_STATE: Record<ClockView['state'], { label: string; color: string }> = {
  met: { label: '按时', color: 'success' },
  late: { label: '超时完成', color: 'red' },
  open: { label: '进行中', color: 'processing' },
  overdue: { label: '已超时', color: 'red' },
  paused: { label: '已暂停', color: 'default' },
};

export function ClockTag({ c }: { c: ClockView }) {
  const s = CLOCK_STATE[c.state];
  return <Tag color={s.color} style={c.state === 'overdue' ? { fontWeight: 600 } : undefined}>{s.label}</Tag>;
}

/** The clocks of a list row: overdue ones first in red, else the next one due. */
export function ClocksBrief({ e }: { e: EventView }) {
  if (e.status === 'closed') return <Typography.Text type="secondary">已办结</Typography.Text>;
  if (e.pausedAt) return <Tag>计时已暂停</Tag>;
  const late = e.clocks.filter((c) => c.state === 'overdue');
  if (late.length) {
    return (
      <div>
        {late.map((c) => <div key={c.key}><Typography.Text type="danger" strong>{c.label}已超时</Typography.Text></div>)}
      </div>
    );
  }
  if (e.overdue && e.superviseDueAt) return <Typography.Text type="danger" strong>督办已超时</Typography.Text>;
  const next = e.clocks.filter((c) => c.state === 'open' && c.dueAt).sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))[0];
  if (!next) return <Typography.Text type="secondary">{e.level ? '—' : '研判后计时'}</Typography.Text>;
  return <span style={{ fontSize: 13 }}>{next.label}：{when(next.dueAt)} 前</span>;
}
