import { Alert, Card, Descriptions, Grid, List, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { noticesApi } from '../../api/notices';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** One notice: its text and files; opening it as a receiver records the unit's read receipt; the sender sees every unit's receipt. */
export default function NoticeDetail() {
  const { id } = useParams();
  const notice = useLoad(() => noticesApi.get(id!), [id]);
  const narrow = !Grid.useBreakpoint().md;
  const n = notice.data;
  // Opening it is reading it: the unit's receipt names the first reader.
  useEffect(() => {
    if (n && n.received && !n.myReadAt) void noticesApi.markRead(n.id).then(() => notice.reload());
  }, [n?.id, n?.myReadAt]);

  if (notice.error) return <LoadError error={notice.error} onRetry={notice.reload} />;
  if (!n) return <Card loading />;
  const receipts = n.receipts ?? [];
  return (
    <DetailPage
      title={n.title}
      bar={<><Tag color={n.kind === 'bulletin' ? 'orange' : 'blue'}>{n.kindLabel}</Tag>{n.received && (n.myReadAt ? <Tag color="green">本单位已读</Tag> : <Tag color="red">未读</Tag>)}</>}
      head={
        <>
          <Descriptions size="small" column={narrow ? 1 : 3}>
            <Descriptions.Item label="发文单位">{n.unitName}</Descriptions.Item>
            <Descriptions.Item label="发送人">{n.sentByName}</Descriptions.Item>
            <Descriptions.Item label="发送时间">{when(n.sentAt)}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{n.body}</Typography.Paragraph>
        </>
      }
    >
      <Attachments entity="notice" entityId={n.id} title="附件" canUpload={n.canAttach} />
      {n.receipts && (
        <Card title={`阅读回执(已读 ${n.read}/${n.receivers} 个单位)`} data-testid="receipts">
          {n.read < n.receivers && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${n.receivers - n.read} 个单位尚未阅读，系统会在发出一天后提醒这些单位`} />}
          {narrow ? (
            <List dataSource={receipts} renderItem={(r) => (
              <List.Item key={r.unitId}>
                <List.Item.Meta title={r.unitName} description={r.readAt ? `${r.readByName} ${when(r.readAt)} 已读` : <Typography.Text type="danger">未读</Typography.Text>} />
              </List.Item>
            )} />
          ) : (
            <Table rowKey="unitId" size="small" pagination={false} dataSource={receipts} columns={[
              { title: '接收单位', dataIndex: 'unitName' },
              { title: '状态', key: 's', width: 90, render: (_, r) => (r.readAt ? <Tag color="green">已读</Tag> : <Tag color="red">未读</Tag>) },
              { title: '阅读人', dataIndex: 'readByName', render: (v) => v ?? '—' },
              { title: '阅读时间', dataIndex: 'readAt', render: (v) => (v ? when(v) : '—') },
            ]} />
          )}
        </Card>
      )}
    </DetailPage>
  );
}
