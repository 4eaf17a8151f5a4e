import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Space, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { PersonView } from '../../../../common/schemas/org';
import { api, qs } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { LoadError } from '../../components/errors';
import { CheckFilter, FilterBar, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { PrintButton, usePrintAll } from '../../components/Print';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

export default function People() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const list = useLoad(() => api.people({ unitId, q: lp.param('q'), archived: lp.flag('archived'), ...lp.page }), lp.deps);
  const printAll = usePrintAll(list, (page, pageSize) => api.people({ unitId, q: lp.param('q'), archived: lp.flag('archived'), page, pageSize }));
  const [form] = Form.useForm();
  const d = useFormDialog<PersonView | 'new'>(form);
  const editing = d.dialog;
  const manage = can('person.manage');

  const open = (p: PersonView | 'new') => d.open(p, p === 'new' ? { unitId } : { unitId: p.unitId, name: p.name, position: p.position, phone: p.phone });
  const save = () => d.submit(async (v) => {
    if (editing === 'new') await api.createPerson(v, d.key);
    else if (editing) await api.updatePerson(editing.id, { ...v, version: editing.version });
    d.message.success('已保存');
    d.close();
    await list.reload();
  });

  if (list.error && list.error.status === 403) return <LoadError error={list.error} />;
  return (
    <Card
      title="人员"
      extra={
        <Space wrap>
          {manage && <Button type="primary" onClick={() => open('new')}>新增人员</Button>}
          <Button icon={<DownloadOutlined />} href={`/api/people/export${qs({ unitId, q: lp.param('q'), archived: lp.flag('archived') || undefined })}`}>导出</Button>
          <PrintButton all={printAll} />
        </Space>
      }
    >
      <FilterBar>
        <UnitFilter lp={lp} width={220} />
        <SearchFilter lp={lp} placeholder="姓名、职务或电话" />
        <CheckFilter lp={lp} name="archived" label="只看已归档" />
      </FilterBar>
      <ListTable list={list} lp={lp} printing={printAll.printing} empty={{
          first: can('person.manage') ? '还没有人员。点“新增人员”逐个添加，或用“批量导入”从 Excel 导入。' : '本单位还没有登记人员，请联系系统管理员添加。',
          source: '人员由系统管理员添加或批量导入；领导小组、责任人都从这里选。',
        }} unit="人" scroll={{ x: 720 }}
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
                    <ArchiveToggle link archived={p.archived} what="该人员" toggle={(on) => (on ? api.restorePerson(p.id, p.version) : api.archivePerson(p.id, p.version))} onDone={list.reload} />
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增人员' : '编辑人员'}
        onCancel={d.close}
        onOk={save}
        okText="保存"
        cancelText="取消"
        confirmLoading={d.busy}
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
