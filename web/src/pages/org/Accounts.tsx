import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { PASSWORD_RULE, passwordProblems } from '../../../../common/password';
import { ADMIN_DUTIES, ROLE_LABELS, ROLES } from '../../../../common/roles';
import type { AccountView } from '../../../../common/schemas/org';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';
import { FilterBar, SearchFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { PersonSelect } from '../../components/PersonSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';

const passwordRules = [
  { required: true, message: '请填写密码' },
  { validator: (_: unknown, v: string) => (v && passwordProblems(v) ? Promise.reject(new Error(passwordProblems(v)!)) : Promise.resolve()) },
];
const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');

export default function Accounts() {
  const lp = useListPage();
  const list = useLoad(() => api.accounts({ q: lp.param('q'), ...lp.page }), lp.deps);
  const { message } = App.useApp();
  const { can } = useAuth();
  // 三员: the system administrator gives working roles; resets, unlocking and administrator roles are the security administrator's.
  const manage = can('account.manage');
  const security = can('account.security');
  const roleOptions = ROLES.filter((r) => security || !ADMIN_DUTIES.includes(r)).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  const [newRole, setNewRole] = useState<string | null>(null);
  const [resetting, setResetting] = useState<AccountView | null>(null);
  const [form] = Form.useForm();
  const d = useFormDialog<AccountView | 'new'>(form);
  const editing = d.dialog;
  const [pwForm] = Form.useForm();
  const pw = useSubmit(pwForm);
  const unitId = Form.useWatch('unitId', form);

  const open = (a: AccountView | 'new', prefill: Record<string, unknown> = {}) =>
    d.open(a, a === 'new' ? { role: 'staff', ...prefill } : { displayName: a.displayName, role: a.role, unitId: a.unitId, personId: a.personId, disabled: a.disabled });

  // Arriving from the people page with "创建账号": open the form filled in for that person.
  useEffect(() => {
    const params = lp.params;
    if (params.get('new') === '1') {
      open('new', { personId: params.get('personId') ?? undefined, unitId: params.get('unitId') ?? undefined, displayName: params.get('name') ?? undefined });
      lp.setParams({}, { replace: true });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = () => d.submit(async (v) => {
    if (editing === 'new') await api.createAccount({ ...v, personId: v.personId ?? null }, d.key);
    else if (editing) await api.updateAccount(editing.id, { ...v, personId: v.personId ?? null, disabled: Boolean(v.disabled), version: editing.version });
    d.message.success('已保存');
    d.close();
    await list.reload();
  });
  const reset = () => pw.submit(async (v) => {
    await api.resetPassword(resetting!.id, v.password, resetting!.version);
    pw.message.success('密码已重置，该账号需用新密码重新登录');
    setResetting(null);
    await list.reload();
  });

  return (
    <Card title="账号" extra={manage && <Button type="primary" onClick={() => open('new')}>创建账号</Button>}>
      <FilterBar>
        <SearchFilter lp={lp} placeholder="登录名或显示名称" width={240} />
      </FilterBar>
      <ListTable list={list} lp={lp} empty={{
          first: '还没有账号。先在“人员”中添加人员，再为需要登录的人开账号。',
          source: '账号由系统管理员开设；管理员类账号由安全管理员授予。',
        }} unit="个" sizeChanger={false} scroll={{ x: 860 }}
        columns={[
          { title: '登录名', dataIndex: 'username' },
          { title: '显示名称', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'role', render: (r: keyof typeof ROLE_LABELS) => ROLE_LABELS[r] },
          { title: '单位', dataIndex: 'unitName' },
          {
            title: '状态', key: 'state',
            render: (_, a) => (a.disabled ? <Tag>已停用</Tag> : a.lockedUntil ? <Tag color="orange">已锁定至 {fmt(a.lockedUntil)}</Tag> : <Tag color="green">正常</Tag>),
          },
          { title: '最近登录', dataIndex: 'lastLoginAt', render: fmt },
          {
            title: '操作', key: 'ops', fixed: 'right', width: 200,
            render: (_, a) => (
              <Space>
                {manage && <a onClick={() => open(a)}>编辑</a>}
                {security && <a onClick={() => { pwForm.resetFields(); setResetting(a); }}>重置密码</a>}
                {security && (
                  <Popconfirm
                    title="更改角色"
                    description={<Select style={{ width: 160 }} defaultValue={a.role} onChange={(v) => setNewRole(v)} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />}
                    okText="更改" cancelText="取消"
                    onConfirm={async () => {
                      try {
                        await api.setAccountRole(a.id, newRole ?? a.role, a.version);
                        message.success('角色已更改，该账号需重新登录');
                        await list.reload();
                      } catch (err) {
                        showError(err, message);
                      }
                    }}
                  >
                    <a onClick={() => setNewRole(a.role)}>更改角色</a>
                  </Popconfirm>
                )}
                {security && (
                  <Popconfirm title="重置该账号的双因素认证？其手机验证器和恢复码将失效，需重新绑定。" okText="重置" cancelText="取消" onConfirm={async () => { await api.resetTwoFactor(a.id); message.success('已重置双因素认证'); await list.reload(); }}>
                    <a>重置双因素</a>
                  </Popconfirm>
                )}
                {security && a.lockedUntil && (
                  <Popconfirm title="解除锁定？" okText="确定" cancelText="取消" onConfirm={async () => { await api.unlockAccount(a.id); await list.reload(); }}>
                    <a>解锁</a>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? '创建账号' : '编辑账号'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {editing === 'new' && (
            <Form.Item name="username" label="登录名" rules={[{ required: true, message: '请填写登录名' }]} extra="字母、数字和 _ . -，3 到 32 个字符">
              <Input id="account-username" autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label="显示名称" rules={[{ required: true, message: '请填写显示名称' }]}>
            <Input id="account-display-name" maxLength={30} />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={roleOptions} />
          </Form.Item>
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]} extra="账号只能看到该单位及其下级单位的记录">
            <UnitSelect />
          </Form.Item>
          <Form.Item name="personId" label="对应人员(可不选)">
            <PersonSelect unitId={unitId} />
          </Form.Item>
          {editing === 'new' ? (
            <Form.Item name="password" label="初始密码" extra={PASSWORD_RULE} rules={passwordRules}>
              <Input.Password id="account-password" autoComplete="new-password" />
            </Form.Item>
          ) : (
            <Form.Item name="disabled" label="停用" valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal open={resetting !== null} title={`重置“${resetting?.username}”的密码`} onCancel={() => setResetting(null)} onOk={reset} okText="重置" cancelText="取消" confirmLoading={pw.busy} destroyOnHidden>
        <Form form={pwForm} layout="vertical" preserve={false}>
          <Form.Item name="password" label="新密码" extra={PASSWORD_RULE} rules={passwordRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
