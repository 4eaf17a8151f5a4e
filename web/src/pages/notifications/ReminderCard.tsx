import { Badge, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { NotificationView } from '../../../../common/notifications';
import { NOTIFICATIONS_CHANGED, notificationsApi, notificationsChanged } from '../../api/notifications';
import { useLoad } from '../../components/useLoad';
import { fmtDay, internalLink, KIND_COLORS } from './format';

/** Home page card: the latest unread reminders, each linking to its record. */
export function ReminderCard() {
  const navigate = useNavigate();
  const list = useLoad(() => notificationsApi.list({ unread: true, pageSize: 5 }), []);
  const { reload } = list;
  useEffect(() => {
    const onChange = () => void reload();
    window.addEventListener(NOTIFICATIONS_CHANGED, onChange);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, onChange);
  }, [reload]);
  const open = async (n: NotificationView) => {
    try {
      await notificationsApi.markRead(n.id);
      notificationsChanged();
    } catch {
      // opening the record matters more than the read mark
    }
    const to = internalLink(n.link);
    if (to) navigate(to);
  };
  const unread = list.data?.unread ?? 0;
  return (
    <Card
      title={<Space>我的待办/提醒{unread > 0 && <Badge count={unread} overflowCount={999} />}</Space>}
      extra={<Link to="/notifications">查看全部</Link>}
      data-testid="home-reminders"
    >
      {list.error ? (
        <Typography.Text type="danger">{list.error.message}</Typography.Text>
      ) : (
        <List
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未读提醒" /> }}
          renderItem={(n) => (
            <List.Item key={n.id}>
              <Space wrap size={[8, 4]}>
                <Tag color={KIND_COLORS[n.kind] ?? 'default'}>{n.kindLabel}</Tag>
                <a onClick={() => void open(n)}>{n.title}</a>
                {n.dueAt && <Typography.Text type="secondary">截止 {fmtDay(n.dueAt)}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
