import { Card, Grid, Table, Typography } from 'antd';
import type { EventDetailView } from '../../../../../common/cases';
import { ClockTag, when } from '../common';

/** 时限: each clock of the SLA policy with its deadline and state; a pause shifts the open ones. */
export function Clocks({ e }: { e: Pick<EventDetailView, 'clocks' | 'pausedAt' | 'pauseReason'> }) {
  const narrow = !Grid.useBreakpoint().md;
  return (
    <Card title="时限" size="small">
      {e.clocks.length === 0 ? <Typography.Text type="secondary">研判定级后按时限政策开始计时。</Typography.Text> : (
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={e.clocks}
          rowClassName={(c) => (c.state === 'overdue' ? 'row-overdue' : '')}
          columns={[
            { title: '时限', dataIndex: 'label', render: (v, c) => <span>{v}<div style={{ fontSize: 12, color: '#595959' }}>{c.limit}</div></span> },
            { title: '截止', dataIndex: 'dueAt', render: (v) => when(v) },
            ...(narrow ? [] : [{ title: '完成时间', dataIndex: 'metAt', render: (v: string | null) => when(v) }]),
            { title: '状态', key: 'state', render: (_, c) => <ClockTag c={c} /> },
          ]}
        />
      )}
      {e.pausedAt && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>自 {when(e.pausedAt)} 起暂停计时({e.pauseReason})，恢复后未完成的时限顺延等待的时间。</Typography.Paragraph>}
    </Card>
  );
}
