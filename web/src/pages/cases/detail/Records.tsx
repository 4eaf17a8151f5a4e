/** The event's record as it stands: how it is being handled, the reports it groups, the direct-report receipts. */
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { CASE_SOURCE_LABELS, CASE_VIA_LABELS, type EventDetailView, FOLLOWUP_LABELS, VERIFICATION_LABELS } from '../../../../../common/cases';
import { Attachments } from '../../../components/Attachments';
import { when } from '../common';

export function Handling({ e }: { e: EventDetailView }) {
  return (
    <Card title="办理情况" size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label="受理单位">{e.unitName}</Descriptions.Item>
        <Descriptions.Item label="责任单位">{e.handlingUnitName}{e.assignedByUnitName && <Typography.Text type="secondary">({e.assignedByUnitName}交办)</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label="最早收到">{when(e.firstReceivedAt)}</Descriptions.Item>
        <Descriptions.Item label="研判时间">{when(e.triagedAt)}</Descriptions.Item>
        {e.superviseDueAt && <Descriptions.Item label="督办时限"><Typography.Text type={e.overdue && e.status !== 'closed' ? 'danger' : undefined}>{when(e.superviseDueAt)} 前</Typography.Text></Descriptions.Item>}
        {e.verificationResult && <Descriptions.Item label="核实结果" span={2}><Tag>{VERIFICATION_LABELS[e.verificationResult]}</Tag>{e.verificationNote}</Descriptions.Item>}
        {e.measures && <Descriptions.Item label="处置措施" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{e.measures}</div></Descriptions.Item>}
        {e.publicReply && <Descriptions.Item label="公开答复" span={2}><div><div style={{ whiteSpace: 'pre-wrap' }}>{e.publicReply}</div><div style={{ fontSize: 12, color: '#595959' }}>反映人凭查询码可以看到这段答复</div></div></Descriptions.Item>}
        {e.closedAt && <Descriptions.Item label="办结" span={2}>{when(e.closedAt)}{e.approvedByName ? `，${e.approvedByName} 批准` : ''}{e.closeNote ? `：${e.closeNote}` : ''}</Descriptions.Item>}
        {e.followupResult && <Descriptions.Item label="回访" span={2}><Tag>{FOLLOWUP_LABELS[e.followupResult]}</Tag>{e.followupNote}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

/** Each report grouped into the event, with its files; `canUpload` while the event is open. */
export function Reports({ reports, canUpload }: { reports: EventDetailView['reports']; canUpload: boolean }) {
  return (
    <Card title={`报告(${reports.length} 条)`} size="small">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {reports.map((r, i) => (
          <Card key={r.id} size="small" type="inner" title={<span>{i + 1}. {r.title}</span>} extra={<Tag>{CASE_SOURCE_LABELS[r.source]}</Tag>}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label="收到时间">{when(r.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label="受理单位">{r.unitName}</Descriptions.Item>
              <Descriptions.Item label="方式">{CASE_VIA_LABELS[r.via]}{r.via === 'staff' ? `(${r.createdByName})` : ''}</Descriptions.Item>
              {r.channel && <Descriptions.Item label="渠道">{r.channel}</Descriptions.Item>}
              {r.url && <Descriptions.Item label="网址" span={2}><a href={r.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>{r.url}</a></Descriptions.Item>}
              {r.contact && <Descriptions.Item label="联系方式">{r.contact}</Descriptions.Item>}
              {r.trackingCode && <Descriptions.Item label="查询码">{r.trackingCode}</Descriptions.Item>}
              {r.distance !== null && i > 0 && <Descriptions.Item label="归并">与本事件相似(差异 {r.distance})，自动归入</Descriptions.Item>}
            </Descriptions>
            <Typography.Paragraph ellipsis={{ rows: 4, expandable: true, symbol: '展开' }} style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{r.content}</Typography.Paragraph>
            <Attachments entity="case" entityId={r.id} title="材料" canUpload={canUpload} />
          </Card>
        ))}
      </Space>
    </Card>
  );
}

/** 直报回执: which units above received the event and whether they have read it. */
export function Receipts({ directReports }: { directReports: EventDetailView['directReports'] }) {
  if (directReports.length === 0) return null;
  return (
    <Card title="直报回执" size="small">
      <Table
        size="small"
        rowKey="unitId"
        pagination={false}
        dataSource={directReports}
        columns={[
          { title: '上级单位', dataIndex: 'unitName' },
          { title: '直报时间', dataIndex: 'sentAt', render: (v) => when(v) },
          { title: '是否已阅', key: 'read', render: (_, d) => (d.readAt ? <span><Tag color="success">已阅</Tag>{d.readByName} {when(d.readAt)}</span> : <Tag color="warning">未阅</Tag>) },
        ]}
      />
    </Card>
  );
}
