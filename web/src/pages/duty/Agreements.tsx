import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Form, Grid, Input, InputNumber, Modal, Popconfirm, Progress, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { AgreementView, SignatoryView } from '../../../../common/duty';
import { newIdempotencyKey } from '../../api/client';
import { dutyApi } from '../../api/duty';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText, shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { UnitSelect } from '../../components/UnitSelect';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { PeoplePicker } from './PeoplePicker';

const PAGE_SIZE = 20;
const who = (s: SignatoryView) => s.unitName ?? s.personName ?? '';
const AGREEMENT_LABELS = { title: '责任书名称', year: '年度', issuedDay: '印发日期', note: '说明' };

function SignedProgress({ a }: { a: AgreementView }) {
  return <Progress percent={a.expected ? Math.round((a.signed / a.expected) * 100) : 0} size="small" format={() => `${a.signed}/${a.expected}`} status={a.signed < a.expected ? 'active' : 'success'} aria-label={`应签 ${a.expected}，已签 ${a.signed}`} />;
}

/** 责任书: who is to sign which agreement, who has (with the scanned copy), who has not. */
export default function Agreements() {
  const { can, session } = useAuth();
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const thisYear = Number(shanghaiToday().slice(0, 4));
  // Every filter in the address (links from documents: ?unitId=&year=&unsigned=true), so Back keeps them; year=all: every year.
  const lp = useListPage(PAGE_SIZE);
  const unitId = lp.param('unitId');
  const year: number | undefined = lp.param('year') === 'all' ? undefined : Number(lp.param('year')) || thisYear;
  const setYear = (y: number | undefined) => lp.setFilter('year', y === undefined ? 'all' : y === thisYear ? undefined : String(y));
  const [q, setQ] = lp.urlState('q', '');
  const unsigned = lp.flag('unsigned');
  const setUnsigned = (v: boolean) => lp.setFilter('unsigned', v ? 'true' : undefined);
  const archived = lp.flag('archived');
  const setArchived = (v: boolean) => lp.setFilter('archived', v ? 'true' : undefined);
  const page = lp.page.page;
  const setPage = (n: number) => lp.setPage({ page: n, pageSize: PAGE_SIZE });
  const filters = { unitId, year, q: q || undefined, unsigned: unsigned || undefined, archived: archived || undefined };
  const list = useLoad(() => dutyApi.agreements({ ...filters, page, pageSize: PAGE_SIZE }), [unitId, year, q, unsigned, archived, page]);
  const figYear = year ?? thisYear;
  const figures = useLoad(() => dutyApi.figures({ unitId, from: `${figYear}-01-01`, to: `${figYear}-12-31` }), [unitId, figYear]);
  const [shown, setShown] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const issuer = Form.useWatch('unitId', form);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const manage = can('duty.manage');

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const a = await dutyApi.createAgreement({ ...v, issuedDay: v.issuedDay.format('YYYY-MM-DD'), signatoryUnitIds: v.signatoryUnitIds ?? [], signatoryPersonIds: v.signatoryPersonIds ?? [], note: v.note || null }, key);
      setCreating(false);
      await Promise.all([list.reload(), figures.reload()]);
      setShown(a.id);
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const reset = (f: () => void) => f();

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  const f = figures.data;
  const actions = (
    <Space wrap>
      {manage && <Button type="primary" onClick={() => { form.resetFields(); setKey(newIdempotencyKey()); form.setFieldsValue({ unitId: session!.account.unitId, year: figYear, issuedDay: shanghaiDayjs() }); setCreating(true); }}>登记责任书</Button>}
      <Button icon={<DownloadOutlined />} href={dutyApi.agreementsExportUrl(filters)}>导出签订情况</Button>
    </Space>
  );
  return (
    <Card title="责任书" extra={narrow ? undefined : actions}>
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      {f && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space size={narrow ? 16 : 40} wrap>
            <Statistic title={`${figYear}年责任书`} value={f.agreements} suffix="份" />
            <Statistic title="应签" value={f.expectedSignatures} />
            <Statistic title="已签" value={f.signed} />
            <Statistic title="签订率" value={f.expectedSignatures ? Math.round((f.signed / f.expectedSignatures) * 1000) / 10 : 0} suffix="%" />
          </Space>
          {f.unsigned.length > 0 && (
            <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }} ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}>
              未签订 {f.unsigned.length} 个：{f.unsigned.map((u) => `${u.signatory}(${u.agreement})`).join('、')}
            </Typography.Paragraph>
          )}
        </Card>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label="年度" value={year ?? 0} onChange={(v) => reset(() => setYear(v || undefined))} options={[{ value: 0, label: '全部年度' }, ...Array.from({ length: 6 }, (_, i) => thisYear + 1 - i).map((y) => ({ value: y, label: `${y}年` }))]} />
        <Input.Search placeholder="搜索责任书名称" allowClear defaultValue={q} onSearch={(v) => reset(() => setQ(v.trim() || undefined))} style={{ width: 200 }} />
        <Checkbox checked={unsigned} onChange={(e) => reset(() => setUnsigned(e.target.checked))}>只看未签齐</Checkbox>
        <Checkbox checked={archived} onChange={(e) => reset(() => setArchived(e.target.checked))}>已归档</Checkbox>
      </Space>
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 份`, hideOnSinglePage: true }}
        scroll={narrow ? undefined : { x: 700 }}
        size={narrow ? 'small' : 'middle'}
        columns={narrow
          ? [
              { title: '责任书', dataIndex: 'title', render: (v, a) => <div><a onClick={() => setShown(a.id)}>{v}</a><div style={{ fontSize: 12, color: '#595959' }}>{a.unitName} · {dayText(a.issuedDay)}</div></div> },
              { title: '签订', key: 's', width: 110, render: (_, a) => <SignedProgress a={a} /> },
            ]
          : [
              { title: '责任书', dataIndex: 'title', render: (v, a) => <a onClick={() => setShown(a.id)}>{v}</a> },
              { title: '年度', dataIndex: 'year', width: 80 },
              { title: '印发单位', dataIndex: 'unitName', width: 120 },
              { title: '印发日期', dataIndex: 'issuedDay', width: 130, render: (d) => dayText(d) },
              { title: '签订情况', key: 's', width: 200, render: (_, a) => <SignedProgress a={a} /> },
            ]}
      />
      <Drawer open={shown !== null} onClose={() => { setShown(null); void list.reload(); void figures.reload(); }} width={Math.min(760, window.innerWidth)} title="责任书" destroyOnHidden>
        {shown && <AgreementPanel id={shown} manage={manage} />}
      </Drawer>
      <Modal open={creating} title="登记责任书" onCancel={() => setCreating(false)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="title" label="责任书名称" rules={[{ required: true, message: '请填写责任书名称' }]}><Input id="agreement-title" maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}><InputNumber min={2000} max={2100} /></Form.Item>
            <Form.Item name="issuedDay" label="印发日期" rules={[{ required: true, message: '请选择印发日期' }]}><DatePicker /></Form.Item>
          </Space>
          <Form.Item name="unitId" label="印发单位" rules={[{ required: true, message: '请选择印发单位' }]}><UnitSelect id="agreement-issuer" /></Form.Item>
          <Form.Item name="signatoryUnitIds" label="签订单位(印发单位的下级单位，可多选)"><UnitSelect id="agreement-units" multiple /></Form.Item>
          <Form.Item name="signatoryPersonIds" label="签订人(印发单位及下级单位的人员，可多选)"><PeoplePicker id="agreement-people" unitId={issuer} /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

const SignTag = ({ s }: { s: SignatoryView }) => (s.signedDay ? <Tag color="green">{dayText(s.signedDay)}签订</Tag> : <Tag color="red">未签订</Tag>);

function AgreementPanel({ id, manage }: { id: string; manage: boolean }) {
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const agreement = useLoad(() => dutyApi.agreement(id), [id]);
  const sigs = useLoad(() => dutyApi.signatories(id), [id]);
  const history = useLoad(() => dutyApi.agreementHistory(id), [id]);
  const [signing, setSigning] = useState<SignatoryView | null>(null);
  const [day, setDay] = useState(shanghaiDayjs());
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const [addForm] = Form.useForm();
  const items = sigs.data?.items ?? [];
  const unsigned = items.filter((s) => !s.signedDay);
  const reloadAll = () => Promise.all([agreement.reload(), sigs.reload(), history.reload()]);
  const act = async (f: () => Promise<unknown>, done?: string) => {
    try {
      await f();
      if (done) message.success(done);
      await reloadAll();
      return true;
    } catch (err) {
      showError(err, message);
      return false;
    }
  };
  if (agreement.error) return <LoadError error={agreement.error} />;
  const a = agreement.data;
  if (!a) return null;
  const writable = manage && !a.archived;

  const saveEdit = async () => {
    const v = await form.validateFields();
    try {
      await dutyApi.updateAgreement(a.id, { ...v, issuedDay: v.issuedDay.format('YYYY-MM-DD'), note: v.note || null, version: a.version });
      setEditing(false);
      await reloadAll();
    } catch (err) {
      showError(err, message, form);
    }
  };
  const saveAdd = async () => {
    const v = await addForm.validateFields();
    try {
      const r = await dutyApi.addSignatories(a.id, { unitIds: v.unitIds ?? [], personIds: v.personIds ?? [] });
      message.success(r.added ? `已增加 ${r.added} 个签订对象` : '所选对象都已在名单中');
      setAdding(false);
      await reloadAll();
    } catch (err) {
      showError(err, message, addForm);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>{a.title} {a.archived && <Tag>已归档</Tag>}</Typography.Title>
      <Descriptions column={1} size="small" bordered layout={narrow ? 'vertical' : 'horizontal'}>
        <Descriptions.Item label="印发">{a.unitName} · {a.year}年度 · {dayText(a.issuedDay)}</Descriptions.Item>
        {a.note && <Descriptions.Item label="说明"><span style={{ whiteSpace: 'pre-wrap' }}>{a.note}</span></Descriptions.Item>}
        <Descriptions.Item label="签订情况">
          <Typography.Text>应签 {items.length}，已签 {items.length - unsigned.length}</Typography.Text>
          <Progress percent={items.length ? Math.round(((items.length - unsigned.length) / items.length) * 100) : 0} size="small" aria-label="签订进度" />
        </Descriptions.Item>
      </Descriptions>
      {unsigned.length > 0 && <Typography.Text type="danger">未签订：{unsigned.map(who).join('、')}</Typography.Text>}
      {manage && <Space wrap>
        {writable && <Button onClick={() => { form.setFieldsValue({ title: a.title, year: a.year, issuedDay: dayjs(a.issuedDay), note: a.note }); setEditing(true); }}>编辑</Button>}
        {writable && <Button onClick={() => { addForm.resetFields(); setAdding(true); }}>增加签订对象</Button>}
        <Popconfirm title={a.archived ? '恢复该责任书？' : '归档该责任书？'} okText={a.archived ? '恢复' : '归档'} cancelText="取消"
          onConfirm={() => act(() => (a.archived ? dutyApi.restoreAgreement(a.id, a.version) : dutyApi.archiveAgreement(a.id, a.version)), a.archived ? '已恢复' : '已归档')}>
          <Button>{a.archived ? '恢复' : '归档'}</Button>
        </Popconfirm>
      </Space>}
      <Attachments entity="agreement" entityId={a.id} title="责任书文本(扫描件)" canUpload={writable} />
      <Table
        rowKey="id"
        size="small"
        loading={sigs.loading}
        dataSource={items}
        pagination={false}
        rowClassName={(s) => (s.signedDay ? '' : 'row-overdue')}
        columns={[
          ...(narrow
            ? [{ title: '签订单位/人员', key: 'w', render: (_: unknown, s: SignatoryView) => <div>{who(s)}<div><SignTag s={s} /></div></div> }]
            : [
                { title: '签订单位/人员', key: 'w', render: (_: unknown, s: SignatoryView) => who(s) },
                { title: '状态', key: 's', width: 150, render: (_: unknown, s: SignatoryView) => <SignTag s={s} /> },
                { title: '签订件', dataIndex: 'attachmentCount', width: 70, render: (n: number, s: SignatoryView) => (s.signedDay ? (n ? `${n} 份` : '—') : '') },
              ]),
          ...(writable ? [{ title: '操作', key: 'o', width: 110, render: (_: unknown, s: SignatoryView) => (s.signedDay
            ? <Popconfirm title={`撤销“${who(s)}”的签订登记？`} okText="撤销" cancelText="取消" onConfirm={() => act(() => dutyApi.unsign(s.id, s.version))}><a>撤销</a></Popconfirm>
            : <Button size="small" onClick={() => { setDay(shanghaiDayjs()); setSigning(s); }}>登记签订</Button>) }] : []),
        ]}
        expandable={{ expandedRowRender: (s) => <Attachments entity="agreement_signatory" entityId={s.id} title={`${who(s)}签订件扫描件`} canUpload={writable} />, rowExpandable: (s) => !!s.signedDay }}
      />
      <Card size="small" title="修改与签订记录">
        <History entries={history.data?.items ?? []} labels={AGREEMENT_LABELS} actions={{ sign: '登记签订', unsign: '撤销签订' }}
          note={(e) => (e.action === 'sign' ? `${String(e.after?.signatory ?? '')} 签订日期 ${String(e.after?.signedDay ?? '')}`
            : e.action === 'unsign' ? `${String(e.after?.signatory ?? '')}(原登记 ${String(e.changes.find((c) => c.field === 'signedDay')?.before ?? '')})`
              : e.action === 'update' && e.after?.signatoriesAdded !== undefined ? `增加签订对象 ${String(e.after.signatoriesAdded)} 个` : null)} />
      </Card>
      <Modal open={signing !== null} title={`登记签订：${signing ? who(signing) : ''}`} onCancel={() => setSigning(null)} okText="登记" cancelText="取消" destroyOnHidden
        onOk={async () => { if (signing && await act(() => dutyApi.sign(signing.id, { version: signing.version, signedDay: day.format('YYYY-MM-DD') }))) setSigning(null); }}>
        <Space direction="vertical">
          <Space>签订日期<DatePicker value={day} onChange={(d) => d && setDay(d)} disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday()} /></Space>
          <Typography.Text type="secondary">登记后可展开该行上传签订件扫描件。</Typography.Text>
        </Space>
      </Modal>
      <Modal open={editing} title="编辑责任书" onCancel={() => setEditing(false)} onOk={saveEdit} okText="保存" cancelText="取消" forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label="责任书名称" rules={[{ required: true, message: '请填写责任书名称' }]}><Input maxLength={200} /></Form.Item>
          <Space wrap>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}><InputNumber min={2000} max={2100} /></Form.Item>
            <Form.Item name="issuedDay" label="印发日期" rules={[{ required: true, message: '请选择印发日期' }]}><DatePicker /></Form.Item>
          </Space>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={adding} title="增加签订对象" onCancel={() => setAdding(false)} onOk={saveAdd} okText="增加" cancelText="取消" forceRender>
        <Form form={addForm} layout="vertical">
          <Form.Item name="unitIds" label="签订单位(下级单位，可多选)"><UnitSelect multiple /></Form.Item>
          <Form.Item name="personIds" label="签订人(可多选)"><PeoplePicker unitId={a.unitId} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
