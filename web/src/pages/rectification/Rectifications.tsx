import { DownloadOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { PeriodTag } from '../../components/PeriodTag';
import { AutoComplete, Button, Card, Checkbox, DatePicker, Form, Grid, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { cnOrdinal, RECT_ORIGIN_LABELS, RECT_ORIGINS, RECT_STATUS_LABELS, type rectCreate, type RectView } from '../../../../common/rectification';
import type { Body, FormValues } from '../../api/client';
import { rectApi } from '../../api/rectification';
import { useAuth } from '../../app/auth';
import { DeadlineFields, deadlineBody } from '../../components/DeadlineFields';
import { LoadError } from '../../components/errors';
import { CheckFilter, EnumFilter, FilterBar, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { dayText, OverdueTag, shanghaiDayjs } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { PrintButton, usePrintAll } from '../../components/Print';
import { BulkBar, useSelection } from '../../components/BulkActions';
import { RectPlanCard } from './RectPlanCard';

const STATUS_COLOR: Record<string, string> = { open: 'processing', reported: 'warning', closed: 'success' };

export function RectStatusTag({ r }: { r: RectView }) {
  return <Tag color={STATUS_COLOR[r.status]}>{RECT_STATUS_LABELS[r.status]}</Tag>;
}

/** The fields of an item, shared by the create and edit dialogs. */
export function RectFields({ form, create }: { form: ReturnType<typeof Form.useForm>[0]; create: boolean }) {
  const unitId = Form.useWatch('unitId', form);
  const batches = useLoad(() => rectApi.batches(), []);
  return (
    <>
      {create && (
        <Form.Item name="unitId" label="整改责任单位" rules={[{ required: true, message: '请选择整改责任单位' }]} extra="可以是本单位或下级单位">
          <UnitSelect id="rect-unit" />
        </Form.Item>
      )}
      <Form.Item name="problem" label="问题描述" rules={[{ required: true, message: '请填写问题描述' }, { max: 2000, message: '问题描述不能超过 2000 个字' }]}>
        <Input.TextArea id="rect-problem" rows={3} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="origin" label="问题来源" rules={[{ required: true, message: '请选择问题来源' }]}>
          <Select style={{ width: 160 }} options={RECT_ORIGINS.map((o) => ({ value: o, label: RECT_ORIGIN_LABELS[o] }))} />
        </Form.Item>
        <Form.Item name="batch" label="检查批次" extra="同一次检查的问题写同一批次，便于生成整改方案">
          <AutoComplete style={{ width: 260 }} maxLength={100} placeholder="如：2026年第二轮督查" options={(batches.data?.items ?? []).map((b) => ({ value: b.batch }))} />
        </Form.Item>
      </Space>
      <Form.Item name="aspect" label="问题方面" extra="整改方案按方面归类问题，写“在……方面”中间的话，同一方面的问题写法一致" rules={[{ max: 100, message: '问题方面不能超过 100 个字' }]}>
        <AutoComplete id="rect-aspect" maxLength={100} placeholder="如：落实意识形态工作责任制" options={aspectOptions(batches.data?.aspects)} />
      </Form.Item>
      <MeasureList />
      <Form.Item name="ownerPersonId" label="整改责任人">
        <PersonSelect unitId={unitId} allowClear />
      </Form.Item>
      <Form.Item name="responsibleLeaderId" label="责任领导">
        <PersonSelect id="rect-leader" unitId={unitId} allowClear />
      </Form.Item>
      <Form.Item name="startDay" label="提出日期" rules={[{ required: true, message: '请选择提出日期' }]}>
        <DatePicker style={{ width: 200 }} />
      </Form.Item>
      <DeadlineFields form={form} idPrefix="rect" />
      <Form.Item name="keepOn" valuePropName="checked" style={{ marginTop: -8 }}>
        <Checkbox id="rect-keep-on">到期后长期坚持（整改时限写作“某日前，长期坚持”）</Checkbox>
      </Form.Item>
    </>
  );
}

const aspectOptions = (aspects: string[] | undefined) => (aspects ?? []).map((a) => ({ value: a }));

/** 整改措施 one a line, numbered 一是、二是… as the plan will print them. */
function MeasureList() {
  return (
    <Form.List name="measureList" rules={[{ validator: async (_, v: (string | undefined)[] | undefined) => { if (!(v ?? []).some((m) => m?.trim())) throw new Error('请填写整改措施'); } }]}>
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label="整改措施" required extra="每条措施单独填写，文稿中编号为“一是……二是……”">
          {fields.map((f, i) => (
            <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', marginBottom: 8 }}>
              <Typography.Text style={{ width: 36, flex: 'none', lineHeight: '32px' }}>{cnOrdinal(i + 1)}是</Typography.Text>
              <Form.Item name={f.name} noStyle rules={[{ max: 1000, message: '每条措施不能超过 1000 个字' }]}>
                <Input.TextArea id={`rect-measure-${i}`} aria-label={`措施${cnOrdinal(i + 1)}`} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
              </Form.Item>
              {fields.length > 1 && <Button type="text" aria-label="删除该条措施" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />}
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} disabled={fields.length >= 20}>添加一条措施</Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

/** The form's fields (without the unit, fixed once raised) → the request's. */
export function rectBody(form: Omit<FormValues<Body<typeof rectCreate>, 'startDay' | 'dueDay'>, 'unitId' | 'measures'> & { measureList?: (string | undefined)[] }) {
  const { measureList, ...v } = form;
  const measures = (measureList ?? []).map((m) => m?.trim()).filter(Boolean).join('\n');
  return { ...v, measures, aspect: v.aspect || null, keepOn: Boolean(v.keepOn), startDay: v.startDay.format('YYYY-MM-DD'), batch: v.batch || null, ownerPersonId: v.ownerPersonId ?? null, responsibleLeaderId: v.responsibleLeaderId ?? null, ...deadlineBody(v) };
}

/** 整改台账: open items first, those waiting for sign-off highlighted. */
export default function Rectifications() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const narrow = !Grid.useBreakpoint().md;
  const query = { ...lp.scope, ...lp.pick('origin', 'batch', 'status', 'q', 'from', 'to'), ...lp.flags('overdue', 'archived'), ...lp.page };
  const list = useLoad(() => rectApi.list(query), lp.deps);
  const printAll = usePrintAll(list, (page, pageSize) => rectApi.list({ ...query, page, pageSize }));
  const batches = useLoad(() => rectApi.batches(), []);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  // Several items at once: a leader signs off what was reported, staff archive; each item is checked as when done alone.
  const selection = useSelection<RectView>();
  const create = () => d.open('new', { unitId: unitId ?? session?.account.unitId, origin: 'supervision', batch: lp.param('batch'), startDay: shanghaiDayjs(), dueMode: 'date', measureList: [''] });
  const save = () => d.submit(async (v) => {
    const r = await rectApi.create({ ...rectBody(v), unitId: v.unitId }, d.key);
    d.close();
    d.message.success('已提出整改事项');
    navigate(`/rectification/${r.id}`);
  });

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card
      title="整改台账"
      extra={
        <Space wrap>
          {can('rectification.manage') && <Button type="primary" onClick={create}>提出整改事项</Button>}
          <Button icon={<DownloadOutlined />} href={rectApi.exportUrl(query)}>导出</Button>
          <PrintButton all={printAll} />
        </Space>
      }
    >
      <FilterBar>
        <UnitFilter lp={lp} subunits />
        <EnumFilter lp={lp} name="origin" placeholder="来源" width={120} labels={RECT_ORIGIN_LABELS} />
        <EnumFilter lp={lp} name="batch" placeholder="检查批次" width={200} options={(batches.data?.items ?? []).map((b) => ({ value: b.batch, label: `${b.batch}(${b.count})` }))} />
        <EnumFilter lp={lp} name="status" placeholder="状态" width={110} labels={RECT_STATUS_LABELS} />
        <CheckFilter lp={lp} name="overdue" label="只看逾期" />
        <PeriodTag />
        <CheckFilter lp={lp} name="archived" label="已归档" />
        <SearchFilter lp={lp} placeholder="问题、措施或批次" width={200} />
      </FilterBar>
      {lp.param('batch') && <RectPlanCard unitId={unitId ?? session?.account.unitId ?? ''} batch={lp.param('batch')!} canEdit={can('rectification.manage')} />}
      <BulkBar selection={selection} onDone={list.reload} name={(r) => `${r.unitName}：${r.problem.slice(0, 20)}`} actions={[
        { label: '批量销号', done: '已销号', show: can('rectification.signoff'), run: (r) => rectApi.signOff(r.id, { version: r.version, note: null }) },
        { label: '批量归档', done: '已归档', show: can('rectification.manage'), run: (r) => rectApi.archive(r.id, r.version) },
      ]} />
      <ListTable list={list} lp={lp} printing={printAll.printing} rowSelection={can('rectification.signoff') || can('rectification.manage') ? selection.rowSelection : undefined} empty={{
          first: can('rectification.manage') ? '还没有整改事项。检查、督查中发现问题后，点“提出整改事项”，写明问题、措施和时限。' : '还没有整改事项。上级或本单位提出的整改会出现在这里，完成后点“报告完成”并上传佐证。',
          source: '整改事项来自巡视督查反馈、检查考核和自查，由上级或本单位提出；责任单位报告完成，领导或督查人员销号。',
        }} scroll={narrow ? undefined : { x: 900 }} rowClassName={(r) => (r.overdueDays > 0 ? 'row-overdue' : '')}
        columns={narrow ? [
          {
            title: '问题', key: 'all', render: (_, r) => (
              <Space direction="vertical" size={2}>
                <Link to={`/rectification/${r.id}`}>{r.problem.length > 40 ? `${r.problem.slice(0, 40)}…` : r.problem}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.unitName}{r.ownerPersonName ? ` · ${r.ownerPersonName}` : ''} · 时限 {dayText(r.dueDay)}{r.keepOn ? '，长期坚持' : ''}</Typography.Text>
                <Space size={4} wrap><RectStatusTag r={r} /><OverdueTag days={r.overdueDays} />{r.returnCount > 0 && r.status === 'open' && <Typography.Text type="danger" style={{ fontSize: 12 }}>被退回 {r.returnCount} 次</Typography.Text>}</Space>
              </Space>
            ),
          },
        ] : [
          {
            title: '问题', dataIndex: 'problem', render: (v, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/rectification/${r.id}`}>{v.length > 60 ? `${v.slice(0, 60)}…` : v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{RECT_ORIGIN_LABELS[r.origin]}{r.batch ? ` · ${r.batch}` : ''}{r.aspect ? ` · 在${r.aspect}方面` : ''} · {r.raisedByUnitName}提出</Typography.Text>
              </Space>
            ),
          },
          { title: '责任单位', dataIndex: 'unitName', width: 120, render: (v, r) => <span>{v}{r.ownerPersonName && <div style={{ fontSize: 12, color: '#595959' }}>{r.ownerPersonName}</div>}{r.responsibleLeaderName && <div style={{ fontSize: 12, color: '#595959' }}>责任领导：{r.responsibleLeaderName}</div>}</span> },
          { title: '时限', key: 'due', width: 140, render: (_, r) => <Space direction="vertical" size={0}><span>{dayText(r.dueDay)}</span>{r.keepOn && <Typography.Text type="secondary" style={{ fontSize: 12 }}>长期坚持</Typography.Text>}<OverdueTag days={r.overdueDays} /></Space> },
          { title: '状态', key: 's', width: 110, render: (_, r) => <Space direction="vertical" size={0}><RectStatusTag r={r} />{r.returnCount > 0 && r.status === 'open' && <Typography.Text type="danger" style={{ fontSize: 12 }}>被退回 {r.returnCount} 次</Typography.Text>}</Space> },
        ]}
      />
      <Modal open={d.dialog !== null} title="提出整改事项" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          <RectFields form={form} create />
        </Form>
      </Modal>
    </Card>
  );
}
