import { App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { showError } from '../../components/errors';
import { NewPasswordFields } from '../../components/NewPasswordFields';

export default function ChangePassword() {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const submit = async (v: { oldPassword: string; newPassword: string }) => {
    setBusy(true);
    try {
      await api.changePassword(v.oldPassword, v.newPassword);
      message.success('密码已修改，其他设备上的登录已退出');
      form.resetFields();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="修改密码" style={{ maxWidth: 480 }}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请填写原密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" label="新密码" />
        <Button type="primary" htmlType="submit" loading={busy}>保存</Button>
      </Form>
    </Card>
  );
}
