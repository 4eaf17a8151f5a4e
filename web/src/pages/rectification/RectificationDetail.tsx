import { Alert, Button, Card, Descriptions, Form, Input, Modal, Typography, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { cnOrdinal, RECT_ORIGIN_LABELS } from '../../../../common/rectification';
import { api } from '../../api/client';
import { rectApi } from '../../api/rectification';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { PermitButton } from '../../components/PermitButton';
import { dayText, OverdueTag } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { useDraft } from '../../components/useDraft';
import { useFormDialog } from '../../components/useSubmit';
import { FindingLink } from '../checks/FindingLink';
import { RectFields, rectBody, RectStatusTag } from './Rectifications';
import { EvidencePicker } from '../../components/EvidencePicker';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const LABELS = { problem: '问题描述', origin: '来源', batch: '检查批次', aspect: '问题方面', measures: '整改措施', keepOn: '长期坚持', ownerPersonName: '责任人', responsibleLeaderName: '责任领导', dueDay: '整改时限' };
const ACTIONS = { report: '报告整改完成', sign_off: '销号', return: '退回重新整改' };

/** One item: the problem and measures; the owner reports with evidence; someone else signs it off or sends it back. */
export default function RectificationDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const item = useLoad(() => rectApi.get(id!), [id]);
  const history = useLoad(() => rectApi.history(id!), [id]);
  const [form] = Form.useForm();
  const d = useFormDialog<'edit' | 'report' | 'signoff' | 'return'>(form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [filesKey, setFilesKey] = useState(0);
  // The completion report is long text: kept in this browser until it is sent.
  const draft = useDraft(form, `rect-report:${id}`, d.dialog === 'report');

  if (item.error) return <LoadError error={item.error} />;
  const r = item.data;
  if (!r) return <Card loading />;
  const reload = async () => {
    await Promise.all([item.reload(), history.reload()]);
    setFilesKey((k) => k + 1);
  };

  const openDialog = (dialog: 'edit' | 'report' | 'signoff' | 'return') => {
    setFiles([]);
    d.open(dialog, dialog === 'edit' ? { ...r, measureList: r.measureItems.length ? r.measureItems : [''], startDay: dayjs(r.startDay), dueDay: dayjs(r.dueDay), dueMode: r.dueMode === 'date' ? 'date' : r.dueMode } : undefined);
  };
  const submit = () => d.submit(async (v) => {
    const { message } = d;
    if (d.dialog === 'edit') await rectApi.update(r.id, { ...rectBody(v), version: r.version });
    if (d.dialog === 'report') {
      await rectApi.report(r.id, { version: r.version, note: v.note });
      for (const f of files) await api.upload('rectification', r.id, f.originFileObj as File);
      draft.clear();
      message.success(files.length ? `已报告整改完成，上传佐证 ${files.length} 个` : '已报告整改完成');
    }
    if (d.dialog === 'signoff') {
      await rectApi.signOff(r.id, { version: r.version, note: v.note || null });
      message.success('已销号');
    }
    if (d.dialog === 'return') {
      await rectApi.sendBack(r.id, { version: r.version, reason: v.reason });
      message.success('已退回');
    }
    d.close();
    await reload();
  });

  const mayDecide = can('rectification.signoff') && r.status === 'reported';
  return (
    <DetailPage
      title="整改事项"
      bar={
        <>
          <RectStatusTag r={r} />
          <OverdueTag days={r.overdueDays} />
          {r.archived && <Typography.Text type="secondary">(已归档)</Typography.Text>}
          {r.can.report && <Button type="primary" onClick={() => openDialog('report')}>报告整改完成</Button>}
          {mayDecide && <PermitButton permits={r} action="signOff" type="primary" onClick={() => openDialog('signoff')}>销号</PermitButton>}
          {mayDecide && <PermitButton permits={r} action="return" danger onClick={() => openDialog('return')}>退回</PermitButton>}
          {can('rectification.manage') && r.can.edit && <Button onClick={() => openDialog('edit')}>编辑</Button>}
          {can('rectification.manage') && r.can.archive && (
            <ArchiveToggle archived={r.archived} what="该事项" toggle={(on) => (on ? rectApi.restore(r.id, r.version) : rectApi.archive(r.id, r.version))} onDone={reload} />
          )}
        </>
      }
      head={
        <>
          {mayDecide && r.why.signOff && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`您不能为此事项销号：${r.why.signOff}`} />
          )}
          {r.status === 'open' && r.lastReturnReason && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`已被退回 ${r.returnCount} 次，最近一次原因：${r.lastReturnReason}`} />
          )}
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="问题描述" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{r.problem}</div></Descriptions.Item>
            <Descriptions.Item label="来源">{RECT_ORIGIN_LABELS[r.origin]}{r.batch ? ` · ${r.batch}` : ''}</Descriptions.Item>
            <Descriptions.Item label="问题方面">{r.aspect ? `在${r.aspect}方面` : '—'}</Descriptions.Item>
            <Descriptions.Item label="提出单位">{r.raisedByUnitName}({dayText(r.startDay)})</Descriptions.Item>
            <Descriptions.Item label="整改责任单位">{r.unitName}</Descriptions.Item>
            <Descriptions.Item label="整改责任人">{r.ownerPersonName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="责任领导">{r.responsibleLeaderName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="整改时限">{dayText(r.dueDay)}{r.dueMode !== 'date' && <Typography.Text type="secondary">({r.dueDays} 个{r.dueMode === 'working_days' ? '工作日' : '自然日'})</Typography.Text>}{r.keepOn && '前，长期坚持'}</Descriptions.Item>
            <Descriptions.Item label="整改措施" span={2}>
              {r.measureItems.length > 1
                ? <div>{r.measureItems.map((m, i) => <div key={i}>{cnOrdinal(i + 1)}是{m}</div>)}</div>
                : <div style={{ whiteSpace: 'pre-wrap' }}>{r.measures}</div>}
            </Descriptions.Item>
            {r.reportNote && <Descriptions.Item label="完成情况" span={2}>{r.reportNote}<Typography.Text type="secondary">({r.reportedByName ?? '—'} {when(r.reportedAt)})</Typography.Text></Descriptions.Item>}
            {r.status === 'closed' && <Descriptions.Item label="销号" span={2}>{r.signedOffByName} {when(r.signedOffAt)}{r.signOffNote ? `：${r.signOffNote}` : ''}</Descriptions.Item>}
          </Descriptions>
          <FindingLink rectificationId={r.id} />
        </>
      }
    >
      <Attachments key={filesKey} entity="rectification" entityId={r.id} title="整改佐证材料" canUpload={can('rectification.report') && r.status !== 'closed' && !r.archived} />

      <Card title="整改经过">
        <History
          entries={history.data?.items ?? []}
          labels={LABELS}
          actions={ACTIONS}
          note={(e) => (e.action === 'report' ? String(e.after?.note ?? '') : e.action === 'return' ? `原因：${String(e.after?.reason ?? '')}` : e.action === 'sign_off' && e.after?.note ? String(e.after.note) : null)}
        />
      </Card>

      <Modal
        open={d.dialog !== null}
        title={{ edit: '编辑整改事项', report: '报告整改完成', signoff: '销号', return: '退回重新整改' }[d.dialog ?? 'edit']}
        onCancel={d.close}
        onOk={submit}
        okText={{ edit: '保存', report: '报告', signoff: '确认销号', return: '退回' }[d.dialog ?? 'edit']}
        cancelText="取消"
        confirmLoading={d.busy}
        destroyOnHidden
        width={d.dialog === 'edit' ? 640 : 520}
      >
        <Form form={form} layout="vertical" preserve={false} onValuesChange={d.dialog === 'report' ? draft.onValuesChange : undefined}>
          {d.dialog === 'edit' && <RectFields form={form} create={false} />}
          {d.dialog === 'report' && (
            <>
              <Form.Item name="note" label="整改完成情况" rules={[{ required: true, message: '请填写整改完成情况' }]}><Input.TextArea id="rect-report-note" rows={4} maxLength={5000} /></Form.Item>
              <Form.Item label="佐证材料">
                <EvidencePicker files={files} setFiles={setFiles} />
              </Form.Item>
            </>
          )}
          {d.dialog === 'signoff' && (
            <Form.Item name="note" label="销号意见(选填)"><Input.TextArea id="rect-signoff-note" rows={3} maxLength={1000} placeholder="如：经核查，整改到位" /></Form.Item>
          )}
          {d.dialog === 'return' && (
            <Form.Item name="reason" label="退回原因" rules={[{ required: true, message: '请填写退回原因' }]}><Input.TextArea id="rect-return-reason" rows={3} maxLength={1000} /></Form.Item>
          )}
        </Form>
      </Modal>
    </DetailPage>
  );
}
