import { App, Button, Card, Checkbox, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../../common/roles';
import { api } from '../../api/client';
import { showError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

interface UnitRule { key: number; unitId?: string; roles: Role[] }

/**
 * The security administrator's two-factor policy: which roles must sign in with an
 * authenticator, and per unit (with its lower units) which roles instead.
 */
export default function SecurityPolicy() {
  const { message } = App.useApp();
  const policy = useLoad(() => api.twoFactorPolicy(), []);
  const [roles, setRoles] = useState<Role[]>([]);
  const [rules, setRules] = useState<UnitRule[]>([]);
  const [nextKey, setNextKey] = useState(0);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setRoles(policy.data?.roles ?? []);
    const units = policy.data?.units ?? [];
    setRules(units.map((u, i) => ({ key: i, unitId: u.unitId, roles: u.roles })));
    setNextKey(units.length);
  }, [policy.data]);
  const change = (key: number, patch: Partial<UnitRule>) => setRules((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const save = async () => {
    if (rules.some((r) => !r.unitId)) {
      message.error('单位规则：请选择单位');
      return;
    }
    setBusy(true);
    try {
      await api.setTwoFactorPolicy(roles, rules.map((r) => ({ unitId: r.unitId!, roles: r.roles })));
      message.success('已保存双因素认证策略');
      await policy.reload();
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="安全策略" style={{ maxWidth: 720 }}>
      <Typography.Paragraph>以下角色的账号登录时必须输入手机验证器的动态码；尚未绑定的，登录后只能先绑定验证器。</Typography.Paragraph>
      <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])} options={roleOptions} />
      <Typography.Title level={5} style={{ marginTop: 24 }}>按单位另定</Typography.Title>
      <Typography.Paragraph type="secondary">
        为某个单位及其下级单位另定必须使用的角色；一个账号按离本单位最近的上级规则（含本单位）执行，没有规则的按上面的角色。不勾选角色即该单位及下级单位都不要求。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        {rules.map((r, i) => (
          <Card size="small" key={r.key} data-testid={`unit-rule-${i}`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <UnitSelect id={`unit-rule-${i}-unit`} value={r.unitId} onChange={(v) => change(r.key, { unitId: v })} />
              <Checkbox.Group value={r.roles} onChange={(v) => change(r.key, { roles: v as Role[] })} options={roleOptions} />
              <Button danger size="small" onClick={() => setRules((rs) => rs.filter((x) => x.key !== r.key))}>删除此规则</Button>
            </Space>
          </Card>
        ))}
        <Button onClick={() => { setRules((rs) => [...rs, { key: nextKey, roles: [] }]); setNextKey(nextKey + 1); }}>添加单位规则</Button>
      </Space>
      <div style={{ marginTop: 16 }}>
        <Button type="primary" loading={busy} onClick={save}>保存</Button>
      </div>
    </Card>
  );
}
