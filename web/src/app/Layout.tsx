import {
  ApartmentOutlined, AuditOutlined, HomeOutlined, ImportOutlined, KeyOutlined,
  LogoutOutlined, MenuOutlined,
  TeamOutlined, UserOutlined, UsergroupAddOutlined,
} from '@ant-design/icons';
import { AimOutlined, BellOutlined, BulbOutlined, FileDoneOutlined, UnorderedListOutlined, FileSearchOutlined, WarningOutlined, ReadOutlined, SafetyOutlined, CalendarOutlined, ScheduleOutlined, ToolOutlined, WifiOutlined, FileZipOutlined } from '@ant-design/icons';
import { FileTextOutlined } from '@ant-design/icons';
import { BarChartOutlined, MessageOutlined, NotificationOutlined, SettingOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { type Permission, ROLE_LABELS } from '../../../common/roles';
import { casesApi, UNREAD_EVENT } from '../api/cases';
import { useLoad } from '../components/useLoad';
import { useAuth } from './auth';
import { NotificationBell } from '../pages/notifications/Bell';

/** Menu sections, in this order; a section shows only when the user may open one of its entries. */
const GROUPS = ['组织与账号', '责任落实', '工作台账', '舆情与诉求', '文稿与材料', '系统'] as const;

interface MenuEntry {
  key: string;
  icon: React.ReactNode;
  label: string;
  permission: Permission | null;
  group: (typeof GROUPS)[number] | null;
}

/** The menu lists only what is built and what the user's role may open. Add a page: one entry with its group. */
export const MENU: MenuEntry[] = [
  { key: '/', icon: <HomeOutlined />, label: '首页', permission: null, group: null },
  { key: '/units', icon: <ApartmentOutlined />, label: '单位管理', permission: 'unit.read', group: '组织与账号' },
  { key: '/people', icon: <UserOutlined />, label: '人员', permission: 'person.read', group: '组织与账号' },
  { key: '/accounts', icon: <KeyOutlined />, label: '账号', permission: 'account.read', group: '组织与账号' },
  { key: '/leading-group', icon: <TeamOutlined />, label: '领导小组与责任分工', permission: 'leadingGroup.read', group: '组织与账号' },
  { key: '/import', icon: <ImportOutlined />, label: '批量导入', permission: 'org.import', group: '组织与账号' },
  { key: '/duty-list', icon: <UnorderedListOutlined />, label: '责任清单', permission: 'duty.read', group: '责任落实' },
  { key: '/tasks', icon: <ScheduleOutlined />, label: '任务台账', permission: 'task.read', group: '责任落实' },
  { key: '/rectification', icon: <ToolOutlined />, label: '整改', permission: 'rectification.read', group: '责任落实' },
  { key: '/agreements', icon: <FileDoneOutlined />, label: '责任书', permission: 'duty.read', group: '责任落实' },
  { key: '/activities', icon: <ReadOutlined />, label: '活动台账', permission: 'ledger.read', group: '工作台账' },
  { key: '/targets', icon: <AimOutlined />, label: '年度目标', permission: 'ledger.read', group: '工作台账' },
  { key: '/plans', icon: <SafetyOutlined />, label: '应急预案', permission: 'ledger.read', group: '工作台账' },
  { key: '/risks', icon: <WarningOutlined />, label: '风险点', permission: 'risk.read', group: '工作台账' },
  { key: '/risk-assessments', icon: <FileSearchOutlined />, label: '决策风险评估', permission: 'risk.read', group: '工作台账' },
  { key: '/cases', icon: <MessageOutlined />, label: '舆情诉求', permission: 'case.read', group: '舆情与诉求' },
  { key: '/cases/direct-reports', icon: <NotificationOutlined />, label: '直报', permission: 'case.read', group: '舆情与诉求' },
  { key: '/cases/figures', icon: <BarChartOutlined />, label: '统计', permission: 'case.read', group: '舆情与诉求' },
  { key: '/clues', icon: <BulbOutlined />, label: '线索', permission: 'feed.read', group: '舆情与诉求' },
  { key: '/feeds', icon: <WifiOutlined />, label: '订阅源', permission: 'feed.read', group: '舆情与诉求' },
  { key: '/packs', icon: <FileZipOutlined />, label: '迎检材料包', permission: 'pack.read', group: '文稿与材料' },
  { key: '/documents', icon: <FileTextOutlined />, label: '文稿生成', permission: 'document.read', group: '文稿与材料' },
  { key: '/cases/settings', icon: <SettingOutlined />, label: '舆情诉求设置', permission: 'case.read', group: '舆情与诉求' },
  { key: '/audit', icon: <AuditOutlined />, label: '审计日志', permission: 'audit.read', group: '系统' },
  { key: '/security', icon: <SafetyOutlined />, label: '安全策略', permission: 'security.manage', group: '系统' },
  { key: '/notifications', icon: <BellOutlined />, label: '消息提醒', permission: 'notification.read', group: '系统' },
  { key: '/calendar', icon: <CalendarOutlined />, label: '工作日历', permission: 'calendar.read', group: '系统' },
];

function menuItems(can: (p: Permission) => boolean, badges: Record<string, number>) {
  const allowed = MENU.filter((m) => !m.permission || can(m.permission));
  const item = ({ key, icon, label }: MenuEntry) => ({
    key, icon,
    label: badges[key] ? <span>{label} <Badge count={badges[key]} size="small" title={`${badges[key]} 条未阅`} /></span> : label,
  });
  return [
    ...allowed.filter((m) => !m.group).map(item),
    ...GROUPS.flatMap((g) => {
      const children = allowed.filter((m) => m.group === g).map(item);
      return children.length ? [{ key: `group:${g}`, type: 'group' as const, label: g, children }] : [];
    }),
  ];
}

export function AppLayout() {
  const { session, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [drawer, setDrawer] = useState(false);
  // Unread direct reports as a count on the menu, refreshed on every page change.
  const unread = useLoad(() => (can('case.read') ? casesApi.directReports({ unread: 'true', pageSize: 1 }).then((r) => r.unread) : Promise.resolve(0)), [location.pathname]);
  useEffect(() => {
    const reload = () => void unread.reload();
    window.addEventListener(UNREAD_EVENT, reload);
    return () => window.removeEventListener(UNREAD_EVENT, reload);
  }, [unread.reload]);
  const items = menuItems(can, { '/cases/direct-reports': unread.data ?? 0 });
  // The longest matching entry, so /tasks/assign selects 任务台账 and not a shorter neighbour.
  const selected = MENU.filter((m) => m.key !== '/' && (location.pathname === m.key || location.pathname.startsWith(`${m.key}/`)))
    .sort((a, b) => b.key.length - a.key.length).slice(0, 1).map((m) => m.key);
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected.length ? selected : ['/']}
      onClick={({ key }) => {
        navigate(key);
        setDrawer(false);
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );
  const account = session!.account;
  const title = (
    <Typography.Title level={4} style={{ margin: 0, color: '#b71c1c', whiteSpace: 'nowrap' }}>
      网信工作台
    </Typography.Title>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px' }}>{title}</div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: mobile ? '0 12px' : '0 16px', display: 'flex', alignItems: 'center', gap: mobile ? 8 : 12, borderBottom: '1px solid #f0f0f0' }}>
          {mobile && <Button aria-label="打开菜单" icon={<MenuOutlined />} onClick={() => setDrawer(true)} />}
          {mobile && title}
          <div style={{ flex: 1, display: 'flex', justifyContent: 'flex-end' }}><NotificationBell /></div>
          <Dropdown
            menu={{
              items: [
                { key: 'password', icon: <KeyOutlined />, label: '修改密码', onClick: () => navigate('/password') },
                { key: 'two-factor', icon: <SafetyOutlined />, label: '双因素认证', onClick: () => navigate('/two-factor') },
                { key: 'logout', icon: <LogoutOutlined />, label: '退出', onClick: () => void logout() },
              ],
            }}
          >
            <Button type="text" data-testid="user-menu">
              <Space>
                {!mobile && <UsergroupAddOutlined />}
                {!mobile && <span>{account.unitName}</span>}
                {/* A long name must not push the header wider than a phone. */}
                <span style={mobile ? { display: 'inline-block', maxWidth: 80, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'bottom' } : undefined}>{account.displayName}</span>
                <Tag color="red">{ROLE_LABELS[account.role]}</Tag>
              </Space>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: mobile ? 12 : 24 }}>
          {/* The page's one <h1>, named after its menu entry, for screen readers and the document outline. */}
          <h1 className="sr-only">{MENU.find((m) => m.key === (selected[0] ?? '/'))?.label ?? '网信工作台'}</h1>
          <Outlet />
        </Layout.Content>
      </Layout>
      <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={260} title={title}>
        {menu}
      </Drawer>
    </Layout>
  );
}
