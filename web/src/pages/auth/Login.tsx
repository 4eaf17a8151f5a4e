import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';

export default function Login() {
  const { session, info, signedIn } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as { from?: string; expired?: boolean };
  if (info?.setupNeeded) return <Navigate to="/setup" replace />;
  if (session) return <Navigate to={state.from ?? '/'} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    try {
      signedIn(await api.login(v.username, v.password));
      navigate(state.from ?? '/', { replace: true });
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(160deg,#fff5f5,#f5f5f5)', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <div style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={2} style={{ textAlign: 'center', color: '#b71c1c' }}>网信工作台</Typography.Title>
        <Card>
          {state.expired && <Alert type="warning" showIcon message="登录已超时，请重新登录" style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
            <Form.Item name="username" label="登录名" rules={[{ required: true, message: '请填写登录名' }]}>
              <Input id="username" prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
              <Input.Password id="password" prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
          </Form>
        </Card>
        <div style={{ textAlign: 'center', marginTop: 12, fontSize: 13 }}>
          <Link to="/public/submit" style={{ color: '#888' }}>群众反映诉求</Link>
          <span style={{ color: '#ccc', margin: '0 8px' }}>|</span>
          <Link to="/public/track" style={{ color: '#888' }}>查询办理进度</Link>
        </div>
        {info?.demo && info.demoAccounts && (
          <Card size="small" title="演示账号(仅演示环境显示，点击一行填入)" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="username"
              pagination={false}
              dataSource={info.demoAccounts}
              onRow={(r) => ({ onClick: () => form.setFieldsValue({ username: r.username, password: r.password }), style: { cursor: 'pointer' } })}
              columns={[
                { title: '登录名', dataIndex: 'username' },
                { title: '角色', dataIndex: 'roleLabel' },
                { title: '单位', dataIndex: 'unitName' },
                { title: '密码', dataIndex: 'password' },
              ]}
            />
          </Card>
        )}
      </div>
    </div>
  );
}
