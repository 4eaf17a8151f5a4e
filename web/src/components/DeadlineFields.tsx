import { DatePicker, Form, InputNumber, Radio, Space } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { type DueMode, DUE_MODE_LABELS } from '../../../common/fields';

/**
 * 时限: a date, or N calendar / working days after the start day (server resolves the date).
 * A register with more ways (tasks: 长期坚持) passes its own `modes`; `daysExtra` shows under the
 * day count (the resolved date).
 */
export function DeadlineFields({ form, label = '整改时限', idPrefix, dayLabel = '截止日期', modes = DUE_MODE_LABELS, daysExtra }: {
  form: FormInstance;
  label?: string;
  idPrefix: string;
  dayLabel?: string;
  modes?: Record<string, string>;
  daysExtra?: ReactNode;
}) {
  const mode = Form.useWatch('dueMode', form);
  return (
    <>
      <Form.Item name="dueMode" label={label} rules={[{ required: true }]}>
        <Radio.Group id={`${idPrefix}-due-mode`} options={Object.entries(modes).map(([value, l]) => ({ value, label: l }))} optionType="button" />
      </Form.Item>
      {mode === 'date' && (
        <Form.Item name="dueDay" label={dayLabel} rules={[{ required: true, message: `请选择${dayLabel}` }]}>
          <DatePicker id={`${idPrefix}-due`} style={{ width: 200 }} />
        </Form.Item>
      )}
      {(mode === 'calendar_days' || mode === 'working_days') && (
        <Form.Item label="期限">
          <Space>
            开始日期后
            <Form.Item name="dueDays" noStyle rules={[{ required: true, message: '请填写天数' }]}>
              <InputNumber id={`${idPrefix}-due-days`} min={1} max={3650} />
            </Form.Item>
            {mode === 'working_days' ? '个工作日(按工作日历，节假日顺延)' : '天'}
          </Space>
          {daysExtra}
        </Form.Item>
      )}
    </>
  );
}

/** Deadline form values → request fields. */
export function deadlineBody(v: { dueMode: DueMode; dueDay?: Dayjs | null; dueDays?: unknown }) {
  return {
    dueMode: v.dueMode,
    dueDay: v.dueMode === 'date' && v.dueDay ? v.dueDay.format('YYYY-MM-DD') : null,
    dueDays: v.dueMode === 'date' ? null : ((v.dueDays as number | null | undefined) ?? null),
  };
}
