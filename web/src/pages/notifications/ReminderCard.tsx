import { Badge, Card, Empty, Space, Tag, Typography } from 'antd';
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
      loading={list.loading && !list.data}
    >
      {list.error ? (
        <Typography.Text type="danger">{list.error.message}</Typography.Text>
      ) : (
        // Plain list markup, not antd's List: that brings pagination and select into home's first load.
        (list.data?.items ?? []).length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未读提醒" /> : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {list.data!.items.map((n) => (
              <li key={n.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Space wrap size={[8, 4]}>
                  <Tag color={KIND_COLORS[n.kind] ?? 'default'}>{n.kindLabel}</Tag>
                  <a onClick={() => void open(n)}>{n.title}</a>
                  {n.dueAt && <Typography.Text type="secondary">截止 {fmtDay(n.dueAt)}</Typography.Text>}
                </Space>
              </li>
            ))}
          </ul>
        )
      )}
    </Card>
  );
}
