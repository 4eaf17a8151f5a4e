import { App, Badge, Button, Card, Checkbox, Collapse, Grid, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import { useSubmit } from '../../components/useSubmit';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { NotificationView } from '../../../../common/notifications';
import { notificationsApi, notificationsChanged } from '../../api/notifications';
import { LoadError, showError } from '../../components/errors';
import { ListTable } from '../../components/ListTable';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { fmtDay, fmtTime, internalLink, KIND_COLORS } from './format';

/** The signed-in user's own notifications: reminders of deadlines coming up or passed. */
export default function Notifications() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const lp = useListPage();
  // Unread by default; ?show=all in the address, so Back from a record keeps the choice.
  const filter = lp.param('show') === 'all' ? 'all' : 'unread';
  const narrow = !Grid.useBreakpoint().md;
  const list = useLoad(() => notificationsApi.list({ unread: filter === 'unread' ? true : undefined, ...lp.page }), lp.deps);

  const open = async (n: NotificationView) => {
    try {
      if (!n.readAt) {
        await notificationsApi.markRead(n.id);
        notificationsChanged();
      }
      const to = internalLink(n.link);
      if (to) navigate(to);
      else await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };
  const markRead = async (n: NotificationView) => {
    try {
      await notificationsApi.markRead(n.id);
      notificationsChanged();
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };
  const markAll = async () => {
    try {
      const r = await notificationsApi.markAllRead();
      message.success(r.updated ? `已将 ${r.updated} 条提醒标为已读` : '没有未读提醒');
      notificationsChanged();
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const unread = list.data?.unread ?? 0;
  return (
    <Card
      title={<Space>消息提醒{unread > 0 && <Badge count={unread} overflowCount={999} />}</Space>}
      extra={
        <Popconfirm title="将全部未读提醒标为已读？" okText="确定" cancelText="取消" onConfirm={markAll} disabled={unread === 0}>
          <Button id="notifications-read-all" disabled={unread === 0}>全部标为已读</Button>
        </Popconfirm>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          id="notifications-filter"
          value={filter}
          onChange={(v) => lp.setFilter('show', v === 'all' ? 'all' : undefined)}
          options={[{ value: 'unread', label: '未读' }, { value: 'all', label: '全部' }]}
        />
        <Typography.Text type="secondary">截止日前的提醒天数由最上级单位管理员在“工作日历”页设置。</Typography.Text>
      </Space>
      <ListTable list={list} lp={lp} scroll={narrow ? undefined : { x: 720 }} locale={{ emptyText: filter === 'unread' ? '没有未读提醒' : '暂无提醒' }}
        columns={narrow ? [
          {
            // On a phone each reminder is a card: what, its deadline and whether it is read.
            title: '提醒', key: 'all', render: (_: unknown, n: NotificationView) => (
              <Space direction="vertical" size={2}>
                <Space size={4}>{!n.readAt && <Badge status="error" />}<a onClick={() => void open(n)} style={{ fontWeight: n.readAt ? 'normal' : 600 }}>{n.title}</a></Space>
                <Space size={4} wrap>
                  <Tag color={KIND_COLORS[n.kind] ?? 'default'}>{n.kindLabel}</Tag>
                  {n.dueAt && <span style={{ whiteSpace: 'nowrap' }}>截止 {fmtDay(n.dueAt)}</span>}
                  {n.readAt ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>已读</Typography.Text> : <a onClick={() => void markRead(n)}>标为已读</a>}
                </Space>
              </Space>
            ),
          },
        ] : [
          {
            title: '类型', dataIndex: 'kindLabel', width: 100,
            render: (v: string, n: NotificationView) => <Tag color={KIND_COLORS[n.kind as keyof typeof KIND_COLORS] ?? 'default'}>{v}</Tag>,
          },
          {
            title: '内容', dataIndex: 'title',
            render: (v: string, n: NotificationView) => (
              <Space>
                {!n.readAt && <Badge status="error" />}
                <a onClick={() => void open(n)} style={{ fontWeight: n.readAt ? 'normal' : 600 }}>{v}</a>
              </Space>
            ),
          },
          { title: '截止日期', dataIndex: 'dueAt', width: 140, render: (v: string | null) => fmtDay(v) },
          { title: '提醒时间', dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
          {
            title: '状态', key: 'state', width: 160,
            render: (_: unknown, n: NotificationView) =>
              n.readAt ? <Typography.Text type="secondary">已读 {fmtTime(n.readAt)}</Typography.Text> : <a onClick={() => void markRead(n)}>标为已读</a>,
          },
        ]}
      />
      <Prefs />
    </Card>
  );
}

/** Which kinds reach me in the app: my own choice (a unit chooses what reaches its groups on the 群机器人 page). */
function Prefs() {
  const prefs = useLoad(() => notificationsApi.prefs(), []);
  const save = useSubmit();
  if (!prefs.data) return null;
  const on = prefs.data.items.filter((k) => k.inApp).map((k) => k.key);
  const change = (checked: string[]) => save.submit(async () => {
    await notificationsApi.setPrefs(prefs.data!.items.filter((k) => !checked.includes(k.key)).map((k) => k.key));
    save.message.success('已保存接收设置');
    await prefs.reload();
  });
  return (
    <Collapse ghost style={{ marginTop: 16 }} items={[{
      key: 'prefs', label: '接收哪些站内提醒',
      children: (
        <Checkbox.Group data-testid="notification-prefs" value={on} disabled={save.busy} onChange={(v) => void change(v as string[])}
          options={prefs.data.items.map((k) => ({ value: k.key, label: k.label }))} />
      ),
    }]} />
  );
}
