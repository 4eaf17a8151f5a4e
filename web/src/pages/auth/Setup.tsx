import { App, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../../../common/labels';
import type { setupBody } from '../../../../common/schemas/org';
import { api, type Body } from '../../api/client';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';
import { NewPasswordFields } from '../../components/NewPasswordFields';

/** First start of a production install: the root unit and the first administrator. */
export default function Setup() {
  const { info, signedIn, refreshInfo } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const navigate = useNavigate();
  if (info && !info.setupNeeded) return <Navigate to="/login" replace />;

  const submit = async (v: Body<typeof setupBody> & { confirm: string }) => {
    setBusy(true);
    try {
      const { confirm: _c, ...body } = v;
      signedIn(await api.setup(body));
      await refreshInfo();
      message.success('初始化完成');
      navigate('/', { replace: true });
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', justifyContent: 'center', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 520, marginTop: 40, alignSelf: 'flex-start' }}>
        <Typography.Title level={3}>欢迎使用网信工作台</Typography.Title>
        <Typography.Paragraph type="secondary">首次使用，请创建本系统的最上级单位和第一个管理员账号。下级单位、人员和其他账号可在登录后添加或批量导入。</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ unitKind: 'county' }}>
          <Form.Item name="unitName" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
            <Input placeholder="如：某某县" maxLength={60} />
          </Form.Item>
          <Form.Item name="unitKind" label="单位类型" rules={[{ required: true }]}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="adminName" label="管理员姓名" rules={[{ required: true, message: '请填写管理员姓名' }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="username" label="登录名" rules={[{ required: true, message: '请填写登录名' }]} extra="字母、数字和 _ . -，3 到 32 个字符">
            <Input autoComplete="username" />
          </Form.Item>
          <NewPasswordFields name="password" label="密码" />
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>创建并进入系统</Button>
        </Form>
      </Card>
    </div>
  );
}
