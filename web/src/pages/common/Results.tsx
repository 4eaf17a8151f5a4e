import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';

export default function Results({ kind }: { kind: '403' | '404' }) {
  const navigate = useNavigate();
  const home = <Button onClick={() => navigate('/')}>返回首页</Button>;
  return kind === '403' ? (
    <Result status="403" title="无权访问" subTitle="您的角色不能使用此功能" extra={home} />
  ) : (
    <Result status="404" title="未找到" subTitle="页面不存在" extra={home} />
  );
}
