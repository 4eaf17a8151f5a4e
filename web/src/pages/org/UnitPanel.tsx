import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../../../common/labels';
import { api, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

const kindOptions = UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

export function UnitPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: unit, error, reload } = useLoad(() => api.unit(id), [id]);
  const [mode, setMode] = useState<'create' | 'edit' | 'move' | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState('');
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!unit) return <Spin />;
  const manage = can('unit.manage');
  const isOwn = unit.id === session!.account.unitId;

  const open = (m: 'create' | 'edit' | 'move') => {
    setFormKey(newIdempotencyKey());
    form.resetFields();
    if (m === 'edit') form.setFieldsValue({ name: unit.name, kind: unit.kind, code: unit.code, officeName: unit.officeName ?? '', sortOrder: unit.sortOrder });
    if (m === 'create') form.setFieldsValue({ kind: unit.kind === 'county' ? 'township' : 'village', sortOrder: 0 });
    setMode(m);
  };
  const after = async (msg: string) => {
    message.success(msg);
    setMode(null);
    await reload();
    onChanged();
  };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (mode === 'create') {
        const created = await api.createUnit({ ...v, parentId: unit.id }, formKey);
        await after(`已新建“${created.name}”`);
      } else if (mode === 'edit') {
        await api.updateUnit(unit.id, { ...v, version: unit.version });
        await after('已保存');
      } else if (mode === 'move') {
        await api.moveUnit(unit.id, v.newParentId, unit.version);
        await after('已移动(连同下级单位)');
      }
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const archiveOrRestore = async () => {
    try {
      if (unit.archived) await api.restoreUnit(unit.id, unit.version);
      else await api.archiveUnit(unit.id, unit.version);
      await after(unit.archived ? '已恢复' : '已归档');
    } catch (err) {
      showError(err, message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={<Space>{unit.name}{unit.archived && <Tag>已归档</Tag>}</Space>}
        extra={
          manage && (
            <Space wrap>
              {!unit.archived && <Button type="primary" onClick={() => open('create')}>新建下级单位</Button>}
              <Button onClick={() => open('edit')}>编辑</Button>
              {!isOwn && unit.parentId && <Button onClick={() => open('move')}>移动</Button>}
              {!isOwn && (
                <Popconfirm
                  title={unit.archived ? '恢复该单位？' : '归档该单位？'}
                  description={unit.archived ? undefined : '归档后不再出现在单位树中，可随时恢复'}
                  okText="确定"
                  cancelText="取消"
                  onConfirm={archiveOrRestore}
                >
                  <Button danger={!unit.archived}>{unit.archived ? '恢复' : '归档'}</Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="单位类型">{UNIT_KIND_LABELS[unit.kind]}</Descriptions.Item>
          <Descriptions.Item label="单位编码">{unit.code ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="发文机关署名">{unit.officeName || `${unit.name}(未设置，文稿以单位名称署名)`}</Descriptions.Item>
          <Descriptions.Item label="下级单位">{unit.childCount} 个</Descriptions.Item>
          <Descriptions.Item label="人员">
            <Link to={`/people?unitId=${unit.id}`}>{unit.personCount} 人</Link>
          </Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 12 }}>
          <Button onClick={() => navigate(`/people?unitId=${unit.id}`)}>查看人员</Button>
          <Button onClick={() => navigate(`/leading-group?unitId=${unit.id}`)}>领导小组与责任分工</Button>
        </Space>
      </Card>
      <Attachments entity="unit" entityId={unit.id} title="单位文件(如领导小组成立通知)" canUpload={manage} />
      <Modal
        open={mode !== null}
        title={mode === 'create' ? `在“${unit.name}”下新建单位` : mode === 'edit' ? '编辑单位' : `移动“${unit.name}”`}
        onCancel={() => setMode(null)}
        onOk={submit}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {mode === 'move' ? (
            <Form.Item name="newParentId" label="新的上级单位" rules={[{ required: true, message: '请选择新的上级单位' }]}>
              <UnitSelect />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }, { max: 60, message: '单位名称不能超过 60 个字' }]}>
                <Input id="unit-name" />
              </Form.Item>
              <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
                <Select options={kindOptions} />
              </Form.Item>
              <Form.Item name="code" label="单位编码(可不填)">
                <Input maxLength={40} />
              </Form.Item>
              {mode === 'edit' && (
                <Form.Item name="officeName" label="发文机关署名(可不填)" extra="生成的总结、专报等文稿落款用的机关名称，如“中共示例县委网信办”；不填则以单位名称署名。">
                  <Input id="unit-office-name" maxLength={60} />
                </Form.Item>
              )}
              <Form.Item name="sortOrder" label="排序(数字小的在前)">
                <InputNumber min={0} max={100000} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
