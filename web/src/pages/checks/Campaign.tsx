import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Grid, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ResultRow } from '../../../../common/checks';
import { UNIT_KIND_LABELS } from '../../../../common/labels';
import { checksApi } from '../../api/checks';
import { newIdempotencyKey } from '../../api/client';
import { documentsApi } from '../../api/documents';
import { useAuth } from '../../app/auth';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { StatusTag } from './Checks';

const change = (r: ResultRow) => (r.change === null ? '—' : r.change > 0 ? <span style={{ color: '#389e0d' }}>+{r.change}</span> : r.change < 0 ? <span style={{ color: '#cf1322' }}>{r.change}</span> : '持平');

/** A campaign: progress by items assessed, each unit's score, grade and rank, publishing, the 考核结果通报. */
export default function Campaign() {
  const { id } = useParams();
  const { can } = useAuth();
  const navigate = useNavigate();
  const c = useLoad(() => checksApi.campaign(id!), [id]);
  const { busy, submit, message } = useSubmit();
  const narrow = !Grid.useBreakpoint().md;
  if (c.error) return <LoadError error={c.error} />;
  const v = c.data;
  if (!v) return <Card loading />;
  const publish = () => submit(async () => { c.setData(await checksApi.publish(v.id, v.version)); message.success('考核结果已公布'); });
  const notice = () => submit(async () => {
    const d = await documentsApi.create({ unitId: v.unitId, type: 'check_notice', period: { kind: 'range', from: v.from, to: v.to } }, newIdempotencyKey());
    navigate(`/documents/${d.id}`);
  });
  const open = (r: ResultRow) => (r.assessmentId ? <Link to={`/checks/campaigns/${v.id}/units/${r.unitId}`}>{r.unitName}</Link> : r.unitName);
  return (
    <DetailPage
      title={v.name}
      bar={
        <>
          <StatusTag s={v.status} />
          {v.canAssess && (
            <Popconfirm title="公布后不能再修改评分，各单位可看到排名和本单位结果。确认公布？" okText="公布" cancelText="取消" onConfirm={publish}>
              <Button type="primary" loading={busy}>公布结果</Button>
            </Popconfirm>
          )}
          {v.assessing && v.status === 'published' && can('document.manage') && <Button loading={busy} onClick={notice}>生成考核结果通报</Button>}
          {v.results && <Button icon={<DownloadOutlined />} href={checksApi.campaignExportUrl(v.id)}>导出结果</Button>}
        </>
      }
      head={
        <>
          {!v.assessing && v.status !== 'published' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="考核结果公布前，被考核单位看不到考核情况。" />}
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label="组织单位">{v.unitName}</Descriptions.Item>
            <Descriptions.Item label="考核细则">{v.frameworkName}</Descriptions.Item>
            <Descriptions.Item label="期间">{v.from} 至 {v.to}</Descriptions.Item>
            <Descriptions.Item label="被考核单位">{v.unitKinds.map((k) => UNIT_KIND_LABELS[k]).join('、')}</Descriptions.Item>
            <Descriptions.Item label="等次">{v.bands.map((b) => `${b.label}≥${b.min}`).join('，')}；一票否决为不合格</Descriptions.Item>
            {v.assessing && <Descriptions.Item label="进度"><Progress percent={Math.round((v.progress.assessed / Math.max(1, v.progress.applicable)) * 100)} size="small" style={{ width: 160, margin: 0 }} aria-label={`已评 ${v.progress.assessed}/${v.progress.applicable} 项`} /> 已评 {v.progress.assessed}/{v.progress.applicable} 项</Descriptions.Item>}
          </Descriptions>
        </>
      }
    >
      {v.results && (
        <Card title={v.status === 'published' ? '考核结果' : '各单位评分情况'} size="small">
          <Table
            rowKey="unitId" size="small" pagination={false} dataSource={v.results}
            rowClassName={(r) => (v.own.includes(r.assessmentId) ? 'row-own' : '')}
            columns={narrow ? [{
              title: '单位', key: 'all', render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <span>第{r.rank}名 · {open(r)}</span>
                  <span><b>{r.score}</b>分 · {r.grade}{r.vetoFailed && <Tag color="error" style={{ marginLeft: 4 }}>一票否决</Tag>}{r.noHonours && <Tag color="warning">取消评优资格</Tag>}</span>
                  {v.assessing && v.status !== 'published' && <Typography.Text type="secondary">已评 {r.assessed}/{r.applicable} 项</Typography.Text>}
                  {r.lastScore !== null && <Typography.Text type="secondary">上年 {r.lastScore} 分，变化 {change(r)}</Typography.Text>}
                </Space>
              ),
            }] : [
              { title: '名次', dataIndex: 'rank', width: 60 },
              { title: '单位', key: 'unit', render: (_, r) => open(r) },
              { title: '得分', dataIndex: 'score', width: 80 },
              { title: '等次', key: 'grade', width: 160, render: (_, r) => <Space size={4}>{r.grade}{r.vetoFailed && <Tag color="error">一票否决</Tag>}{r.noHonours && <Tag color="warning">取消评优资格</Tag>}</Space> },
              ...(v.assessing ? [{ title: '评分进度', key: 'p', width: 110, render: (_: unknown, r: ResultRow) => `${r.assessed}/${r.applicable} 项` }] : []),
              { title: '上年得分', key: 'last', width: 90, render: (_, r) => r.lastScore ?? '—' },
              { title: '变化', key: 'change', width: 80, render: (_, r) => change(r) },
            ]}
          />
        </Card>
      )}
    </DetailPage>
  );
}
