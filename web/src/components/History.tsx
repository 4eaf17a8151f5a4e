import { Empty, Timeline, Typography } from 'antd';
import type { HistoryEntry } from '../../../common/platform';


const ACTIONS: Record<string, string> = { create: '新建', update: '修改', archive: '归档', restore: '恢复', import: '导入' };

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(空)';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.map(show).join('、') : '(空)';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return String(o.name ?? o.label ?? JSON.stringify(v));
  }
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/**
 * Who did what and when, oldest first. `labels` names the fields shown in changes (fields
 * without a label are not listed); `actions` names module-specific steps (report, sign_off …);
 * `note` picks the text a step carries (a reason, a progress note) to show under it.
 */
export function History({ entries, labels, actions, note }: {
  entries: HistoryEntry[];
  labels: Record<string, string>;
  actions?: Record<string, string>;
  note?: (e: HistoryEntry) => string | null | undefined;
}) {
  if (entries.length === 0) return <Empty description="暂无记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      items={entries.map((e) => {
        const changes = e.action === 'update' ? e.changes.filter((c) => labels[c.field]) : [];
        const text = note?.(e);
        return {
          key: e.seq,
          children: (
            <div>
              <div>
                <Typography.Text strong>{actions?.[e.action] ?? ACTIONS[e.action] ?? e.action}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{e.actorName} · {when(e.at)}</Typography.Text>
              </div>
              {changes.map((c) => (
                <div key={c.field} style={{ fontSize: 13, color: '#555' }}>
                  {labels[c.field]}：{show(c.before)} → {show(c.after)}
                </div>
              ))}
              {text && <div style={{ fontSize: 13, color: '#555', whiteSpace: 'pre-wrap' }}>{text}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
