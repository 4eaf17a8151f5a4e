import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useState } from 'react';
import { RULE_CATEGORIES, RULE_CATEGORY_LABELS, RULE_SEVERITY_LABELS, type RuleView } from '../../../../common/publishing';
import { postApi } from '../../api/outlets';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

const lines = (s: string | undefined) => (s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);

/** 校对规则: the starter set and each unit's own; a rule is saved only when its examples pass. The unit's admins edit and archive their unit's own rules. */
export default function ProofRules() {
  const { can, session } = useAuth();
  const list = useLoad(() => postApi.rules(), []);
  const [form] = Form.useForm();
  const d = useFormDialog<'new' | RuleView>(form);
  const [trial, setTrial] = useState<{ ok: boolean; problem: string | null } | null>(null);
  // biome-ignore lint: form values
  const body = (v: any) => ({ kind: v.kind, pattern: v.pattern, correct: v.correct, category: v.category, severity: v.severity, note: v.note || null, mustMatch: lines(v.mustMatch), mustNotMatch: lines(v.mustNotMatch) });
  const tryIt = async () => {
    const v = form.getFieldsValue();
    try { setTrial(await postApi.testRule(body(v))); } catch (err) { setTrial({ ok: false, problem: (err as Error).message }); }
  };
  const save = () => d.submit(async (v) => {
    if (d.dialog === 'new') await postApi.createRule({ ...body(v), unitId: v.unitId }, d.key);
    else if (d.dialog) await postApi.updateRule(d.dialog.id, { ...body(v), version: d.dialog.version });
    d.message.success('已保存校对规则');
    d.close();
    await list.reload();
  });
  /** A unit's own rules are changed by its admins (the server checks it too). */
  const mine = (r: RuleView) => !r.builtin && can('publishing.settings') && r.unitId === session?.account.unitId;
  const edit = (r: RuleView) => { setTrial(null); d.open(r, { unitId: r.unitId, kind: r.kind, pattern: r.pattern, correct: r.correct, category: r.category, severity: r.severity, note: r.note, mustMatch: r.mustMatch.join('\n'), mustNotMatch: r.mustNotMatch.join('\n') }); };
  const archive = async (r: RuleView) => {
    try {
      await postApi.archiveRule(r.id, r.version);
      d.message.success('已停用该校对规则');
      await list.reload();
    } catch (err) { d.message.error((err as Error).message); }
  };
  if (list.error) return <LoadError error={list.error} />;
  return (
    <Card title="校对规则" extra={can('publishing.settings') && (
      <Space wrap>
        <Link to="/publishing/settings">审核流程和更新频次</Link>
        <Button type="primary" onClick={() => { setTrial(null); d.open('new', { unitId: session?.account.unitId, kind: 'literal', category: 'typo', severity: 'normal' }); }}>新增规则</Button>
      </Space>
    )}>
      <Typography.Paragraph type="secondary">信息提交审核时按这些规则检查正文(繁简体、全半角统一后比对)，每处提示须由审核人确认改正或说明保留原因后才能终审。</Typography.Paragraph>
      <Table<RuleView> rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 50 }} scroll={{ x: 800 }}
        columns={[
          { title: '错误写法', dataIndex: 'pattern', render: (v, r) => <span>{r.kind === 'regex' ? <Tag>正则</Tag> : null}{v}</span> },
          { title: '正确写法', dataIndex: 'correct' },
          { title: '类别', dataIndex: 'category', width: 100, render: (v: RuleView['category']) => RULE_CATEGORY_LABELS[v] },
          { title: '程度', dataIndex: 'severity', width: 70, render: (v: RuleView['severity']) => (v === 'serious' ? <Tag color="red">{RULE_SEVERITY_LABELS[v]}</Tag> : RULE_SEVERITY_LABELS[v]) },
          { title: '来源', key: 'u', width: 110, render: (_, r) => (r.builtin ? '内置' : r.unitName) },
          { title: '说明和例句', key: 'n', render: (_, r) => <span>{r.note}<div style={{ fontSize: 12, color: '#595959' }}>应命中：{r.mustMatch.join('；')}{r.mustNotMatch.length ? `　不应命中：${r.mustNotMatch.join('；')}` : ''}</div></span> },
          { title: '操作', key: 'op', width: 120, render: (_, r) => (mine(r) ? (
            <Space size={4} wrap>
              <Button size="small" onClick={() => edit(r)}>修改</Button>
              <Popconfirm title="停用这条规则？停用后提交的信息不再按它检查。" okText="停用" cancelText="取消" onConfirm={() => archive(r)}><Button size="small" danger>停用</Button></Popconfirm>
            </Space>
          ) : null) },
        ]} />
      <Modal open={d.dialog !== null} title={d.dialog === 'new' ? '新增校对规则' : '修改校对规则'} onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false} onValuesChange={() => setTrial(null)}>
          {d.dialog === 'new' && <Form.Item name="unitId" label="适用单位(含下级)" rules={[{ required: true }]}><UnitSelect id="rule-unit" /></Form.Item>}
          <Form.Item name="kind" label="类型"><Radio.Group id="rule-kind" options={[{ value: 'literal', label: '文字' }, { value: 'regex', label: '正则表达式' }]} /></Form.Item>
          <Space wrap>
            <Form.Item name="pattern" label="错误写法" rules={[{ required: true, message: '请填写错误写法' }]}><Input id="rule-pattern" style={{ width: 240 }} maxLength={200} /></Form.Item>
            <Form.Item name="correct" label="正确写法" rules={[{ required: true, message: '请填写正确写法' }]}><Input id="rule-correct" style={{ width: 240 }} maxLength={200} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="category" label="类别"><Select id="rule-category" style={{ width: 140 }} options={RULE_CATEGORIES.map((c) => ({ value: c, label: RULE_CATEGORY_LABELS[c] }))} /></Form.Item>
            <Form.Item name="severity" label="程度"><Radio.Group id="rule-severity" options={[{ value: 'normal', label: '一般' }, { value: 'serious', label: '严重' }]} /></Form.Item>
          </Space>
          <Form.Item name="note" label="说明"><Input id="rule-note" maxLength={500} /></Form.Item>
          <Form.Item name="mustMatch" label="应命中的例句(每行一句)" rules={[{ required: true, message: '请至少填写一条应命中的例句' }]}><Input.TextArea id="rule-must-match" rows={2} /></Form.Item>
          <Form.Item name="mustNotMatch" label="不应命中的例句(每行一句)"><Input.TextArea id="rule-must-not-match" rows={2} /></Form.Item>
          <Button onClick={tryIt}>检验例句</Button>
          {trial && <Alert style={{ marginTop: 8 }} type={trial.ok ? 'success' : 'error'} showIcon message={trial.ok ? '例句全部通过' : trial.problem} />}
        </Form>
      </Modal>
    </Card>
  );
}
