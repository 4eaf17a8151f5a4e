import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { NOTIFICATIONS_CHANGED, notificationsApi } from '../../api/notifications';
import { BellOutlined } from '../../components/icons';
import { Badge } from '../../components/plain';

/**
 * The header bell with the unread count. It refreshes when the user moves to another page and
 * when a page marks notifications read — never on a timer, so an idle tab does not keep its
 * session alive past the idle timeout.
 */
export function NotificationBell() {
  const navigate = useNavigate();
  const location = useLocation();
  const [count, setCount] = useState(0);
  const load = useCallback(async () => {
    try {
      setCount((await notificationsApi.unreadCount()).count);
    } catch {
      // the count is a hint; a failed refresh keeps the last one
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load, location.pathname]);
  useEffect(() => {
    const onChange = () => void load();
    window.addEventListener(NOTIFICATIONS_CHANGED, onChange);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, onChange);
  }, [load]);
  // Plain markup (the shell loads without antd), drawn as antd's small text button with a small badge.
  return (
    <span className="nd-badge-wrap">
      <button
        type="button"
        className="nd-btn nd-btn-sm nd-btn-text"
        data-testid="notification-bell"
        aria-label={count ? `消息提醒，${count} 条未读` : '消息提醒'}
        title={count ? `${count} 条未读提醒` : '消息提醒'}
        style={{ width: 24, paddingInline: 0 }}
        onClick={() => navigate('/notifications')}
      >
        <BellOutlined style={{ fontSize: 17 }} />
      </button>
      <Badge count={count} small overflow={99} />
    </span>
  );
}
