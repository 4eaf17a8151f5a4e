import { App, Button, Card, Checkbox, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../../common/roles';
import { api } from '../../api/client';
import { showError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';

/** The security administrator's two-factor policy: which roles must sign in with an authenticator. */
export default function SecurityPolicy() {
  const { message } = App.useApp();
  const policy = useLoad(() => api.twoFactorPolicy(), []);
  const [roles, setRoles] = useState<Role[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRoles(policy.data?.roles ?? []), [policy.data]);
  const save = async () => {
    setBusy(true);
    try {
      await api.setTwoFactorPolicy(roles);
      message.success('已保存双因素认证策略');
      await policy.reload();
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="安全策略" style={{ maxWidth: 560 }}>
      <Typography.Paragraph>以下角色的账号登录时必须输入手机验证器的动态码；尚未绑定的，登录后只能先绑定验证器。</Typography.Paragraph>
      <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      <div style={{ marginTop: 16 }}>
        <Button type="primary" loading={busy} onClick={save}>保存</Button>
      </div>
    </Card>
  );
}
