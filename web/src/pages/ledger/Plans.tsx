import { App, Button, Card, Checkbox, DatePicker, Drawer, Form, Grid, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { PLAN_STATUS_LABELS, PLAN_STATUSES, type PlanView } from '../../../../common/ledger';
import { newIdempotencyKey } from '../../api/client';
import { ledgerApi } from '../../api/ledger';
import { rulesApi } from '../../api/rules';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText, shanghaiDayjs } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

/** 应急预案: the plans in force with their versions and text, and the drills that exercised them. */
export default function Plans() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const openId = params.get('planId');
  const [archived, setArchived] = useState(false);
  const list = useLoad(() => ledgerApi.plans({ archived: archived || undefined, pageSize: 100 }), [archived]);
  const [editing, setEditing] = useState<PlanView | 'new' | null>(null);
  /** Editing as a new version: the old one stays in the plan's history. */
  const [newVersion, setNewVersion] = useState(false);
  const shown = useLoad(() => (openId ? ledgerApi.plan(openId) : Promise.resolve(null)), [openId, list.data]);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const manage = can('ledger.manage');
  const narrow = !Grid.useBreakpoint().md;

  const open = (p: PlanView | 'new', asNewVersion = false) => {
    form.resetFields();
    setKey(newIdempotencyKey());
    if (p === 'new') form.setFieldsValue({ unitId: session?.account.unitId, status: 'current', effectiveDay: shanghaiDayjs() });
    else if (asNewVersion) form.setFieldsValue({ ...p, versionLabel: '', status: 'current', effectiveDay: shanghaiDayjs() });
    else form.setFieldsValue({ ...p, effectiveDay: dayjs(p.effectiveDay) });
    setNewVersion(asNewVersion);
    setEditing(p);
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { ...v, effectiveDay: v.effectiveDay.format('YYYY-MM-DD'), note: v.note || null, ruleId: v.ruleId ?? null };
      if (editing === 'new') await ledgerApi.createPlan(body, key);
      else if (editing) await ledgerApi.updatePlan(editing.id, { ...body, version: editing.version });
      setEditing(null);
      message.success('已保存');
      await list.reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (p: PlanView) => {
    try {
      if (p.archived) await ledgerApi.restorePlan(p.id, p.version);
      else await ledgerApi.archivePlan(p.id, p.version);
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const plan = shown.data ?? null;
  return (
    <Card title="应急预案" extra={<Space>{manage && <Button type="primary" onClick={() => open('new')}>登记预案</Button>}<Button href="/api/ledger/plans/export">导出</Button></Space>}>
      <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)} style={{ marginBottom: 12 }}>已归档</Checkbox>
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={narrow ? undefined : { x: 820 }}
        columns={narrow ? [
          {
            title: '预案', key: 'm',
            render: (_: unknown, p: PlanView) => (
              <div>
                <Space size={4} wrap><a onClick={() => setParams({ planId: p.id })}>{p.title}</a><Tag color={p.status === 'current' ? 'green' : 'default'}>{PLAN_STATUS_LABELS[p.status]}</Tag></Space>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.versionLabel} · {p.unitName} · {dayText(p.effectiveDay)}施行 · {p.drillCount ? `演练 ${p.drillCount} 次` : '尚未演练'}</Typography.Text></div>
              </div>
            ),
          },
        ] : [
          { title: '预案', dataIndex: 'title', render: (v, p) => <a onClick={() => setParams({ planId: p.id })}>{v}</a> },
          { title: '版本', dataIndex: 'versionLabel', width: 100 },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '施行日期', dataIndex: 'effectiveDay', width: 130, render: (d) => dayText(d) },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: PlanView['status']) => <Tag color={s === 'current' ? 'green' : 'default'}>{PLAN_STATUS_LABELS[s]}</Tag> },
          { title: '演练', key: 'd', width: 150, render: (_, p) => (p.drillCount ? <Link to={`/activities?type=drill&planId=${p.id}`}>{p.drillCount} 次，最近 {dayText(p.lastDrillDay)}</Link> : <Typography.Text type="danger">尚未演练</Typography.Text>) },
          ...(manage ? [{ title: '操作', key: 'o', width: 160, render: (_: unknown, p: PlanView) => (
            <Space>
              {!p.archived && <a onClick={() => open(p, true)}>新版本</a>}
              {!p.archived && <a onClick={() => open(p)}>编辑</a>}
              <Popconfirm title={p.archived ? '恢复？' : '归档？'} okText="确定" cancelText="取消" onConfirm={() => toggle(p)}><a>{p.archived ? '恢复' : '归档'}</a></Popconfirm>
            </Space>
          ) }] : []),
        ]}
      />
      <Drawer open={openId !== null} onClose={() => setParams({})} width={Math.min(640, window.innerWidth)} title={plan ? `${plan.title}(${plan.versionLabel})` : '应急预案'}>
        {shown.error && <Typography.Text type="secondary">{shown.error.code === 'OUT_OF_SCOPE' ? '该预案由上级单位制定，详情请向上级单位查阅。' : shown.error.message}</Typography.Text>}
        {plan && <PlanPanel plan={plan} canUpload={manage && !plan.archived} />}
      </Drawer>
      <Modal open={editing !== null} title={editing === 'new' ? '登记应急预案' : newVersion ? '发布新版本(旧版本保留在修改历史中)' : '编辑应急预案'} onCancel={() => setEditing(null)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {editing === 'new' && <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect /></Form.Item>}
          <Form.Item name="title" label="预案名称" rules={[{ required: true, message: '请填写预案名称' }]}><Input maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="versionLabel" label="版本" rules={[{ required: true, message: '请填写版本' }]}><Input maxLength={50} placeholder="如：2026版" /></Form.Item>
            <Form.Item name="effectiveDay" label="施行日期" rules={[{ required: true, message: '请选择施行日期' }]}><DatePicker /></Form.Item>
            <Form.Item name="status" label="状态"><Select style={{ width: 110 }} options={PLAN_STATUSES.map((s) => ({ value: s, label: PLAN_STATUS_LABELS[s] }))} /></Form.Item>
          </Space>
          <RuleField form={form} unitId={editing === 'new' || editing === null ? undefined : editing.unitId} />
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function PlanPanel({ plan, canUpload }: { plan: PlanView; canUpload: boolean }) {
  const drills = useLoad(() => ledgerApi.entries({ planId: plan.id, pageSize: 100 }), [plan.id]);
  const history = useLoad(() => ledgerApi.planHistory(plan.id), [plan.id, plan.version]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text>{plan.unitName} · {dayText(plan.effectiveDay)}施行 · {PLAN_STATUS_LABELS[plan.status]}</Typography.Text>
      {plan.note && <Typography.Paragraph>{plan.note}</Typography.Paragraph>}
      {plan.ruleTitle && <Typography.Text>依据制度：<Link to={`/rules?q=${encodeURIComponent(plan.ruleTitle)}`}>《{plan.ruleTitle}》</Link></Typography.Text>}
      <Attachments entity="emergency_plan" entityId={plan.id} title="预案文本" canUpload={canUpload} />
      <Card size="small" title={`演练记录(${drills.data?.total ?? 0})`}>
        {(drills.data?.items ?? []).map((d) => <div key={d.id}><Link to={`/activities/${d.id}`}>{dayText(d.day)} {d.topic}</Link>(<span>{d.unitName}</span>)</div>)}
        {drills.data?.items.length === 0 && <Typography.Text type="secondary">尚无演练记录</Typography.Text>}
      </Card>
      <Card size="small" title="版本与修改历史"><History entries={history.data?.items ?? []} labels={{ title: '名称', versionLabel: '版本', effectiveDay: '施行日期', status: '状态', ruleTitle: '依据制度' }} /></Card>
    </Space>
  );
}

/** The rule the plan implements: a rule in force of the plan's unit or of a superior. */
function RuleField({ form, unitId }: { form: ReturnType<typeof Form.useForm>[0]; unitId?: string }) {
  const chosen = Form.useWatch('unitId', form) ?? unitId;
  const rules = useLoad(() => (chosen ? rulesApi.inForce({ unitId: chosen }) : Promise.resolve(null)), [chosen]);
  return (
    <Form.Item name="ruleId" label="依据制度(可选)">
      <Select allowClear placeholder="选择本单位或上级单位的现行制度" options={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: `《${r.title}》${r.docNumber ? ` ${r.docNumber}` : ''}` }))} />
    </Form.Item>
  );
}
