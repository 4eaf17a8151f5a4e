import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Radio, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type CalendarDayView, DAY_SOURCE_LABELS, WEEKDAY_LABELS } from '../../../../common/calendar';
import { calendarApi } from '../../api/calendar';
import { notificationsApi } from '../../api/notifications';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';

const thisYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

/** How each kind of day looks in the month grids (and in the legend). */
const LOOK: Record<string, { bg: string; color: string; mark?: string }> = {
  holiday: { bg: '#fff1f0', color: '#cf1322', mark: '休' },
  makeup_workday: { bg: '#fff7e6', color: '#ad4e00', mark: '班' },
  weekend: { bg: '#fafafa', color: '#595959' },
  workday: { bg: '#fff', color: '#262626' },
};

function statusText(d: CalendarDayView) {
  const name = d.holidayName ? `(${d.holidayName})` : '';
  return `${DAY_SOURCE_LABELS[d.source]}${d.source === 'override' ? '' : name} · ${d.workday ? '上班' : '休息'}`;
}

function dayTitle(day: string, weekday: number) {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日 ${WEEKDAY_LABELS[weekday]}`;
}

function DayCell({ d, onOpen }: { d: CalendarDayView; onOpen: (d: CalendarDayView) => void }) {
  const look = d.override ? (d.workday ? LOOK.workday : LOOK.holiday) : LOOK[d.source];
  const mark = d.override ? '调' : look.mark;
  const tip = `${dayTitle(d.day, d.weekday)}：${statusText(d)}${d.override?.note ? `。${d.override.note}` : ''}`;
  return (
    <Tooltip title={tip} mouseEnterDelay={0.4}>
      <button
        type="button"
        id={`cal-day-${d.day}`}
        data-source={d.source}
        data-workday={d.workday ? '1' : '0'}
        // The name starts with what the button shows (the day and its mark), then says the rest.
        aria-label={`${Number(d.day.slice(8))}${mark ?? ''} ${tip}`}
        onClick={() => onOpen(d)}
        style={{
          position: 'relative', width: '100%', aspectRatio: '1 / 1', minHeight: 30, padding: 0, cursor: 'pointer',
          background: look.bg, color: look.color, fontWeight: d.workday ? 400 : 600,
          border: d.override ? '2px solid #1677ff' : '1px solid #f0f0f0', borderRadius: 4, fontSize: 13,
        }}
      >
        {Number(d.day.slice(8))}
        {mark && (
          <span style={{ position: 'absolute', top: 0, right: 2, fontSize: 9, lineHeight: '12px', color: d.override ? '#0958d9' : look.color }}>{mark}</span>
        )}
      </button>
    </Tooltip>
  );
}

/** One month, Monday first as Chinese wall calendars are. */
function MonthGrid({ month, days, onOpen }: { month: number; days: CalendarDayView[]; onOpen: (d: CalendarDayView) => void }) {
  const lead = (days[0].weekday + 6) % 7;
  const holidays = [...new Set(days.filter((d) => d.source === 'holiday' || d.base.source === 'holiday').map((d) => d.holidayName).filter(Boolean))];
  return (
    <Card size="small" title={`${month}月`} extra={holidays.length > 0 && <Typography.Text type="danger" style={{ fontSize: 12 }}>{holidays.join('、')}</Typography.Text>}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 3 }}>
        {['一', '二', '三', '四', '五', '六', '日'].map((w) => (
          <div key={w} style={{ textAlign: 'center', fontSize: 12, color: '#595959' }}>{w}</div>
        ))}
        {Array.from({ length: lead }, (_, i) => <div key={`lead-${i}`} />)}
        {days.map((d) => <DayCell key={d.day} d={d} onOpen={onOpen} />)}
      </div>
    </Card>
  );
}

function ReminderSettingsCard() {
  const settings = useLoad(() => notificationsApi.reminderSettings(), []);
  const [form] = Form.useForm();
  const { busy, submit, message } = useSubmit(form);
  if (!settings.data) return null;
  const save = () => submit(async (v) => {
    settings.setData(await notificationsApi.setReminderSettings(v.daysBefore));
    message.success('已保存提醒设置');
  });
  return (
    <Card size="small" title="提醒设置">
      {settings.data.canManage ? (
        <Form form={form} layout="inline" initialValues={{ daysBefore: settings.data.daysBefore }} onFinish={save}>
          <Form.Item label="截止日前" name="daysBefore" htmlFor="reminder-days" rules={[{ required: true, message: '请填写提前提醒天数' }]}>
            <InputNumber id="reminder-days" min={0} max={30} precision={0} addonAfter="天" style={{ width: 130 }} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={busy}>保存提醒设置</Button>
          </Form.Item>
          <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>任务、整改、风险点复查等各类期限，在截止日前这么多天开始提醒。</Typography.Text>
        </Form>
      ) : (
        <Typography.Text>各类期限在截止日前 <b>{settings.data.daysBefore}</b> 天开始提醒(由最上级单位管理员设置)。</Typography.Text>
      )}
    </Card>
  );
}

/** The installation-wide working-day calendar: a year of month grids; top-level admins correct days. */
export default function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear();
  const cal = useLoad(() => calendarApi.year(year), [year]);
  const [open, setOpen] = useState<CalendarDayView | null>(null);
  const [form] = Form.useForm();
  const saving = useSubmit(form);
  const resetting = useSubmit();
  const busy = saving.busy || resetting.busy;

  const months = useMemo(() => {
    const byMonth: CalendarDayView[][] = Array.from({ length: 12 }, () => []);
    for (const d of cal.data?.days ?? []) byMonth[Number(d.day.slice(5, 7)) - 1].push(d);
    return byMonth;
  }, [cal.data]);
  const overrides = (cal.data?.days ?? []).filter((d) => d.override);
  const canManage = cal.data?.canManage ?? false;

  const setYear = (y: number) => setParams({ year: String(y) });
  const openDay = (d: CalendarDayView) => {
    setOpen(d);
  };
  const replaceDay = (d: CalendarDayView) => {
    if (cal.data) cal.setData({ ...cal.data, days: cal.data.days.map((x) => (x.day === d.day ? d : x)) });
  };
  const save = () => saving.submit(async (v) => {
    if (!open) return;
    replaceDay(await calendarApi.setDay(open.day, v.workday, v.note?.trim() || null));
    saving.message.success(`已将 ${dayTitle(open.day, open.weekday)} 调整为${v.workday ? '上班' : '休息'}`);
    setOpen(null);
  });
  const reset = () => resetting.submit(async () => {
    if (!open) return;
    replaceDay(await calendarApi.resetDay(open.day));
    resetting.message.success('已恢复数据包中的安排');
    setOpen(null);
  });

  if (cal.error) return <LoadError error={cal.error} onRetry={cal.reload} />;
  const data = cal.data;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16 }}>
      <Card
        title="工作日历"
        loading={!data && cal.loading}
        extra={
          <Space>
            <Button id="cal-prev-year" onClick={() => setYear(year - 1)} disabled={year <= 2000}>上一年</Button>
            <Typography.Text strong style={{ fontSize: 16 }}>{year}年</Typography.Text>
            <Button id="cal-next-year" onClick={() => setYear(year + 1)} disabled={year >= 2100}>下一年</Button>
          </Space>
        }
      >
        {data && (
          <div style={{ display: 'grid', gap: 12 }}>
            {!data.covered && (
              <Alert
                type="warning"
                showIcon
                message={`${year}年的法定节假日和调休安排尚未收录`}
                description={`随软件提供的 chinese-days 数据包(${data.packageVersion})收录 ${data.coverage ? `${data.coverage.from}–${data.coverage.to}` : '—'} 年。${year}年目前只按周末计算休息日；国务院办公厅公布当年安排后，请升级软件，或由最上级单位管理员逐日调整。`}
              />
            )}
            <Typography.Text type="secondary">
              法定节假日和调休上班来自 chinese-days 数据包({data.packageVersion}，收录 {data.coverage ? `${data.coverage.from}–${data.coverage.to}` : '—'} 年)；本地调整优先于数据包。所有按工作日计算的期限都以此日历为准。
              {canManage ? '点击某一天可以调整。' : '只有最上级单位的管理员可以调整。'}
            </Typography.Text>
            <Space wrap size={[6, 6]}>
              <Tag color="red">休 法定节假日</Tag>
              <Tag color="orange">班 调休上班</Tag>
              <Tag>周末</Tag>
              <Tag color="blue">调 本地调整</Tag>
            </Space>
            <Row gutter={[12, 12]}>
              {months.map((days, i) => (
                <Col key={i} xs={24} sm={12} lg={8} xxl={6}>
                  {days.length > 0 && <MonthGrid month={i + 1} days={days} onOpen={openDay} />}
                </Col>
              ))}
            </Row>
          </div>
        )}
      </Card>

      <ReminderSettingsCard />

      {data && (
        <Card size="small" title={`${year}年本地调整(${overrides.length} 天)`}>
          <Table
            rowKey="day"
            size="small"
            dataSource={overrides}
            pagination={false}
            scroll={{ x: 640 }}
            locale={{ emptyText: '本年没有本地调整' }}
            columns={[
              { title: '日期', dataIndex: 'day', width: 170, render: (v: string, d: CalendarDayView) => <a onClick={() => openDay(d)}>{dayTitle(v, d.weekday)}</a> },
              { title: '调整为', key: 'now', width: 80, render: (_: unknown, d: CalendarDayView) => (d.workday ? <Tag>上班</Tag> : <Tag color="red">休息</Tag>) },
              {
                title: '数据包安排', key: 'base', width: 160,
                render: (_: unknown, d: CalendarDayView) => `${DAY_SOURCE_LABELS[d.base.source]}${d.holidayName ? `(${d.holidayName})` : ''} · ${d.base.workday ? '上班' : '休息'}`,
              },
              { title: '说明', key: 'note', render: (_: unknown, d: CalendarDayView) => d.override?.note ?? '—' },
              { title: '调整人', key: 'by', width: 110, render: (_: unknown, d: CalendarDayView) => d.override?.updatedBy ?? '—' },
            ]}
          />
        </Card>
      )}

      <Modal
        open={open !== null}
        title={open ? dayTitle(open.day, open.weekday) : ''}
        onCancel={() => setOpen(null)}
        destroyOnHidden
        footer={
          canManage
            ? [
                <Button key="cancel" onClick={() => setOpen(null)}>取消</Button>,
                open?.override && (
                  <Button key="reset" id="cal-reset" danger loading={busy} onClick={reset}>恢复默认</Button>
                ),
                <Button key="save" id="cal-save" type="primary" loading={busy} onClick={save}>保存</Button>,
              ]
            : [<Button key="close" onClick={() => setOpen(null)}>关闭</Button>]
        }
      >
        {open && (
          <div style={{ display: 'grid', gap: 12 }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="当前">{statusText(open)}</Descriptions.Item>
              <Descriptions.Item label="数据包安排">
                {DAY_SOURCE_LABELS[open.base.source]}{open.holidayName ? `(${open.holidayName})` : ''} · {open.base.workday ? '上班' : '休息'}
              </Descriptions.Item>
              {open.override && (
                <Descriptions.Item label="本地调整">
                  {open.override.workday ? '上班' : '休息'}{open.override.note ? `：${open.override.note}` : ''}
                  <br />
                  <Typography.Text type="secondary">
                    {open.override.updatedBy ?? ''} {new Date(open.override.updatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
                  </Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
            {canManage && (
              <Form form={form} key={open.day} layout="vertical" preserve={false} initialValues={{ workday: open.workday, note: open.override?.note ?? '' }}>
                <Form.Item name="workday" label="这一天" rules={[{ required: true, message: '请选择该日上班还是休息' }]}>
                  <Radio.Group id="cal-workday" optionType="button" buttonStyle="solid" options={[{ value: true, label: '上班' }, { value: false, label: '休息' }]} />
                </Form.Item>
                <Form.Item name="note" label="说明" rules={[{ max: 100, message: '说明不能超过 100 个字' }]}>
                  <Input id="cal-note" maxLength={100} placeholder="如：县委通知 11 月 20 日全县放假一天" />
                </Form.Item>
              </Form>
            )}
          </div>
        )}
      </Modal>
    </div>
  );
}
