import { Button, Card, Checkbox, DatePicker, Descriptions, Form, Grid, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { UNIT_KIND_LABELS } from '../../../../common/labels';
import { CYCLE_LABELS, CYCLES, REPORT_DUE_MODE_LABELS, REPORT_DUE_MODES, type ScheduleView, TARGET_MODE_LABELS, TARGET_MODES } from '../../../../common/reporting';
import { reportingApi } from '../../api/reporting';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { CheckFilter, FilterBar, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { shanghaiDayjs } from '../../components/OverdueTag';

type Values = {
  unitId: string; name: string; formId: string; targetMode: string; targetKinds?: string[]; targetUnitIds?: string[]; cycle: string; watchOnly?: boolean;
  startsOn: Dayjs; endsOn?: Dayjs | null; openBeforeEndDays?: number | null; dueMode: string; dueN?: number | null; dueDate?: Dayjs | null; lockAfterDays?: number | null;
};

export function scheduleText(s: ScheduleView): string {
  const target = s.targetMode === 'all' ? '下级全部单位' : s.targetMode === 'kinds' ? s.targetKinds.map((k) => UNIT_KIND_LABELS[k as keyof typeof UNIT_KIND_LABELS] ?? k).join('、') : `${s.targetUnitIds.length} 个指定单位`;
  const due = s.dueMode === 'date' ? `${s.dueDate}前` : s.dueMode === 'hours' ? `期末后 ${s.dueN} 小时内` : `期末后 ${s.dueN} 个工作日内`;
  return `${target} · ${s.watchOnly ? '敏感时期每日' : CYCLE_LABELS[s.cycle]} · ${due}${s.lockAfterDays !== null ? ` · 逾期 ${s.lockAfterDays} 天锁定` : ''}`;
}

function ScheduleFields({ form, create }: { form: ReturnType<typeof Form.useForm>[0]; create: boolean }) {
  const forms = useLoad(() => reportingApi.forms(), []);
  const mode = Form.useWatch('targetMode', form);
  const cycle = Form.useWatch('cycle', form);
  const dueMode = Form.useWatch('dueMode', form);
  return (
    <>
      {create && <Form.Item name="unitId" label="安排单位" rules={[{ required: true, message: '请选择安排单位' }]}><UnitSelect id="schedule-unit" /></Form.Item>}
      <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}><Input id="schedule-name" maxLength={100} placeholder="如：村(社区)网络意识形态工作月报" /></Form.Item>
      <Form.Item name="formId" label="报表" rules={[{ required: true, message: '请选择报表' }]}>
        <Select id="schedule-form" options={(forms.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.name}${f.builtin ? '(内置)' : ''}` }))} />
      </Form.Item>
      <Form.Item name="targetMode" label="报送范围" rules={[{ required: true }]}>
        <Radio.Group options={TARGET_MODES.map((m) => ({ value: m, label: TARGET_MODE_LABELS[m] }))} />
      </Form.Item>
      {mode === 'kinds' && <Form.Item name="targetKinds" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}><Select id="schedule-kinds" mode="multiple" options={Object.entries(UNIT_KIND_LABELS).map(([value, label]) => ({ value, label }))} /></Form.Item>}
      {mode === 'list' && <Form.Item name="targetUnitIds" label="报送单位" rules={[{ required: true, message: '请选择报送单位' }]}><UnitSelect id="schedule-units" multiple /></Form.Item>}
      <Space wrap>
        <Form.Item name="cycle" label="报送周期" rules={[{ required: true }]}><Select id="schedule-cycle" style={{ width: 140 }} options={CYCLES.map((c) => ({ value: c, label: CYCLE_LABELS[c] }))} /></Form.Item>
        {cycle === 'daily' && <Form.Item name="watchOnly" valuePropName="checked" label=" "><Checkbox>只在敏感时期</Checkbox></Form.Item>}
        <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}><DatePicker id="schedule-start" /></Form.Item>
        <Form.Item name="endsOn" label="结束日期" extra={cycle === 'once' ? '一次性报送所涉期间的最后一天' : '不填为长期'}><DatePicker id="schedule-end" /></Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="openBeforeEndDays" label="提前开放(天)" extra="期末前几天开放填报；不填则期初开放"><InputNumber min={0} max={366} /></Form.Item>
        <Form.Item name="dueMode" label="报送时限" rules={[{ required: true }]}><Select id="schedule-due-mode" style={{ width: 170 }} options={REPORT_DUE_MODES.map((m) => ({ value: m, label: REPORT_DUE_MODE_LABELS[m] }))} /></Form.Item>
        {dueMode === 'date' ? <Form.Item name="dueDate" label="截止日期"><DatePicker /></Form.Item> : <Form.Item name="dueN" label={dueMode === 'hours' ? '小时数' : '工作日数'}><InputNumber id="schedule-due-n" min={0} max={2000} /></Form.Item>}
        <Form.Item name="lockAfterDays" label="逾期锁定(天)" extra="截止后几天锁定；不填不锁定"><InputNumber min={0} max={366} /></Form.Item>
      </Space>
    </>
  );
}

const day = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);
function toBody(v: Values) {
  return {
    name: v.name, formId: v.formId, targetMode: v.targetMode as 'all', targetKinds: (v.targetKinds ?? []) as ['village'], targetUnitIds: v.targetUnitIds ?? [], cycle: v.cycle as 'monthly',
    watchOnly: !!v.watchOnly, startsOn: v.startsOn.format('YYYY-MM-DD'), endsOn: day(v.endsOn), openBeforeEndDays: v.openBeforeEndDays ?? null, dueMode: v.dueMode as 'working_days',
    dueN: v.dueN ?? null, dueDate: day(v.dueDate), lockAfterDays: v.lockAfterDays ?? null,
  };
}
const fromSchedule = (s: ScheduleView) => ({ ...s, startsOn: dayjs(s.startsOn), endsOn: s.endsOn ? dayjs(s.endsOn) : null, dueDate: s.dueDate ? dayjs(s.dueDate) : null });

/** 报送安排: which units of the subtree send which form, how often, by when. */
export default function Schedules() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const narrow = !Grid.useBreakpoint().md;
  const query = { ...lp.scope, ...lp.flags('archived'), ...lp.page };
  const list = useLoad(() => reportingApi.schedules(query), lp.deps);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const create = () => d.open('new', { unitId: session?.account.unitId, targetMode: 'kinds', targetKinds: ['village'], cycle: 'monthly', startsOn: shanghaiDayjs().startOf('month'), dueMode: 'working_days', dueN: 5 });
  const save = () => d.submit(async (v: Values) => {
    const r = await reportingApi.createSchedule({ ...toBody(v), unitId: v.unitId }, d.key);
    d.close();
    d.message.success('已新建报送安排');
    navigate(`/reporting?scheduleId=${r.id}`);
  });
  if (list.error) return <LoadError error={list.error} />;
  return (
    <Card title="报送安排" extra={can('report.manage') && <Button type="primary" onClick={create}>新建报送安排</Button>}>
      <FilterBar><UnitFilter lp={lp} subunits /><CheckFilter lp={lp} name="archived" label="已归档" /></FilterBar>
      <ListTable<ScheduleView> list={list} lp={lp} unit="项"
        columns={[
          { title: '名称', dataIndex: 'name', render: (v, s) => <Space direction="vertical" size={0}><Link to={`/reporting/schedules/${s.id}`}>{v}</Link><Typography.Text type="secondary" style={{ fontSize: 12 }}>{scheduleText(s)}</Typography.Text></Space> },
          ...(narrow ? [] : [{ title: '报表', dataIndex: 'formName' }, { title: '安排单位', dataIndex: 'unitName', width: 120 }, { title: '开始', dataIndex: 'startsOn', width: 110 }]),
          { title: '', key: 'go', width: 90, render: (_, s) => <Link to={`/reporting?scheduleId=${s.id}`}>报送情况</Link> },
        ]} />
      <Modal open={d.dialog !== null} title="新建报送安排" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={720}>
        <Form form={form} layout="vertical" preserve={false}><ScheduleFields form={form} create /></Form>
      </Modal>
    </Card>
  );
}

/** One schedule: its terms, editing (coming periods only), archiving, and its history. */
export function ScheduleDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const s = useLoad(() => reportingApi.schedule(id!), [id]);
  const history = useLoad(() => reportingApi.scheduleHistory(id!), [id]);
  const [form] = Form.useForm();
  const d = useFormDialog<'edit'>(form);
  if (s.error) return <LoadError error={s.error} />;
  const v = s.data;
  if (!v) return <Card loading />;
  const save = () => d.submit(async (x: Values) => {
    await reportingApi.updateSchedule(v.id, { ...toBody(x), version: v.version });
    d.close();
    d.message.success('已保存(只影响尚未开始的报送期)');
    await Promise.all([s.reload(), history.reload()]);
  });
  return (
    <DetailPage title={v.name} bar={<>
      <Link to={`/reporting?scheduleId=${v.id}`}><Button type="primary">报送情况</Button></Link>
      {can('report.manage') && !v.archived && <Button onClick={() => d.open('edit', fromSchedule(v))}>修改</Button>}
      {can('report.manage') && <ArchiveToggle archived={v.archived} what="报送安排" toggle={() => reportingApi.archiveSchedule(v.id, v.version, !v.archived)} onDone={() => void s.reload()} />}
    </>} head={
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="安排单位">{v.unitName}</Descriptions.Item>
        <Descriptions.Item label="报表">{v.formName}</Descriptions.Item>
        <Descriptions.Item label="安排">{scheduleText(v)}</Descriptions.Item>
        <Descriptions.Item label="期间">{v.startsOn} 起{v.endsOn ? `，至 ${v.endsOn}` : ''}</Descriptions.Item>
        <Descriptions.Item label="已生成至">{v.createdThrough ?? '尚未开始'}</Descriptions.Item>
      </Descriptions>
    }>
      <Card title="修改记录"><History entries={history.data?.items ?? []} labels={{ name: '名称', dueN: '时限', lockAfterDays: '锁定天数', targetKinds: '单位类型', endsOn: '结束日期' }} /></Card>
      <Modal open={d.dialog !== null} title="修改报送安排" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={720}>
        <Form form={form} layout="vertical" preserve={false}><ScheduleFields form={form} create={false} /></Form>
      </Modal>
    </DetailPage>
  );
}
