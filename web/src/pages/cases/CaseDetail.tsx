import { NotificationOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { CaseAction, EventDetailView } from '../../../../common/cases';
import { casesApi, unreadChanged } from '../../api/cases';
import { newIdempotencyKey } from '../../api/client';
import { documentsApi } from '../../api/documents';
import { useAuth } from '../../app/auth';
import { LoadError, showError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { LevelTag, sourcesText, StatusTag, when } from './common';
import { ActionsPanel } from './detail/ActionsPanel';
import { CaseTimeline } from './detail/CaseTimeline';
import { Clocks } from './detail/Clocks';
import { Handling, Receipts, Reports } from './detail/Records';
import { type RunStep, StepDialog } from './detail/StepDialog';

/** One event: its reports, triage, the handling flow, SLA clocks, the timeline and the direct-report receipts. */
export default function CaseDetail() {
  const { id } = useParams();
  const { session, can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const item = useLoad(() => casesApi.get(id!), [id]);
  const options = useLoad(() => casesApi.options(), []);
  const [dialog, setDialog] = useState<CaseAction | null>(null);
  const [busy, setBusy] = useState(false);

  const e = item.data;
  if (item.error) return <LoadError error={item.error} onRetry={item.reload} />;
  if (!e) return <Card loading />;

  // Every step answers the event as it is now; someone else moving it on first (409) shows that.
  const run: RunStep = async (fn, done, form) => {
    setBusy(true);
    try {
      item.setData(await fn());
      setDialog(null);
      unreadChanged();
      message.success(done);
      return true;
    } catch (err) {
      showError(err, message, form);
      if ((err as { status?: number }).status === 409) void item.reload();
      return false;
    } finally {
      setBusy(false);
    }
  };
  const myReceipt = e.directReports.find((d) => d.unitId === session!.account.unitId);
  const instructions = e.steps.filter((s) => s.step === 'instruct');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{e.title}</Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <StatusTag status={e.status} />
          <LevelTag level={e.level} />
          {e.category && <Tag>{e.category}</Tag>}
          {e.overdue && <Tag color="red" style={{ fontWeight: 600 }}>超时</Tag>}
          {e.pausedAt && <Tag>计时已暂停：{e.pauseReason}</Tag>}
          {e.archived && <Tag>已归档</Tag>}
          <Typography.Text type="secondary">{sourcesText(e)}</Typography.Text>
        </Space>

        {instructions.length > 0 && (
          <Alert
            type="error"
            showIcon
            icon={<NotificationOutlined />}
            style={{ marginBottom: 12 }}
            message={`上级批示(${instructions.length} 条)`}
            description={instructions.map((s) => (
              <div key={s.id} style={{ marginTop: 4 }}><Typography.Text strong>{s.comment}</Typography.Text> <Typography.Text type="secondary">—— {s.actorUnitName} {s.actorName}，{when(s.at)}</Typography.Text></div>
            ))}
          />
        )}
        {e.replyDraft && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="reply-draft"
            message={`公开答复待审核：${e.replyDraftByName}于${when(e.replyDraftAt!)}起草，另一人审核通过后反映人才能看到`}
            description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{e.replyDraft}</Typography.Paragraph>} />
        )}
        {myReceipt && !myReceipt.readAt && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="该事件直报本单位，尚未阅"
            action={<Button type="primary" onClick={() => run(() => casesApi.markRead(e.id), '已阅')} loading={busy}>已阅</Button>} />
        )}

        <ActionsPanel e={e} receivedDirectReport={!!myReceipt} leader={session!.account.role === 'leader'} onAction={setDialog} />
      </Card>

      <Handling e={e} />
      <Clocks e={e} />
      <Reports reports={e.reports} canUpload={can('case.register') && e.status !== 'closed' && !e.archived} />
      <CaseTimeline steps={e.steps} />
      <Receipts directReports={e.directReports} />

      {can('document.manage') && <BriefButton e={e} />}
      {can('case.register') && (
        <div style={{ textAlign: 'right' }}>
          <Popconfirm title={e.archived ? '恢复该事件？' : '归档该事件？归档后不在列表中显示。'} okText="确定" cancelText="取消"
            onConfirm={() => run(() => (e.archived ? casesApi.restore(e.id, e.version) : casesApi.archive(e.id, e.version)), e.archived ? '已恢复' : '已归档')}>
            <Button type="link">{e.archived ? '恢复事件' : '归档事件'}</Button>
          </Popconfirm>
          <Link to="/cases"><Button type="link">返回列表</Button></Link>
        </div>
      )}

      <StepDialog e={e} action={dialog} options={options.data} run={run} onClose={() => setDialog(null)} onReturned={() => navigate('/cases')} />
    </Space>
  );
}

/** 舆情专报 of this event: a draft of the unit that received it, opened in the documents pages. */
function BriefButton({ e }: { e: EventDetailView }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const make = async () => {
    setBusy(true);
    try {
      const d = await documentsApi.create({ unitId: e.unitId, type: 'case_brief', caseId: e.id }, key);
      setKey(newIdempotencyKey());
      navigate(`/documents/${d.id}`, { state: { draft: d } });
    } catch (err) {
      showError(err, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ textAlign: 'right' }}>
      <Button loading={busy} onClick={make}>生成舆情专报</Button>
    </div>
  );
}
