import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Form, Grid, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { RISK_AREA_LABELS, RISK_AREAS, RISK_LEVEL_LABELS, RISK_LEVELS, RISK_STATUS_LABELS, type riskCreate, type RiskLevel, type RiskView } from '../../../../common/risks';
import { type Body, type FormValues, newIdempotencyKey } from '../../api/client';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import type { HistoryEntry } from '../../../../common/platform';
import { dayText, OverdueTag } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { SheetImport } from '../../components/SheetImport';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

const LEVEL_COLOR: Record<RiskLevel, string> = { low: 'green', medium: 'gold', high: 'orange', major: 'red' };
export const LevelTag = ({ level }: { level: RiskLevel }) => <Tag color={LEVEL_COLOR[level]}>{RISK_LEVEL_LABELS[level]}</Tag>;

export function RiskFields({ form, create }: { form: ReturnType<typeof Form.useForm>[0]; create: boolean }) {
  const unitId = Form.useWatch('unitId', form);
  return (
    <>
      {create ? <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect id="risk-unit" /></Form.Item> : <Form.Item name="unitId" hidden><Input /></Form.Item>}
      <Form.Item name="description" label="风险描述" rules={[{ required: true, message: '请填写风险描述' }]}><Input.TextArea id="risk-description" rows={2} maxLength={2000} /></Form.Item>
      <Space wrap>
        <Form.Item name="area" label="领域" rules={[{ required: true, message: '请选择领域' }]}><Select style={{ width: 150 }} options={RISK_AREAS.map((a) => ({ value: a, label: RISK_AREA_LABELS[a] }))} /></Form.Item>
        <Form.Item name="level" label="等级" rules={[{ required: true, message: '请选择等级' }]}><Select id="risk-level" style={{ width: 100 }} options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))} /></Form.Item>
        <Form.Item name="reviewMonths" label="复核周期(月)" rules={[{ required: true, message: '请填写复核周期' }]}><InputNumber min={1} max={24} /></Form.Item>
        <Form.Item name="nextReviewDay" label="下次复核日期" rules={[{ required: true, message: '请选择日期' }]}><DatePicker id="risk-next" /></Form.Item>
      </Space>
      <Form.Item name="measures" label="防控措施" rules={[{ required: true, message: '请填写防控措施' }]}><Input.TextArea id="risk-measures" rows={3} maxLength={5000} /></Form.Item>
      <Form.Item name="ownerPersonId" label="责任人"><PersonSelect unitId={unitId} allowClear /></Form.Item>
    </>
  );
}

/** History entries with enum values (level, status …) shown by their Chinese labels. */
export function withLabels(entries: HistoryEntry[], maps: Record<string, Record<string, string>>): HistoryEntry[] {
  const show = (field: string, v: unknown) => (typeof v === 'string' && maps[field]?.[v]) || v;
  return entries.map((e) => ({ ...e, changes: e.changes.map((c) => ({ ...c, before: show(c.field, c.before), after: show(c.field, c.after) })) }));
}

/** The form's fields (without the unit) → the request's. */
export const riskBody = (v: Omit<FormValues<Body<typeof riskCreate>, 'nextReviewDay'>, 'unitId'>) => ({ ...v, nextReviewDay: v.nextReviewDay.format('YYYY-MM-DD'), ownerPersonId: v.ownerPersonId ?? null });

/** 风险点台账: reviews due soonest first; an overdue review stands out. */
export default function Risks() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const overdue = params.get('overdue') === 'true';
  const ownOnly = params.get('includeSubunits') === 'false';
  const narrow = !Grid.useBreakpoint().md;
  const [area, setArea] = useState<string>();
  const [level, setLevel] = useState<string | undefined>(params.get('level') ?? undefined);
  const [status, setStatus] = useState<string | undefined>(params.get('status') ?? undefined);
  const [archived, setArchived] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { unitId, includeSubunits: unitId && ownOnly ? false : undefined, area, level, status, overdue: overdue || undefined, archived: archived || undefined, q, ...page };
  const list = useLoad(() => risksApi.list(query), [unitId, ownOnly, area, level, status, overdue, archived, q, page]);
  // The same counts as documents use (server/modules/risks/figures.ts), for the chosen unit's subtree.
  const figures = useLoad(() => risksApi.figures({ unitId }), [unitId, list.data]);
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
    form.setFieldsValue({ unitId: unitId ?? session?.account.unitId, area: 'positions', level: 'medium', reviewMonths: 3, nextReviewDay: dayjs().add(3, 'month') });
    setOpen(true);
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await risksApi.create({ ...riskBody(v), unitId: v.unitId }, key);
      setOpen(false);
      navigate(`/risks/${r.id}`);
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const actions = (
    <Space wrap>
      {can('risk.manage') && <Button type="primary" onClick={create}>登记风险点</Button>}
      {can('risk.manage') && <SheetImport path="/api/risks/import" title="导入风险点" onDone={list.reload} />}
      <Button icon={<DownloadOutlined />} href={risksApi.exportUrl(query)}>导出</Button>
    </Space>
  );
  const nextReview = (r: RiskView) => r.status === 'eliminated'
    ? <Tag>{RISK_STATUS_LABELS.eliminated}</Tag>
    : <Space direction="vertical" size={0}><span>{dayText(r.nextReviewDay)}</span><OverdueTag days={r.overdueDays} label="复核逾期" /></Space>;
  return (
    <Card title="风险点" extra={narrow ? undefined : actions}>
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 200 }}><UnitSelect value={unitId} allowClear placeholder="全部单位" onChange={(v) => setFilter('unitId', v)} /></div>
        <Select allowClear placeholder="领域" style={{ width: 130 }} value={area} onChange={setArea} options={RISK_AREAS.map((a) => ({ value: a, label: RISK_AREA_LABELS[a] }))} />
        <Select allowClear placeholder="等级" style={{ width: 90 }} value={level} onChange={setLevel} options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))} />
        <Select allowClear placeholder="状态" style={{ width: 100 }} value={status} onChange={setStatus} options={Object.entries(RISK_STATUS_LABELS).map(([v, l]) => ({ value: v, label: l }))} />
        {unitId && <Checkbox checked={!ownOnly} onChange={(e) => setFilter('includeSubunits', e.target.checked ? undefined : 'false')}>含下级单位</Checkbox>}
        <Checkbox checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : undefined)}>只看复核逾期</Checkbox>
        <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)}>已归档</Checkbox>
        <Input.Search placeholder="描述或措施" allowClear onSearch={setQ} style={{ width: 180 }} />
      </Space>
      {figures.data && (
        <Space wrap size={[16, 4]} style={{ marginBottom: 12 }} aria-label="风险统计">
          <Typography.Text type="secondary">在控 {figures.data.controlled} 个 · 已消除 {figures.data.eliminated} 个</Typography.Text>
          <Space size={4} wrap><Typography.Text type="secondary">在控按等级：</Typography.Text>{RISK_LEVELS.map((l) => <Tag key={l} color={LEVEL_COLOR[l]}>{RISK_LEVEL_LABELS[l]} {figures.data!.controlledByLevel[l]}</Tag>)}</Space>
          {figures.data.overdueReviews > 0 && <a onClick={() => setFilter('overdue', 'true')}><Tag color="red" style={{ fontWeight: 600 }}>复核逾期 {figures.data.overdueReviews} 个</Tag></a>}
          <Typography.Text type="secondary">今年复核 {figures.data.reviewsInPeriod} 次</Typography.Text>
        </Space>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={narrow ? undefined : { x: 860 }}
        rowClassName={(r) => (r.overdueDays > 0 ? 'row-overdue' : '')}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (n) => `共 ${n} 个`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={narrow ? [
          {
            title: '风险点', key: 'all', render: (_, r: RiskView) => (
              <Space direction="vertical" size={2}>
                <Link to={`/risks/${r.id}`}>{r.description.length > 40 ? `${r.description.slice(0, 40)}…` : r.description}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.unitName} · {RISK_AREA_LABELS[r.area]}{r.status === 'controlled' ? ` · 下次复核 ${dayText(r.nextReviewDay)}` : ''}</Typography.Text>
                <Space size={4} wrap><LevelTag level={r.level} />{r.status === 'eliminated' && <Tag>{RISK_STATUS_LABELS.eliminated}</Tag>}<OverdueTag days={r.overdueDays} label="复核逾期" /></Space>
              </Space>
            ),
          },
        ] : [
          { title: '风险描述', dataIndex: 'description', render: (v, r: RiskView) => <Space direction="vertical" size={0}><Link to={`/risks/${r.id}`}>{v}</Link><Typography.Text type="secondary" style={{ fontSize: 12 }}>{RISK_AREA_LABELS[r.area]}</Typography.Text></Space> },
          { title: '等级', dataIndex: 'level', width: 80, render: (l) => <LevelTag level={l} /> },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '下次复核', key: 'n', width: 150, render: (_, r) => nextReview(r) },
          { title: '复核', dataIndex: 'reviewCount', width: 70, render: (n) => `${n} 次` },
        ]}
      />
      <Modal open={open} title="登记风险点" onCancel={() => setOpen(false)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}><RiskFields form={form} create /></Form>
      </Modal>
    </Card>
  );
}
