import { lazy, Suspense } from 'react';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../common/roles';
import { homeApi } from '../../api/home';
import { useAuth } from '../../app/auth';
import { MENU } from '../../app/Layout';
import { Badge, Card, Empty, Skeleton, useNarrow } from '../../components/plain';
import { useLoad } from '../../components/useLoad';
import { ReminderCard } from '../notifications/ReminderCard';

// ECharts is loaded only when the charts are shown.
const Charts = lazy(() => import('./Charts'));
const RankingLazy = lazy(() => import('./Charts').then((m) => ({ default: m.Ranking })));

const SHORTCUTS = ['/tasks', '/rectification', '/cases', '/notices', '/activities', '/targets', '/units', '/people'];

/**
 * Home by role: first what waits for this user (the modules' todos, urgent first, each count a
 * tap that opens exactly those records), then for a unit with units below the ranking by the
 * rates that matter, then the charts, then reminders and shortcuts. Plain HTML (app/shell.css), no
 * antd: home is the first screen after signing in (bench/home-bundle.ts measures what it loads).
 */
export default function Home() {
  const { session, can } = useAuth();
  const a = session!.account;
  const narrow = useNarrow();
  const todos = useLoad(() => homeApi.todos(), []);
  const figures = useLoad(() => (can('home.read') && a.role !== 'liaison' ? homeApi.figures({}) : Promise.resolve(null)), []);
  const waiting = (todos.data?.items ?? []).filter((t) => t.count > 0);
  const shortcuts = SHORTCUTS.map((key) => MENU.find((m) => m.key === key)).filter((m): m is NonNullable<typeof m> => !!m && (!m.permission || can(m.permission)));
  const loadingCard = <Card><Skeleton /></Card>;
  return (
    <div className="nd-page" style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Card title={<span>等您处理 <span className="nd-secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>{a.unitName} · {ROLE_LABELS[a.role]} · {a.displayName}</span></span>} testId="home-todos">
        {todos.error ? <span className="nd-danger">{todos.error.message}</span> : todos.loading && !todos.data ? <Skeleton /> : waiting.length === 0 ? (
          <Empty description="目前没有等您处理的事项" />
        ) : (
          // A grid of plain links: three to a row, one on a phone.
          <ul className="nd-grid" style={{ '--cols-md': 3, '--gap': narrow ? '8px' : '12px' } as React.CSSProperties}>
            {waiting.map((t) => (
              <li key={t.key}>
                <Link to={t.link} aria-label={`${t.label} ${t.count}`} data-testid={`todo-${t.key}`} className="nd-card nd-card-hoverable"
                  style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, padding: 12, minHeight: narrow ? 54 : undefined }}>
                  <span style={{ fontSize: 15 }}>{t.label}</span>
                  <Badge count={t.count} overflow={9999} color={t.urgent ? '#cf1322' : '#0958d9'} style={{ fontSize: 14 }} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {figures.data && figures.data.unit.hasChildren && (
        <Suspense fallback={loadingCard}><RankingLazy figures={figures.data} /></Suspense>
      )}

      {figures.data && figures.data.charts.length > 0 && (
        <div>
          <h2 className="nd-h5">
            {figures.data.unit.name}{figures.data.year}年工作情况 <Link to={`/figures?unitId=${figures.data.unit.id}`} style={{ fontSize: 13, fontWeight: 'normal' }}>各单位图表</Link>
          </h2>
          <Suspense fallback={loadingCard}><Charts figures={figures.data} /></Suspense>
        </div>
      )}

      <ReminderCard />
      <Card title="常用功能">
        <ul className="nd-grid" style={{ '--cols-xs': 2, '--cols-md': 4, '--gap': '12px' } as React.CSSProperties}>
          {shortcuts.map((s) => (
            <li key={s.key}>
              <Link to={s.key} className="nd-card nd-card-hoverable" style={{ textAlign: 'center', padding: 12 }}>{s.label}</Link>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
