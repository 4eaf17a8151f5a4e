import { Card, Select, Space, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { homeApi } from '../../api/home';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/errors';

const Charts = lazy(() => import('./Charts'));
const Ranking = lazy(() => import('./Charts').then((m) => ({ default: m.Ranking })));

/** 单位图表: the charts and the ranking of any unit of the subtree and any year, kept in the address. */
export default function UnitFigures() {
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const year = lp.param('year');
  const figures = useLoad(() => homeApi.figures({ unitId, year: year ? Number(year) : undefined }), [unitId, year]);
  const thisYear = Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
  if (figures.error) return <LoadError error={figures.error} onRetry={figures.reload} />;
  const f = figures.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title="单位图表">
        <Space wrap>
          <div style={{ width: 260 }}><UnitSelect id="figures-unit" value={f?.unit.id} onChange={(v) => lp.setFilter('unitId', v)} /></div>
          <Select id="figures-year" style={{ width: 120 }} value={f?.year} onChange={(v) => lp.setFilter('year', String(v))}
            options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }))} />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>点击柱子或折线上的点，打开对应的记录；“看表”显示数字和同比、环比；“保存图片”可用于会议材料。</Typography.Paragraph>
      </Card>
      {f && f.unit.hasChildren && <Suspense fallback={<Card loading />}><Ranking figures={f} /></Suspense>}
      {f ? <Suspense fallback={<Card loading />}><Charts figures={f} /></Suspense> : <Card loading />}
    </Space>
  );
}
