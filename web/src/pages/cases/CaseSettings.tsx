import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { CASE_LEVEL_LABELS, CASE_LEVELS, CLOCK_KEYS, CLOCK_LABELS, CLOCK_UNIT_LABELS, CLOCK_UNITS, DEFAULT_TRIAGE_CLOCK, type CaseSettings as Settings } from '../../../../common/cases';
import { casesApi } from '../../api/cases';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { useUnitTree } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { when } from './common';

/** Categories, the grouping threshold and the SLA policy: one for the whole tree, changed by an admin of the top-level unit. */
export default function CaseSettings() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const settings = useLoad(() => casesApi.settings(), []);
  const { units } = useUnitTree();
  const own = units.find((u) => u.id === session?.account.unitId);
  const editable = can('case.settings') && !!own && !own.parentId;
  const [form] = Form.useForm<Settings>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // A policy saved before the 研判 clock existed shows the default it runs by.
    if (settings.data) form.setFieldsValue({ ...settings.data, sla: { ...settings.data.sla, triage: settings.data.sla.triage ?? { ...DEFAULT_TRIAGE_CLOCK } } });
  }, [settings.data, form]);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    setBusy(true);
    try {
      settings.setData(await casesApi.saveSettings(v));
      message.success('已保存设置');
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  if (settings.error) return <LoadError error={settings.error} onRetry={settings.reload} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <ReplyApproval />
      <Card title="舆情与诉求设置" loading={settings.loading && !settings.data}>
        {!editable && <Alert type="info" showIcon style={{ marginBottom: 16 }} message="设置由最上级单位的管理员修改，这里只能查看。" />}
        <Card type="inner" size="small" title="默认时限(未修改时按此执行)" style={{ marginBottom: 16 }}>
          <ul style={{ margin: 0, paddingLeft: 20, lineHeight: 1.9 }}>
            <li><b>重大、特别重大</b>：1 小时内向上级报告，5 小时内首次发布权威信息，24 小时内作出完整的公开回应。</li>
            <li><b>一般、较大</b>：48 小时内公开回应，5 个工作日内办结。</li>
            <li>较大及以上的事件研判后立即直报各级上级单位，办结须领导审批。</li>
            <li>事件等待本单位以外的事情(下面列出的“暂停计时的情形”)时，计时暂停；恢复后未完成的时限顺延等待的时间。</li>
            <li><b>研判</b>：群众提交的诉求收到后 24 小时内研判定级。</li>
            <li>工作日按工作日历计算(节假日和调休)，小时按自然时间计算，从最早收到报告的时间起算。</li>
          </ul>
        </Card>
        <Form form={form} layout="vertical" disabled={!editable}>
          <Form.Item name="categories" htmlFor="settings-categories" label="事件分类" rules={[{ required: true, message: '至少保留一个分类' }]} extra="输入后按回车添加">
            <Select id="settings-categories" mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
          </Form.Item>
          <Form.Item name="groupingThreshold" htmlFor="settings-threshold" label="相似归并阈值" rules={[{ required: true, message: '请填写归并阈值' }]}
            extra="0 到 16。两条报告的文字差异不超过这个数(相似度不低于 1 − 0.03 × 阈值)，就归入同一事件；不同村、社区或乡镇的同类诉求不归并。数越大归并越多(也越容易误并)，一般用 10。">
            <InputNumber id="settings-threshold" min={0} max={16} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="lateEntryReasonHours" htmlFor="settings-late-hours" label="补录须说明原因(小时)" rules={[{ required: true, message: '请填写小时数' }]}
            extra="办理步骤在实际发生多少小时以后才录入时，须填写补录原因。一般用 24。">
            <InputNumber id="settings-late-hours" min={1} max={720} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Card size="small" type="inner" title="研判时限" style={{ marginBottom: 12 }}>
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>群众来信和网上提交的诉求从收到时起计时，须在这个时限内研判定级；超时会提醒有研判权限的人员。</Typography.Paragraph>
            <Space wrap align="baseline">
              <span>收到后</span>
              <Form.Item name={['sla', 'triage', 'amount']} rules={[{ required: true, message: '请填写研判时限' }]}>
                <InputNumber id="settings-triage-amount" min={1} max={720} precision={0} style={{ width: 90 }} aria-label="研判时限数值" />
              </Form.Item>
              <Form.Item name={['sla', 'triage', 'unit']} rules={[{ required: true, message: '请选择研判时限的单位' }]}>
                <Select id="settings-triage-unit" aria-label="研判时限单位" style={{ width: 100 }} options={CLOCK_UNITS.map((u) => ({ value: u, label: CLOCK_UNIT_LABELS[u] }))} />
              </Form.Item>
              <span>内研判</span>
            </Space>
          </Card>
          <Typography.Title level={5}>各等级的时限</Typography.Title>
          {CASE_LEVELS.map((level) => (
            <Card key={level} size="small" type="inner" title={`${CASE_LEVEL_LABELS[level]}事件`} style={{ marginBottom: 12 }}>
              <Form.List name={['sla', 'levels', level]}>
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Space key={field.key} wrap align="baseline">
                        <Form.Item name={[field.name, 'key']} rules={[{ required: true, message: '请选择时限种类' }]}>
                          <Select style={{ width: 170 }} options={CLOCK_KEYS.map((k) => ({ value: k, label: CLOCK_LABELS[k] }))} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'amount']} rules={[{ required: true, message: '请填写时限' }]}>
                          <InputNumber min={1} max={720} precision={0} style={{ width: 90 }} aria-label={`${CASE_LEVEL_LABELS[level]}事件时限数值`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'unit']} rules={[{ required: true, message: '请选择单位' }]}>
                          <Select style={{ width: 100 }} options={CLOCK_UNITS.map((u) => ({ value: u, label: CLOCK_UNIT_LABELS[u] }))} />
                        </Form.Item>
                        <span>内完成</span>
                        {editable && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除这条时限" onClick={() => remove(field.name)} />}
                      </Space>
                    ))}
                    {fields.length === 0 && <Typography.Paragraph type="secondary">没有时限</Typography.Paragraph>}
                    {editable && fields.length < CLOCK_KEYS.length && (
                      <Button icon={<PlusOutlined />} onClick={() => add({ key: CLOCK_KEYS.find((k) => !form.getFieldValue(['sla', 'levels', level])?.some((c: { key: string }) => c.key === k)), amount: 24, unit: 'hours' })}>添加时限</Button>
                    )}
                  </>
                )}
              </Form.List>
            </Card>
          ))}
          <Form.Item name={['sla', 'waitStates']} htmlFor="settings-wait" label="暂停计时的情形" extra="处于这些情形时，办理人员可以暂停计时。输入后按回车添加">
            <Select id="settings-wait" mode="tags" open={false} />
          </Form.Item>
          {editable && <Button type="primary" size="large" onClick={save} loading={busy}>保存设置</Button>}
        </Form>
      </Card>
    </Space>
  );
}

/**
 * This unit's rule for public replies: whether a reply to a citizen must be approved by a second
 * person (not its author) before it is published. It holds for the unit and every unit below it.
 */
function ReplyApproval() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const setting = useLoad(() => casesApi.replyApproval(), []);
  const [busy, setBusy] = useState(false);
  const s = setting.data;
  if (setting.error) return <LoadError error={setting.error} onRetry={setting.reload} />;
  const change = async (required: boolean) => {
    if (!s) return;
    setBusy(true);
    try {
      setting.setData(await casesApi.saveReplyApproval({ required, version: s.version }));
      message.success(required ? '已设置：本单位及下级单位的公开答复须经第二人审核后公开' : '已取消公开答复的第二人审核');
    } catch (err) {
      showError(err, message);
      if ((err as { status?: number }).status === 409) void setting.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="公开答复审核" loading={setting.loading && !s} data-testid="reply-approval">
      {s && (
        <Space direction="vertical" size={8}>
          <Space wrap>
            <Switch id="reply-approval-switch" checked={s.required} disabled={!can('case.settings')} loading={busy} onChange={change}
              aria-label={`${s.unitName}的公开答复须经第二人审核`} />
            <label htmlFor="reply-approval-switch">{s.unitName}及下级单位的公开答复须经起草人以外的第二人审核后，反映人才能看到</label>
          </Space>
          {s.requiredBy && <Alert type="info" showIcon message={`上级单位${s.requiredBy}已要求其下各单位的公开答复经第二人审核，本单位的答复无论这里怎么设都须审核。`} />}
          {s.updatedByName && <Typography.Text type="secondary">{s.updatedByName}于{when(s.updatedAt)}设置</Typography.Text>}
          {!can('case.settings') && <Typography.Text type="secondary">由本单位管理员设置。</Typography.Text>}
        </Space>
      )}
    </Card>
  );
}
