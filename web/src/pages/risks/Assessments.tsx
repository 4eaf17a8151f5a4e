import { App, Button, Card, DatePicker, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type AssessmentView, CONCLUSION_LABELS, CONCLUSIONS, RISK_LEVEL_LABELS, RISK_LEVELS } from '../../../../common/risks';
import { newIdempotencyKey } from '../../api/client';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { dayText } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { LevelTag } from './Risks';

/** 重大决策舆情风险评估: one record per major decision or project, with the assessment report attached. */
export default function Assessments() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [archived, setArchived] = useState(false);
  const list = useLoad(() => risksApi.assessments({ ...page, archived: archived || undefined }), [page, archived]);
  const [editing, setEditing] = useState<AssessmentView | 'new' | null>(null);
  const [shown, setShown] = useState<AssessmentView | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const manage = can('risk.manage');
  const open = (a: AssessmentView | 'new') => {
    form.resetFields();
    setKey(newIdempotencyKey());
    form.setFieldsValue(a === 'new' ? { unitId: session?.account.unitId, assessedDay: dayjs(), level: 'low', conclusion: 'proceed' } : { ...a, assessedDay: dayjs(a.assessedDay), decisionDay: a.decisionDay ? dayjs(a.decisionDay) : null });
    setEditing(a);
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { ...v, assessedDay: v.assessedDay.format('YYYY-MM-DD'), decisionDay: v.decisionDay ? v.decisionDay.format('YYYY-MM-DD') : null };
      if (editing === 'new') await risksApi.createAssessment(body, key);
      else if (editing) await risksApi.updateAssessment(editing.id, { ...body, version: editing.version });
      setEditing(null);
      await list.reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (a: AssessmentView) => {
    try {
      if (a.archived) await risksApi.restoreAssessment(a.id, a.version);
      else await risksApi.archiveAssessment(a.id, a.version);
      await list.reload();
    } catch (err) {
      showError(err, message);
    }
  };
  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card title="重大决策舆情风险评估" extra={<Space>{manage && <Button type="primary" onClick={() => open('new')}>登记评估</Button>}<Button href="/api/risk-assessments/export">导出</Button></Space>}>
      <Select value={archived} onChange={setArchived} style={{ width: 120, marginBottom: 12 }} options={[{ value: false, label: '在用' }, { value: true, label: '已归档' }]} />
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 760 }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '决策或项目', dataIndex: 'subject', render: (v, a) => <a onClick={() => setShown(a)}>{v}</a> },
          { title: '单位', dataIndex: 'unitName', width: 120 },
          { title: '评估日期', dataIndex: 'assessedDay', width: 130, render: (d) => dayText(d) },
          { title: '风险等级', dataIndex: 'level', width: 90, render: (l) => <LevelTag level={l} /> },
          { title: '结论', dataIndex: 'conclusion', width: 110, render: (c: AssessmentView['conclusion']) => <Tag>{CONCLUSION_LABELS[c]}</Tag> },
          ...(manage ? [{ title: '操作', key: 'o', width: 110, render: (_: unknown, a: AssessmentView) => <Space>{!a.archived && <a onClick={() => open(a)}>编辑</a>}<Popconfirm title={a.archived ? '恢复？' : '归档？'} okText="确定" cancelText="取消" onConfirm={() => toggle(a)}><a>{a.archived ? '恢复' : '归档'}</a></Popconfirm></Space> }] : []),
        ]} />
      <Drawer open={shown !== null} onClose={() => setShown(null)} width={Math.min(600, window.innerWidth)} title={shown?.subject}>
        {shown && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{shown.unitName} · 评估日期 {dayText(shown.assessedDay)}{shown.decisionDay ? ` · 决策日期 ${dayText(shown.decisionDay)}` : ''}</Typography.Text>
            <Typography.Text>风险等级：{RISK_LEVEL_LABELS[shown.level]} · 结论：{CONCLUSION_LABELS[shown.conclusion]} · 评估人：{shown.assessor}</Typography.Text>
            <Typography.Title level={5}>主要风险</Typography.Title><Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{shown.risks}</Typography.Paragraph>
            <Typography.Title level={5}>防范化解措施</Typography.Title><Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{shown.measures}</Typography.Paragraph>
            <Attachments entity="risk_assessment" entityId={shown.id} title="评估报告" canUpload={manage && !shown.archived} />
          </Space>
        )}
      </Drawer>
      <Modal open={editing !== null} title={editing === 'new' ? '登记风险评估' : '编辑风险评估'} onCancel={() => setEditing(null)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          {editing === 'new' && <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect /></Form.Item>}
          <Form.Item name="subject" label="决策或项目名称" rules={[{ required: true, message: '请填写名称' }]}><Input maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="decisionDay" label="决策日期"><DatePicker /></Form.Item>
            <Form.Item name="assessedDay" label="评估日期" rules={[{ required: true, message: '请选择评估日期' }]}><DatePicker /></Form.Item>
            <Form.Item name="level" label="风险等级"><Select style={{ width: 100 }} options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))} /></Form.Item>
            <Form.Item name="conclusion" label="评估结论"><Select style={{ width: 130 }} options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_LABELS[c] }))} /></Form.Item>
          </Space>
          <Form.Item name="risks" label="主要风险" rules={[{ required: true, message: '请填写主要风险' }]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
          <Form.Item name="measures" label="防范化解措施" rules={[{ required: true, message: '请填写措施' }]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
          <Form.Item name="assessor" label="评估人或评估机构" rules={[{ required: true, message: '请填写评估人' }]}><Input maxLength={100} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
