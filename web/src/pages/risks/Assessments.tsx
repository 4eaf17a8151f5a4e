import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { type AssessmentView, CONCLUSION_LABELS, CONCLUSIONS, type Conclusion, RISK_LEVEL_LABELS, RISK_LEVELS } from '../../../../common/risks';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { dayText } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { AssessmentForm } from './AssessmentForm';
import { LevelTag } from './Risks';

const CONCLUSION_COLOR: Record<Conclusion, string> = { proceed: 'green', adjust: 'blue', defer: 'orange', reject: 'red' };
export const ConclusionTag = ({ conclusion }: { conclusion: Conclusion }) => <Tag color={CONCLUSION_COLOR[conclusion]}>{CONCLUSION_LABELS[conclusion]}</Tag>;

/** 重大决策舆情风险评估台账: one record per major decision or project, newest assessment first. */
export default function Assessments() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const ownOnly = params.get('includeSubunits') === 'false';
  const narrow = !Grid.useBreakpoint().md;
  const [level, setLevel] = useState<string>();
  const [conclusion, setConclusion] = useState<string>();
  const [range, setRange] = useState<[string, string] | null>(null);
  const [archived, setArchived] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = {
    unitId, includeSubunits: unitId && ownOnly ? false : undefined, level, conclusion, from: range?.[0], to: range?.[1],
    archived: archived || undefined, q: q || undefined, ...page,
  };
  const list = useLoad(() => risksApi.assessments(query), [unitId, ownOnly, level, conclusion, range, archived, q, page]);
  const [editing, setEditing] = useState<'new' | null>(null);
  const setFilter = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    setPage({ ...page, page: 1 });
  };
  const first = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage({ ...page, page: 1 }); };
  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const actions = (
    <Space wrap>
      {can('risk.manage') && <Button type="primary" onClick={() => setEditing('new')}>登记评估</Button>}
      <Button icon={<DownloadOutlined />} href={risksApi.assessmentsExportUrl(query)}>导出</Button>
    </Space>
  );
  return (
    <Card title="重大决策舆情风险评估" extra={narrow ? undefined : actions}>
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 200 }}><UnitSelect value={unitId} allowClear placeholder="全部单位" onChange={(v) => setFilter('unitId', v)} /></div>
        {unitId && <Checkbox checked={!ownOnly} onChange={(e) => setFilter('includeSubunits', e.target.checked ? undefined : 'false')}>含下级单位</Checkbox>}
        <Select allowClear placeholder="风险等级" style={{ width: 110 }} value={level} onChange={first(setLevel)} options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))} />
        <Select allowClear placeholder="评估结论" style={{ width: 130 }} value={conclusion} onChange={first(setConclusion)} options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_LABELS[c] }))} />
        <DatePicker.RangePicker placeholder={['评估日期起', '评估日期止']} onChange={(d) => first(setRange)(d && d[0] && d[1] ? [d[0].format('YYYY-MM-DD'), d[1].format('YYYY-MM-DD')] : null)} />
        <Checkbox checked={archived} onChange={(e) => first(setArchived)(e.target.checked)}>已归档</Checkbox>
        <Input.Search placeholder="名称或主要风险" allowClear onSearch={first(setQ)} style={{ width: 180 }} />
      </Space>
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} scroll={narrow ? undefined : { x: 760 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (n) => `共 ${n} 项`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={narrow ? [
          {
            title: '决策或项目', key: 'all', render: (_, a: AssessmentView) => (
              <Space direction="vertical" size={2}>
                <Link to={`/risk-assessments/${a.id}`}>{a.subject}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.unitName} · 评估 {dayText(a.assessedDay)}</Typography.Text>
                <Space size={4} wrap><LevelTag level={a.level} /><ConclusionTag conclusion={a.conclusion} /></Space>
              </Space>
            ),
          },
        ] : [
          { title: '决策或项目', dataIndex: 'subject', render: (v, a: AssessmentView) => <Space direction="vertical" size={0}><Link to={`/risk-assessments/${a.id}`}>{v}</Link><Typography.Text type="secondary" style={{ fontSize: 12 }}>评估人：{a.assessor}</Typography.Text></Space> },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '评估日期', dataIndex: 'assessedDay', width: 130, render: (d) => dayText(d) },
          { title: '风险等级', dataIndex: 'level', width: 90, render: (l) => <LevelTag level={l} /> },
          { title: '结论', dataIndex: 'conclusion', width: 110, render: (c: Conclusion) => <ConclusionTag conclusion={c} /> },
        ]} />
      <AssessmentForm editing={editing} defaultUnitId={unitId} onClose={() => setEditing(null)} onSaved={(a) => { setEditing(null); navigate(`/risk-assessments/${a.id}`); }} />
    </Card>
  );
}
