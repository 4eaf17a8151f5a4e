import type { FormInstance } from 'antd';
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';

type MessageApi = { error: (content: string) => unknown };

/**
 * Shows a server refusal where the user will look: on the form field it names, or as a
 * message. A stale edit tells the user to reload rather than silently overwriting.
 */
export function showError(err: unknown, message: MessageApi, form?: FormInstance) {
  if (!(err instanceof ApiError)) {
    message.error('操作失败，请稍后再试');
    return;
  }
  if (form && err.field) {
    const name = err.field.split('.');
    try {
      form.setFields([{ name: name.length === 1 ? name[0] : name, errors: [err.message] }]);
      form.scrollToField(name.length === 1 ? name[0] : name);
      return;
    } catch {
      // the field is not on this form: fall through to a message
    }
  }
  message.error(err.message);
}

export function LoadError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const navigate = useNavigate();
  if (error.status === 403)
    return <Result status="403" title="无权访问" subTitle={error.message} extra={<Button onClick={() => navigate('/')}>返回首页</Button>} />;
  if (error.status === 404)
    return <Result status="404" title="未找到" subTitle={error.message} extra={<Button onClick={() => navigate('/')}>返回首页</Button>} />;
  return <Result status="error" title="加载失败" subTitle={error.message} extra={onRetry && <Button onClick={onRetry}>重试</Button>} />;
}
