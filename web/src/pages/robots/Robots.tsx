import { Button, Card, Form, Grid, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { RobotView } from '../../../../common/robots';
import { robotsApi } from '../../api/robots';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { RobotFields, robotBody } from './RobotForm';

/** 群机器人: the groups of this unit and below that get reminders in WeCom, DingTalk or Feishu. */
export default function Robots() {
  const { can, session } = useAuth();
  const list = useLoad(() => robotsApi.list(), []);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const kinds = list.data?.kinds ?? [];
  const label = (k: string) => kinds.find((x) => x.key === k)?.label ?? k;

  const save = () => d.submit(async (v) => {
    const r = await robotsApi.create({ unitId: v.unitId, provider: v.provider, ...robotBody(v) }, d.key);
    d.message.success('已添加，可以按“发送测试消息”检查是否连通');
    d.close();
    navigate(`/robots/${r.id}`);
  });

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const items = list.data?.items ?? [];
  const status = (r: RobotView) => (r.archived ? <Tag>已停用</Tag> : <Tag color="green">启用</Tag>);
  return (
    <Card title="群机器人" extra={can('robot.manage') && <Button type="primary" onClick={() => d.open('new', { unitId: session?.account.unitId, provider: 'dingtalk', kinds: ['task.assigned', 'case.assigned', 'urge', 'notice.received'], withTitles: true })}>添加机器人</Button>}>
      <Typography.Paragraph type="secondary">把派发任务、交办事件、催办、通知等提醒同时发到单位的企业微信、钉钉或飞书工作群。群消息只说发生了什么、哪个单位，并附系统链接，不含群众的姓名、联系方式和反映内容。</Typography.Paragraph>
      {narrow ? (
        <List dataSource={items} loading={list.loading} locale={{ emptyText: '还没有群机器人' }} renderItem={(r) => (
          <List.Item key={r.id} actions={[<Link key="o" to={`/robots/${r.id}`}>查看</Link>]}>
            <List.Item.Meta title={<Space wrap><Link to={`/robots/${r.id}`}>{r.name}</Link>{status(r)}</Space>} description={`${r.unitName} · ${r.providerLabel} · 待发 ${r.pending} 条`} />
          </List.Item>
        )} />
      ) : (
        <Table rowKey="id" loading={list.loading} dataSource={items} pagination={false} locale={{ emptyText: '还没有群机器人' }} columns={[
          { title: '名称', dataIndex: 'name', render: (v, r) => <Link to={`/robots/${r.id}`}>{v}</Link> },
          { title: '单位', dataIndex: 'unitName', width: 140 },
          { title: '平台', dataIndex: 'providerLabel', width: 90 },
          { title: '推送的事件', key: 'k', render: (_, r) => r.kinds.map((k) => <Tag key={k}>{label(k)}</Tag>) },
          { title: '待发', dataIndex: 'pending', width: 70 },
          { title: '状态', key: 's', width: 90, render: (_, r) => status(r) },
        ]} />
      )}
      <Modal open={d.dialog !== null} title="添加群机器人" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}><RobotFields form={form} kinds={kinds} /></Form>
      </Modal>
    </Card>
  );
}
