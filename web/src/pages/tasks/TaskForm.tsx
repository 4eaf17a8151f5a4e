import { Alert, ConfigProvider, DatePicker, Form, Input, Radio, Select, Typography } from 'antd';
import { useAuth } from '../../app/auth';
import { useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import type { FormInstance } from 'antd';
import { type Recurrence, RECURRENCE_LABELS, RECURRENCES, type TaskDueMode, TASK_DUE_MODE_LABELS, TASK_SOURCE_LABELS, TASK_SOURCES, type TaskSource, type TaskView } from '../../../../common/tasks';
import { tasksApi } from '../../api/tasks';
import { DeadlineFields } from '../../components/DeadlineFields';
import { dayText } from '../../components/OverdueTag';
import { PersonSelect } from '../../components/PersonSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { CampaignSelect } from '../campaigns/CampaignSelect';

export interface TaskFormValues {
  unitId?: string;
  unitIds?: string[];
  title: string;
  content?: string;
  source: TaskSource;
  basis?: string;
  ownerPersonId?: string | null;
  responsibleLeaderId?: string | null;
  campaignId?: string | null;
  startDay: Dayjs;
  dueMode: TaskDueMode;
  dueDay?: Dayjs | null;
  dueDays?: number | null;
  recurrence?: Recurrence | null;
}

/** Form values → request body (days as YYYY-MM-DD). */
export function toBody(v: TaskFormValues) {
  return {
    ...v,
    startDay: v.startDay.format('YYYY-MM-DD'),
    dueDay: v.dueMode === 'date' && v.dueDay ? v.dueDay.format('YYYY-MM-DD') : null,
    dueDays: v.dueMode === 'calendar_days' || v.dueMode === 'working_days' ? v.dueDays : null,
    recurrence: v.dueMode === 'ongoing' ? v.recurrence : null,
    ownerPersonId: v.ownerPersonId ?? null,
    responsibleLeaderId: v.responsibleLeaderId ?? null,
    campaignId: v.campaignId ?? null,
  };
}

export function fromTask(t: TaskView): Partial<TaskFormValues> {
  return {
    unitId: t.unitId, title: t.title, content: t.content ?? undefined, source: t.source, basis: t.basis ?? undefined, ownerPersonId: t.ownerPersonId, responsibleLeaderId: t.responsibleLeaderId, campaignId: t.campaignId,
    startDay: dayjs(t.startDay), dueMode: t.dueMode, dueDay: t.dueDay ? dayjs(t.dueDay) : null, dueDays: t.dueDays, recurrence: t.recurrence,
  };
}

/**
 * Fields of a task; `mode` decides whether it names one owner unit, several receiving units, or neither (edit).
 * `lockedBy`: the assigning unit, when this user's unit received the task: what it set is shown, not editable.
 */
export function TaskFields({ form, mode, lockedBy }: { form: FormInstance; mode: 'create' | 'assign' | 'edit'; lockedBy?: string | null }) {
  const dueMode = Form.useWatch('dueMode', form);
  const unitId = Form.useWatch('unitId', form);
  const { session } = useAuth();
  const resolved = useResolvedDueDay(form, dueMode);
  return (
    <>
      {mode === 'create' && (
        <Form.Item name="unitId" label="责任单位" rules={[{ required: true, message: '请选择责任单位' }]}>
          <UnitSelect id="task-unit" />
        </Form.Item>
      )}
      {mode === 'assign' && (
        <Form.Item name="unitIds" label="承办单位(可多选)" rules={[{ required: true, message: '请至少选择一个承办单位' }]} extra="每个承办单位各收到一条任务，分别报送进展">
          <UnitSelect id="task-units" multiple />
        </Form.Item>
      )}
      {lockedBy && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`该任务由${lockedBy}派发：任务名称、内容、来源、依据和完成时限只能由派发单位修改，本单位可指定责任人。需要更多时间请“申请延期”。`} />}
      <ConfigProvider componentDisabled={!!lockedBy}>
      <Form.Item name="title" label="任务名称" rules={[{ required: true, message: '请填写任务名称' }, { max: 200, message: '任务名称不能超过 200 个字' }]}>
        <Input id="task-title" />
      </Form.Item>
      <Form.Item name="source" label="任务来源" rules={[{ required: true, message: '请选择任务来源' }]}>
        <Select id="task-source" options={TASK_SOURCES.map((s) => ({ value: s, label: TASK_SOURCE_LABELS[s] }))} />
      </Form.Item>
      <Form.Item name="content" label="任务内容">
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      </ConfigProvider>
      <Form.Item name="campaignId" label="专项行动" extra="本单位或上级发起的专项行动(如“清朗”)，统计和总结按专项行动计数">
        <CampaignSelect id="task-campaign" unitId={mode === 'assign' ? session?.account.unitId : unitId} />
      </Form.Item>
      {mode !== 'assign' && (
        <Form.Item name="ownerPersonId" label="责任人">
          <PersonSelect unitId={unitId} allowClear />
        </Form.Item>
      )}
      <Form.Item name="responsibleLeaderId" label="责任领导">
        <PersonSelect id="task-leader" unitId={mode === 'assign' ? session?.account.unitId : unitId} allowClear />
      </Form.Item>
      <ConfigProvider componentDisabled={!!lockedBy}>
      <Form.Item name="basis" label="依据文件" extra="文件名称或文号；文件本身可在任务详情中上传">
        <Input maxLength={300} placeholder="如：县委网信办关于开展网络安全宣传周活动的通知" />
      </Form.Item>
      <Form.Item name="startDay" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
        <DatePicker id="task-start" style={{ width: 200 }} />
      </Form.Item>
      <DeadlineFields form={form} idPrefix="task" label="完成时限" dayLabel="完成日期" modes={TASK_DUE_MODE_LABELS}
        daysExtra={resolved && <div><Typography.Text id="task-resolved-due" type="secondary">完成时限为 {dayText(resolved)}</Typography.Text></div>} />
      {dueMode === 'ongoing' && (
        <Form.Item name="recurrence" label="进展报送周期" rules={[{ required: true, message: '请选择报送周期' }]} extra="长期坚持的任务没有完成日期，每个周期结束前应至少报送一次进展">
          <Radio.Group options={RECURRENCES.map((r) => ({ value: r, label: RECURRENCE_LABELS[r] }))} />
        </Form.Item>
      )}
      </ConfigProvider>
    </>
  );
}

/** The due day a "N days" deadline resolves to, asked from the server (same calendar as when saving). */
function useResolvedDueDay(form: FormInstance, dueMode: string | undefined): string | null {
  const startDay = Form.useWatch('startDay', form) as Dayjs | undefined;
  const dueDays = Form.useWatch('dueDays', form) as number | null | undefined;
  const [resolved, setResolved] = useState<string | null>(null);
  const start = startDay?.isValid() ? startDay.format('YYYY-MM-DD') : null;
  useEffect(() => {
    setResolved(null);
    if ((dueMode !== 'calendar_days' && dueMode !== 'working_days') || !start || !dueDays || dueDays < 1 || !Number.isInteger(dueDays)) return;
    let live = true;
    tasksApi.dueDay({ startDay: start, dueMode, dueDays }).then((r) => live && setResolved(r.dueDay), () => undefined);
    return () => { live = false; };
  }, [dueMode, start, dueDays]);
  return resolved;
}
