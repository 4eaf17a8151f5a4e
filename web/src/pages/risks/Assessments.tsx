import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Grid, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { type AssessmentView, CONCLUSION_LABELS, type Conclusion, RISK_LEVEL_LABELS } from '../../../../common/risks';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { CheckFilter, EnumFilter, FilterBar, RangeFilter, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { DayCell, dayText } from '../../components/OverdueTag';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { AssessmentForm } from './AssessmentForm';
import { LevelTag } from './Risks';

const CONCLUSION_COLOR: Record<Conclusion, string> = { proceed: 'green', adjust: 'blue', defer: 'orange', reject: 'red' };
export const ConclusionTag = ({ conclusion }: { conclusion: Conclusion }) => <Tag color={CONCLUSION_COLOR[conclusion]}>{CONCLUSION_LABELS[conclusion]}</Tag>;

/** 重大决策舆情风险评估台账: one record per major decision or project, newest assessment first. */
export default function Assessments() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const narrow = !Grid.useBreakpoint().md;
  const query = { ...lp.scope, ...lp.pick('level', 'conclusion', 'from', 'to', 'q'), ...lp.flags('archived'), ...lp.page };
  const list = useLoad(() => risksApi.assessments(query), lp.deps);
  const [editing, setEditing] = useState<'new' | null>(null);
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
      <FilterBar>
        <UnitFilter lp={lp} subunits />
        <EnumFilter lp={lp} name="level" placeholder="风险等级" width={110} labels={RISK_LEVEL_LABELS} />
        <EnumFilter lp={lp} name="conclusion" placeholder="评估结论" width={130} labels={CONCLUSION_LABELS} />
        <RangeFilter lp={lp} placeholder={['评估日期起', '评估日期止']} />
        <CheckFilter lp={lp} name="archived" label="已归档" />
        <SearchFilter lp={lp} placeholder="名称或主要风险" width={180} />
      </FilterBar>
      <ListTable list={list} lp={lp} empty={{
          first: '还没有评估记录。重大决策、重大项目出台前，在这里登记舆情风险评估及结论。',
          source: '评估由作出决策的单位登记。',
        }} unit="项" sizeChanger={false} scroll={narrow ? undefined : { x: 760 }}
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
          { title: '评估日期', dataIndex: 'assessedDay', width: 140, render: (d) => <DayCell day={d} /> },
          { title: '风险等级', dataIndex: 'level', width: 90, render: (l) => <LevelTag level={l} /> },
          { title: '结论', dataIndex: 'conclusion', width: 110, render: (c: Conclusion) => <ConclusionTag conclusion={c} /> },
        ]} />
      <AssessmentForm editing={editing} defaultUnitId={unitId} onClose={() => setEditing(null)} onSaved={(a) => { setEditing(null); navigate(`/risk-assessments/${a.id}`); }} />
    </Card>
  );
}
