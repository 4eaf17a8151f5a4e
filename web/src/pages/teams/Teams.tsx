import { Button, Card, DatePicker, Form, Grid, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { MemberView } from '../../../../common/teams';
import { teamsApi } from '../../api/teams';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { CheckFilter, FilterBar, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { dayText } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

/** 队伍: who holds which role in the unit's teams, and how many trainings each attended this year. */
export default function Teams() {
  const { can, session } = useAuth();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  const role = lp.param('role');
  const manage = can('team.manage');
  const narrow = !Grid.useBreakpoint().md;
  const roleUnit = unitId ?? session?.account.unitId ?? '';
  const roles = useLoad(() => teamsApi.roles(roleUnit), [roleUnit]);
  const query = { ...lp.scope, role, ...lp.flags('archived'), ...lp.page };
  const list = useLoad(() => teamsApi.members(query), lp.deps);
  const figures = useLoad(() => teamsApi.figures({ unitId }), [unitId, list.data]);
  const [form] = Form.useForm();
  const d = useFormDialog<MemberView | 'new'>(form);
  const [rform] = Form.useForm();
  const rd = useFormDialog<'new'>(rform);
  const formUnit = Form.useWatch('unitId', form) as string | undefined;
  const formRoles = useLoad(() => (formUnit ? teamsApi.roles(formUnit) : Promise.resolve(null)), [formUnit]);

  const save = () => d.submit(async (v) => {
    const body = { role: v.role, sinceDay: v.sinceDay ? v.sinceDay.format('YYYY-MM-DD') : null, note: v.note || null };
    if (d.dialog === 'new') await teamsApi.createMember({ ...body, unitId: v.unitId, personId: v.personId }, d.key);
    else await teamsApi.updateMember((d.dialog as MemberView).id, { ...body, version: (d.dialog as MemberView).version });
    d.close();
    d.message.success('已保存');
    await list.reload();
  });
  const saveRole = () => rd.submit(async (v) => {
    await teamsApi.createRole({ unitId: roleUnit, name: v.name }, rd.key);
    rd.close();
    rd.message.success('已增加');
    await roles.reload();
  });
  const toggle = async (m: MemberView) => {
    try {
      if (m.archived) await teamsApi.restoreMember(m.id, m.version);
      else await teamsApi.archiveMember(m.id, m.version);
      await list.reload();
    } catch (err) {
      showError(err, d.message);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const actions = (
    <Space wrap>
      {manage && <Button type="primary" onClick={() => d.open('new', { unitId: unitId ?? session?.account.unitId, role: role ?? 'informant' })}>登记队伍成员</Button>}
      {manage && <Button onClick={() => rd.open('new')}>增加角色</Button>}
      <Button icon={<DownloadOutlined />} href={teamsApi.exportUrl({ unitId, role })}>导出台账</Button>
    </Space>
  );
  return (
    <Card title="队伍" extra={narrow ? undefined : actions}>
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      <Typography.Paragraph type="secondary">登记新闻发言人、联络员、信息员、网络安全管理员、宣讲员、志愿者等队伍。本系统不登记受指派发帖、评论或引导舆论的人员。</Typography.Paragraph>
      <FilterBar>
        <UnitFilter lp={lp} />
        <Select allowClear placeholder="角色" style={{ width: 180 }} value={role} onChange={(v) => lp.setFilter('role', v)} options={(roles.data?.items ?? []).map((r) => ({ value: r.key, label: r.label }))} />
        <CheckFilter lp={lp} name="archived" label="已归档" />
      </FilterBar>
      {figures.data && figures.data.byRole.length > 0 && (
        <Space wrap size={[8, 4]} style={{ marginBottom: 12 }} aria-label="队伍统计">
          {figures.data.byRole.map((x) => <a key={x.role} onClick={() => lp.setFilter('role', x.role)}><Tag>{x.label} {x.members} 人</Tag></a>)}
          <Typography.Text type="secondary">今年成员参加培训 {figures.data.trainingAttendances} 人次</Typography.Text>
        </Space>
      )}
      <ListTable list={list} lp={lp} unit="人" sizeChanger={false}
        columns={narrow ? [{ title: '成员', key: 'm', render: (_, m: MemberView) => (
          <Space direction="vertical" size={0}>
            <span>{m.personName} <Tag>{m.roleLabel}</Tag></span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.unitName} · 今年培训 {m.trainingCount} 次</Typography.Text>
            {manage && !m.archived && <a onClick={() => d.open(m, { ...m, sinceDay: m.sinceDay ? dayjs(m.sinceDay) : null })}>修改</a>}
          </Space>
        ) }] : [
          { title: '姓名', dataIndex: 'personName', render: (v, m: MemberView) => <Space direction="vertical" size={0}><span>{v}</span>{m.position && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.position}</Typography.Text>}</Space> },
          { title: '角色', dataIndex: 'roleLabel', width: 150, render: (v) => <Tag>{v}</Tag> },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '加入日期', dataIndex: 'sinceDay', width: 130, render: (v) => (v ? dayText(v) : '') },
          { title: '今年参加培训', dataIndex: 'trainingCount', width: 110, render: (n) => `${n} 次` },
          ...(manage ? [{ title: '操作', key: 'o', width: 110, render: (_: unknown, m: MemberView) => (
            <Space>
              {!m.archived && <a onClick={() => d.open(m, { ...m, sinceDay: m.sinceDay ? dayjs(m.sinceDay) : null })}>修改</a>}
              <Popconfirm title={m.archived ? '恢复？' : '移出队伍(归档)？'} okText="确定" cancelText="取消" onConfirm={() => toggle(m)}><a>{m.archived ? '恢复' : '归档'}</a></Popconfirm>
            </Space>
          ) }] : []),
        ]}
      />
      <Modal open={d.dialog !== null} title={d.dialog === 'new' ? '登记队伍成员' : '修改队伍成员'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'new' ? (
            <>
              <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect id="team-unit" /></Form.Item>
              <Form.Item name="personId" label="人员" rules={[{ required: true, message: '请选择人员' }]}><PersonSelect id="team-person" unitId={formUnit} /></Form.Item>
            </>
          ) : <Form.Item name="unitId" hidden><Input /></Form.Item>}
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select id="team-role" options={(formRoles.data?.items ?? roles.data?.items ?? []).map((r) => ({ value: r.key, label: r.label }))} />
          </Form.Item>
          <Form.Item name="sinceDay" label="加入日期"><DatePicker /></Form.Item>
          <Form.Item name="note" label="说明"><Input maxLength={500} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={rd.dialog !== null} title="增加队伍角色(本单位及下级可用)" onCancel={rd.close} onOk={saveRole} okText="保存" cancelText="取消" confirmLoading={rd.busy} destroyOnHidden>
        <Form form={rform} layout="vertical" preserve={false}>
          <Form.Item name="name" label="角色名称" rules={[{ required: true, message: '请填写角色名称' }]}><Input maxLength={50} placeholder="如：网络文明传播员" /></Form.Item>
          <Typography.Text type="secondary">不得增加受指派发帖、评论或引导舆论的角色。</Typography.Text>
        </Form>
      </Modal>
    </Card>
  );
}
