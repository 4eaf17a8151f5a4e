/**
 * The figures as charts (ECharts, only the bar and line charts and the components used, from
 * echarts/core; this file is loaded lazily; no antd, as home has none): every bar and point opens the register behind it
 * with its filters, each chart saves as a PNG, and each has its figures as a table for screen
 * readers and for printing (同比 and 环比 columns).
 */
import type { ReactNode } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { ChartView, HomeFiguresView } from '../../../../common/home';
import { Card, useNarrow } from '../../components/plain';

// No AriaComponent: it would replace the chart's own label (which points to the figures table, the
// text alternative) with a generated description; the table says more.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
const monthLabel = (m: string) => `${Number(m.slice(5, 7))}月`;
const fmt = (format: 'count' | 'rate', v: number | null | undefined) => (v === null || v === undefined ? '—' : format === 'rate' ? pct(v) : String(v));
/** 环比/同比 as a change in words: counts by difference, rates by percentage points. */
const change = (format: 'count' | 'rate', now: number | null, before: number | null | undefined) => {
  if (now === null || before === null || before === undefined) return '—';
  const d = format === 'rate' ? Math.round((now - before) * 1000) / 10 : now - before;
  return `${d > 0 ? '+' : ''}${d}${format === 'rate' ? '个百分点' : ''}`;
};

function OneChart({ chart, months, year }: { chart: ChartView; months: string[]; year: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const inst = useRef<echarts.ECharts | null>(null);
  const navigate = useNavigate();
  const [compare, setCompare] = useState(false);
  const [table, setTable] = useState(false);
  const narrow = useNarrow();
  const hasRate = chart.series.some((s) => s.format === 'rate');

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    inst.current = c;
    // The browser test asks the chart where a bar is before clicking it.
    (ref.current as unknown as { __chart: echarts.ECharts }).__chart = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      inst.current = null;
    };
  }, []);

  useEffect(() => {
    const c = inst.current;
    if (!c) return;
    const series = chart.series.flatMap((s) => {
      const main = {
        id: s.key, name: s.label, type: s.type, yAxisIndex: s.format === 'rate' ? 1 : 0,
        data: s.points.map((p) => (p.value === null ? null : s.format === 'rate' ? Math.round(p.value * 1000) / 10 : p.value)),
        ...(s.type === 'line' ? { smooth: false, symbolSize: 8 } : { barMaxWidth: 28 }),
        ...(s.key === 'target' ? { lineStyle: { type: 'dashed' as const }, symbol: 'none' } : {}),
      };
      if (!compare || s.key === 'target') return [main];
      return [main, {
        id: `${s.key}:lastYear`, name: `${s.label}(${year - 1}年同期)`, type: 'line' as const, yAxisIndex: s.format === 'rate' ? 1 : 0, lineStyle: { type: 'dotted' as const }, symbolSize: 4,
        data: s.lastYear.map((v) => (v === null ? null : s.format === 'rate' ? Math.round(v * 1000) / 10 : v)),
      }];
    });
    c.setOption({
      // No growing bars for those who ask for less motion (and a bar is clicked where it stays).
      animation: !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: hasRate ? 48 : 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months.map(monthLabel) },
      yAxis: [{ type: 'value', minInterval: 1 }, ...(hasRate ? [{ type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }] : [])],
      series,
    }, { notMerge: true });
    c.off('click');
    c.on('click', (p: { seriesId?: string; dataIndex: number }) => {
      const s = chart.series.find((x) => x.key === p.seriesId);
      const link = s?.points[p.dataIndex]?.link;
      if (link) navigate(link);
    });
  }, [chart, months, compare, hasRate, navigate, year]);

  const save = () => {
    const url = inst.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = `${chart.title}-${year}年.png`;
    a.click();
  };

  const rows = months.map((m, i) => ({ key: m, month: monthLabel(m), i }));
  const columns = [
    { title: '月份', key: 'month', width: 70, render: (r: { month: string }) => r.month },
    ...chart.series.flatMap((s) => [
      {
        title: s.label, key: s.key, render: (r: { i: number }) => {
          const p = s.points[r.i];
          const text = fmt(s.format, p?.value);
          return p?.link ? <Link to={p.link}>{text}</Link> : text;
        },
      },
      ...(s.key === 'target' ? [] : [
        { title: `${s.label}环比`, key: `${s.key}:mom`, render: (r: { i: number }) => (r.i === 0 ? '—' : change(s.format, s.points[r.i]?.value ?? null, s.points[r.i - 1]?.value)) },
        { title: `${s.label}同比`, key: `${s.key}:yoy`, render: (r: { i: number }) => change(s.format, s.points[r.i]?.value ?? null, s.lastYear[r.i]) },
      ]),
    ]),
  ];
  return (
    <Card
      title={chart.title}
      testId={`chart-${chart.key}`}
      extra={
        <span className="nd-space no-print">
          <button type="button" role="switch" className="nd-switch" aria-checked={compare} onClick={() => setCompare(!compare)} aria-label="与上年同期比较" /> <span className="nd-secondary">同比</span>
          <button type="button" className="nd-btn nd-btn-sm" onClick={() => setTable(!table)}>{table ? '看图' : '看表'}</button>
          <button type="button" className="nd-btn nd-btn-sm" onClick={save}>保存图片</button>
        </span>
      }
    >
      <div ref={ref} role="img" aria-label={`${chart.title}(${year}年各月)，数字见下方表格`} style={{ height: narrow ? 240 : 280, width: '100%', display: table ? 'none' : 'block' }} className="chart-canvas" />
      <div className={table ? '' : 'sr-only print-only'}>
        <PlainTable rows={rows} rowKey={(r) => r.key} columns={columns} caption={`${chart.title}(${year}年，点击数字打开对应记录)`} />
      </div>
    </Card>
  );
}

/** The subordinate units ranked by one of the contributed rates (click a rate to open its records). */
export function Ranking({ figures }: { figures: HomeFiguresView }) {
  const [key, setKey] = useState(figures.ranking.indicators[0]?.key);
  // On a phone only the chosen rate is a column: the others are a tap on the switch above.
  const narrow = useNarrow();
  const shown = narrow ? figures.ranking.indicators.filter((i) => i.key === key) : figures.ranking.indicators;
  const sorted = useMemo(() => [...figures.ranking.units].sort((a, b) => {
    const va = a.values[key ?? '']?.value;
    const vb = b.values[key ?? '']?.value;
    if (va === vb) return a.unitName.localeCompare(b.unitName, 'zh-CN');
    if (va === null || va === undefined) return 1;
    if (vb === null || vb === undefined) return -1;
    return vb - va;
  }), [figures, key]);
  if (!figures.ranking.units.length || !key) return null;
  return (
    <Card title={`下级单位排名(${figures.year}年)`} testId="ranking">
      {/* antd's small segmented control, as buttons: the pressed one is the rate ranked by. */}
      <div className="nd-segmented" role="group" aria-label="排名依据">
        {figures.ranking.indicators.map((i) => (
          <button type="button" key={i.key} aria-pressed={i.key === key} onClick={() => setKey(i.key)}>{i.label}</button>
        ))}
      </div>
      <PlainTable rows={sorted} rowKey={(r) => r.unitId} columns={[
        { title: '名次', key: 'rank', width: 56, render: (_: unknown, i: number) => i + 1 },
        { title: '单位', key: 'unitName', nowrap: true, render: (r) => <Link to={`/figures?unitId=${r.unitId}&year=${figures.year}`}>{r.unitName}</Link> },
        ...shown.map((i) => ({
          title: i.label, key: i.key, render: (r: (typeof sorted)[number]) => {
            const p = r.values[i.key];
            return p?.link ? <Link to={p.link}>{pct(p.value)}</Link> : pct(p?.value ?? null);
          },
        })),
      ]} />
    </Card>
  );
}

interface PlainColumn<R> { title: string; key: string; width?: number; nowrap?: boolean; render: (row: R, index: number) => ReactNode }

/**
 * A plain HTML table in antd's small-table look: the figures beside a chart and the ranking need
 * no sorting, paging or filtering, and antd's Table (with the select, tree and pagination it
 * brings) would be most of what home downloads besides ECharts.
 */
function PlainTable<R>({ rows, rowKey, columns, caption }: { rows: R[]; rowKey: (r: R) => string; columns: PlainColumn<R>[]; caption?: string }) {
  return (
    <div className="plain-table-wrap">
      <table className="plain-table">
        {caption && <caption>{caption}</caption>}
        <thead><tr>{columns.map((c) => <th key={c.key} scope="col" style={c.width ? { width: c.width } : undefined}>{c.title}</th>)}</tr></thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={rowKey(r)}>{columns.map((c) => <td key={c.key} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>{c.render(r, i)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The tables stay in the page for screen readers, hidden on screen and printed instead of the canvas. */
const CSS = `
.plain-table-wrap { overflow-x: auto; }
.plain-table { width: 100%; border-collapse: collapse; font-size: 14px; }
.plain-table caption { caption-side: top; text-align: left; padding: 4px 0 8px; color: rgba(0,0,0,0.65); }
.plain-table th { background: #fafafa; font-weight: 600; text-align: left; white-space: nowrap; }
.plain-table th, .plain-table td { padding: 8px; border-bottom: 1px solid #f0f0f0; }
.plain-table tbody tr:hover td { background: #fafafa; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap; border: 0; }
@media print {
  .sr-only.print-only { position: static; width: auto; height: auto; margin: 0; overflow: visible; clip: auto; white-space: normal; }
  .chart-canvas, .no-print { display: none !important; }
}`;

export default function Charts({ figures }: { figures: HomeFiguresView }) {
  return (
    <div className="nd-grid nd-page" style={{ '--cols-xl': 2, '--gap': '16px' } as React.CSSProperties}>
      <style>{CSS}</style>
      {figures.charts.map((c) => (
        <OneChart key={c.key} chart={c} months={figures.months} year={figures.year} />
      ))}
    </div>
  );
}
