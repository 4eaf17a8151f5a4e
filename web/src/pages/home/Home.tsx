import { Badge, Card, Col, Empty, Grid, Row, Skeleton, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../common/roles';
import { homeApi } from '../../api/home';
import { useAuth } from '../../app/auth';
import { MENU } from '../../app/Layout';
import { useLoad } from '../../components/useLoad';
import { ReminderCard } from '../notifications/ReminderCard';

// ECharts is loaded only when the charts are shown.
const Charts = lazy(() => import('./Charts'));
const RankingLazy = lazy(() => import('./Charts').then((m) => ({ default: m.Ranking })));

const SHORTCUTS = ['/tasks', '/rectification', '/cases', '/notices', '/activities', '/targets', '/units', '/people'];

/**
 * Home by role: first what waits for this user (the modules' todos, urgent first, each count a
 * tap that opens exactly those records), then for a unit with units below the ranking by the
 * rates that matter, then the charts, then reminders and shortcuts.
 */
export default function Home() {
  const { session, can } = useAuth();
  const a = session!.account;
  const narrow = !Grid.useBreakpoint().md;
  const todos = useLoad(() => homeApi.todos(), []);
  const figures = useLoad(() => (can('home.read') && a.role !== 'liaison' ? homeApi.figures({}) : Promise.resolve(null)), []);
  const waiting = (todos.data?.items ?? []).filter((t) => t.count > 0);
  const shortcuts = SHORTCUTS.map((key) => MENU.find((m) => m.key === key)).filter((m): m is NonNullable<typeof m> => !!m && (!m.permission || can(m.permission)));
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Card size="small" title={<span>等您处理 <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>{a.unitName} · {ROLE_LABELS[a.role]} · {a.displayName}</Typography.Text></span>} data-testid="home-todos">
        {todos.error ? <Typography.Text type="danger">{todos.error.message}</Typography.Text> : todos.loading && !todos.data ? <Skeleton active paragraph={{ rows: 2 }} /> : waiting.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="目前没有等您处理的事项" />
        ) : (
          // A grid of plain links, not antd's List (which brings pagination and select into home's first load).
          <Row gutter={[12, narrow ? 8 : 12]} role="list">
            {waiting.map((t) => (
              <Col xs={24} md={8} key={t.key} role="listitem">
                <Link to={t.link} aria-label={`${t.label} ${t.count}`} data-testid={`todo-${t.key}`} style={{ display: 'block', width: '100%' }}>
                  <Card hoverable size="small" styles={{ body: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', minHeight: narrow ? 52 : undefined } }}>
                    <span style={{ fontSize: 15 }}>{t.label}</span>
                    <Badge count={t.count} overflowCount={9999} color={t.urgent ? '#cf1322' : '#1677ff'} style={{ fontSize: 14 }} />
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>

      {figures.data && figures.data.unit.hasChildren && (
        <Suspense fallback={<Card loading size="small" />}><RankingLazy figures={figures.data} /></Suspense>
      )}

      {figures.data && figures.data.charts.length > 0 && (
        <div>
          <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
            {figures.data.unit.name}{figures.data.year}年工作情况 <Link to={`/figures?unitId=${figures.data.unit.id}`} style={{ fontSize: 13, fontWeight: 'normal' }}>各单位图表</Link>
          </Typography.Title>
          <Suspense fallback={<Card loading size="small" />}><Charts figures={figures.data} /></Suspense>
        </div>
      )}

      <ReminderCard />
      <Card title="常用功能" size="small">
        <Row gutter={[12, 12]}>
          {shortcuts.map((s) => (
            <Col xs={12} md={6} key={s.key}>
              <Link to={s.key}><Card hoverable size="small" style={{ textAlign: 'center' }}>{s.label}</Card></Link>
            </Col>
          ))}
        </Row>
      </Card>
    </div>
  );
}
