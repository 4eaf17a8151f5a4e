import { Badge, Button, Card, Form, Grid, Input, List, Modal, Radio, Segmented, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { Link } from 'react-router-dom';
import { NOTICE_KIND_LABELS, NOTICE_KINDS, type NoticeView } from '../../../../common/notices';
import { noticesApi } from '../../api/notices';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 通知/通报: what reached my unit (unread first to see) and what my unit sent, with how many units have read it. */
export default function Notices() {
  const { can, session } = useAuth();
  const lp = useListPage();
  const box = (lp.param('box') ?? 'received') as 'received' | 'sent';
  const unread = lp.param('unread');
  const list = useLoad(() => noticesApi.list({ box, unread, ...lp.page }), lp.deps);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const to = Form.useWatch('to', form);

  const send = () => d.submit(async (v) => {
    const n = await noticesApi.send({ unitId: v.unitId, kind: v.kind, title: v.title, body: v.body, to: v.to, unitIds: v.to === 'chosen' ? v.unitIds ?? [] : [] }, d.key);
    d.message.success(`已发送给 ${n.receivers} 个单位`);
    d.close();
    navigate(`/notices/${n.id}`);
  });

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card
      title="通知通报"
      extra={can('notice.send') && <Button type="primary" onClick={() => d.open('new', { unitId: session?.account.unitId, kind: 'notice', to: 'all' })}>发通知</Button>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={box} onChange={(v) => lp.setFilters({ box: v === 'received' ? undefined : String(v), unread: undefined })} options={[{ value: 'received', label: '收到的' }, { value: 'sent', label: '发出的' }]} />
        {box === 'received' && <Segmented value={unread === 'true' ? 'unread' : 'all'} onChange={(v) => lp.setFilter('unread', v === 'unread' ? 'true' : undefined)} options={[{ value: 'all', label: '全部' }, { value: 'unread', label: '未读' }]} />}
      </Space>
      <List<NoticeView>
        itemLayout={narrow ? 'vertical' : 'horizontal'}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: box === 'received' ? '没有收到的通知通报' : '本单位还没有发出通知通报；点“发通知”向下级单位发送' }}
        pagination={{ current: lp.page.page, pageSize: lp.page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => lp.setPage({ page: p, pageSize: s }), showTotal: (t) => `共 ${t} 份` }}
        renderItem={(n) => (
          <List.Item key={n.id} style={n.myReadAt === null ? { background: '#fffbe6' } : undefined} actions={[<Link key="o" to={`/notices/${n.id}`}>{box === 'sent' ? '查看回执' : '查看'}</Link>]}>
            <List.Item.Meta
              title={<Space wrap><Tag color={n.kind === 'bulletin' ? 'orange' : 'blue'}>{n.kindLabel}</Tag>{n.myReadAt === null && <Badge status="error" text="未读" />}<Link to={`/notices/${n.id}`}>{n.title}</Link></Space>}
              description={<span>{n.unitName} · {n.sentByName} · {when(n.sentAt)}{box === 'sent' && <> · 已读 <b>{n.read}</b>/{n.receivers} 个单位</>}</span>}
            />
          </List.Item>
        )}
      />
      <Modal open={d.dialog !== null} title="发通知通报" onCancel={d.close} onOk={send} okText="发送" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="unitId" label="发文单位" rules={[{ required: true, message: '请选择发文单位' }]}><UnitSelect id="notice-unit" /></Form.Item>
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Radio.Group optionType="button" options={NOTICE_KINDS.map((k) => ({ value: k, label: NOTICE_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}><Input id="notice-title" maxLength={200} /></Form.Item>
          <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}><Input.TextArea id="notice-body" rows={6} maxLength={20000} /></Form.Item>
          <Form.Item name="to" label="发送范围" rules={[{ required: true, message: '请选择发送范围' }]}>
            <Radio.Group options={[{ value: 'all', label: '全部下级单位' }, { value: 'chosen', label: '指定单位' }]} />
          </Form.Item>
          {to === 'chosen' && (
            <Form.Item name="unitIds" label="接收单位" rules={[{ required: true, message: '请选择接收单位' }]} extra="只能发给发文单位的下级单位"><UnitSelect id="notice-units" multiple /></Form.Item>
          )}
          <Typography.Text type="secondary">附件(通知原文、表格等)在发送后的通知页面上传，接收单位可以下载。</Typography.Text>
        </Form>
      </Modal>
    </Card>
  );
}
