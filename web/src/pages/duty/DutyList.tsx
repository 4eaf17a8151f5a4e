import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { DutyItemView } from '../../../../common/duty';
import { newIdempotencyKey } from '../../api/client';
import { dutyApi } from '../../api/duty';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { PersonSelect } from '../../components/PersonSelect';
import { shanghaiToday } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

/** 责任清单: what a unit answers for this year, who leads it, which departments carry it, on what basis. */
export default function DutyList() {
  const { can, session } = useAuth();
  const { message, modal } = App.useApp();
  const thisYear = Number(shanghaiToday().slice(0, 4));
  const [unitId, setUnitId] = useState(session!.account.unitId);
  const [year, setYear] = useState(thisYear);
  const list = useLoad(() => dutyApi.items({ unitId, year, pageSize: 200 }), [unitId, year]);
  const [editing, setEditing] = useState<DutyItemView | 'new' | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const manage = can('duty.manage');

  const open = (d: DutyItemView | 'new') => {
    form.resetFields();
    setKey(newIdempotencyKey());
    form.setFieldsValue(d === 'new' ? { sortOrder: (list.data?.total ?? 0) + 1, departmentIds: [] } : { ...d, departmentIds: d.departments.map((x) => x.id) });
    setEditing(d);
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { ...v, leaderPersonId: v.leaderPersonId ?? null, departmentIds: v.departmentIds ?? [], category: v.category || null, basis: v.basis || null, departmentsText: v.departmentsText || null };
      if (editing === 'new') await dutyApi.createItem({ ...body, unitId, year }, key);
      else if (editing) await dutyApi.updateItem(editing.id, { ...body, version: editing.version });
      setEditing(null);
      await list.reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const copy = () => {
    const copyKey = newIdempotencyKey();
    modal.confirm({
      title: `把${year - 1}年的责任清单复制到${year}年？`,
      content: '复制后可逐条调整；本年度已有条目时不能整体复制。',
      okText: '复制',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await dutyApi.copy({ unitId, fromYear: year - 1, toYear: year }, copyKey);
          message.success(`已复制 ${r.copied} 条`);
          await list.reload();
        } catch (err) {
          showError(err, message);
        }
      },
    });
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const empty = (list.data?.total ?? 0) === 0;
  return (
    <Card
      title="责任清单"
      extra={<Space wrap>
        {manage && <Button type="primary" onClick={() => open('new')}>新增条目</Button>}
        {manage && <Button icon={<CopyOutlined />} onClick={copy} disabled={!empty}>从{year - 1}年复制</Button>}
        <Button icon={<DownloadOutlined />} href={dutyApi.exportUrl({ unitId, year })}>导出</Button>
      </Space>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 220 }}><UnitSelect value={unitId} onChange={setUnitId} /></div>
        <Select value={year} onChange={setYear} options={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年` }))} />
      </Space>
      {empty && !list.loading && <Typography.Paragraph type="secondary">本年度还没有责任清单。{manage ? `可以新增条目，或从${year - 1}年复制后调整。` : ''}</Typography.Paragraph>}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 820 }}
        columns={[
          { title: '序号', key: 'n', width: 60, render: (_, __, i) => i + 1 },
          { title: '类别', dataIndex: 'category', width: 110, render: (v) => v ?? '—' },
          { title: '责任内容', dataIndex: 'content' },
          { title: '责任领导', dataIndex: 'leaderName', width: 100, render: (v) => v ?? '—' },
          { title: '责任部门', key: 'd', width: 180, render: (_, d) => [...d.departments.map((x) => x.name), d.departmentsText].filter(Boolean).join('、') || '—' },
          { title: '依据', dataIndex: 'basis', width: 160, render: (v) => v ?? '—' },
          ...(manage ? [{ title: '操作', key: 'o', width: 110, render: (_: unknown, d: DutyItemView) => (
            <Space><a onClick={() => open(d)}>编辑</a><Popconfirm title="归档该条目？" okText="归档" cancelText="取消" onConfirm={async () => { try { await dutyApi.archiveItem(d.id, d.version); await list.reload(); } catch (err) { showError(err, message); } }}><a>归档</a></Popconfirm></Space>
          ) }] : []),
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? `新增${year}年责任清单条目` : '编辑条目'} onCancel={() => setEditing(null)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="content" label="责任内容" rules={[{ required: true, message: '请填写责任内容' }]}><Input.TextArea id="duty-content" rows={3} maxLength={2000} /></Form.Item>
          <Space wrap>
            <Form.Item name="category" label="类别"><Input maxLength={50} placeholder="如：组织领导" /></Form.Item>
            <Form.Item name="sortOrder" label="排序"><InputNumber min={0} max={100000} /></Form.Item>
          </Space>
          <Form.Item name="leaderPersonId" label="责任领导"><PersonSelect unitId={unitId} allowClear /></Form.Item>
          <Form.Item name="departmentIds" label="责任部门(本单位内设机构或下级单位)"><UnitSelect multiple /></Form.Item>
          <Form.Item name="departmentsText" label="其他责任部门"><Input maxLength={200} placeholder="不在系统中的部门，如：各村(社区)" /></Form.Item>
          <Form.Item name="basis" label="依据文件"><Input maxLength={300} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
