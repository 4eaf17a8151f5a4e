import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DUTY_KIND_LABELS, DUTY_KINDS, GROUP_ROLE_LABELS, GROUP_ROLES, type DutyKind, type GroupRole } from '../../../../common/labels';
import { api, type LeadingGroupView as LG, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { PersonSelect } from '../../components/PersonSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

type Member = LG['members'][number];
type Duty = LG['duties'][number];

export default function LeadingGroup() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? session!.account.unitId;
  const { data, error, reload } = useLoad(() => api.leadingGroup(unitId), [unitId]);
  const manage = can('leadingGroup.manage');
  const [member, setMember] = useState<Member | 'new' | null>(null);
  const [duty, setDuty] = useState<Duty | 'new' | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState('');
  const kind = Form.useWatch('kind', form);

  const openMember = (m: Member | 'new') => {
    form.resetFields();
    setFormKey(newIdempotencyKey());
    form.setFieldsValue(m === 'new' ? { groupRole: 'member' } : { groupRole: m.groupRole, duties: m.duties });
    setMember(m);
  };
  const openDuty = (d: Duty | 'new') => {
    form.resetFields();
    setFormKey(newIdempotencyKey());
    form.setFieldsValue(d === 'new' ? { kind: 'direct', scopeUnitIds: [] } : { kind: d.kind, note: d.note, scopeUnitIds: d.scopeUnits.map((u) => u.id) });
    setDuty(d);
  };
  const run = async (fn: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    try {
      await fn();
      message.success('已保存');
      done();
      await reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const saveMember = async () => {
    const v = await form.validateFields();
    await run(
      () => (member === 'new' ? api.addMember({ ...v, unitId }, formKey) : api.updateMember((member as Member).id, { groupRole: v.groupRole, duties: v.duties ?? null, version: (member as Member).version })),
      () => setMember(null),
    );
  };
  const saveDuty = async () => {
    const v = await form.validateFields();
    const body = { kind: v.kind, note: v.note ?? null, scopeUnitIds: v.kind === 'dual_duty' ? v.scopeUnitIds ?? [] : [] };
    await run(
      () => (duty === 'new' ? api.addDuty({ ...body, unitId, personId: v.personId }, formKey) : api.updateDuty((duty as Duty).id, { ...body, version: (duty as Duty).version })),
      () => setDuty(null),
    );
  };
  const remove = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await reload();
    } catch (err) {
      showError(err, message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small">
        <Space wrap>
          <span>单位：</span>
          <div style={{ minWidth: 260 }}>
            <UnitSelect value={unitId} onChange={(v) => setParams({ unitId: v })} />
          </div>
        </Space>
      </Card>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <>
          <Card title="领导小组" extra={manage && <Button type="primary" onClick={() => openMember('new')}>添加成员</Button>}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 600 }}
              dataSource={data?.members ?? []}
              locale={{ emptyText: <Empty description="尚未登记领导小组成员" /> }}
              columns={[
                { title: '小组职务', dataIndex: 'groupRole', width: 110, render: (r: GroupRole) => <Tag color={r === 'leader' ? 'red' : undefined}>{GROUP_ROLE_LABELS[r]}</Tag> },
                { title: '姓名', dataIndex: 'personName', width: 100 },
                { title: '职务', dataIndex: 'position', render: (v) => v ?? '—' },
                { title: '分工', dataIndex: 'duties', render: (v) => v ?? '—' },
                ...(manage ? [{
                  title: '操作', key: 'ops', width: 130,
                  render: (_: unknown, m: Member) => (
                    <Space>
                      <a onClick={() => openMember(m)}>编辑</a>
                      <Popconfirm title="移出领导小组？" okText="移出" cancelText="取消" onConfirm={() => remove(() => api.archiveMember(m.id, m.version))}><a>移出</a></Popconfirm>
                    </Space>
                  ),
                }] : []),
              ]}
            />
          </Card>
          <Card title="责任分工(第一责任人、直接责任人、一岗双责)" extra={manage && <Button type="primary" onClick={() => openDuty('new')}>添加分工</Button>}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 600 }}
              dataSource={data?.duties ?? []}
              locale={{ emptyText: <Empty description="尚未登记责任分工" /> }}
              columns={[
                { title: '责任类型', dataIndex: 'kind', width: 120, render: (k: DutyKind) => DUTY_KIND_LABELS[k] },
                { title: '责任人', dataIndex: 'personName', width: 100 },
                { title: '职务', dataIndex: 'position', render: (v) => v ?? '—' },
                { title: '分管单位', key: 'scope', render: (_, d) => (d.scopeUnits.length ? d.scopeUnits.map((u) => <Tag key={u.id}>{u.name}</Tag>) : '—') },
                ...(manage ? [{
                  title: '操作', key: 'ops', width: 130,
                  render: (_: unknown, d: Duty) => (
                    <Space>
                      <a onClick={() => openDuty(d)}>编辑</a>
                      <Popconfirm title="撤销该分工？" okText="撤销" cancelText="取消" onConfirm={() => remove(() => api.archiveDuty(d.id, d.version))}><a>撤销</a></Popconfirm>
                    </Space>
                  ),
                }] : []),
              ]}
            />
          </Card>
        </>
      )}
      <Modal open={member !== null} title={member === 'new' ? '添加领导小组成员' : '编辑成员'} onCancel={() => setMember(null)} onOk={saveMember} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {member === 'new' && (
            <Form.Item name="personId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
              <PersonSelect unitId={unitId} />
            </Form.Item>
          )}
          <Form.Item name="groupRole" label="小组职务" rules={[{ required: true }]}>
            <Select options={GROUP_ROLES.map((r) => ({ value: r, label: GROUP_ROLE_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="duties" label="分工(可不填)">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={duty !== null} title={duty === 'new' ? '添加责任分工' : '编辑责任分工'} onCancel={() => setDuty(null)} onOk={saveDuty} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {duty === 'new' && (
            <Form.Item name="personId" label="责任人" rules={[{ required: true, message: '请选择责任人' }]}>
              <PersonSelect unitId={unitId} />
            </Form.Item>
          )}
          <Form.Item name="kind" label="责任类型" rules={[{ required: true }]}>
            <Select options={DUTY_KINDS.map((k) => ({ value: k, label: DUTY_KIND_LABELS[k] }))} />
          </Form.Item>
          {kind === 'dual_duty' && (
            <Form.Item name="scopeUnitIds" label="分管单位(该领导对哪些部门、单位的网络意识形态工作负责)" rules={[{ required: true, message: '请至少选择一个分管单位' }]}>
              <UnitSelect multiple />
            </Form.Item>
          )}
          <Form.Item name="note" label="说明(可不填)">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
