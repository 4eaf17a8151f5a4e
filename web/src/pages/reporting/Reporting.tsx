import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Grid, List, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { REPORT_STATE_LABELS, REPORT_STATES, type RatesRow, type ReportState, type SubmissionView } from '../../../../common/reporting';
import { reportingApi } from '../../api/reporting';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { EnumFilter, FilterBar, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { FIGURE_COLUMNS, pct, StateTag, when } from './shared';

/**
 * 报送情况: for a schedule and a period, expected/submitted/on time/late/nil/returned/missing with
 * 报送率 and 及时率 level by level (a row with units below opens them), the missing units with
 * one-click reminding, the units × periods matrix and the trend; and the list of submissions the
 * documents' figures link to (?from&to&state…).
 */
export default function Reporting() {
  const { can } = useAuth();
  const lp = useListPage();
  const narrow = !Grid.useBreakpoint().md;
  const scheduleId = lp.param('scheduleId');
  const unitId = lp.param('unitId');
  const schedules = useLoad(() => reportingApi.schedules({ pageSize: 200 }), []);
  const sid = scheduleId ?? schedules.data?.items[0]?.id;
  const matrix = useLoad(async () => (sid ? reportingApi.matrix({ scheduleId: sid, unitId, periods: 12 }) : null), [sid, unitId]);
  const trend = useLoad(async () => (sid ? reportingApi.trend({ scheduleId: sid, unitId, periods: 12 }) : null), [sid, unitId]);
  const periods = matrix.data?.periods ?? [];
  // Default: the latest period with anything other than 未到期 (the one a superior follows up).
  const latestDue = [...periods].reverse().find((_, i) => matrix.data!.units.some((u) => { const c = u.cells[periods.length - 1 - i]; return c && c.state !== 'pending'; }));
  const periodKey = lp.param('periodKey') ?? latestDue?.key ?? periods.at(-1)?.key;
  const rates = useLoad(async () => (sid && periodKey ? reportingApi.rates({ scheduleId: sid, periodKey, unitId }) : null), [sid, periodKey, unitId]);
  const listMode = !!(lp.param('from') || lp.param('state') || lp.param('view') || lp.param('reported') || lp.param('timely'));
  const query = { ...lp.scope, ...lp.pick('scheduleId', 'periodKey', 'state', 'view', 'from', 'to', 'reported', 'timely'), ...lp.page };
  const list = useLoad(async () => (listMode ? reportingApi.submissions(query) : null), lp.deps);
  const remind = useSubmit();

  if (schedules.error) return <LoadError error={schedules.error} />;
  const r = rates.data;
  const doRemind = () => remind.submit(async () => {
    const res = await reportingApi.remind({ scheduleId: sid!, periodKey: periodKey!, unitId });
    remind.message.success(res.units ? `已催报 ${res.units} 个未报单位：${res.unitNames.join('、')}` : '没有未报的单位');
  });
  const figureCols = FIGURE_COLUMNS.map((c) => ({
    title: c.title, key: c.key, width: 64, align: 'right' as const,
    render: (_: unknown, row: RatesRow) => {
      const v = row.figures[c.key] as number;
      return c.key === 'missing' && v > 0 ? <Typography.Text type="danger" strong>{v}</Typography.Text> : v;
    },
  }));

  const legend = <Space wrap size={4}>{REPORT_STATES.map((s) => <StateTag key={s} state={s as ReportState} />)}</Space>;
  const pickers = (
        <Space wrap>
          <Select style={{ width: narrow ? 200 : 280 }} placeholder="报送安排" value={sid} onChange={(v) => lp.setFilters({ scheduleId: v, periodKey: undefined })}
            options={(schedules.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}(${s.unitName})` }))} id="rates-schedule" />
          <Select style={{ width: 150 }} placeholder="报送期" value={periodKey} onChange={(v) => lp.setFilter('periodKey', v)} options={[...periods].reverse().map((p) => ({ value: p.key, label: p.label }))} id="rates-period" />
        </Space>
  );

  const listCard = listMode && (
    <Card title="报告列表" extra={<Button icon={<DownloadOutlined />} href={reportingApi.exportUrl(query)}>导出</Button>}>
      <FilterBar>
        <UnitFilter lp={lp} subunits />
        <EnumFilter lp={lp} name="state" placeholder="状态" width={120} labels={REPORT_STATE_LABELS} />
        {(lp.param('from') || lp.param('to')) && <Tag closable onClose={() => lp.setFilters({ from: undefined, to: undefined })}>截止于 {lp.param('from')} 至 {lp.param('to')}</Tag>}
        {lp.flag('reported') && <Tag closable onClose={() => lp.setFilter('reported', undefined)}>已报送</Tag>}
        {lp.flag('timely') && <Tag closable onClose={() => lp.setFilter('timely', undefined)}>按时限报送</Tag>}
      </FilterBar>
      <ListTable<SubmissionView> list={list as never} lp={lp} unit="份"
        columns={narrow ? [{ title: '报告', key: 'all', render: (_, s) => (
          <Space direction="vertical" size={2}>
            <Link to={`/reporting/submissions/${s.id}`}>{s.unitName} · {s.periodLabel}</Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.scheduleName}</Typography.Text>
            <StateTag state={s.state} />
          </Space>
        ) }] : [
          { title: '报送单位', dataIndex: 'unitName', render: (v, s) => <Link to={`/reporting/submissions/${s.id}`}>{v}</Link> },
          { title: '报送安排', dataIndex: 'scheduleName' },
          { title: '报送期', dataIndex: 'periodLabel', width: 120 },
          { title: '状态', key: 'state', width: 100, render: (_, s) => <StateTag state={s.state} /> },
          { title: '截止', key: 'due', width: 160, render: (_, s) => when(s.dueAt) },
          { title: '报送时间', key: 'at', width: 160, render: (_, s) => when(s.firstSubmittedAt) },
        ]} />
    </Card>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {listCard}
      <Card title="报送情况" extra={!narrow && pickers}>
        {narrow && <div style={{ marginBottom: 12 }}>{pickers}</div>}
        {!sid && <Empty description="还没有报送安排" />}
        {(matrix.error ?? rates.error) && <LoadError error={(matrix.error ?? rates.error)!} />}
        {r && (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Space wrap>
              {unitId && <Button onClick={() => lp.setFilter('unitId', undefined)}>返回全部</Button>}
              <Typography.Text strong>{r.unit.name} · {r.periodLabel}</Typography.Text>
              <span>应报 {r.total.expected}，已报 {r.total.submitted}，零报告 {r.total.nil}，迟报 {r.total.late}，未报 <Typography.Text type={r.total.missing ? 'danger' : undefined} strong>{r.total.missing}</Typography.Text></span>
            </Space>
            <Space wrap size={24}>
              <span>报送率 <Progress type="circle" size={64} percent={Math.round((r.total.reportingRate ?? 0) * 1000) / 10} format={() => pct(r.total.reportingRate)} aria-label={`报送率 ${pct(r.total.reportingRate)}`} /></span>
              <span>及时率 <Progress type="circle" size={64} percent={Math.round((r.total.onTimeRate ?? 0) * 1000) / 10} format={() => pct(r.total.onTimeRate)} aria-label={`及时率 ${pct(r.total.onTimeRate)}`} /></span>
            </Space>
            <Table<RatesRow> size="small" rowKey="unitId" pagination={false} dataSource={r.rows} scroll={{ x: 760 }}
              columns={[
                { title: '单位', key: 'u', fixed: 'left', width: 150, render: (_, row) => row.drillable
                  ? <a onClick={() => lp.setFilter('unitId', row.unitId)}>{row.unitName} ›</a>
                  : row.submissionId ? <Link to={`/reporting/submissions/${row.submissionId}`}>{row.unitName}</Link> : <span>{row.unitName}</span> },
                ...figureCols,
                { title: '报送率', key: 'rr', width: 80, render: (_, row) => pct(row.figures.reportingRate) },
                { title: '及时率', key: 'ot', width: 80, render: (_, row) => pct(row.figures.onTimeRate) },
              ]} />
            <Card size="small" type="inner" title={`未报单位(${r.missingUnits.length})`}
              extra={can('report.review') && r.missingUnits.length > 0 && <Button type="primary" danger onClick={doRemind} loading={remind.busy}>一键催报</Button>}>
              {r.missingUnits.length === 0 ? <Typography.Text type="success">没有未报的单位</Typography.Text> : (
                <List size="small" dataSource={r.missingUnits} renderItem={(m) => <List.Item><Link to={`/reporting/submissions/${m.submissionId}`}>{m.unitName}</Link></List.Item>} />
              )}
            </Card>
          </Space>
        )}
      </Card>
      {matrix.data && matrix.data.units.length > 0 && (
        <Card title="报送矩阵" extra={!narrow && legend}>
          {narrow && <div style={{ marginBottom: 8 }}>{legend}</div>}
          <Table size="small" rowKey="unitId" pagination={{ pageSize: 50, hideOnSinglePage: true }} dataSource={matrix.data.units} scroll={{ x: 160 + periods.length * 90 }}
            columns={[
              { title: '单位', dataIndex: 'unitName', fixed: 'left', width: 140 },
              ...periods.map((p, i) => ({
                title: p.label, key: p.key, width: 90,
                render: (_: unknown, u: (typeof matrix.data & object)['units'][number]) => {
                  const c = u.cells[i];
                  return c ? <Link to={`/reporting/submissions/${c.submissionId}`} className={`cell-${c.state}`}><StateTag state={c.state} /></Link> : <Typography.Text type="secondary">—</Typography.Text>;
                },
              })),
            ]} />
        </Card>
      )}
      {trend.data && trend.data.points.length > 0 && (
        <Card title="走势">
          <Table size="small" rowKey="key" pagination={false} dataSource={trend.data.points}
            columns={[
              { title: '报送期', dataIndex: 'label', width: 120 },
              { title: '报送率', key: 'rr', render: (_, p) => <Progress percent={Math.round((p.figures.reportingRate ?? 0) * 100)} size="small" format={() => pct(p.figures.reportingRate)} aria-label={`报送率 ${pct(p.figures.reportingRate)}`} /> },
              { title: '及时率', key: 'ot', render: (_, p) => <Progress percent={Math.round((p.figures.onTimeRate ?? 0) * 100)} size="small" strokeColor="#52c41a" format={() => pct(p.figures.onTimeRate)} aria-label={`及时率 ${pct(p.figures.onTimeRate)}`} /> },
              { title: '零报告', key: 'nil', width: 70, render: (_, p) => p.figures.nil },
              { title: '未报', key: 'm', width: 60, render: (_, p) => p.figures.missing },
            ]} />
        </Card>
      )}
    </Space>
  );
}
