import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { AgreementView, SignatoryView } from '../../../../common/duty';
import { newIdempotencyKey } from '../../api/client';
import { dutyApi } from '../../api/duty';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { dayText, shanghaiToday } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';

/** 责任书: who is to sign which agreement, who has (with the scanned copy), who has not. */
export default function Agreements() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const list = useLoad(() => dutyApi.agreements({ pageSize: 100 }), []);
  const [shown, setShown] = useState<AgreementView | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const manage = can('duty.manage');

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const a = await dutyApi.createAgreement({ ...v, unitId: session!.account.unitId, issuedDay: v.issuedDay.format('YYYY-MM-DD'), signatoryUnitIds: v.signatoryUnitIds ?? [], note: v.note || null }, key);
      setCreating(false);
      await list.reload();
      setShown(a);
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card title="责任书" extra={manage && <Button type="primary" onClick={() => { form.resetFields(); setKey(newIdempotencyKey()); form.setFieldsValue({ year: Number(shanghaiToday().slice(0, 4)), issuedDay: dayjs() }); setCreating(true); }}>登记责任书</Button>}>
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          { title: '责任书', dataIndex: 'title', render: (v, a) => <a onClick={() => setShown(a)}>{v}</a> },
          { title: '年度', dataIndex: 'year', width: 80 },
          { title: '印发单位', dataIndex: 'unitName', width: 120 },
          { title: '印发日期', dataIndex: 'issuedDay', width: 130, render: (d) => dayText(d) },
          { title: '签订情况', key: 's', width: 200, render: (_, a) => <Progress percent={a.expected ? Math.round((a.signed / a.expected) * 100) : 0} size="small" format={() => `${a.signed}/${a.expected}`} status={a.signed < a.expected ? 'active' : 'success'} /> },
        ]}
      />
      <Drawer open={shown !== null} onClose={() => { setShown(null); void list.reload(); }} width={Math.min(720, window.innerWidth)} title={shown?.title}>
        {shown && <AgreementPanel agreement={shown} manage={manage} />}
      </Drawer>
      <Modal open={creating} title="登记责任书" onCancel={() => setCreating(false)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="title" label="责任书名称" rules={[{ required: true, message: '请填写责任书名称' }]}><Input id="agreement-title" maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="year" label="年度" rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
            <Form.Item name="issuedDay" label="印发日期" rules={[{ required: true, message: '请选择印发日期' }]}><DatePicker /></Form.Item>
          </Space>
          <Form.Item name="signatoryUnitIds" label="签订单位(下级单位，可多选)"><UnitSelect id="agreement-units" multiple /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function AgreementPanel({ agreement, manage }: { agreement: AgreementView; manage: boolean }) {
  const { message } = App.useApp();
  const sigs = useLoad(() => dutyApi.signatories(agreement.id), [agreement.id]);
  const [signing, setSigning] = useState<SignatoryView | null>(null);
  const [day, setDay] = useState(dayjs());
  const items = sigs.data?.items ?? [];
  const unsigned = items.filter((s) => !s.signedDay);
  const sign = async () => {
    if (!signing) return;
    try {
      await dutyApi.sign(signing.id, { version: signing.version, signedDay: day.format('YYYY-MM-DD') });
      setSigning(null);
      await sigs.reload();
    } catch (err) {
      showError(err, message);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text>{agreement.unitName} · {dayText(agreement.issuedDay)}印发 · 应签 {items.length}，已签 {items.length - unsigned.length}</Typography.Text>
      {unsigned.length > 0 && <Typography.Text type="danger">未签订：{unsigned.map((s) => s.unitName ?? s.personName).join('、')}</Typography.Text>}
      <Attachments entity="agreement" entityId={agreement.id} title="责任书文本" canUpload={manage} />
      <Table
        rowKey="id"
        size="small"
        loading={sigs.loading}
        dataSource={items}
        pagination={false}
        rowClassName={(s) => (s.signedDay ? '' : 'row-overdue')}
        columns={[
          { title: '签订单位/人员', key: 'w', render: (_, s) => s.unitName ?? s.personName },
          { title: '状态', key: 's', width: 170, render: (_, s) => (s.signedDay ? <Tag color="green">{dayText(s.signedDay)}签订</Tag> : <Tag color="red">未签订</Tag>) },
          ...(manage ? [{ title: '操作', key: 'o', width: 140, render: (_: unknown, s: SignatoryView) => (s.signedDay
            ? <a onClick={async () => { try { await dutyApi.unsign(s.id, s.version); await sigs.reload(); } catch (err) { showError(err, message); } }}>撤销</a>
            : <Button size="small" onClick={() => { setDay(dayjs()); setSigning(s); }}>登记签订</Button>) }] : []),
        ]}
        expandable={{ expandedRowRender: (s) => <Attachments entity="agreement_signatory" entityId={s.id} title="签订件扫描件" canUpload={manage} />, rowExpandable: (s) => !!s.signedDay }}
      />
      <Modal open={signing !== null} title={`登记签订：${signing?.unitName ?? signing?.personName ?? ''}`} onCancel={() => setSigning(null)} onOk={sign} okText="登记" cancelText="取消" destroyOnHidden>
        <Space>签订日期<DatePicker value={day} onChange={(d) => d && setDay(d)} disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday()} /></Space>
      </Modal>
    </Space>
  );
}
