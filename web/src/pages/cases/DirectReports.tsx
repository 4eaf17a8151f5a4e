import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Form, Grid, Input, List, Modal, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { casesApi, type DirectReportItem, unreadChanged } from '../../api/cases';
import { LoadError, showError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { LevelTag, StatusTag, when } from './common';

/** 直报: events of 较大 and above from units below, unread first; leaders write instructions the handling unit sees. */
export default function DirectReports() {
  const { message } = App.useApp();
  // ?unread=true (the home count's link) opens the unread ones.
  const [params, setParams] = useSearchParams();
  const filter: 'all' | 'unread' = params.get('unread') === 'true' ? 'unread' : 'all';
  const setFilter = (v: 'all' | 'unread') => setParams(v === 'unread' ? { unread: 'true' } : {});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useLoad(() => casesApi.directReports({ unread: filter === 'unread' ? 'true' : undefined, ...page }), [filter, page]);
  const [form] = Form.useForm();
  const d = useFormDialog<DirectReportItem>(form);
  const instructing = d.dialog;
  const narrow = !Grid.useBreakpoint().md;

  const markRead = async (it: DirectReportItem) => {
    try {
      await casesApi.markRead(it.event.id);
      unreadChanged();
      message.success('已阅');
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };
  const instruct = () => d.submit(async (v) => {
    if (!instructing) return;
    await casesApi.instruct(instructing.event.id, { text: v.text }, d.key);
    unreadChanged();
    message.success('已发送批示，责任单位可以看到');
    d.close();
    await list.reload();
  });

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const unread = list.data?.unread ?? 0;
  return (
    <Card title={<Space>直报本单位的事件{unread > 0 && <Badge count={unread} title={`${unread} 条未阅`} />}</Space>}
      extra={<Button icon={<DownloadOutlined />} href={casesApi.directReportsExportUrl({ unread: filter === 'unread' ? 'true' : undefined })}>导出</Button>}>
      <Typography.Paragraph type="secondary">下级单位研判为较大及以上的事件，会立即直报到各级上级单位。请及时阅看；领导可以作出批示，责任单位在办理经过中看到批示。</Typography.Paragraph>
      <Segmented
        style={{ marginBottom: 12 }}
        value={filter}
        onChange={(v) => { setFilter(v as 'all' | 'unread'); setPage({ ...page, page: 1 }); }}
        options={[{ value: 'all', label: '全部' }, { value: 'unread', label: `未阅(${unread})` }]}
      />
      <List
        itemLayout={narrow ? 'vertical' : 'horizontal'}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: filter === 'unread' ? '没有未阅的直报' : '暂无直报本单位的事件' }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }), showTotal: (t) => `共 ${t} 条` }}
        renderItem={(it) => {
          const e = it.event;
          return (
            <List.Item
              key={e.id}
              style={it.readAt ? undefined : { background: '#fffbe6' }}
              actions={[
                !it.readAt && <Button key="r" type="primary" onClick={() => markRead(it)}>已阅</Button>,
                e.can.instruct && <Button key="i" onClick={() => d.open(it)}>批示</Button>,
                <Link key="d" to={`/cases/${e.id}`}>查看详情</Link>,
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={<Space wrap>{!it.readAt && <Badge status="error" text="未阅" />}<Link to={`/cases/${e.id}`}>{e.title}</Link></Space>}
                description={
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap size={4}><LevelTag level={e.level} /><StatusTag status={e.status} />{e.overdue && <Typography.Text type="danger" strong>超时</Typography.Text>}</Space>
                    <span>受理：{e.unitName} · 责任单位：{e.handlingUnitName} · 直报于 {when(it.sentAt)}</span>
                    {it.readAt && <Typography.Text type="secondary">{it.readByName} 于 {when(it.readAt)} 已阅</Typography.Text>}
                    {it.instructions.map((i) => (
                      <Alert key={i.at + i.by} type="error" style={{ padding: '4px 10px' }} message={<span><b>批示：</b>{i.text} <Typography.Text type="secondary">—— {i.unitName} {i.by}，{when(i.at)}</Typography.Text></span>} />
                    ))}
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      <Modal open={instructing !== null} title="批示" onCancel={d.close} onOk={instruct} okText="发送批示" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <p>{instructing?.event.title}</p>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="text" label="批示内容" rules={[{ required: true, whitespace: true, message: '请填写批示内容' }]} extra="责任单位和受理单位在办理经过中可以看到">
            <Input.TextArea id="instruct-text" rows={4} maxLength={2000} placeholder="如：请高度重视，依法依规妥善处置，及时回应群众关切" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
