import {
  ApartmentOutlined, AuditOutlined, HomeOutlined, ImportOutlined, KeyOutlined,
  CloseOutlined, LogoutOutlined, MenuOutlined,
  TeamOutlined, UserOutlined, UsergroupAddOutlined,
} from '../components/icons';
import { AimOutlined, BellOutlined, BulbOutlined, FileDoneOutlined, UnorderedListOutlined, FileSearchOutlined, WarningOutlined, ReadOutlined, SafetyOutlined, CalendarOutlined, ScheduleOutlined, ToolOutlined, WifiOutlined, FileZipOutlined } from '../components/icons';
import { FileTextOutlined } from '../components/icons';
import { FieldTimeOutlined, FormOutlined, LineChartOutlined } from '../components/icons';
import { BarChartOutlined, MessageOutlined, NotificationOutlined, SettingOutlined } from '../components/icons';
import { AlertOutlined, EditOutlined, FlagOutlined, PhoneOutlined, SendOutlined, SolutionOutlined, SwapOutlined } from '../components/icons';
import { FileProtectOutlined, GlobalOutlined } from '../components/icons';
import { RobotOutlined } from '../components/icons';
import { type KeyboardEvent, lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router-dom';
import type { UnitKind } from '../../../common/labels';
import { type Permission, type Role, ROLE_LABELS } from '../../../common/roles';
import { casesApi, UNREAD_EVENT } from '../api/cases';
import { useLoad } from '../components/useLoad';
import { useEnterSubmitsDialogs } from '../components/enterSubmits';
import { Badge, Tag, useNarrow } from '../components/plain';
import { SessionGuard } from './SessionGuard';
import { PrintStyles } from '../components/PrintStyles';
import { dismissFirstSteps, firstStepsDue, FirstUseBar } from './FirstSteps';

/** The guide (with antd's Steps) loads when opened, not with every page. */
const FirstStepsGuide = lazy(() => import('./FirstStepsGuide'));
const AntdRoot = lazy(() => import('./AntdRoot'));
import { useAuth } from './auth';
import { NotificationBell } from '../pages/notifications/Bell';

/** Menu sections, in this order; a section shows only when the user may open one of its entries. */
const GROUPS = ['组织与账号', '责任落实', '工作台账', '舆情与诉求', '值班与报送', '文稿与材料', '系统'] as const;

/** Units at the bottom of the tree: their people record and handle, they do not plan or supervise. */
const GRASSROOTS: UnitKind[] = ['village', 'community'];

/**
 * Beyond the permission (which decides whether the page opens at all), where an entry is useful:
 * `roles` it shows to, unit kinds it is hidden at (`hideAt`), the deepest unit level it shows at
 * (`maxDepth`, 0 = a top unit). A settings page names the permission that changes it.
 */
interface MenuRule {
  roles?: Role[];
  hideAt?: UnitKind[];
  maxDepth?: number;
}

interface MenuEntry extends MenuRule {
  key: string;
  icon: React.ReactNode;
  label: string;
  permission: Permission | null;
  group: (typeof GROUPS)[number] | null;
}

/** The menu lists only what is built, what the user's role may open, and what is useful where the user's unit sits. Add a page: one entry with its group (and a rule if it is not for everyone). */
export const MENU: MenuEntry[] = [
  { key: '/', icon: <HomeOutlined />, label: '首页', permission: null, group: null },
  { key: '/units', icon: <ApartmentOutlined />, label: '单位管理', permission: 'unit.read', group: '组织与账号', hideAt: GRASSROOTS },
  { key: '/people', icon: <UserOutlined />, label: '人员', permission: 'person.read', group: '组织与账号', hideAt: GRASSROOTS },
  { key: '/accounts', icon: <KeyOutlined />, label: '账号', permission: 'account.read', group: '组织与账号' },
  { key: '/leading-group', icon: <TeamOutlined />, label: '领导小组与责任分工', permission: 'leadingGroup.read', group: '组织与账号', hideAt: GRASSROOTS },
  { key: '/import', icon: <ImportOutlined />, label: '批量导入', permission: 'org.import', group: '组织与账号' },
  { key: '/duty-list', icon: <UnorderedListOutlined />, label: '责任清单', permission: 'duty.read', group: '责任落实', hideAt: GRASSROOTS },
  { key: '/tasks', icon: <ScheduleOutlined />, label: '任务台账', permission: 'task.read', group: '责任落实' },
  { key: '/rectification', icon: <ToolOutlined />, label: '整改', permission: 'rectification.read', group: '责任落实' },
  { key: '/agreements', icon: <FileDoneOutlined />, label: '责任书', permission: 'duty.read', group: '责任落实', hideAt: GRASSROOTS },
  { key: '/checks', icon: <FileDoneOutlined />, label: '自查与考核', permission: 'check.read', group: '责任落实' },
  { key: '/campaigns', icon: <AimOutlined />, label: '专项行动', permission: 'task.read', group: '责任落实', hideAt: GRASSROOTS },
  { key: '/activities', icon: <ReadOutlined />, label: '活动台账', permission: 'ledger.read', group: '工作台账' },
  { key: '/targets', icon: <AimOutlined />, label: '年度目标', permission: 'ledger.read', group: '工作台账', hideAt: GRASSROOTS },
  { key: '/plans', icon: <SafetyOutlined />, label: '应急预案', permission: 'ledger.read', group: '工作台账', hideAt: GRASSROOTS },
  { key: '/rules', icon: <FileTextOutlined />, label: '制度文件库', permission: 'rule.read', group: '工作台账' },
  { key: '/netsec', icon: <SafetyOutlined />, label: '网络安全', permission: 'netsec.read', group: '工作台账' },
  { key: '/teams', icon: <AimOutlined />, label: '队伍', permission: 'team.read', group: '工作台账' },
  { key: '/risks', icon: <WarningOutlined />, label: '风险点', permission: 'risk.read', group: '工作台账', hideAt: GRASSROOTS },
  { key: '/risk-assessments', icon: <FileSearchOutlined />, label: '决策风险评估', permission: 'risk.read', group: '工作台账', hideAt: GRASSROOTS },
  { key: '/outlets', icon: <GlobalOutlined />, label: '阵地台账', permission: 'outlet.read', group: '工作台账' },
  { key: '/publishing', icon: <FileProtectOutlined />, label: '信息发布审核', permission: 'post.read', group: '工作台账' },
  { key: '/cases', icon: <MessageOutlined />, label: '舆情诉求', permission: 'case.read', group: '舆情与诉求' },
  { key: '/cases/direct-reports', icon: <NotificationOutlined />, label: '直报', permission: 'case.read', group: '舆情与诉求', hideAt: GRASSROOTS },
  { key: '/figures', icon: <BarChartOutlined />, label: '单位图表', permission: 'home.read', group: '工作台账', hideAt: GRASSROOTS },
  { key: '/cases/figures', icon: <BarChartOutlined />, label: '统计', permission: 'case.read', group: '舆情与诉求', hideAt: GRASSROOTS },
  { key: '/clues', icon: <BulbOutlined />, label: '线索', permission: 'feed.read', group: '舆情与诉求' },
  // Settings: shown to those who can change them.
  { key: '/feeds', icon: <WifiOutlined />, label: '订阅源', permission: 'feed.manage', group: '舆情与诉求' },
  { key: '/reporting/mine', icon: <SendOutlined />, label: '我的报告', permission: 'report.submit', group: '值班与报送' },
  { key: '/reporting', icon: <LineChartOutlined />, label: '报送情况', permission: 'report.review', group: '值班与报送', hideAt: GRASSROOTS },
  { key: '/reporting/schedules', icon: <FieldTimeOutlined />, label: '报送安排', permission: 'report.manage', group: '值班与报送', hideAt: GRASSROOTS },
  { key: '/reporting/forms', icon: <FormOutlined />, label: '报表', permission: 'report.manage', group: '值班与报送', hideAt: GRASSROOTS },
  { key: '/watch/today', icon: <PhoneOutlined />, label: '今日值班', permission: 'watch.read', group: '值班与报送' },
  { key: '/watch', icon: <SolutionOutlined />, label: '值班表', permission: 'watch.read', group: '值班与报送' },
  { key: '/watch/my', icon: <FlagOutlined />, label: '我的值班', permission: 'watch.read', group: '值班与报送' },
  { key: '/watch/log', icon: <EditOutlined />, label: '值班日志', permission: 'watch.read', group: '值班与报送' },
  { key: '/watch/swaps', icon: <SwapOutlined />, label: '换班申请', permission: 'watch.read', group: '值班与报送' },
  { key: '/watch/periods', icon: <AlertOutlined />, label: '敏感时期', permission: 'watch.read', group: '值班与报送' },
  { key: '/information', icon: <SendOutlined />, label: '信息报送', permission: 'info.read', group: '值班与报送' },
  { key: '/packs', icon: <FileZipOutlined />, label: '迎检材料包', permission: 'pack.read', group: '文稿与材料', hideAt: GRASSROOTS },
  { key: '/documents', icon: <FileTextOutlined />, label: '文稿生成', permission: 'document.read', group: '文稿与材料', hideAt: GRASSROOTS },
  { key: '/documents/settings', icon: <SettingOutlined />, label: '文稿设置', permission: 'document.settings', group: '文稿与材料', hideAt: GRASSROOTS },
  // Case settings are changed by an administrator of a top unit (cases/settings.ts); every unit's administrator
  // sets there whether its public replies need a second person's approval (cases/reply-approval.ts).
  { key: '/cases/settings', icon: <SettingOutlined />, label: '舆情诉求设置', permission: 'case.settings', group: '舆情与诉求' },
  { key: '/audit', icon: <AuditOutlined />, label: '审计日志', permission: 'audit.read', group: '系统' },
  { key: '/security', icon: <SafetyOutlined />, label: '安全策略', permission: 'security.manage', group: '系统' },
  { key: '/notices', icon: <NotificationOutlined />, label: '通知通报', permission: 'notice.read', group: '责任落实' },
  { key: '/notifications', icon: <BellOutlined />, label: '消息提醒', permission: 'notification.read', group: '系统' },
  { key: '/robots', icon: <RobotOutlined />, label: '群机器人', permission: 'robot.read', group: '系统' },
  // The working-day calendar and reminder days are set by an administrator of a top unit.
  { key: '/calendar', icon: <CalendarOutlined />, label: '工作日历', permission: 'calendar.manage', group: '系统', maxDepth: 0 },
];

/** Whether an entry shows to this user: the permission, then the entry's rule. */
export function menuShows(m: MenuEntry, can: (p: Permission) => boolean, who: { role: Role; unit: { kind: UnitKind; depth: number } }) {
  if (m.permission && !can(m.permission)) return false;
  if (m.roles && !m.roles.includes(who.role)) return false;
  if (m.hideAt?.includes(who.unit.kind)) return false;
  if (m.maxDepth !== undefined && who.unit.depth > m.maxDepth) return false;
  return true;
}

/** The entries this user sees: those without a section first, then each section with its entries. */
function menuSections(can: (p: Permission) => boolean, who: Parameters<typeof menuShows>[2]) {
  const allowed = MENU.filter((m) => menuShows(m, can, who));
  return [
    { group: null, entries: allowed.filter((m) => !m.group) },
    ...GROUPS.map((g) => ({ group: g, entries: allowed.filter((m) => m.group === g) })).filter((s) => s.entries.length),
  ];
}

/**
 * The side menu (and the phone's drawer): antd's inline menu drawn as links, so each entry is a real
 * link (opens in a new tab with a middle click), reached by Tab or by the arrow keys within the menu.
 */
function SideMenu({ sections, selected, badges, onOpen }: {
  sections: ReturnType<typeof menuSections>; selected: string; badges: Record<string, number>; onOpen: () => void;
}) {
  const entry = ({ key, icon, label }: MenuEntry) => (
    <li role="none" key={key}>
      <Link to={key} role="menuitem" className="nd-menu-item" aria-current={key === selected ? 'page' : undefined} data-menu-key={key} onClick={onOpen}>
        {icon}
        <span className="nd-menu-label">
          {label}{badges[key] ? <> <Badge count={badges[key]} small title={`${badges[key]} 条未阅`} /></> : null}
        </span>
      </Link>
    </li>
  );
  // Up and Down move between the entries, Home and End to the first and last (as in antd's menu).
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || !items.length) return;
    e.preventDefault();
    items[(to + items.length) % items.length].focus();
  };
  return (
    <ul role="menu" className="nd-menu" onKeyDown={onKeyDown}>
      {sections.map(({ group, entries }) => (group ? (
        <li role="none" key={group}>
          <div role="presentation" className="nd-menu-group-title">{group}</div>
          <ul role="group" aria-label={group}>{entries.map(entry)}</ul>
        </li>
      ) : entries.map(entry)))}
    </ul>
  );
}

/** The account's menu: opens on hover or click, closes on Escape, a click elsewhere or leaving it. */
function AccountMenu({ label, items }: { label: ReactNode; items: { key: string; icon: ReactNode; label: string; onClick: () => void }[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const timer = useRef<number>(undefined);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const show = () => { window.clearTimeout(timer.current); setOpen(true); };
  const hide = () => { window.clearTimeout(timer.current); timer.current = window.setTimeout(() => setOpen(false), 150); };
  return (
    <div className="nd-dropdown" ref={ref} onMouseEnter={show} onMouseLeave={hide}
      onKeyDown={(e) => { if (e.key === 'Escape' && open) { setOpen(false); ref.current?.querySelector('button')?.focus(); } }}>
      <button type="button" className="nd-btn nd-btn-text" data-testid="user-menu" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && (
        <ul role="menu" className="nd-dropdown-menu">
          {items.map((i) => (
            <li role="none" key={i.key}>
              <button type="button" role="menuitem" className="nd-dropdown-item" onClick={() => { setOpen(false); i.onClick(); }}>{i.icon}{i.label}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The phone's menu: a panel from the left, keeping the focus while open; Escape, the close button or a tap beside it closes it, and focus returns to the menu button. */
function MenuDrawer({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: ReactNode; children: ReactNode }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const back = document.activeElement as HTMLElement | null;
    panel.current?.querySelector<HTMLElement>('[aria-current="page"], [role="menuitem"]')?.focus();
    return () => back?.focus?.();
  }, [open]);
  if (!open) return null;
  return (
    <>
      <div className="nd-drawer-mask" onClick={onClose} />
      <div className="nd-drawer" role="dialog" aria-modal="true" aria-label="菜单" data-testid="menu-drawer" ref={panel}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          // Tab stays inside the open menu (it covers the page): from the last entry to the close button and back.
          if (e.key !== 'Tab' || !panel.current) return;
          const focusable = [...panel.current.querySelectorAll<HTMLElement>('button, a[href]')];
          const [first, last] = [focusable[0], focusable[focusable.length - 1]];
          if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
          else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
        }}>
        <div className="nd-drawer-header">
          <button type="button" className="nd-drawer-close" aria-label="关闭" onClick={onClose}><CloseOutlined /></button>
          {title}
        </div>
        <div className="nd-drawer-body">{children}</div>
      </div>
    </>
  );
}

export function AppLayout() {
  const { session, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const mobile = useNarrow();
  const [drawer, setDrawer] = useState(false);
  const [guide, setGuide] = useState(false);
  const [firstUse, setFirstUse] = useState(() => firstStepsDue(session!.account.id));
  const navigationType = useNavigationType();
  useEnterSubmitsDialogs();
  // Every page opened starts at its top; Back and Forward (POP) leave the position to the browser.
  useEffect(() => {
    if (navigationType !== 'POP') window.scrollTo(0, 0);
  }, [location.pathname, navigationType]);
  // Unread direct reports as a count on the menu, refreshed on every page change.
  const unread = useLoad(() => (can('case.read') ? casesApi.directReports({ unread: 'true', pageSize: 1 }).then((r) => r.unread) : Promise.resolve(0)), [location.pathname]);
  useEffect(() => {
    const reload = () => void unread.reload();
    window.addEventListener(UNREAD_EVENT, reload);
    return () => window.removeEventListener(UNREAD_EVENT, reload);
  }, [unread.reload]);
  // The phone's menu closes when a page opens (also by Back).
  useEffect(() => setDrawer(false), [location.pathname]);
  const sections = menuSections(can, { role: session!.account.role, unit: session!.unit });
  // The longest matching entry, so /tasks/assign selects 任务台账 and not a shorter neighbour.
  const selected = MENU.filter((m) => m.key !== '/' && (location.pathname === m.key || location.pathname.startsWith(`${m.key}/`)))
    .sort((a, b) => b.key.length - a.key.length).slice(0, 1).map((m) => m.key);
  const menu = (
    <SideMenu sections={sections} selected={selected[0] ?? '/'} badges={{ '/cases/direct-reports': unread.data ?? 0 }} onOpen={() => setDrawer(false)} />
  );
  const account = session!.account;
  const title = <div className="nd-title">网信工作台</div>;

  return (
    <div className="nd-layout">
      {!mobile && (
        // The side menu stays in place while the content scrolls.
        <aside className="nd-sider" data-testid="side-menu">
          <div className="nd-sider-title">{title}</div>
          <nav aria-label="主菜单">{menu}</nav>
        </aside>
      )}
      <div className="nd-layout-main">
        <header className={`nd-header${mobile ? ' nd-narrow' : ''}`}>
          {mobile && <button type="button" className="nd-btn nd-btn-icon" aria-label="打开菜单" aria-expanded={drawer} onClick={() => setDrawer(true)}><MenuOutlined /></button>}
          {mobile && title}
          <div style={{ flex: 1, display: 'flex', justifyContent: 'flex-end' }}><NotificationBell /></div>
          <AccountMenu
            items={[
              { key: 'guide', icon: <BulbOutlined />, label: '使用指引', onClick: () => setGuide(true) },
              { key: 'password', icon: <KeyOutlined />, label: '修改密码', onClick: () => navigate('/password') },
              { key: 'two-factor', icon: <SafetyOutlined />, label: '双因素认证', onClick: () => navigate('/two-factor') },
              { key: 'logout', icon: <LogoutOutlined />, label: '退出', onClick: () => void logout() },
            ]}
            label={
              <span className="nd-user">
                {!mobile && <UsergroupAddOutlined />}
                {!mobile && <span>{account.unitName}</span>}
                {/* A long name must not push the header wider than a phone. */}
                <span className={mobile ? 'nd-user-name-narrow' : undefined}>{account.displayName}</span>
                <Tag color="red">{ROLE_LABELS[account.role]}</Tag>
              </span>
            }
          />
        </header>
        <main className={`nd-content${mobile ? ' nd-narrow' : ''}`}>
          {/* The page's one <h1>, named after its menu entry, for screen readers and the document outline. */}
          <h1 className="sr-only">{MENU.find((m) => m.key === (selected[0] ?? '/'))?.label ?? '网信工作台'}</h1>
          {firstUse && location.pathname === '/' && (
            <FirstUseBar onOpen={() => setGuide(true)} onDismiss={() => { dismissFirstSteps(account.id); setFirstUse(false); }} />
          )}
          <Outlet />
        </main>
      </div>
      <SessionGuard />
      <PrintStyles />
      {guide && (
        <Suspense fallback={null}>
          <AntdRoot>
            <FirstStepsGuide accountId={account.id} role={account.role} open={guide} onClose={() => { setGuide(false); setFirstUse(false); }}
              shows={(path) => MENU.some((m) => m.key === path && menuShows(m, can, { role: account.role, unit: session!.unit }))} />
          </AntdRoot>
        </Suspense>
      )}
      <MenuDrawer open={drawer} onClose={() => setDrawer(false)} title={title}>
        <nav aria-label="主菜单">{menu}</nav>
      </MenuDrawer>
    </div>
  );
}
