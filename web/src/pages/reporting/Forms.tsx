import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { FIELD_TYPE_LABELS, FIELD_TYPES, FORM_KIND_LABELS, FORM_KINDS, type FormField, type FormView } from '../../../../common/reporting';
import { reportingApi } from '../../api/reporting';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { LoadError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

type FieldValues = Omit<FormField, 'options'> & { options?: string };
type Values = { unitId: string; name: string; kind: string; description?: string; fields: FieldValues[] };

const toFields = (fs: FieldValues[]) => (fs ?? []).map((f) => ({
  key: f.key, label: f.label, type: f.type, required: !!f.required, summable: f.type === 'number' && !!f.summable, hint: f.hint || null,
  ...(f.type === 'choice' ? { options: String(f.options ?? '').split(/[、,，\n]/).map((o) => o.trim()).filter(Boolean) } : {}),
}));

/** 报表: built-in forms for the four kinds of report and the unit's own, with their fields; a change of fields makes a new version. */
export default function Forms() {
  const { can, session } = useAuth();
  const forms = useLoad(() => reportingApi.forms(), []);
  const [form] = Form.useForm();
  const d = useFormDialog<'new' | FormView>(form);
  const manage = can('report.manage');
  if (forms.error) return <LoadError error={forms.error} />;
  const open = (f?: FormView) => d.open(f ?? 'new', f
    ? { name: f.name, kind: f.kind, description: f.description, fields: f.fields.map((x) => ({ ...x, options: x.options?.join('、') })) }
    : { unitId: session?.account.unitId, kind: 'other', fields: [{ key: 'content', label: '报告内容', type: 'text', required: true }] });
  const save = () => d.submit(async (v: Values) => {
    const body = { name: v.name, description: v.description ?? null, fields: toFields(v.fields) };
    if (d.dialog === 'new') await reportingApi.createForm({ ...body, unitId: v.unitId, kind: v.kind as 'other' }, d.key);
    else await reportingApi.updateForm((d.dialog as FormView).id, { ...body, version: (d.dialog as FormView).version });
    d.close();
    d.message.success('已保存报表');
    await forms.reload();
  });
  return (
    <Card title="报表" extra={manage && <Button type="primary" onClick={() => open()}>新建报表</Button>}>
      <List dataSource={forms.data?.items ?? []} loading={forms.loading} renderItem={(f) => (
        <List.Item actions={manage && !f.builtin ? [<a key="e" onClick={() => open(f)}>修改</a>, <ArchiveToggle key="a" link archived={f.archived} what="该报表" toggle={() => reportingApi.archiveForm(f.id, f.version, !f.archived)} onDone={() => void forms.reload()} />] : []}>
          <List.Item.Meta
            title={<Space wrap>{f.name}<Tag>{FORM_KIND_LABELS[f.kind]}</Tag>{f.builtin ? <Tag color="blue">内置</Tag> : <Tag>{f.unitName}</Tag>}<Typography.Text type="secondary">第{f.versionNo}版</Typography.Text></Space>}
            description={f.fields.map((x) => `${x.label}(${FIELD_TYPE_LABELS[x.type]}${x.required ? '，必填' : ''}${x.summable ? '，汇总' : ''})`).join('；')}
          />
        </List.Item>
      )} />
      <Modal open={d.dialog !== null} title={d.dialog === 'new' ? '新建报表' : '修改报表(字段变化将产生新版本)'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={760}>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'new' && <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}><UnitSelect /></Form.Item>}
          <Space wrap>
            <Form.Item name="name" label="报表名称" rules={[{ required: true, message: '请填写报表名称' }]}><Input id="form-name" style={{ width: 320 }} maxLength={100} /></Form.Item>
            {d.dialog === 'new' && <Form.Item name="kind" label="类别"><Select style={{ width: 180 }} options={FORM_KINDS.map((k) => ({ value: k, label: FORM_KIND_LABELS[k] }))} /></Form.Item>}
          </Space>
          <Form.Item name="description" label="说明"><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
          <Form.List name="fields">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item name={[field.name, 'label']} rules={[{ required: true, message: '请填写字段名称' }]}><Input placeholder="字段名称" style={{ width: 200 }} /></Form.Item>
                    <Form.Item name={[field.name, 'key']} rules={[{ required: true, message: '请填写字段代码' }]}><Input placeholder="代码(如 count)" style={{ width: 120 }} /></Form.Item>
                    <Form.Item name={[field.name, 'type']} initialValue="text"><Select style={{ width: 90 }} options={FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }))} /></Form.Item>
                    <Form.Item name={[field.name, 'required']} valuePropName="checked"><Checkbox>必填</Checkbox></Form.Item>
                    <Form.Item name={[field.name, 'summable']} valuePropName="checked"><Checkbox>向上汇总</Checkbox></Form.Item>
                    <Form.Item name={[field.name, 'options']}><Input placeholder="单选项，用顿号分隔" style={{ width: 180 }} /></Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ type: 'text', required: false })} icon={<PlusOutlined />}>添加字段</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}
