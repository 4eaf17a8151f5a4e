import { Button, Card, Descriptions, Form, Grid, List, Modal, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import type { RobotDeliveryView } from '../../../../common/robots';
import { robotsApi } from '../../api/robots';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';
import { RobotFields, robotBody, robotValues } from './RobotForm';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** One robot: its settings (never its webhook or secret), the test button, and every delivery with the code the platform returned. */
export default function RobotDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const robot = useLoad(() => robotsApi.get(id!), [id]);
  const log = useLoad(() => robotsApi.deliveries(id!), [id]);
  const kinds = useLoad(() => robotsApi.list().then((l) => l.kinds), []);
  const [form] = Form.useForm();
  const d = useFormDialog<'edit'>(form);
  const tester = useSubmit();
  const narrow = !Grid.useBreakpoint().md;
  const r = robot.data;

  const test = () => tester.submit(async () => {
    const res = await robotsApi.test(r!.id);
    if (res.ok) tester.message.success('测试消息已发送，平台返回成功');
    else tester.message.error(`平台拒收：${res.errcode ?? ''} ${res.errmsg ?? ''}`);
    await log.reload();
  });
  const save = () => d.submit(async (v) => {
    await robotsApi.update(r!.id, { version: r!.version, keepSecret: true, ...robotBody(v) });
    d.message.success('已保存');
    d.close();
    await robot.reload();
  });

  if (robot.error) return <LoadError error={robot.error} onRetry={robot.reload} />;
  if (!r) return <Card loading />;
  const manage = can('robot.manage');
  const label = (k: string) => kinds.data?.find((x) => x.key === k)?.label ?? k;
  const code = (x: RobotDeliveryView) => (x.ok ? <Tag color="green">成功 {x.errcode}</Tag> : <Tag color="red">失败 {x.errcode ?? (x.httpStatus ? `HTTP ${x.httpStatus}` : '')}</Tag>);
  return (
    <DetailPage
      title={r.name}
      bar={<>
        <Tag>{r.providerLabel}</Tag>{r.archived ? <Tag>已停用</Tag> : <Tag color="green">启用</Tag>}
        {manage && !r.archived && <Button type="primary" loading={tester.busy} onClick={test}>发送测试消息</Button>}
        {manage && !r.archived && <Button onClick={() => d.open('edit', robotValues(r))}>修改</Button>}
        {manage && <ArchiveToggle archived={r.archived} what="该机器人" label={['停用', '启用']} confirm="停用该机器人？待发送的消息不再发送" toggle={(on) => (on ? robotsApi.restore(r.id, r.version) : robotsApi.archive(r.id, r.version))} onDone={() => void robot.reload()} />}
      </>}
      head={
        <Descriptions size="small" column={narrow ? 1 : 2}>
          <Descriptions.Item label="单位">{r.unitName}</Descriptions.Item>
          <Descriptions.Item label="Webhook">{r.webhookHint}</Descriptions.Item>
          <Descriptions.Item label="签名密钥">{r.hasSecret ? '已设置(加密保存，不显示)' : '未设置'}</Descriptions.Item>
          <Descriptions.Item label="关键词">{r.keyword ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="推送的事件" span={2}>{r.kinds.map((k) => <Tag key={k}>{label(k)}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label="消息带标题">{r.withTitles ? '是' : '否'}</Descriptions.Item>
          <Descriptions.Item label="免打扰">{r.quietFrom ? `${r.quietFrom}–${r.quietTo}(敏感时期除外)` : '无'}</Descriptions.Item>
          <Descriptions.Item label="待发送">{r.pending} 条</Descriptions.Item>
        </Descriptions>
      }
    >
      <Card title="发送记录" data-testid="deliveries">
        {narrow ? (
          <List dataSource={log.data?.items ?? []} loading={log.loading} locale={{ emptyText: '还没有发送记录' }} renderItem={(x) => (
            <List.Item key={x.id}>
              <List.Item.Meta title={<>{code(x)}{x.test && <Tag>测试</Tag>} {when(x.at)}</>} description={<><div style={{ whiteSpace: 'pre-wrap' }}>{x.text}</div>{!x.ok && <Typography.Text type="danger">{x.errmsg}</Typography.Text>}</>} />
            </List.Item>
          )} />
        ) : (
          <Table rowKey="id" size="small" loading={log.loading} dataSource={log.data?.items ?? []} pagination={false} locale={{ emptyText: '还没有发送记录' }} columns={[
            { title: '时间', dataIndex: 'at', width: 170, render: when },
            { title: '结果(平台返回码)', key: 'c', width: 150, render: (_, x) => <>{code(x)}{x.test && <Tag>测试</Tag>}</> },
            { title: '条数', dataIndex: 'messages', width: 60 },
            { title: '内容', dataIndex: 'text', render: (v) => <div style={{ whiteSpace: 'pre-wrap' }}>{v}</div> },
            { title: '平台说明', dataIndex: 'errmsg', width: 200 },
          ]} />
        )}
      </Card>
      <Modal open={d.dialog !== null} title="修改群机器人" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}><RobotFields form={form} kinds={kinds.data ?? []} existing={r} /></Form>
      </Modal>
    </DetailPage>
  );
}
