import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { FormField, SubmissionView } from '../../../../common/reporting';
import { reportingApi } from '../../api/reporting';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';
import { StateTag, when } from './shared';

const ACTIONS: Record<string, string> = {
  save: '保存草稿', submit: '报送', resubmit: '重新报送', nil: '本期无情况(零报告)', receive: '签收', return: '退回', reopen_request: '申请重新开放', reopen: '重新开放',
};

function toForm(fields: FormField[], values: SubmissionView['values']) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    out[f.key] = f.type === 'date' && v ? dayjs(String(v)) : v ?? undefined;
  }
  return out;
}

function fromForm(fields: FormField[], v: Record<string, unknown>) {
  const out: Record<string, string | number | null> = {};
  for (const f of fields) {
    if (f.type === 'attachment') continue;
    const x = v[f.key];
    out[f.key] = x === undefined || x === null || x === '' ? null : dayjs.isDayjs(x) ? x.format('YYYY-MM-DD') : (x as string | number);
  }
  return out;
}

/** One report: its form to fill (or what was sent), 本期无情况, review, reopening, the sums of the units below, and every step. */
export default function SubmissionDetail() {
  const { id } = useParams();
  const sub = useLoad(() => reportingApi.submission(id!), [id]);
  const history = useLoad(() => reportingApi.history(id!), [id]);
  const cons = useLoad(() => reportingApi.consolidation(id!), [id]);
  const [form] = Form.useForm();
  const s = useSubmit(form);
  const plain = useSubmit();
  const [dform] = Form.useForm();
  const d = useFormDialog<'return' | 'requestReopen' | 'reopen'>(dform);
  const r = sub.data;
  useEffect(() => {
    if (r) form.setFieldsValue(toForm(r.fields, r.values));
  }, [r, form]);

  if (sub.error) return <LoadError error={sub.error} />;
  if (!r) return <Card loading />;
  const reload = () => Promise.all([sub.reload(), history.reload(), cons.reload()]);
  const editing = r.can.edit;
  const save = (final: boolean) => s.submit(async (v) => {
    const values = fromForm(r.fields, v);
    if (final) await reportingApi.submit(r.id, values, r.version);
    else await reportingApi.save(r.id, values, r.version);
    s.message.success(final ? (r.dueAt < new Date().toISOString() ? '已报送(迟报)' : '已报送') : '草稿已保存');
    await reload();
  });
  const nil = () => plain.submit(async () => {
    await reportingApi.nil(r.id, r.version);
    plain.message.success('已报送：本期无情况');
    await reload();
  });
  const sign = () => plain.submit(async () => {
    await reportingApi.sign(r.id, r.version);
    plain.message.success('已签收');
    await reload();
  });
  const dialogOk = () => d.submit(async (v) => {
    if (d.dialog === 'return') await reportingApi.returnIt(r.id, r.version, v.reason);
    if (d.dialog === 'requestReopen') await reportingApi.requestReopen(r.id, v.reason);
    if (d.dialog === 'reopen') await reportingApi.reopen(r.id, r.version, v.days);
    d.message.success(d.dialog === 'return' ? '已退回' : d.dialog === 'reopen' ? '已重新开放' : '已提交申请');
    d.close();
    await reload();
  });
  const summable = cons.data?.fields.filter((f) => f.items.length) ?? [];
  const fillSums = () => {
    for (const f of summable) form.setFieldValue(f.key, f.total);
    s.message.success('已填入下级报告的合计数');
  };

  return (
    <DetailPage
      title={`${r.scheduleName}(${r.periodLabel})`}
      bar={<>
        <StateTag state={r.state} />
        {r.status === 'signed' && <Typography.Text type="success">已签收</Typography.Text>}
        {r.can.review && <Button type="primary" onClick={sign} loading={plain.busy}>签收</Button>}
        {r.can.review && <Button danger onClick={() => d.open('return')}>退回</Button>}
        {r.can.reopen && <Button onClick={() => d.open('reopen', { days: 3 })}>重新开放</Button>}
        {r.can.requestReopen && <Button onClick={() => d.open('requestReopen')}>申请重新开放</Button>}
      </>}
      head={<>
        {r.status === 'returned' && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`上级已退回：${r.returnReason}`} />}
        {r.locked && r.status !== 'submitted' && r.status !== 'signed' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={r.reopenRequestedAt ? `本期已锁定，已申请重新开放：${r.reopenReason}` : '本期已锁定，如需补报请申请重新开放'} />}
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="报送单位">{r.unitName}</Descriptions.Item>
          <Descriptions.Item label="接收单位">{r.scheduleUnitName}</Descriptions.Item>
          <Descriptions.Item label="报送期">{r.periodLabel}</Descriptions.Item>
          <Descriptions.Item label="截止时间">{when(r.dueAt)}</Descriptions.Item>
          {r.firstSubmittedAt && <Descriptions.Item label="报送时间">{when(r.firstSubmittedAt)}{r.late ? '(迟报)' : ''}</Descriptions.Item>}
          {r.submittedBy && <Descriptions.Item label="报送人">{r.submittedBy}</Descriptions.Item>}
          <Descriptions.Item label="报表">{r.formName}(第{r.formVersionNo}版)</Descriptions.Item>
        </Descriptions>
      </>}
    >
      <Card title={r.nil ? '本期无情况(零报告)' : '报告内容'}>
        {r.nil && !editing ? <Typography.Text>本单位本期无需要报告的情况。</Typography.Text> : (
          <Form form={form} layout="vertical" disabled={!editing} style={{ maxWidth: 720 }}>
            {r.fields.filter((f) => f.type !== 'attachment').map((f) => (
              <Form.Item key={f.key} name={f.key} htmlFor={`field-${f.key}`} label={f.label} required={f.required} extra={f.hint ?? (f.summable ? '数字，向上级汇总' : undefined)}>
                {f.type === 'number' ? <InputNumber id={`field-${f.key}`} min={0} style={{ width: 200 }} />
                  : f.type === 'choice' ? <Select id={`field-${f.key}`} style={{ maxWidth: 320 }} options={(f.options ?? []).map((o) => ({ value: o, label: o }))} />
                  : f.type === 'date' ? <DatePicker id={`field-${f.key}`} />
                  : <Input.TextArea id={`field-${f.key}`} rows={3} maxLength={20000} />}
              </Form.Item>
            ))}
          </Form>
        )}
        {editing && (
          <Space wrap style={{ marginTop: 8 }}>
            <Button type="primary" size="large" onClick={() => save(true)} loading={s.busy}>报送</Button>
            <Button size="large" onClick={() => save(false)} loading={s.busy}>保存草稿</Button>
            <Button size="large" onClick={nil} loading={plain.busy}>本期无情况</Button>
            {summable.length > 0 && <Button onClick={fillSums}>填入下级合计</Button>}
          </Space>
        )}
      </Card>
      {r.fields.some((f) => f.type === 'attachment') && (
        <Attachments entity="report_submission" entityId={r.id} title={r.fields.filter((f) => f.type === 'attachment').map((f) => `${f.label}${f.required ? '(必传)' : ''}`).join('、')} canUpload={editing} />
      )}
      {summable.length > 0 && (
        <Card title={`下级报告汇总(${cons.data!.sources} 份)`}>
          <Table size="small" rowKey="key" pagination={false} dataSource={summable}
            expandable={{ expandedRowRender: (f) => (
              <Space wrap>{f.items.map((i) => <Link key={i.submissionId} to={`/reporting/submissions/${i.submissionId}`}>{i.unitName}：{i.nil ? '零报告' : i.value}</Link>)}</Space>
            ) }}
            columns={[{ title: '字段', dataIndex: 'label' }, { title: '合计', dataIndex: 'total', width: 100 }, { title: '来源', key: 'n', width: 100, render: (_, f) => `${f.items.length} 份` }]} />
        </Card>
      )}
      <Card title="报送记录">
        <History entries={history.data?.items ?? []} labels={{}} actions={ACTIONS} note={(e) => (e.after as { reason?: string } | null)?.reason} />
      </Card>
      <Modal open={d.dialog !== null} title={d.dialog === 'return' ? '退回报告' : d.dialog === 'reopen' ? '重新开放' : '申请重新开放'} onCancel={d.close} onOk={dialogOk} okText="确定" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={dform} layout="vertical" preserve={false}>
          {d.dialog === 'reopen' ? (
            <Form.Item name="days" label="开放天数" rules={[{ required: true, message: '请填写开放天数' }]} extra={r.reopenReason ? `申请原因：${r.reopenReason}` : undefined}>
              <InputNumber min={1} max={30} />
            </Form.Item>
          ) : (
            <Form.Item name="reason" label={d.dialog === 'return' ? '退回原因' : '申请原因'} rules={[{ required: true, message: d.dialog === 'return' ? '请填写退回原因' : '请填写申请原因' }]}>
              <Input.TextArea id="dialog-reason" rows={3} maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </DetailPage>
  );
}
