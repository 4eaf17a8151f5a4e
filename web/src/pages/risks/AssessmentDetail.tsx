import { Button, Card, Descriptions, Tag } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { CONCLUSION_LABELS, RISK_LEVEL_LABELS } from '../../../../common/risks';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { DetailPage } from '../../components/DetailPage';
import { AssessmentForm } from './AssessmentForm';
import { ConclusionTag } from './Assessments';
import { LevelTag, withLabels } from './Risks';

/** One 重大决策舆情风险评估: what was assessed, the conclusion, the report attached, and its history. */
export default function AssessmentDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const a = useLoad(() => risksApi.getAssessment(id!), [id]);
  const history = useLoad(() => risksApi.assessmentHistory(id!), [id]);
  const [editing, setEditing] = useState(false);
  if (a.error) return <LoadError error={a.error} />;
  const r = a.data;
  if (!r) return <Card loading />;
  const manage = can('risk.manage');
  const reload = () => Promise.all([a.reload(), history.reload()]);
  return (
    <DetailPage
      title={r.subject}
      bar={
        <>
            <LevelTag level={r.level} />
            <ConclusionTag conclusion={r.conclusion} />
            {r.archived && <Tag>已归档</Tag>}
            {manage && !r.archived && <Button onClick={() => setEditing(true)}>编辑</Button>}
            {manage && <ArchiveToggle archived={r.archived} what="这条评估" toggle={(on) => (on ? risksApi.restoreAssessment(r.id, r.version) : risksApi.archiveAssessment(r.id, r.version))} onDone={reload} />}
        </>
      }
      head={
        <>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="单位">{r.unitName}</Descriptions.Item>
            <Descriptions.Item label="评估人">{r.assessor}</Descriptions.Item>
            <Descriptions.Item label="决策日期">{dayText(r.decisionDay)}</Descriptions.Item>
            <Descriptions.Item label="评估日期">{dayText(r.assessedDay)}</Descriptions.Item>
            <Descriptions.Item label="主要风险" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{r.risks}</div></Descriptions.Item>
            <Descriptions.Item label="防范化解措施" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{r.measures}</div></Descriptions.Item>
          </Descriptions>
        </>
      }
    >
      <Attachments entity="risk_assessment" entityId={r.id} title="评估报告" canUpload={manage && !r.archived} />
      <Card title="修改历史">
        <History entries={withLabels(history.data?.items ?? [], { level: RISK_LEVEL_LABELS, conclusion: CONCLUSION_LABELS })}
          labels={{ subject: '决策或项目', decisionDay: '决策日期', assessedDay: '评估日期', level: '风险等级', risks: '主要风险', measures: '防范化解措施', conclusion: '评估结论', assessor: '评估人' }} />
      </Card>
      <AssessmentForm editing={editing ? r : null} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); void reload(); }} />
    </DetailPage>
  );
}
