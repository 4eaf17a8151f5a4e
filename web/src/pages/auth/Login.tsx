import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';

export default function Login() {
  const { session, info, signedIn } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [ticket, setTicket] = useState<string | null>(null);
  const [codeForm] = Form.useForm();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as { from?: string; expired?: boolean };
  if (info?.setupNeeded) return <Navigate to="/setup" replace />;
  if (session) return <Navigate to={session.twoFactorRequired ? '/two-factor' : (state.from ?? '/')} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    try {
      const r = await api.login(v.username, v.password);
      if ('twoFactor' in r) {
        setTicket(r.ticket);
        return;
      }
      signedIn(r);
      navigate(r.twoFactorRequired ? '/two-factor' : (state.from ?? '/'), { replace: true });
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (v: { code: string }) => {
    setBusy(true);
    try {
      signedIn(await api.loginCode(ticket!, v.code));
      navigate(state.from ?? '/', { replace: true });
    } catch (err) {
      // An expired ticket sends the user back to the password.
      if (err instanceof Error && err.message.includes('过期')) {
        setTicket(null);
        message.error(err.message);
      } else showError(err, message, codeForm);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', background: 'linear-gradient(160deg,#fff5f5,#f5f5f5)', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <div style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={1} style={{ textAlign: 'center', color: '#b71c1c', fontSize: 30 }}>网信工作台</Typography.Title>
        <div style={panel}>
          {state.expired && <Alert type="warning" showIcon message="登录已超时，请重新登录" style={{ marginBottom: 16 }} />}
          {ticket && (
            <Form form={codeForm} layout="vertical" onFinish={submitCode} requiredMark={false} size="large">
              <Typography.Paragraph>请输入手机验证器显示的 6 位动态码；手机不在身边时，可输入一个恢复码。</Typography.Paragraph>
              <Form.Item name="code" label="验证码" rules={[{ required: true, message: '请填写验证码' }]}>
                <Input id="code" inputMode="text" autoComplete="one-time-code" autoFocus maxLength={20} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>验证并登录</Button>
              <Button type="link" block onClick={() => setTicket(null)}>返回重新输入密码</Button>
            </Form>
          )}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large" style={ticket ? { display: 'none' } : undefined}>
            <Form.Item name="username" label="登录名" rules={[{ required: true, message: '请填写登录名' }]}>
              <Input id="username" prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
              <Input.Password id="password" prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
          </Form>
        </div>
        <div style={{ textAlign: 'center', marginTop: 12, fontSize: 13 }}>
          <Link to="/public/submit" style={{ color: '#595959' }}>群众反映诉求</Link>
          <span aria-hidden="true" style={{ color: '#8c8c8c', margin: '0 8px' }}>|</span>
          <Link to="/public/track" style={{ color: '#595959' }}>查询办理进度</Link>
        </div>
        {info?.demo && info.demoAccounts && (
          // A plain table (not antd's) so the login page stays small; each row's button fills the form.
          <section style={{ ...panel, marginTop: 16, padding: 12 }} aria-labelledby="demo-accounts">
            <h2 id="demo-accounts" style={{ fontSize: 14, margin: '0 0 8px' }}>演示账号(仅演示环境显示，点击一行填入)</h2>
            <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }}>
              <thead>
                <tr>{['登录名', '角色', '单位', '密码'].map((t) => <th key={t} scope="col" style={{ textAlign: 'left', padding: '4px 6px', background: '#fafafa', borderBottom: '1px solid #f0f0f0' }}>{t}</th>)}</tr>
              </thead>
              <tbody>
                {info.demoAccounts.map((r) => (
                  <tr key={r.username} onClick={() => form.setFieldsValue({ username: r.username, password: r.password })} style={{ cursor: 'pointer', borderBottom: '1px solid #f0f0f0' }}>
                    <td style={{ padding: '4px 6px' }}>
                      <button type="button" title={`填入 ${r.username}`} style={{ border: 0, background: 'none', padding: 0, font: 'inherit', color: '#a31515', cursor: 'pointer', textDecoration: 'underline' }}>{r.username}</button>
                    </td>
                    <td style={{ padding: '4px 6px' }}>{r.roleLabel}</td>
                    <td style={{ padding: '4px 6px' }}>{r.unitName}</td>
                    <td style={{ padding: '4px 6px' }}>{r.password}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </div>
    </main>
  );
}

const panel = { background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: 24 } as const;
