import { App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { PASSWORD_RULE, passwordProblems } from '../../../../common/password';
import { api } from '../../api/client';
import { showError } from '../../components/errors';

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
        <Form.Item
          name="newPassword"
          label="新密码"
          extra={PASSWORD_RULE}
          rules={[{ required: true, message: '请填写新密码' }, { validator: (_, v) => (v && passwordProblems(v) ? Promise.reject(new Error(passwordProblems(v)!)) : Promise.resolve()) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入新密码"
          dependencies={['newPassword']}
          rules={[{ required: true, message: '请再次输入新密码' }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) })]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>保存</Button>
      </Form>
    </Card>
  );
}
