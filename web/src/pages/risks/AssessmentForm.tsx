import { App, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { type AssessmentView, CONCLUSION_LABELS, CONCLUSIONS, RISK_LEVEL_LABELS, RISK_LEVELS } from '../../../../common/risks';
import { newIdempotencyKey } from '../../api/client';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { showError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { shanghaiToday } from '../../components/OverdueTag';

/** Register or edit one 重大决策舆情风险评估 record. `editing` null: closed. */
export function AssessmentForm({ editing, defaultUnitId, onClose, onSaved }: {
  editing: AssessmentView | 'new' | null;
  defaultUnitId?: string;
  onClose: () => void;
  onSaved: (a: AssessmentView) => void;
}) {
  const { session } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  useEffect(() => {
    if (editing === null) return;
    setKey(newIdempotencyKey());
    form.resetFields();
    form.setFieldsValue(editing === 'new'
      ? { unitId: defaultUnitId ?? session?.account.unitId, assessedDay: dayjs(shanghaiToday()), level: 'low', conclusion: 'proceed' }
      : { ...editing, assessedDay: dayjs(editing.assessedDay), decisionDay: editing.decisionDay ? dayjs(editing.decisionDay) : null });
  }, [editing, defaultUnitId, session, form]);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { ...v, assessedDay: v.assessedDay.format('YYYY-MM-DD'), decisionDay: v.decisionDay ? v.decisionDay.format('YYYY-MM-DD') : null };
      const saved = editing === 'new' ? await risksApi.createAssessment(body, key) : await risksApi.updateAssessment((editing as AssessmentView).id, { ...body, unitId: undefined, version: (editing as AssessmentView).version });
      message.success('已保存');
      onSaved(saved);
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={editing !== null} title={editing === 'new' ? '登记重大决策舆情风险评估' : '编辑风险评估'} onCancel={onClose} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} forceRender width={640}>
      <Form form={form} layout="vertical">
        {editing === 'new' && <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><UnitSelect id="assessment-unit" /></Form.Item>}
        <Form.Item name="subject" label="决策或项目名称" rules={[{ required: true, message: '请填写决策或项目名称' }]}><Input id="assessment-subject" maxLength={200} /></Form.Item>
        <Space wrap>
          <Form.Item name="decisionDay" label="决策日期"><DatePicker id="assessment-decision" /></Form.Item>
          <Form.Item name="assessedDay" label="评估日期" rules={[{ required: true, message: '请选择评估日期' }]}><DatePicker id="assessment-day" /></Form.Item>
          <Form.Item name="level" label="风险等级"><Select id="assessment-level" style={{ width: 100 }} options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))} /></Form.Item>
          <Form.Item name="conclusion" label="评估结论"><Select id="assessment-conclusion" style={{ width: 130 }} options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_LABELS[c] }))} /></Form.Item>
        </Space>
        <Form.Item name="risks" label="主要风险" rules={[{ required: true, message: '请填写主要风险' }]}><Input.TextArea id="assessment-risks" rows={3} maxLength={5000} /></Form.Item>
        <Form.Item name="measures" label="防范化解措施" rules={[{ required: true, message: '请填写防范化解措施' }]}><Input.TextArea id="assessment-measures" rows={3} maxLength={5000} /></Form.Item>
        <Form.Item name="assessor" label="评估人或评估机构" rules={[{ required: true, message: '请填写评估人或评估机构' }]}><Input id="assessment-assessor" maxLength={100} /></Form.Item>
      </Form>
    </Modal>
  );
}
