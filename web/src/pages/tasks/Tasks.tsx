import { DownloadOutlined } from '@ant-design/icons';
import { PeriodTag } from '../../components/PeriodTag';
import { App, Button, Card, Checkbox, Form, Input, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { RECURRENCE_LABELS, type Recurrence, TASK_SOURCE_LABELS, TASK_SOURCES, TASK_STATUS_LABELS, TASK_STATUSES, type TaskView } from '../../../../common/tasks';
import { newIdempotencyKey } from '../../api/client';
import { tasksApi } from '../../api/tasks';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { dayText, OverdueTag } from '../../components/OverdueTag';
import { SheetImport } from '../../components/SheetImport';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { TaskFields, type TaskFormValues, toBody } from './TaskForm';

const STATUS_COLOR: Record<string, string> = { pending: 'default', in_progress: 'processing', done: 'success' };

export function deadlineCell(t: TaskView) {
  return (
    <Space direction="vertical" size={0}>
      <span>{t.dueMode === 'ongoing' ? `长期坚持·${RECURRENCE_LABELS[t.recurrence as Recurrence]}` : dayText(t.dueDay)}</span>
      <OverdueTag days={t.overdueDays} label={t.missedPeriod ? '缺进展' : '已逾期'} />
    </Space>
  );
}

export function StatusTag({ t }: { t: TaskView }) {
  return <Tag color={STATUS_COLOR[t.status]}>{TASK_STATUS_LABELS[t.status]}</Tag>;
}

/** 任务台账: every task of the subtree, overdue ones marked; register one, or assign one to many units. */
export default function Tasks() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const overdue = params.get('overdue') === 'true';
  const [source, setSource] = useState<string | undefined>(params.get('source') ?? undefined);
  const [status, setStatus] = useState<string | undefined>(params.get('status') ?? undefined);
  // Links from documents: the tasks of a period as the figures count them (?from=&to=&span=period&leaf=true).
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const span = params.get('span') ?? undefined;
  const leaf = params.get('leaf') === 'true' || undefined;
  const [archived, setArchived] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { unitId, source, status, overdue: overdue || undefined, archived: archived || undefined, q, from, to, span, leaf, ...page };
  const list = useLoad(() => tasksApi.list(query), [unitId, source, status, overdue, archived, q, from, to, span, leaf, page]);
  const [mode, setMode] = useState<'create' | 'assign' | null>(null);
  const [form] = Form.useForm<TaskFormValues>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState('');
  const manage = can('task.manage');

  const setFilter = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    setPage({ ...page, page: 1 });
  };
  const open = (m: 'create' | 'assign') => {
    form.resetFields();
    setFormKey(newIdempotencyKey());
    form.setFieldsValue({ unitId: m === 'create' ? (unitId ?? session?.account.unitId) : undefined, source: 'superior', startDay: dayjs(), dueMode: 'date' });
    setMode(m);
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = toBody(v);
      const r = mode === 'assign'
        ? await tasksApi.assign({ ...body, unitIds: v.unitIds ?? [], fromUnitId: session!.account.unitId }, formKey)
        : await tasksApi.create({ ...body, unitId: v.unitId ?? '' }, formKey);
      message.success(mode === 'assign' ? `已派发给 ${r.childCount} 个单位` : '已登记');
      setMode(null);
      navigate(`/tasks/${r.id}`);
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card
      title="任务台账"
      extra={
        <Space wrap>
          {manage && <Button type="primary" onClick={() => open('create')}>登记任务</Button>}
          {manage && <Button onClick={() => open('assign')}>派发任务</Button>}
          {manage && <SheetImport path="/api/tasks/import" title="导入任务" onDone={list.reload} />}
          <Button icon={<DownloadOutlined />} href={tasksApi.exportUrl(query)}>导出</Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 200 }}><UnitSelect value={unitId} allowClear placeholder="全部单位" onChange={(v) => setFilter('unitId', v)} /></div>
        <Select allowClear placeholder="来源" style={{ width: 130 }} value={source} onChange={(v) => { setSource(v); setPage({ ...page, page: 1 }); }} options={TASK_SOURCES.map((s) => ({ value: s, label: TASK_SOURCE_LABELS[s] }))} />
        <Select allowClear placeholder="状态" style={{ width: 110 }} value={status} onChange={(v) => { setStatus(v); setPage({ ...page, page: 1 }); }} options={TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))} />
        <Checkbox checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : undefined)}>只看逾期</Checkbox>
        <PeriodTag extra={['span', 'leaf']} />
        <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)}>已归档</Checkbox>
        <Input.Search placeholder="任务名称、内容或依据" allowClear onSearch={(v) => { setQ(v); setPage({ ...page, page: 1 }); }} style={{ width: 220 }} />
      </Space>
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 960 }}
        rowClassName={(t) => (t.overdueDays > 0 ? 'row-overdue' : '')}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => `共 ${n} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          {
            title: '任务', dataIndex: 'title', render: (v, t) => (
              <Space direction="vertical" size={0}>
                <Link to={`/tasks/${t.id}`}>{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {TASK_SOURCE_LABELS[t.source]}{t.parentUnitName ? ` · ${t.parentUnitName}派发` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '责任单位', dataIndex: 'unitName', width: 120, render: (v, t) => <span>{v}{t.ownerPersonName ? <div style={{ fontSize: 12, color: '#888' }}>{t.ownerPersonName}</div> : null}</span> },
          { title: '完成时限', key: 'due', width: 150, render: (_, t) => deadlineCell(t) },
          {
            title: '进展', key: 'progress', width: 240, render: (_, t) => t.childCount > 0
              ? <span>派发 {t.childCount} 个单位<Progress percent={Math.round((t.childDone / t.childCount) * 100)} size="small" format={() => `${t.childDone}/${t.childCount} 完成`} /></span>
              : t.latestProgress ? <Typography.Text ellipsis={{ tooltip: t.latestProgress.note }} style={{ maxWidth: 230 }}>{dayText(t.latestProgress.day)}：{t.latestProgress.note}</Typography.Text> : <Typography.Text type="secondary">暂无进展</Typography.Text>,
          },
          { title: '状态', key: 'status', width: 90, render: (_, t) => <StatusTag t={t} /> },
        ]}
      />
      <Modal open={mode !== null} title={mode === 'assign' ? '派发任务' : '登记任务'} onCancel={() => setMode(null)} onOk={save} okText={mode === 'assign' ? '派发' : '保存'} cancelText="取消" confirmLoading={busy} destroyOnHidden width={640}>
        {mode === 'assign' && <Typography.Paragraph type="secondary">由{session?.account.unitName}派发，选择的每个下级单位各收到一条任务。</Typography.Paragraph>}
        <Form form={form} layout="vertical" preserve={false}>
          {mode && <TaskFields form={form} mode={mode} />}
        </Form>
      </Modal>
    </Card>
  );
}
