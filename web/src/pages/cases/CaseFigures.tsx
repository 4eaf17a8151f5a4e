import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, List, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { CASE_LEVEL_LABELS, CASE_SOURCE_LABELS, type CaseLevel, type CaseSource, SHEET_LATE_CLOSURES } from '../../../../common/cases';
import { casesApi } from '../../api/cases';
import { LoadError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { when } from './common';
import { shanghaiDayjs } from '../../components/OverdueTag';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function Breakdown({ title, rows }: { title: string; rows: { name: string; n: number }[] }) {
  const data = rows.filter((r) => r.n > 0);
  return (
    <Card size="small" title={title}>
      {data.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" /> : (
        <Table size="small" rowKey="name" pagination={false} dataSource={data} columns={[{ title: '项目', dataIndex: 'name' }, { title: '数量', dataIndex: 'n', width: 80, align: 'right' }]} />
      )}
    </Card>
  );
}

/** 舆情诉求统计 for a unit subtree and a period: the same figures documents reuse. */
export default function CaseFigures() {
  const [params, setParams] = useSearchParams();
  const year = shanghaiDayjs().year();
  const unitId = params.get('unitId') ?? undefined;
  const from = params.get('from') ?? `${year}-01-01`;
  const to = params.get('to') ?? `${year}-12-31`;
  const figures = useLoad(() => casesApi.figures({ unitId, from, to }), [unitId, from, to]);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    setParams(next);
  };
  if (figures.error) return <LoadError error={figures.error} onRetry={figures.reload} />;
  const f = figures.data;
  const units = f?.byUnit.filter((u) => u.events > 0) ?? [];
  const link = (extra: string) => `/cases?${new URLSearchParams({ ...(unitId ? { unitId } : {}), from, to }).toString()}${extra}`;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="舆情与诉求统计" extra={<Space><Button icon={<DownloadOutlined />} href={casesApi.figuresExportUrl({ unitId, from, to })}>导出</Button><Link to="/cases">返回列表</Link></Space>}>
        <Space wrap>
          <div style={{ minWidth: 200 }}><UnitSelect value={unitId} allowClear placeholder="本单位(含下级)" onChange={(v) => set({ unitId: v })} /></div>
          <DatePicker.RangePicker value={[dayjs(from), dayjs(to)] as [Dayjs, Dayjs]} allowClear={false}
            onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })} />
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        {[
          { t: '收到报告', v: f?.received, s: '条' },
          { t: '事件', v: f?.events, s: '个', to: link('') },
          { t: '已办结', v: f?.closed, s: '个', to: link('&open=false') },
          { t: '办结率', v: f ? pct(f.closureRate) : undefined },
          { t: '首次回应按时率', v: f ? pct(f.firstResponseOnTimeRate) : undefined, hint: f ? `${f.firstResponseOnTime}/${f.firstResponseDue}` : '' },
          { t: '办结按时率', v: f ? pct(f.closeOnTimeRate) : undefined, hint: f ? `已办结 ${f.closeDue} 个中按时 ${f.closedOnTime} 个` : '' },
          { t: '超期未办结', v: f?.overdueOpen, s: '个', to: link('&overdue=true') },
          { t: '办理时长中位数', v: f?.medianHandlingHours == null ? '—' : f.medianHandlingHours.toFixed(1), s: f?.medianHandlingHours == null ? '' : '小时' },
        ].map((x) => (
          <Col xs={12} sm={8} lg={6} key={x.t}>
            <Card size="small" loading={figures.loading && !f}>
              <Statistic title={x.t} value={x.v ?? '-'} suffix={x.s} />
              {x.hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{x.hint}</Typography.Text>}
              {x.to && <div><Link to={x.to} style={{ fontSize: 12 }}>查看</Link></div>}
            </Card>
          </Col>
        ))}
      </Row>
      {f && (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12} xl={6}><Breakdown title="按来源(报告数)" rows={Object.entries(f.bySource).map(([k, n]) => ({ name: CASE_SOURCE_LABELS[k as CaseSource], n }))} /></Col>
          <Col xs={24} md={12} xl={6}><Breakdown title="按等级(事件数)" rows={Object.entries(f.byLevel).map(([k, n]) => ({ name: k === 'untriaged' ? '未研判' : CASE_LEVEL_LABELS[k as CaseLevel], n }))} /></Col>
          <Col xs={24} md={12} xl={6}><Breakdown title="按分类(事件数)" rows={Object.entries(f.byCategory).map(([name, n]) => ({ name, n }))} /></Col>
          <Col xs={24} md={12} xl={6}>
            <Card size="small" title="按单位">
              {/* A province's subtree has thousands of units: ten a page, the largest first. */}
              <Table size="small" rowKey="unitId" dataSource={units} locale={{ emptyText: '无' }}
                pagination={units.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false, showTotal: (n) => `共 ${n} 个单位` } : false}
                columns={[{ title: '单位', dataIndex: 'unitName' }, { title: '事件', dataIndex: 'events', width: 60, align: 'right' }, { title: '办结', dataIndex: 'closed', width: 60, align: 'right' }]} />
            </Card>
          </Col>
        </Row>
      )}
      {f && f.closedLate > 0 && (
        <Card size="small" title="超过办结时限才办结的事件">
          <List dataSource={f.lateClosures} renderItem={(l) => (
            <List.Item><List.Item.Meta title={<Link to={`/cases/${l.eventId}`}>{l.title}</Link>}
              description={`${l.unitName}，时限 ${when(l.dueAt)}，${when(l.closedAt)} 办结`} /></List.Item>
          )} />
          {f.closedLate > f.lateClosures.length && (
            <Typography.Text type="secondary">
              共 {f.closedLate} 个，这里列出最早办结的 {f.lateClosures.length} 个；<a href={casesApi.figuresExportUrl({ unitId, from, to })}>导出表格</a>
              {f.closedLate > SHEET_LATE_CLOSURES ? `列出最早的 ${SHEET_LATE_CLOSURES} 个，其余请选择下级单位导出。` : '列出全部。'}
            </Typography.Text>
          )}
        </Card>
      )}
      {f && f.replies.length > 0 && (
        <Card size="small" title="最近的公开答复">
          <List dataSource={f.replies} renderItem={(r) => (
            <List.Item><List.Item.Meta title={<Link to={`/cases/${r.eventId}`}>{r.title}</Link>} description={<span>{r.reply} <Typography.Text type="secondary">({when(r.at)})</Typography.Text></span>} /></List.Item>
          )} />
        </Card>
      )}
    </Space>
  );
}
