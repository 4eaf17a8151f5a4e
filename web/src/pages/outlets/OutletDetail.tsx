import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router-dom';
import { OUTLET_STATUS_LABELS, OUTLET_TRANSITIONS, OUTLET_TYPE_LABELS, type OutletStatus } from '../../../../common/outlets';
import { outletApi } from '../../api/outlets';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText, shanghaiDayjs } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { ExpiryTags, OutletFields, outletBody, QuietTag } from './Outlets';

const LABELS = { type: '类型', name: '名称', platform: '平台', account: '账号', icpNo: 'ICP备案号', psbNo: '公安备案号', domain: '域名', domainExpires: '域名到期日', filingExpires: '备案有效期', contractExpires: '运维合同到期日', managerName: '管理员', status: '状态' };
const ACTIONS = { transition: '状态变更' };
const d2 = (s: string | null) => (s ? dayjs(s) : null);

/** One outlet: its fields as fit the type, filings, lifecycle steps with their evidence, and update state. */
export default function OutletDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const item = useLoad(() => outletApi.get(id!), [id]);
  const history = useLoad(() => outletApi.history(id!), [id]);
  const [form] = Form.useForm();
  const d = useFormDialog<'edit' | 'transition'>(form);
  if (item.error) return <LoadError error={item.error} />;
  const o = item.data;
  if (!o) return <Card loading />;
  const reload = () => Promise.all([item.reload(), history.reload()]);
  const next = OUTLET_TRANSITIONS[o.status];
  const submit = () => d.submit(async (v) => {
    if (d.dialog === 'edit') await outletApi.update(o.id, { ...outletBody({ ...v, type: o.type }), version: o.version });
    else await outletApi.transition(o.id, { version: o.version, to: v.to, day: v.day.format('YYYY-MM-DD'), reason: v.reason, evidence: v.evidence || null });
    d.message.success(d.dialog === 'edit' ? '已保存' : '已变更状态');
    d.close();
    await reload();
  });
  const manage = can('outlet.manage') && !o.archived;
  return (
    <DetailPage
      title={o.name}
      bar={
        <>
          <Typography.Text>{OUTLET_TYPE_LABELS[o.type]} · {OUTLET_STATUS_LABELS[o.status]}</Typography.Text>
          <QuietTag o={o} />
          <ExpiryTags o={o} />
          {manage && <Button onClick={() => d.open('edit', { ...o, domainExpires: d2(o.domainExpires), filingExpires: d2(o.filingExpires), mlpsAssessedOn: d2(o.mlpsAssessedOn), contractExpires: d2(o.contractExpires) })}>编辑</Button>}
          {manage && next.length > 0 && <Button onClick={() => d.open('transition', { to: next[0], day: shanghaiDayjs() })}>状态变更</Button>}
          {can('outlet.manage') && <ArchiveToggle archived={o.archived} what="该阵地" toggle={(on) => (on ? outletApi.restore(o.id, o.version) : outletApi.archive(o.id, o.version))} onDone={reload} />}
        </>
      }
      head={
        <>
          {o.duplicateOf && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`本单位在同一平台已有阵地“${o.duplicateOf}”，请确认是否重复开设`} />}
          {(o.quiet === 'late' || o.quiet === 'dormant') && (
            <Alert type={o.quiet === 'dormant' ? 'error' : 'warning'} showIcon style={{ marginBottom: 12 }}
              message={o.lastPostDay ? `已 ${o.daysSincePost} 天未发布(最近一次 ${dayText(o.lastPostDay)})` : `自开设(${dayText(o.startDay)})以来尚无发布记录`} />
          )}
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="所属单位">{o.unitName}</Descriptions.Item>
            <Descriptions.Item label="管理员">{o.managerName ?? '—'}</Descriptions.Item>
            {o.platform && <Descriptions.Item label="平台">{o.platform}{o.verified ? '(已认证)' : ''}</Descriptions.Item>}
            {o.account && <Descriptions.Item label={o.type === 'website' ? '网址' : '账号'}>{o.account}</Descriptions.Item>}
            {o.hostUnit && <Descriptions.Item label="主办单位">{o.hostUnit}</Descriptions.Item>}
            {o.opsUnit && <Descriptions.Item label="运维单位">{o.opsUnit}</Descriptions.Item>}
            {o.editors && <Descriptions.Item label="编辑人员">{o.editors}</Descriptions.Item>}
            {o.domain && <Descriptions.Item label="域名">{o.domain}{o.domainExpires ? `(${dayText(o.domainExpires)}到期)` : ''}</Descriptions.Item>}
            {o.icpNo && <Descriptions.Item label="ICP备案号">{o.icpNo}</Descriptions.Item>}
            {o.psbNo && <Descriptions.Item label="公安备案号">{o.psbNo}</Descriptions.Item>}
            {o.filingExpires && <Descriptions.Item label="备案有效期">{dayText(o.filingExpires)}</Descriptions.Item>}
            {o.mlpsGrade && <Descriptions.Item label="等保">第{o.mlpsGrade}级{o.mlpsAssessedOn ? `，${dayText(o.mlpsAssessedOn)}测评` : ''}</Descriptions.Item>}
            {o.contractExpires && <Descriptions.Item label="运维合同到期">{dayText(o.contractExpires)}</Descriptions.Item>}
            {o.purpose && <Descriptions.Item label="用途">{o.purpose}</Descriptions.Item>}
            {o.rules && <Descriptions.Item label="群规" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{o.rules}</div></Descriptions.Item>}
            {o.terminalCount !== null && <Descriptions.Item label="终端数量">{o.terminalCount}</Descriptions.Item>}
            <Descriptions.Item label="最近发布">{o.lastPostDay ? `${dayText(o.lastPostDay)}，近30天 ${o.postsLast30} 条` : '尚无'}</Descriptions.Item>
          </Descriptions>
        </>
      }
    >
      <Card title="开设、变更和关停">
        <Timeline items={o.events.map((e) => ({
          children: <span>{dayText(e.day)} {e.fromStatus ? `${OUTLET_STATUS_LABELS[e.fromStatus]} → ` : ''}{OUTLET_STATUS_LABELS[e.toStatus]}：{e.reason}{e.evidence ? `(备案材料：${e.evidence})` : ''}<Typography.Text type="secondary">　{e.actorName}</Typography.Text></span>,
        }))} />
      </Card>
      <Attachments entity="outlet" entityId={o.id} title="备案和变更材料" canUpload={manage} />
      <Card title="修改记录"><History entries={history.data?.items ?? []} labels={LABELS} actions={ACTIONS} /></Card>
      <Modal open={d.dialog !== null} title={d.dialog === 'edit' ? '编辑阵地' : '状态变更'} onCancel={d.close} onOk={submit} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={d.dialog === 'edit' ? 720 : 520}>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ type: o.type, unitId: o.unitId }}>
          {d.dialog === 'edit' && <><Form.Item name="type" hidden><Input /></Form.Item><Form.Item name="unitId" hidden><Input /></Form.Item><OutletFields form={form} create={false} /></>}
          {d.dialog === 'transition' && (
            <>
              <Space wrap>
                <Form.Item name="to" label="变更为" rules={[{ required: true }]}><Select id="outlet-to" style={{ width: 160 }} options={next.map((s: OutletStatus) => ({ value: s, label: OUTLET_STATUS_LABELS[s] }))} /></Form.Item>
                <Form.Item name="day" label="日期" rules={[{ required: true, message: '请选择日期' }]}><DatePicker id="outlet-day" /></Form.Item>
              </Space>
              <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}><Input.TextArea id="outlet-reason" rows={2} maxLength={1000} /></Form.Item>
              <Form.Item name="evidence" label="备案材料" extra={o.icpNo || o.psbNo ? '已备案的阵地请填写备案变更或注销的回执号，并在下方上传材料' : undefined}><Input id="outlet-evidence" maxLength={500} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </DetailPage>
  );
}
