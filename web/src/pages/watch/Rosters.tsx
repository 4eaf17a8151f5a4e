import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Grid, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { SHIFT_MODE_LABELS, SHIFT_MODES, type ShiftMode } from '../../../../common/watch';
import { watchApi } from '../../api/watch';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { CheckFilter, FilterBar, RangeFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { dayText } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { UnitPeopleSelect } from './common';

type Values = { unitId: string; title?: string; range: [Dayjs, Dayjs]; shiftMode: ShiftMode; leaderIds?: string[]; staffIds?: string[]; note?: string };

/** 值班表: the rosters of the subtree, those with gaps marked; generate one from a rotation of the unit's people. */
export default function Rosters() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const narrow = !Grid.useBreakpoint().md;
  const query = { ...lp.scope, ...lp.pick('from', 'to'), ...lp.flags('gaps', 'archived'), ...lp.page };
  const list = useLoad(() => watchApi.rosters(query), lp.deps);
  const [form] = Form.useForm<Values>();
  const d = useFormDialog<'new'>(form);
  const unitId = Form.useWatch('unitId', form);
  const save = () => d.submit(async (v: Values) => {
    const r = await watchApi.createRoster({
      unitId: v.unitId, title: v.title, startsOn: v.range[0].format('YYYY-MM-DD'), endsOn: v.range[1].format('YYYY-MM-DD'), shiftMode: v.shiftMode,
      leaderIds: v.leaderIds ?? [], staffIds: v.staffIds ?? [], note: v.note,
    }, d.key);
    d.close();
    d.message.success(r.gapCount ? `已生成值班表，有 ${r.gapCount} 个班次缺人` : '已生成值班表');
    navigate(`/watch/rosters/${r.id}`);
  });
  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const title = (r: { id: string; title: string }) => <Link to={`/watch/rosters/${r.id}`}>{r.title}</Link>;
  const state = (r: { gapCount: number; archived: boolean }) => (r.archived ? <Tag>已归档</Tag> : r.gapCount ? <Tag color="error">{r.gapCount} 个班次缺人</Tag> : <Tag color="success">已排全</Tag>);
  return (
    <Card
      title="值班表"
      extra={
        <Space wrap>
          {can('watch.manage') && <Button type="primary" onClick={() => d.open('new', { unitId: lp.unitId ?? session?.account.unitId, shiftMode: 'full' })}>生成值班表</Button>}
          <Button icon={<DownloadOutlined />} href={watchApi.rostersExportUrl(query)}>导出</Button>
        </Space>
      }
    >
      <FilterBar>
        <UnitFilter lp={lp} subunits />
        <CheckFilter lp={lp} name="gaps" label="只看缺人的" />
        <RangeFilter lp={lp} />
        <CheckFilter lp={lp} name="archived" label="已归档" />
      </FilterBar>
      <ListTable list={list} lp={lp} unit="张"
        columns={narrow ? [
          { title: '值班表', key: 'all', render: (_, r) => <Space direction="vertical" size={2}>{title(r)}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.unitName} · {dayText(r.startsOn)} 至 {dayText(r.endsOn)}</Typography.Text>{state(r)}</Space> },
        ] : [
          { title: '值班表', dataIndex: 'title', render: (_, r) => title(r) },
          { title: '单位', dataIndex: 'unitName', width: 140 },
          { title: '日期', key: 'd', width: 240, render: (_, r) => `${dayText(r.startsOn)} 至 ${dayText(r.endsOn)}` },
          { title: '班次', dataIndex: 'shiftCount', width: 80 },
          { title: '状态', key: 's', width: 140, render: (_, r) => state(r) },
        ]}
      />
      <Modal open={d.dialog !== null} title="生成值班表" onCancel={d.close} onOk={save} okText="生成" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={600}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="unitId" label="值班单位" rules={[{ required: true, message: '请选择值班单位' }]}><UnitSelect /></Form.Item>
          <Form.Item name="range" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="shiftMode" label="班次" rules={[{ required: true, message: '请选择班次' }]}>
            <Radio.Group options={SHIFT_MODES.map((m) => ({ value: m, label: SHIFT_MODE_LABELS[m] }))} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
          </Form.Item>
          <Form.Item name="leaderIds" label="带班领导(按日轮换)" extra="按所选顺序每天轮换一人"><UnitPeopleSelect unitId={unitId} multiple placeholder="选择本单位的带班领导" /></Form.Item>
          <Form.Item name="staffIds" label="值班人员(按班次轮换)" extra="按所选顺序每个班次轮换一人；留空的班次显示为缺人"><UnitPeopleSelect unitId={unitId} multiple placeholder="选择本单位的值班人员" /></Form.Item>
          <Form.Item name="title" label="值班表名称(可不填)"><Input maxLength={200} placeholder="默认：单位+起止日期" /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
