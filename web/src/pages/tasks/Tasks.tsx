import { DownloadOutlined } from '@ant-design/icons';
import { PeriodTag } from '../../components/PeriodTag';
import { Button, Card, Form, Grid, Modal, Progress, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { RECURRENCE_LABELS, type Recurrence, TASK_SOURCE_LABELS, TASK_STATUS_LABELS, type TaskView } from '../../../../common/tasks';
import { tasksApi } from '../../api/tasks';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { CheckFilter, EnumFilter, FilterBar, SearchFilter, UnitFilter } from '../../components/ListFilters';
import { BulkBar, useSelection } from '../../components/BulkActions';
import { ListTable } from '../../components/ListTable';
import { dayText, OverdueTag, shanghaiDayjs } from '../../components/OverdueTag';
import { SheetImport } from '../../components/SheetImport';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { TaskFields, type TaskFormValues, toBody } from './TaskForm';
import { PrintButton, usePrintAll } from '../../components/Print';

const STATUS_COLOR: Record<string, string> = { pending: 'default', in_progress: 'processing', done: 'success' };

export function deadlineCell(t: TaskView) {
  return (
    <Space direction="vertical" size={0}>
      <span style={{ whiteSpace: 'nowrap' }}>{t.dueMode === 'ongoing' ? `长期坚持·${RECURRENCE_LABELS[t.recurrence as Recurrence]}` : dayText(t.dueDay)}</span>
      <OverdueTag days={t.overdueDays} label={t.missedPeriod ? '缺进展' : '已逾期'} />
    </Space>
  );
}

export function StatusTag({ t }: { t: TaskView }) {
  return <Tag color={STATUS_COLOR[t.status]}>{TASK_STATUS_LABELS[t.status]}</Tag>;
}

/** 任务台账: every task of the subtree, overdue ones marked; register one, or assign one to many units. */
export default function Tasks() {
  const { can, session } = useAuth();
  const navigate = useNavigate();
  const lp = useListPage();
  const unitId = lp.param('unitId');
  // Links from documents: the tasks of a period as the figures count them (?from=&to=&span=period&leaf=true).
  const query = { ...lp.scope, ...lp.pick('source', 'status', 'q', 'from', 'to', 'span', 'campaignId'), ...lp.flags('overdue', 'archived', 'leaf'), ...lp.page };
  const list = useLoad(() => tasksApi.list(query), lp.deps);
  const printAll = usePrintAll(list, (page, pageSize) => tasksApi.list({ ...query, page, pageSize }));
  const selection = useSelection<TaskView>();
  const [form] = Form.useForm<TaskFormValues>();
  const d = useFormDialog<'create' | 'assign'>(form);
  const mode = d.dialog;
  const manage = can('task.manage');
  const narrow = !Grid.useBreakpoint().md;

  const open = (m: 'create' | 'assign') =>
    d.open(m, { unitId: m === 'create' ? (unitId ?? session?.account.unitId) : undefined, source: 'superior', startDay: shanghaiDayjs(), dueMode: 'date' });
  const save = () => d.submit(async (v: TaskFormValues) => {
    const body = toBody(v);
    const r = mode === 'assign'
      ? await tasksApi.assign({ ...body, unitIds: v.unitIds ?? [], fromUnitId: session!.account.unitId }, d.key)
      : await tasksApi.create({ ...body, unitId: v.unitId ?? '' }, d.key);
    d.message.success(mode === 'assign' ? `已派发给 ${r.childCount} 个单位` : '已登记');
    d.close();
    navigate(`/tasks/${r.id}`);
  });

  if (list.error?.status === 403) return <LoadError error={list.error} />;
  return (
    <Card
      title="任务台账"
      extra={
        <Space wrap>
          {manage && <Button type="primary" onClick={() => open('create')}>登记任务</Button>}
          {manage && <Button onClick={() => open('assign')}>派发任务</Button>}
          {manage && <SheetImport path="/api/tasks/import" title="导入任务" onDone={list.reload} />}
          <Button icon={<DownloadOutlined />} href={tasksApi.exportUrl(query)}>导出</Button>
          <PrintButton all={printAll} />
        </Space>
      }
    >
      <FilterBar>
        <UnitFilter lp={lp} />
        <EnumFilter lp={lp} name="source" placeholder="来源" width={130} labels={TASK_SOURCE_LABELS} />
        <EnumFilter lp={lp} name="status" placeholder="状态" width={110} labels={TASK_STATUS_LABELS} />
        <CheckFilter lp={lp} name="overdue" label="只看逾期" />
        <PeriodTag extra={['span', 'leaf']} />
        <CheckFilter lp={lp} name="archived" label="已归档" />
        <SearchFilter lp={lp} placeholder="任务名称、内容或依据" />
      </FilterBar>
      <BulkBar selection={selection} onDone={list.reload} name={(t) => `${t.unitName}：${t.title.slice(0, 20)}`} actions={[
        // One 催办 per task, each checked as when pressed alone (assigned, open, a unit above; once a day).
        { label: '批量催办', done: '已催办', skipped: '跳过', show: can('task.manage'), run: (t) => tasksApi.urge(t.id) },
        // Each archived as alone, with a summary; a task already archived with its assigning task counts as archived.
        { label: '批量归档', done: '已归档', show: can('task.manage'), run: (t) => tasksApi.archive(t.id, t.version).catch(async (err) => {
          if ((err as { status?: number }).status === 409 && (await tasksApi.get(t.id)).archived) return;
          throw err;
        }) },
      ]} />
      <ListTable list={list} lp={lp} printing={printAll.printing} rowSelection={manage && !printAll.printing ? selection.rowSelection : undefined} empty={{
          first: manage ? '还没有任务。点“登记任务”记下本单位要办的事，或点“派发任务”交给下级单位；已有 Excel 台账可“导入”。' : '还没有任务。上级派发给本单位的任务会出现在这里，打开后点“报送进展”。',
          source: '任务来自本单位登记、上级派发和 Excel 导入。',
        }} scroll={narrow ? undefined : { x: 960 }} rowClassName={(t) => (t.overdueDays > 0 ? 'row-overdue' : '')}
        columns={narrow ? [
          {
            // On a phone each task is a card: title, unit, deadline and status in view.
            title: '任务', key: 'all', render: (_, t) => (
              <Space direction="vertical" size={2}>
                <Link to={`/tasks/${t.id}`}>{t.title}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.unitName}{t.parentUnitName ? ` · ${t.parentUnitName}派发` : ''}</Typography.Text>
                <Space size={4} wrap>
                  <span className="task-card-due" style={{ whiteSpace: 'nowrap' }}>时限 {t.dueMode === 'ongoing' ? `长期坚持·${RECURRENCE_LABELS[t.recurrence as Recurrence]}` : dayText(t.dueDay)}</span>
                  <StatusTag t={t} /><OverdueTag days={t.overdueDays} label={t.missedPeriod ? '缺进展' : '已逾期'} />
                  {t.childCount > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.childDone}/{t.childCount} 完成</Typography.Text>}
                </Space>
              </Space>
            ),
          },
        ] : [
          {
            title: '任务', dataIndex: 'title', render: (v, t) => (
              <Space direction="vertical" size={0}>
                <Link to={`/tasks/${t.id}`}>{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {TASK_SOURCE_LABELS[t.source]}{t.parentUnitName ? ` · ${t.parentUnitName}派发` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '责任单位', dataIndex: 'unitName', width: 120, render: (v, t) => <span>{v}{t.ownerPersonName ? <div style={{ fontSize: 12, color: '#595959' }}>{t.ownerPersonName}</div> : null}{t.responsibleLeaderName ? <div style={{ fontSize: 12, color: '#595959' }}>责任领导：{t.responsibleLeaderName}</div> : null}</span> },
          { title: '完成时限', key: 'due', width: 150, render: (_, t) => deadlineCell(t) },
          {
            title: '进展', key: 'progress', width: 240, render: (_, t) => t.childCount > 0
              ? <span>派发 {t.childCount} 个单位<Progress percent={Math.round((t.childDone / t.childCount) * 100)} size="small" format={() => `${t.childDone}/${t.childCount} 完成`} aria-label={`${t.childCount} 个单位中 ${t.childDone} 个完成`} /></span>
              : t.latestProgress ? <Typography.Text ellipsis={{ tooltip: t.latestProgress.note }} style={{ maxWidth: 230 }}>{dayText(t.latestProgress.day)}：{t.latestProgress.note}</Typography.Text> : <Typography.Text type="secondary">暂无进展</Typography.Text>,
          },
          { title: '状态', key: 'status', width: 96, fixed: 'right', render: (_, t) => <StatusTag t={t} /> },
        ]}
      />
      <Modal open={mode !== null} title={mode === 'assign' ? '派发任务' : '登记任务'} onCancel={d.close} onOk={save} okText={mode === 'assign' ? '派发' : '保存'} cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={640}>
        {mode === 'assign' && <Typography.Paragraph type="secondary">由{session?.account.unitName}派发，选择的每个下级单位各收到一条任务。</Typography.Paragraph>}
        <Form form={form} layout="vertical" preserve={false}>
          {mode && <TaskFields form={form} mode={mode} />}
        </Form>
      </Modal>
    </Card>
  );
}
