import { Button, Card, DatePicker, Form, Grid, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import type { CampaignCount, CampaignView } from '../../../../common/campaigns';
import { campaignsApi } from '../../api/campaigns';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { LoadError } from '../../components/errors';
import { dayText, shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const span = (c: CampaignView) => `${dayText(c.fromDay)} 起${c.toDay ? `，至 ${dayText(c.toDay)}` : ''}`;

/**
 * 专项行动: a unit names a campaign (清朗, or a local one) for its subtree; tasks and activities
 * carry it. This year's counts per campaign, each opening exactly its records.
 */
export default function Campaigns() {
  const { can, session } = useAuth();
  const narrow = !Grid.useBreakpoint().md;
  const lp = useListPage();
  const unitId = lp.param('unitId') ?? session!.account.unitId;
  const year = shanghaiToday().slice(0, 4);
  const from = lp.param('from') ?? `${year}-01-01`;
  const to = lp.param('to') ?? `${year}-12-31`;
  const archived = lp.param('archived') === 'true';
  const list = useLoad(() => campaignsApi.list({ archived }), [archived]);
  const figures = useLoad(() => campaignsApi.figures({ unitId, from, to }), [unitId, from, to]);
  const [form] = Form.useForm();
  const d = useFormDialog<'new' | CampaignView>(form);
  const counts = new Map((figures.data?.items ?? []).map((c) => [c.campaignId, c]));

  const open = (c?: CampaignView) => d.open(c ?? 'new', c
    ? { name: c.name, description: c.description ?? '', fromDay: dayjs(c.fromDay), toDay: c.toDay ? dayjs(c.toDay) : null }
    : { unitId: session!.account.unitId, fromDay: shanghaiDayjs() });
  const save = () => d.submit(async (v) => {
    const body = { name: v.name, description: v.description || null, fromDay: v.fromDay.format('YYYY-MM-DD'), toDay: v.toDay ? v.toDay.format('YYYY-MM-DD') : null };
    if (d.dialog === 'new') await campaignsApi.create({ ...body, unitId: v.unitId }, d.key);
    else if (d.dialog) await campaignsApi.update(d.dialog.id, { ...body, version: d.dialog.version });
    d.close();
    d.message.success(d.dialog === 'new' ? '已发起专项行动' : '已保存');
    await Promise.all([list.reload(), figures.reload()]);
  });

  const countsOf = (c: CampaignView) => {
    const n: CampaignCount | undefined = counts.get(c.id);
    if (!n) return <Typography.Text type="secondary">本年度尚无关联的任务和活动</Typography.Text>;
    return (
      <Space size={12} wrap>
        <Link to={n.tasksLink}>任务 {n.tasks} 项</Link>
        <Link to={n.tasksDoneLink}>已完成 {n.tasksDone} 项</Link>
        <Link to={n.activitiesLink}>活动 {n.activities} 次</Link>
      </Space>
    );
  };
  const actions = (c: CampaignView) => c.editable && can('task.manage') && (
    <Space size={4}>
      {!c.archived && <Button size="small" onClick={() => open(c)}>编辑</Button>}
      <ArchiveToggle archived={c.archived} what="该专项行动" toggle={(on) => (on ? campaignsApi.restore(c.id, c.version) : campaignsApi.archive(c.id, c.version))} onDone={list.reload} />
    </Space>
  );

  if (list.error) return <LoadError error={list.error} />;
  const items = list.data?.items ?? [];
  return (
    <Card title="专项行动" extra={can('task.manage') && <Button type="primary" onClick={() => open()}>发起专项行动</Button>}>
      <Typography.Paragraph type="secondary">
        上级或本单位发起的专项行动(如“清朗”)。登记任务和活动时选择所属专项行动，统计和工作总结即按专项行动计数。下面的数字是{dayText(from)}至{dayText(to)}本单位及下级的记录，点击可查看。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button size="small" type={archived ? 'default' : 'primary'} onClick={() => lp.setFilter('archived', undefined)}>进行中</Button>
        <Button size="small" type={archived ? 'primary' : 'default'} onClick={() => lp.setFilter('archived', 'true')}>已归档</Button>
      </Space>
      {narrow ? (
        <List loading={list.loading} dataSource={items} locale={{ emptyText: '还没有专项行动。上级发起后会出现在这里；本单位也可以点“发起专项行动”。' }}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap><Typography.Text strong>{c.name}</Typography.Text><Tag>{c.unitName}发起</Tag></Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{span(c)}</Typography.Text>
                {countsOf(c)}
                {actions(c)}
              </Space>
            </List.Item>
          )} />
      ) : (
        <Table rowKey="id" loading={list.loading} dataSource={items} pagination={false}
          locale={{ emptyText: '还没有专项行动。上级发起后会出现在这里；本单位也可以点“发起专项行动”。' }}
          columns={[
            { title: '专项行动', dataIndex: 'name', render: (v, c) => <Space direction="vertical" size={0}><Typography.Text strong>{v}</Typography.Text>{c.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.description}</Typography.Text>}</Space> },
            { title: '发起单位', dataIndex: 'unitName', width: 140 },
            { title: '时间', key: 'span', width: 230, render: (_, c) => span(c) },
            { title: '本年度记录', key: 'counts', width: 260, render: (_, c) => countsOf(c) },
            { title: '', key: 'a', width: 150, render: (_, c) => actions(c) },
          ]} />
      )}
      <Modal open={d.dialog !== null} title={d.dialog === 'new' ? '发起专项行动' : '编辑专项行动'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={520}>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'new' && (
            <Form.Item name="unitId" label="发起单位" rules={[{ required: true, message: '请选择发起单位' }]} extra="本单位及下级单位的任务和活动可以关联它">
              <UnitSelect id="campaign-unit" />
            </Form.Item>
          )}
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写专项行动名称' }, { max: 100, message: '专项行动名称不能超过 100 个字' }]}>
            <Input id="campaign-name" maxLength={100} placeholder="如：清朗" />
          </Form.Item>
          <Form.Item name="description" label="说明"><Input.TextArea id="campaign-description" rows={2} maxLength={500} /></Form.Item>
          <Space wrap>
            <Form.Item name="fromDay" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}><DatePicker id="campaign-from" /></Form.Item>
            <Form.Item name="toDay" label="结束日期"><DatePicker id="campaign-to" /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
