import { App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { PersonView } from '../../../../common/schemas/org';
import { api, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

export default function People() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useLoad(() => api.people({ unitId, q, archived, ...page }), [unitId, q, archived, page]);
  const [editing, setEditing] = useState<PersonView | 'new' | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState('');
  const manage = can('person.manage');

  const open = (p: PersonView | 'new') => {
    form.resetFields();
    setFormKey(newIdempotencyKey());
    if (p === 'new') form.setFieldsValue({ unitId });
    else form.setFieldsValue({ unitId: p.unitId, name: p.name, position: p.position, phone: p.phone });
    setEditing(p);
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (editing === 'new') await api.createPerson(v, formKey);
      else if (editing) await api.updatePerson(editing.id, { ...v, version: editing.version });
      message.success('已保存');
      setEditing(null);
      await list.reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const toggleArchive = async (p: PersonView) => {
    try {
      if (p.archived) await api.restorePerson(p.id, p.version);
      else await api.archivePerson(p.id, p.version);
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };

  if (list.error && list.error.status === 403) return <LoadError error={list.error} />;
  return (
    <Card
      title="人员"
      extra={manage && <Button type="primary" onClick={() => open('new')}>新增人员</Button>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 220 }}>
          <UnitSelect value={unitId} allowClear placeholder="全部单位" onChange={(v) => { setParams(v ? { unitId: v } : {}); setPage({ ...page, page: 1 }); }} />
        </div>
        <Input.Search placeholder="姓名、职务或电话" allowClear onSearch={(v) => { setQ(v); setPage({ ...page, page: 1 }); }} style={{ width: 220 }} />
        <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)}>只看已归档</Checkbox>
      </Space>
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 720 }}
        pagination={{
          current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          showTotal: (t) => `共 ${t} 人`, onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 120 },
          { title: '职务', dataIndex: 'position', render: (v) => v ?? '—' },
          { title: '单位', dataIndex: 'unitName' },
          { title: '电话', dataIndex: 'phone', render: (v) => v ?? '—' },
          { title: '账号', dataIndex: 'hasAccount', width: 80, render: (v) => (v ? <Tag color="green">有</Tag> : <Tag>无</Tag>) },
          ...(manage
            ? [{
                title: '操作', key: 'ops', width: 220, fixed: 'right' as const,
                render: (_: unknown, p: PersonView) => (
                  <Space>
                    {!p.archived && <a onClick={() => open(p)}>编辑</a>}
                    {!p.archived && !p.hasAccount && can('account.manage') && (
                      <a onClick={() => navigate(`/accounts?new=1&personId=${p.id}&unitId=${p.unitId}&name=${encodeURIComponent(p.name)}`)}>创建账号</a>
                    )}
                    <Popconfirm title={p.archived ? '恢复该人员？' : '归档该人员？'} okText="确定" cancelText="取消" onConfirm={() => toggleArchive(p)}>
                      <a>{p.archived ? '恢复' : '归档'}</a>
                    </Popconfirm>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增人员' : '编辑人员'}
        onCancel={() => setEditing(null)}
        onOk={save}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
            <UnitSelect />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }, { max: 30, message: '姓名不能超过 30 个字' }]}>
            <Input id="person-name" />
          </Form.Item>
          <Form.Item name="position" label="职务">
            <Input maxLength={60} placeholder="如：宣传委员、网信专干、村联络员" />
          </Form.Item>
          <Form.Item name="phone" label="工作电话">
            <Input maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
