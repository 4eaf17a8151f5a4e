import { DownloadOutlined } from '@ant-design/icons';
import { PeriodTag } from '../../components/PeriodTag';
import { App, AutoComplete, Button, Card, Checkbox, DatePicker, Form, Grid, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { RECT_ORIGIN_LABELS, RECT_ORIGINS, RECT_STATUS_LABELS, RECT_STATUSES, type rectCreate, type RectView } from '../../../../common/rectification';
import { type Body, type FormValues, newIdempotencyKey } from '../../api/client';
import { rectApi } from '../../api/rectification';
import { useAuth } from '../../app/auth';
import { DeadlineFields, deadlineBody } from '../../components/DeadlineFields';
import { LoadError, showError } from '../../components/errors';
import { dayText, OverdueTag } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

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
      <Form.Item name="measures" label="整改措施" rules={[{ required: true, message: '请填写整改措施' }, { max: 5000, message: '整改措施不能超过 5000 个字' }]}>
        <Input.TextArea id="rect-measures" rows={3} />
      </Form.Item>
      <Form.Item name="ownerPersonId" label="整改责任人">
        <PersonSelect unitId={unitId} allowClear />
      </Form.Item>
      <Form.Item name="startDay" label="提出日期" rules={[{ required: true, message: '请选择提出日期' }]}>
        <DatePicker style={{ width: 200 }} />
      </Form.Item>
      <DeadlineFields form={form} idPrefix="rect" />
    </>
  );
}

/** The form's fields (without the unit, fixed once raised) → the request's. */
export function rectBody(v: Omit<FormValues<Body<typeof rectCreate>, 'startDay' | 'dueDay'>, 'unitId'>) {
  return { ...v, startDay: v.startDay.format('YYYY-MM-DD'), batch: v.batch || null, ownerPersonId: v.ownerPersonId ?? null, ...deadlineBody(v) };
}

/** 整改台账: open items first, those waiting for sign-off highlighted. */
export default function Rectifications() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const overdue = params.get('overdue') === 'true';
  const ownOnly = params.get('includeSubunits') === 'false';
  const narrow = !Grid.useBreakpoint().md;
  const [origin, setOrigin] = useState<string | undefined>(params.get('origin') ?? undefined);
  const [batch, setBatch] = useState<string | undefined>(params.get('batch') ?? undefined);
  const [status, setStatus] = useState<string | undefined>(params.get('status') ?? undefined);
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const [archived, setArchived] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { unitId, includeSubunits: unitId && ownOnly ? false : undefined, origin, batch, status, overdue: overdue || undefined, archived: archived || undefined, q, from, to, ...page };
  const list = useLoad(() => rectApi.list(query), [unitId, ownOnly, origin, batch, status, overdue, archived, q, from, to, page]);
  const batches = useLoad(() => rectApi.batches(), []);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');

  const setFilter = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    setPage({ ...page, page: 1 });
  };
  const create = () => {
    form.resetFields();
    setKey(newIdempotencyKey());
    form.setFieldsValue({ unitId: unitId ?? session?.account.unitId, origin: 'supervision', startDay: dayjs(), dueMode: 'date' });
    setOpen(true);
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await rectApi.create({ ...rectBody(v), unitId: v.unitId }, key);
      setOpen(false);
      message.success('已提出整改事项');
      navigate(`/rectification/${r.id}`);
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card
      title="整改台账"
      extra={
        <Space wrap>
          {can('rectification.manage') && <Button type="primary" onClick={create}>提出整改事项</Button>}
          <Button icon={<DownloadOutlined />} href={rectApi.exportUrl(query)}>导出</Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 200 }}><UnitSelect value={unitId} allowClear placeholder="全部单位" onChange={(v) => setFilter('unitId', v)} /></div>
        {unitId && <Checkbox checked={!ownOnly} onChange={(e) => setFilter('includeSubunits', e.target.checked ? undefined : 'false')}>含下级单位</Checkbox>}
        <Select allowClear placeholder="来源" style={{ width: 120 }} value={origin} onChange={(v) => { setOrigin(v); setPage({ ...page, page: 1 }); }} options={RECT_ORIGINS.map((o) => ({ value: o, label: RECT_ORIGIN_LABELS[o] }))} />
        <Select allowClear placeholder="检查批次" style={{ width: 200 }} value={batch} onChange={(v) => { setBatch(v); setPage({ ...page, page: 1 }); }} options={(batches.data?.items ?? []).map((b) => ({ value: b.batch, label: `${b.batch}(${b.count})` }))} />
        <Select allowClear placeholder="状态" style={{ width: 110 }} value={status} onChange={(v) => { setStatus(v); setPage({ ...page, page: 1 }); }} options={RECT_STATUSES.map((s) => ({ value: s, label: RECT_STATUS_LABELS[s] }))} />
        <Checkbox checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : undefined)}>只看逾期</Checkbox>
        <PeriodTag />
        <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)}>已归档</Checkbox>
        <Input.Search placeholder="问题、措施或批次" allowClear onSearch={(v) => { setQ(v); setPage({ ...page, page: 1 }); }} style={{ width: 200 }} />
      </Space>
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={narrow ? undefined : { x: 900 }}
        rowClassName={(r) => (r.overdueDays > 0 ? 'row-overdue' : '')}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => `共 ${n} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={narrow ? [
          {
            title: '问题', key: 'all', render: (_, r) => (
              <Space direction="vertical" size={2}>
                <Link to={`/rectification/${r.id}`}>{r.problem.length > 40 ? `${r.problem.slice(0, 40)}…` : r.problem}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.unitName}{r.ownerPersonName ? ` · ${r.ownerPersonName}` : ''} · 时限 {dayText(r.dueDay)}</Typography.Text>
                <Space size={4} wrap><RectStatusTag r={r} /><OverdueTag days={r.overdueDays} />{r.returnCount > 0 && r.status === 'open' && <Typography.Text type="danger" style={{ fontSize: 12 }}>被退回 {r.returnCount} 次</Typography.Text>}</Space>
              </Space>
            ),
          },
        ] : [
          {
            title: '问题', dataIndex: 'problem', render: (v, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/rectification/${r.id}`}>{v.length > 60 ? `${v.slice(0, 60)}…` : v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{RECT_ORIGIN_LABELS[r.origin]}{r.batch ? ` · ${r.batch}` : ''} · {r.raisedByUnitName}提出</Typography.Text>
              </Space>
            ),
          },
          { title: '责任单位', dataIndex: 'unitName', width: 120, render: (v, r) => <span>{v}{r.ownerPersonName && <div style={{ fontSize: 12, color: '#888' }}>{r.ownerPersonName}</div>}</span> },
          { title: '时限', key: 'due', width: 140, render: (_, r) => <Space direction="vertical" size={0}><span>{dayText(r.dueDay)}</span><OverdueTag days={r.overdueDays} /></Space> },
          { title: '状态', key: 's', width: 110, render: (_, r) => <Space direction="vertical" size={0}><RectStatusTag r={r} />{r.returnCount > 0 && r.status === 'open' && <Typography.Text type="danger" style={{ fontSize: 12 }}>被退回 {r.returnCount} 次</Typography.Text>}</Space> },
        ]}
      />
      <Modal open={open} title="提出整改事项" onCancel={() => setOpen(false)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          <RectFields form={form} create />
        </Form>
      </Modal>
    </Card>
  );
}
