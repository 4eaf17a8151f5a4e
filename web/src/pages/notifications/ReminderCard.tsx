import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { NotificationView } from '../../../../common/notifications';
import { NOTIFICATIONS_CHANGED, notificationsApi, notificationsChanged } from '../../api/notifications';
import { Badge, Card, Empty, Skeleton, Tag } from '../../components/plain';
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
  // Plain markup, not antd: this card is on home, which loads without antd.
  return (
    <Card
      large
      title={<span className="nd-space" style={{ gap: 8 }}>我的待办/提醒{unread > 0 && <Badge count={unread} overflow={999} />}</span>}
      extra={<Link to="/notifications">查看全部</Link>}
      testId="home-reminders"
    >
      {list.loading && !list.data ? <Skeleton /> : list.error ? (
        <span className="nd-danger">{list.error.message}</span>
      ) : (list.data?.items ?? []).length === 0 ? <Empty description="没有未读提醒" /> : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {list.data!.items.map((n) => (
            <li key={n.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px 8px' }}>
              <Tag color={KIND_COLORS[n.kind] ?? 'default'}>{n.kindLabel}</Tag>
              <button type="button" className="nd-link" onClick={() => void open(n)}>{n.title}</button>
              {n.dueAt && <span className="nd-secondary">截止 {fmtDay(n.dueAt)}</span>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
