import { Alert, App, Button, Card, Descriptions, Form, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { showError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';

/** The user's own two-factor sign-in: bind an authenticator app from a QR code, keep the recovery codes. */
export default function TwoFactor() {
  const { message } = App.useApp();
  const status = useLoad(() => api.twoFactor(), []);
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  const start = async () => {
    setBusy(true);
    try {
      setSetup(await api.twoFactorSetup());
      setCodes(null);
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(false);
    }
  };
  const enable = async (v: { code: string }) => {
    setBusy(true);
    try {
      const r = await api.twoFactorEnable(v.code.trim());
      setCodes(r.recoveryCodes);
      setSetup(null);
      message.success('验证器已绑定');
      await status.reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="双因素认证" style={{ maxWidth: 520 }}>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label="状态">{status.data?.enabled ? '已启用(登录时需输入验证器动态码)' : '未启用'}</Descriptions.Item>
        {status.data?.enabled && <Descriptions.Item label="剩余恢复码">{status.data.recoveryCodesLeft} 个</Descriptions.Item>}
      </Descriptions>
      {codes && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="请立即抄下或打印这些恢复码，此处只显示一次"
          description={
            <List size="small" dataSource={codes} renderItem={(c) => <List.Item><Typography.Text code copyable data-testid="recovery-code">{c}</Typography.Text></List.Item>} />
          }
        />
      )}
      {!setup && (
        <Button type="primary" onClick={start} loading={busy}>{status.data?.enabled ? '重新绑定验证器' : '绑定验证器'}</Button>
      )}
      {setup && (
        <>
          <Typography.Paragraph>用手机上的验证器(如微信小程序“腾讯身份验证器”、Microsoft Authenticator 等)扫描二维码，再输入显示的 6 位动态码。</Typography.Paragraph>
          <img src={setup.qr} alt="绑定验证器的二维码" width={220} height={220} style={{ display: 'block', margin: '0 auto 12px' }} />
          <Typography.Paragraph>
            无法扫码时手动输入密钥：<Typography.Text code copyable data-testid="totp-secret">{setup.secret}</Typography.Text>
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={enable}>
            <Form.Item name="code" label="动态码" rules={[{ required: true, message: '请填写动态码' }]}>
              <Input id="totp-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>确认绑定</Button>
          </Form>
        </>
      )}
    </Card>
  );
}
