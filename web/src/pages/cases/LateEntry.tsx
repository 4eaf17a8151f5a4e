/**
 * 补录 on the event page: a step entered after it happened says when it happened (and why it is
 * entered late when long ago); the timeline marks such steps with both times.
 */
import { DatePicker, Form, Input, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { EventDetailView } from '../../../../common/cases';
import { when } from './common';
import { shanghaiDayjs } from '../../components/OverdueTag';

/** The steps whose time counts for the clocks: these may be entered after the fact. */
export const LATE_ENTRY_STEPS = new Set(['triage', 'verify', 'firstInfo', 'respond', 'close', 'approve']);

/** 发生时间 (empty: now) and, once a time is chosen, 补录原因. */
export function LateEntryFields({ reasonHours }: { reasonHours: number }) {
  const happenedAt = Form.useWatch('happenedAt') as Dayjs | null | undefined;
  const longAgo = !!happenedAt && dayjs().diff(happenedAt, 'hour', true) > reasonHours;
  return (
    <>
      <Form.Item name="happenedAt" label="实际发生时间(补录时填写)" extra="已经办理、现在才录入的，填写实际办理的时间；不填即为现在。时限按实际发生时间计算。">
        <DatePicker id="late-happened-at" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }}
          disabledDate={(d) => d.isAfter(shanghaiDayjs(), 'day')} placeholder="现在" />
      </Form.Item>
      {happenedAt && (
        <Form.Item name="lateReason" label={`补录原因${longAgo ? '' : '(选填)'}`}
          rules={[{ required: longAgo, whitespace: true, message: `补录 ${reasonHours} 小时以前的步骤，请填写补录原因` }]}>
          <Input.TextArea id="late-reason" rows={2} maxLength={500} placeholder="如：周五电话处理，周一补录" />
        </Form.Item>
      )}
    </>
  );
}

/** The request fields of the late entry from the form's values. */
export function lateEntryOf(v: { happenedAt?: Dayjs | null; lateReason?: string | null }) {
  if (!v.happenedAt) return {};
  return { happenedAt: v.happenedAt.toISOString(), lateReason: v.lateReason?.trim() || null };
}

/** When a step happened, and for a late-entered one a 补录 mark with when it was entered and why. */
export function StepTime({ s }: { s: EventDetailView['steps'][number] }) {
  if (!s.lateEntered) return <>{when(s.at)}</>;
  return (
    <>
      {when(s.at)}{' '}
      <Tooltip title={`${when(s.enteredAt)} 录入${s.lateReason ? `；原因：${s.lateReason}` : ''}`}>
        <Tag color="gold" className="late-entry">补录</Tag>
      </Tooltip>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>录入于 {when(s.enteredAt)}{s.lateReason ? `，${s.lateReason}` : ''}</Typography.Text>
    </>
  );
}
