import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Timeline, Typography, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { periodLabel } from '../../../../common/periods';
import { TASK_SOURCE_LABELS, type TaskView } from '../../../../common/tasks';
import { api, newIdempotencyKey } from '../../api/client';
import { extensionsApi, tasksApi } from '../../api/tasks';
import type { HistoryEntry } from '../../../../common/platform';
import { ExtensionsCard } from './Extensions';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText, OverdueTag, shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { DetailPage } from '../../components/DetailPage';
import { useFormDialog, useSubmit } from '../../components/useSubmit';
import { TaskFields, type TaskFormValues, fromTask, toBody } from './TaskForm';
import { deadlineCell, StatusTag } from './Tasks';
import { EvidencePicker } from '../../components/EvidencePicker';
import { useDraft } from '../../components/useDraft';

const HISTORY_LABELS: Record<string, string> = {
  title: '任务名称', content: '任务内容', source: '来源', basis: '依据文件', ownerPersonName: '责任人', responsibleLeaderName: '责任领导', startDay: '开始日期', dueDay: '完成时限', status: '状态',
};
const HISTORY_ACTIONS: Record<string, string> = {
  assign: '派发', complete: '标记完成', reopen: '重新打开', 'task_progress.create': '报送进展',
  'extension.request': '申请延期', 'extension.approve': '同意延期', 'extension.refuse': '不同意延期',
};

/** The text a step of the history carries: a progress note, a reason, an extension asked or decided. */
function historyNote(e: HistoryEntry): string | null {
  const a = e.after ?? {};
  if (e.action === 'task_progress.create') return String(a.note ?? '');
  if (e.action === 'reopen') return `原因：${String(a.reason ?? '')}`;
  if (e.action === 'extension.request') return `申请延期至 ${dayText(String(a.dueDay))}，理由：${String(a.reason ?? '')}`;
  if (e.action === 'extension.approve') return `完成时限改为 ${dayText(String(a.dueDay))}${a.note ? `；${String(a.note)}` : ''}`;
  if (e.action === 'extension.refuse') return `申请延期至 ${dayText(String(a.asked))} 未同意${a.note ? `；${String(a.note)}` : ''}`;
  return null;
}

/** One task: what, who, by when; its progress with evidence; for an assignment, each unit's progress. */
export default function TaskDetail() {
  const { id } = useParams();
  const { can, session } = useAuth();
  const task = useLoad(() => tasksApi.get(id!), [id]);
  const progress = useLoad(() => tasksApi.progress(id!), [id]);
  const children = useLoad(() => tasksApi.children(id!), [id]);
  const history = useLoad(() => tasksApi.history(id!), [id]);
  const extensions = useLoad(() => extensionsApi.list(id!), [id]);
  const [form] = Form.useForm();
  const d = useFormDialog<'edit' | 'complete' | 'reopen'>(form);
  const [pform] = Form.useForm();
  const progressSave = useSubmit(pform);
  const urgeSave = useSubmit();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [pkey, setPkey] = useState(newIdempotencyKey());
  const reporting = !!task.data && can('task.progress') && !task.data.archived && task.data.status !== 'done' && task.data.childCount === 0;
  const draft = useDraft(pform, `task-progress:${id}`, reporting);

  const reloadAll = async () => {
    await Promise.all([task.reload(), progress.reload(), children.reload(), history.reload(), extensions.reload()]);
  };

  if (task.error) return <LoadError error={task.error} />;
  const t = task.data;
  if (!t) return <Card loading />;
  const manage = can('task.manage') && !t.archived;
  // 催办: the assigning unit (or one above) on an open task it sent down; the unit is told at once.
  const urge = (c: TaskView) => urgeSave.submit(async () => {
    await tasksApi.urge(c.id);
    urgeSave.message.success(`已催办，${c.unitName}已收到提醒`);
  });
  const mayUrge = (c: TaskView) => can('task.manage') && !!c.parentId && c.status !== 'done' && !c.archived && c.unitId !== session?.account.unitId;
  const report = can('task.progress') && !t.archived && t.status !== 'done' && t.childCount === 0;

  const submitProgress = () => progressSave.submit(async (v) => {
    const p = await tasksApi.addProgress(t.id, { day: v.day.format('YYYY-MM-DD'), note: v.note }, pkey);
    for (const f of files) await api.upload('task_progress', p.id, f.originFileObj as File);
    progressSave.message.success(files.length ? `已报送进展，上传佐证 ${files.length} 个` : '已报送进展');
    pform.resetFields();
    draft.clear();
    setFiles([]);
    setPkey(newIdempotencyKey());
    await reloadAll();
  });

  const openDialog = (dialog: 'edit' | 'complete' | 'reopen') =>
    d.open(dialog, dialog === 'edit' ? fromTask(t) : dialog === 'complete' ? { completedDay: shanghaiDayjs() } : undefined);
  const saveDialog = () => d.submit(async (v) => {
    if (d.dialog === 'edit') await tasksApi.update(t.id, { ...toBody(v as TaskFormValues), version: t.version });
    if (d.dialog === 'complete') await tasksApi.complete(t.id, { version: t.version, completedDay: v.completedDay.format('YYYY-MM-DD'), note: v.note });
    if (d.dialog === 'reopen') await tasksApi.reopen(t.id, { version: t.version, reason: v.reason });
    d.close();
    d.message.success('已保存');
    await reloadAll();
  });

  return (
    <DetailPage
      title={t.title}
      bar={
        <>
            <StatusTag t={t} />
            <OverdueTag days={t.overdueDays} label={t.missedPeriod ? `缺${periodLabel(t.missedPeriod)}进展` : '已逾期'} />
            {t.archived && <Typography.Text type="secondary">(已归档)</Typography.Text>}
            {manage && <Button onClick={() => openDialog('edit')}>编辑</Button>}
            {mayUrge(t) && <Button loading={urgeSave.busy} onClick={() => urge(t)}>催办</Button>}
            {manage && t.status !== 'done' && t.childCount === 0 && <Button type="primary" onClick={() => openDialog('complete')}>标记完成</Button>}
            {manage && t.status === 'done' && <Button onClick={() => openDialog('reopen')}>重新打开</Button>}
            {can('task.manage') && (
              <ArchiveToggle archived={t.archived} what="该任务" confirm={t.childCount ? '归档后，下发给各单位的任务一并归档。确定？' : undefined}
                toggle={(on) => (on ? tasksApi.restore(t.id, t.version) : tasksApi.archive(t.id, t.version))} onDone={reloadAll} />
            )}
        </>
      }
      head={
        <>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="责任单位">{t.unitName}</Descriptions.Item>
            <Descriptions.Item label="责任人">{t.ownerPersonName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="责任领导">{t.responsibleLeaderName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="来源">{TASK_SOURCE_LABELS[t.source]}{t.parentId ? <> · <Link to={`/tasks/${t.parentId}`}>{t.parentUnitName}派发</Link></> : null}</Descriptions.Item>
            <Descriptions.Item label="开始日期">{dayText(t.startDay)}</Descriptions.Item>
            <Descriptions.Item label="完成时限">{deadlineCell(t)}{t.dueMode === 'working_days' && <Typography.Text type="secondary">({t.dueDays} 个工作日)</Typography.Text>}{t.dueMode === 'calendar_days' && <Typography.Text type="secondary">({t.dueDays} 天)</Typography.Text>}</Descriptions.Item>
            <Descriptions.Item label="依据文件">{t.basis ?? '—'}</Descriptions.Item>
            {t.status === 'done' && <Descriptions.Item label="完成情况" span={2}>{dayText(t.completedDay)}：{t.completionNote}</Descriptions.Item>}
            <Descriptions.Item label="任务内容" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{t.content ?? '—'}</div></Descriptions.Item>
          </Descriptions>
        </>
      }
    >

      {t.childCount > 0 && (
        <Card title={`各承办单位进展(${t.childDone}/${t.childCount} 已完成)`}>
          <Table
            rowKey="id"
            size="small"
            loading={children.loading}
            dataSource={children.data?.items ?? []}
            pagination={false}
            scroll={{ x: 640 }}
            rowClassName={(c) => (c.overdueDays > 0 ? 'row-overdue' : '')}
            columns={[
              { title: '承办单位', dataIndex: 'unitName', width: 120, render: (v, c) => <Link to={`/tasks/${c.id}`}>{v}</Link> },
              { title: '状态', key: 's', width: 150, render: (_, c) => <Space size={4} wrap><StatusTag t={c} /><OverdueTag days={c.overdueDays} /></Space> },
              { title: '进展次数', dataIndex: 'progressCount', width: 90 },
              { title: '最新进展', key: 'p', render: (_, c) => (c.latestProgress ? `${dayText(c.latestProgress.day)}：${c.latestProgress.note}` : <Typography.Text type="secondary">尚未报送</Typography.Text>) },
              { title: '操作', key: 'urge', width: 80, render: (_, c) => (mayUrge(c) ? <Button size="small" data-testid={`urge-${c.id}`} loading={urgeSave.busy} onClick={() => urge(c)}>催办</Button> : null) },
            ]}
          />
        </Card>
      )}

      {t.childCount === 0 && (
        <Card title="进展情况">
          {report && (
            <Form form={pform} layout="vertical" initialValues={{ day: shanghaiDayjs() }} onValuesChange={draft.onValuesChange} style={{ marginBottom: 16, maxWidth: 640 }}>
              {draft.restored && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="已恢复上次未报送的内容" />}
              <Form.Item name="note" label="本次进展" rules={[{ required: true, message: '请填写进展情况' }, { max: 5000, message: '进展情况不能超过 5000 个字' }]}>
                <Input.TextArea id="progress-note" rows={3} placeholder="做了什么、结果如何" />
              </Form.Item>
              <Space wrap align="start">
                <Form.Item name="day" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
                  <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday()} />
                </Form.Item>
                <Form.Item label="佐证材料(照片、文件)">
                  <EvidencePicker files={files} setFiles={setFiles} accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.ofd,.zip" />
                </Form.Item>
              </Space>
              <div><Button type="primary" loading={progressSave.busy} onClick={submitProgress}>报送进展</Button></div>
            </Form>
          )}
          <Timeline
            items={(progress.data?.items ?? []).map((p) => ({
              key: p.id,
              children: (
                <div>
                  <div><Typography.Text strong>{dayText(p.day)}</Typography.Text>{p.period && <Typography.Text type="secondary">(计入{periodLabel(p.period)})</Typography.Text>} <Typography.Text type="secondary">{p.authorUnitName} · {p.authorName}</Typography.Text></div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{p.note}</div>
                  {p.attachments.map((a) => <div key={a.id}><a href={`/api/files/${a.id}/download`}>{a.filename}</a></div>)}
                </div>
              ),
            }))}
          />
          {progress.data?.items.length === 0 && <Typography.Text type="secondary">尚未报送进展</Typography.Text>}
        </Card>
      )}

      <ExtensionsCard task={t} ext={extensions.data} onChange={reloadAll} />
      <Attachments entity="task" entityId={t.id} title="任务文件(依据文件等)" canUpload={manage} />

      <Card title="历史记录">
        <History entries={history.data?.items ?? []} labels={HISTORY_LABELS} actions={HISTORY_ACTIONS} note={(e) => historyNote(e)} />
      </Card>

      <Modal open={d.dialog !== null} title={{ edit: '编辑任务', complete: '标记完成', reopen: '重新打开' }[d.dialog ?? 'edit']} onCancel={d.close} onOk={saveDialog} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={d.dialog === 'edit' ? 640 : 480}>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'edit' && <EditFields form={form} task={t} lockedBy={extensions.data?.lockedBy} />}
          {d.dialog === 'complete' && (
            <>
              <Form.Item name="completedDay" label="完成日期" rules={[{ required: true, message: '请选择完成日期' }]}><DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday()} /></Form.Item>
              <Form.Item name="note" label="完成情况" rules={[{ required: true, message: '请填写完成情况' }]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
            </>
          )}
          {d.dialog === 'reopen' && (
            <Form.Item name="reason" label="重新打开的原因" rules={[{ required: true, message: '请填写原因' }]}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          )}
        </Form>
      </Modal>
    </DetailPage>
  );
}

function EditFields({ form, task, lockedBy }: { form: ReturnType<typeof Form.useForm>[0]; task: TaskView; lockedBy?: string | null }) {
  return (
    <>
      <Form.Item name="unitId" hidden initialValue={task.unitId}><Input /></Form.Item>
      <TaskFields form={form} mode="edit" lockedBy={lockedBy} />
    </>
  );
}
