import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Form, Grid, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { RISK_AREA_LABELS, RISK_AREAS, RISK_LEVEL_LABELS, RISK_LEVELS, RISK_STATUS_LABELS, type riskCreate, type RiskLevel, type RiskView } from '../../../../common/risks';
import type { Body, FormValues } from '../../api/client';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { CheckFilter, EnumFilter, FilterBar, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import type { HistoryEntry } from '../../../../common/platform';
import { shanghaiToday, dayText, OverdueTag } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { SheetImport } from '../../components/SheetImport';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

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
  const navigate = useNavigate();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const narrow = !Grid.useBreakpoint().md;
  const query = { ...lp.scope, ...lp.pick('area', 'level', 'status', 'q'), ...lp.flags('overdue', 'archived'), ...lp.page };
  const list = useLoad(() => risksApi.list(query), lp.deps);
  // The same counts as documents use (server/modules/risks/figures.ts), for the chosen unit's subtree.
  const figures = useLoad(() => risksApi.figures({ unitId }), [unitId, list.data]);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const create = () => d.open('new', { unitId: unitId ?? session?.account.unitId, area: 'positions', level: 'medium', reviewMonths: 3, nextReviewDay: dayjs(shanghaiToday()).add(3, 'month') });
  const save = () => d.submit(async (v) => {
    const r = await risksApi.create({ ...riskBody(v), unitId: v.unitId }, d.key);
    d.close();
    navigate(`/risks/${r.id}`);
  });
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
      <FilterBar>
        <UnitFilter lp={lp} />
        <EnumFilter lp={lp} name="area" placeholder="领域" width={130} labels={RISK_AREA_LABELS} />
        <EnumFilter lp={lp} name="level" placeholder="等级" width={90} labels={RISK_LEVEL_LABELS} />
        <EnumFilter lp={lp} name="status" placeholder="状态" width={100} labels={RISK_STATUS_LABELS} />
        {unitId && <Checkbox checked={lp.param('includeSubunits') !== 'false'} onChange={(e) => lp.setFilter('includeSubunits', e.target.checked ? undefined : 'false')}>含下级单位</Checkbox>}
        <CheckFilter lp={lp} name="overdue" label="只看复核逾期" />
        <CheckFilter lp={lp} name="archived" label="已归档" />
        <SearchFilter lp={lp} placeholder="描述或措施" width={180} />
      </FilterBar>
      {figures.data && (
        <Space wrap size={[16, 4]} style={{ marginBottom: 12 }} aria-label="风险统计">
          <Typography.Text type="secondary">在控 {figures.data.controlled} 个 · 已消除 {figures.data.eliminated} 个</Typography.Text>
          <Space size={4} wrap><Typography.Text type="secondary">在控按等级：</Typography.Text>{RISK_LEVELS.map((l) => <Tag key={l} color={LEVEL_COLOR[l]}>{RISK_LEVEL_LABELS[l]} {figures.data!.controlledByLevel[l]}</Tag>)}</Space>
          {figures.data.overdueReviews > 0 && <a onClick={() => lp.setFilter('overdue', 'true')}><Tag color="red" style={{ fontWeight: 600 }}>复核逾期 {figures.data.overdueReviews} 个</Tag></a>}
          <Typography.Text type="secondary">今年复核 {figures.data.reviewsInPeriod} 次</Typography.Text>
        </Space>
      )}
      <ListTable list={list} lp={lp} empty={{
          first: '还没有风险点。排查出意识形态或网络舆情风险后，登记风险点并指定防控措施和责任人。',
          source: '风险点由本单位和下级单位排查登记，定期复核。',
        }} scroll={narrow ? undefined : { x: 860 }} rowClassName={(r) => (r.overdueDays > 0 ? 'row-overdue' : '')} unit="个" sizeChanger={false}
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
      <Modal open={d.dialog !== null} title="登记风险点" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}><RiskFields form={form} create /></Form>
      </Modal>
    </Card>
  );
}
