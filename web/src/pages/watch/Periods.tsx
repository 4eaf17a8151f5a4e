import { Alert, Button, Card, DatePicker, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { watchApi } from '../../api/watch';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { dayText } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';

type Values = { unitId: string; name: string; range: [Dayjs, Dayjs]; note?: string };

/** 敏感时期: those in force for the user's unit (declared by it or above) and those its subunits declared; declare one for the subtree. */
export default function Periods() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const [archived, setArchived] = useState(false);
  const list = useLoad(() => watchApi.periods({ archived: archived || undefined }), [archived]);
  const [form] = Form.useForm<Values>();
  const d = useFormDialog<'new'>(form);
  const unitId = Form.useWatch('unitId', form);
  const names = useLoad(() => watchApi.names(unitId ?? session?.account.unitId), [unitId, d.dialog]);
  const [newName, setNewName] = useState('');
  const add = useSubmit();
  const manage = can('watch.manage');

  const save = () => d.submit(async (v: Values) => {
    const r = await watchApi.createPeriod({ unitId: v.unitId, name: v.name, startsOn: v.range[0].format('YYYY-MM-DD'), endsOn: v.range[1].format('YYYY-MM-DD'), note: v.note }, d.key);
    d.close();
    d.message.success('已发布敏感时期');
    navigate(`/watch/periods/${r.id}`);
  });
  const addName = () => add.submit(async () => {
    await watchApi.addName({ unitId: unitId ?? session!.account.unitId, name: newName.trim() });
    setNewName('');
    form.setFieldValue('name', newName.trim());
    await names.reload();
  });

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card title="敏感时期" extra={manage && <Button type="primary" onClick={() => d.open('new', { unitId: session?.account.unitId })}>发布敏感时期</Button>}>
      <Typography.Paragraph type="secondary">敏感时期内，范围内各单位须安排24小时值班并报送日报；开始前值班表未排全的单位会收到提醒。</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button size="small" type={archived ? 'default' : 'primary'} onClick={() => setArchived(false)}>有效</Button>
        <Button size="small" type={archived ? 'primary' : 'default'} onClick={() => setArchived(true)}>已归档</Button>
      </Space>
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无敏感时期' }}
        renderItem={(p) => (
          <List.Item actions={[<Link key="v" to={`/watch/periods/${p.id}`}>值班落实情况</Link>]}>
            <List.Item.Meta
              title={<Space wrap><Link to={`/watch/periods/${p.id}`}>{p.name}</Link>{!p.own && <Tag>上级发布</Tag>}</Space>}
              description={<span>{dayText(p.startsOn)} 至 {dayText(p.endsOn)} · {p.unitName}发布{p.note ? ` · ${p.note}` : ''}</span>}
            />
          </List.Item>
        )}
      />
      <Modal open={d.dialog !== null} title="发布敏感时期" onCancel={d.close} onOk={save} okText="发布" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="unitId" label="发布单位(对本单位及下级生效)" rules={[{ required: true, message: '请选择发布单位' }]}><UnitSelect /></Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请选择名称' }]}>
            <Select placeholder="从名称列表中选择" options={(names.data?.items ?? []).map((n) => ({ value: n.name, label: n.builtIn ? n.name : `${n.name}(${n.unitName}添加)` }))} />
          </Form.Item>
          <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
            <Input placeholder="列表中没有？添加本单位的名称，如“县运动会”" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={100} />
            <Button onClick={addName} loading={add.busy} disabled={!newName.trim()}>添加名称</Button>
          </Space.Compact>
          <Form.Item name="range" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={500} placeholder="如：全县实行24小时值班和领导带班" /></Form.Item>
          <Alert type="info" showIcon message="发布后，范围内各单位会在开始前收到排班提醒。" />
        </Form>
      </Modal>
    </Card>
  );
}
