import { Card, Col, DatePicker, Row, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { OUTLET_TYPE_LABELS, type OutletType } from '../../../../common/outlets';
import { RULE_CATEGORY_LABELS, type RuleCategory } from '../../../../common/publishing';
import { postApi } from '../../api/outlets';
import { LoadError } from '../../components/errors';
import { UnitFilter } from '../../components/ListFilters';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { shanghaiDayjs } from '../../components/OverdueTag';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/** 阵地和信息发布统计 for a unit's subtree and a period (this year by default). */
export default function PublishingFigures() {
  const lp = useListPage();
  const year = String(shanghaiDayjs().year());
  const from = lp.param('from') ?? `${year}-01-01`;
  const to = lp.param('to') ?? `${year}-12-31`;
  const fig = useLoad(() => postApi.figures({ unitId: lp.unitId, from, to }), lp.deps);
  if (fig.error) return <LoadError error={fig.error} />;
  const f = fig.data;
  const q = (extra: Record<string, string>) => `?${new URLSearchParams({ ...(lp.unitId ? { unitId: lp.unitId } : {}), ...extra })}`;
  return (
    <Card title="阵地和信息发布统计" loading={!f}>
      <Space wrap style={{ marginBottom: 16 }}>
        <UnitFilter lp={lp} />
        <DatePicker.RangePicker value={[dayjs(from), dayjs(to)]} onChange={(v) => v && v[0] && v[1] && lp.setFilters({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })} />
      </Space>
      {f && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Card size="small"><Statistic title="信息准确率" value={pct(f.accuracyRate)} /><Typography.Text type="secondary" id="accuracy-detail">发布 {f.postsPublished} 条，其中更正 {f.postsCorrected} 条</Typography.Text></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="送审信息" value={f.postsSubmitted} suffix="条" /><Typography.Text type="secondary">退回 {f.rejections} 次{f.avgReviewHours !== null ? `，平均审核 ${f.avgReviewHours} 小时` : ''}</Typography.Text></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="严重表述错误" value={f.seriousFound} suffix="处" /><Typography.Text type="secondary">已更正 {f.seriousFixed} 处</Typography.Text></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Link to={`/outlets${q({ quiet: 'any' })}`}><Statistic title="未按期更新/睡眠" value={`${f.quietLate}/${f.quietDormant}`} suffix="个" /></Link><Typography.Text type="secondary">即将到期 {f.expiringFilings} 个</Typography.Text></Card></Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} md={12}>
              <Card size="small" title={`在册阵地 ${f.outletsTotal} 个`}>
                {Object.entries(f.outletsByType).filter(([, n]) => n > 0).map(([t, n]) => <div key={t}>{OUTLET_TYPE_LABELS[t as OutletType]}：{n} 个</div>)}
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title="校对提示(按类别)">
                {Object.entries(f.hitsByCategory).map(([c, n]) => <div key={c}>{RULE_CATEGORY_LABELS[c as RuleCategory]}：{n} 处</div>)}
                <div style={{ marginTop: 8 }}><Link to={`/publishing${q({ view: 'corrections' })}`}>更正记录 {f.corrections} 次</Link></div>
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Card>
  );
}
