import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, type FormInstance, Input, Modal, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DUTY_KIND_LABELS, DUTY_KINDS, GROUP_ROLE_LABELS, GROUP_ROLES, type DutyKind, type GroupRole } from '../../../../common/labels';
import { api, type LeadingGroupView as LG, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { PersonSelect } from '../../components/PersonSelect';
import { PrintButton } from '../../components/Print';
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

  /** Both dialogs start from a fresh form and a fresh idempotency key. */
  const openWith = (values: object, show: () => void) => {
    form.resetFields();
    setFormKey(newIdempotencyKey());
    form.setFieldsValue(values);
    show();
  };
  const openMember = (m: Member | 'new') => openWith(m === 'new' ? { groupRole: 'member' } : { groupRole: m.groupRole, duties: m.duties }, () => setMember(m));
  const openDuty = (d: Duty | 'new') => openWith(d === 'new' ? { kind: 'direct', scopeUnitIds: [] } : { kind: d.kind, note: d.note, scopeUnitIds: d.scopeUnits.map((u) => u.id) }, () => setDuty(d));
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
      <Card size="small" className="no-print">
        <Space wrap>
          <span>单位：</span>
          <div style={{ minWidth: 260 }}>
            <UnitSelect value={unitId} onChange={(v) => setParams({ unitId: v })} />
          </div>
          {unitId && <Button icon={<DownloadOutlined />} href={`/api/units/${unitId}/leading-group/export`}>导出名单</Button>}
          <PrintButton label="打印名单" />
        </Space>
      </Card>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <>
          <Card title="领导小组" extra={manage && <Button type="primary" onClick={() => openMember('new')}>添加成员</Button>}>
            <RosterTable<Member>
              rows={data?.members ?? []}
              empty="尚未登记领导小组成员"
              columns={[
                { title: '小组职务', dataIndex: 'groupRole', width: 110, render: (r: GroupRole) => <Tag color={r === 'leader' ? 'red' : undefined}>{GROUP_ROLE_LABELS[r]}</Tag> },
                { title: '姓名', dataIndex: 'personName', width: 100 },
                { title: '职务', dataIndex: 'position', render: (v) => v ?? '—' },
                { title: '分工', dataIndex: 'duties', render: (v) => v ?? '—' },
              ]}
              ops={manage && { edit: openMember, confirm: '移出领导小组？', verb: '移出', remove: (m) => remove(() => api.archiveMember(m.id, m.version)) }}
            />
          </Card>
          <Card title="责任分工(第一责任人、直接责任人、一岗双责)" extra={manage && <Button type="primary" onClick={() => openDuty('new')}>添加分工</Button>}>
            <RosterTable<Duty>
              rows={data?.duties ?? []}
              empty="尚未登记责任分工"
              columns={[
                { title: '责任类型', dataIndex: 'kind', width: 120, render: (k: DutyKind) => DUTY_KIND_LABELS[k] },
                { title: '责任人', dataIndex: 'personName', width: 100 },
                { title: '职务', dataIndex: 'position', render: (v) => v ?? '—' },
                { title: '分管单位', key: 'scope', render: (_, d) => (d.scopeUnits.length ? d.scopeUnits.map((u) => <Tag key={u.id}>{u.name}</Tag>) : '—') },
              ]}
              ops={manage && { edit: openDuty, confirm: '撤销该分工？', verb: '撤销', remove: (d) => remove(() => api.archiveDuty(d.id, d.version)) }}
            />
          </Card>
        </>
      )}
      <RosterDialog open={member !== null} adding={member === 'new'} title={member === 'new' ? '添加领导小组成员' : '编辑成员'} personLabel="人员" unitId={unitId} form={form} busy={busy} onCancel={() => setMember(null)} onOk={saveMember}>
          <Form.Item name="groupRole" label="小组职务" rules={[{ required: true }]}>
            <Select options={GROUP_ROLES.map((r) => ({ value: r, label: GROUP_ROLE_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="duties" label="分工(可不填)">
            <Input maxLength={200} />
          </Form.Item>
      </RosterDialog>
      <RosterDialog open={duty !== null} adding={duty === 'new'} title={duty === 'new' ? '添加责任分工' : '编辑责任分工'} personLabel="责任人" unitId={unitId} form={form} busy={busy} onCancel={() => setDuty(null)} onOk={saveDuty}>
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
      </RosterDialog>
    </Space>
  );
}

/** One roster of the page (members, duties): a small table with 编辑 and a confirmed removal for managers. */
function RosterTable<T extends { id: string }>({ rows, empty, columns, ops }: {
  rows: T[];
  empty: string;
  columns: TableColumnsType<T>;
  ops: false | { edit: (row: T) => void; confirm: string; verb: string; remove: (row: T) => void };
}) {
  const opsColumn: TableColumnsType<T> = ops ? [{
    title: '操作', key: 'ops', width: 130,
    render: (_: unknown, row: T) => (
      <Space>
        <a onClick={() => ops.edit(row)}>编辑</a>
        <Popconfirm title={ops.confirm} okText={ops.verb} cancelText="取消" onConfirm={() => ops.remove(row)}><a>{ops.verb}</a></Popconfirm>
      </Space>
    ),
  }] : [];
  return (
    <Table<T>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 600 }}
      dataSource={rows}
      locale={{ emptyText: <Empty description={empty} /> }}
      columns={[...columns, ...opsColumn]}
    />
  );
}

/** The dialog of one roster entry; the person is chosen only when adding. */
function RosterDialog({ open, adding, title, personLabel, unitId, form, busy, onCancel, onOk, children }: {
  open: boolean; adding: boolean; title: string; personLabel: string; unitId: string; form: FormInstance; busy: boolean;
  onCancel: () => void; onOk: () => void; children: ReactNode;
}) {
  return (
    <Modal open={open} title={title} onCancel={onCancel} onOk={onOk} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false}>
        {adding && (
          <Form.Item name="personId" label={personLabel} rules={[{ required: true, message: `请选择${personLabel}` }]}>
            <PersonSelect unitId={unitId} />
          </Form.Item>
        )}
        {children}
      </Form>
    </Modal>
  );
}
