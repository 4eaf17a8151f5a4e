import { Alert, Button, Card, DatePicker, Form, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { EXTENSION_STATUS_LABELS, type ExtensionView, type TaskExtensions, type TaskView } from '../../../../common/tasks';
import { extensionsApi } from '../../api/tasks';
import { dayText } from '../../components/OverdueTag';
import { useFormDialog } from '../../components/useSubmit';

const STATUS_COLOR = { pending: 'processing', approved: 'success', refused: 'default' } as const;

/**
 * 申请延期 on a task a superior assigned: the receiving unit asks with a reason, the assigning
 * unit approves or refuses; every request and decision stays listed (and on the history).
 */
export function ExtensionsCard({ task, ext, onChange }: { task: TaskView; ext: TaskExtensions | null; onChange: () => Promise<void> }) {
  const [form] = Form.useForm();
  const d = useFormDialog<'request' | ExtensionView>(form);
  if (!ext || (!ext.lockedBy && ext.items.length === 0)) return null;
  const pending = ext.items.find((i) => i.status === 'pending');
  const save = () => d.submit(async (v: { dueDay: Dayjs; reason: string; approve: boolean; note?: string }) => {
    if (d.dialog === 'request') {
      await extensionsApi.request(task.id, { dueDay: v.dueDay.format('YYYY-MM-DD'), reason: v.reason });
      d.message.success('已提交延期申请，等待派发单位审批');
    } else if (d.dialog) {
      await extensionsApi.decide(task.id, d.dialog.id, { approve: v.approve, note: v.note || null });
      d.message.success(v.approve ? '已同意延期，完成时限已更新' : '已答复不同意延期');
    }
    d.close();
    await onChange();
  });
  return (
    <Card title="完成时限与延期" size="small"
      extra={ext.canRequest && <Button onClick={() => d.open('request')}>申请延期</Button>}>
      {ext.lockedBy && (
        <Typography.Paragraph type="secondary">
          该任务由{ext.lockedBy}派发，完成时限由派发单位确定；需要更多时间请申请延期，说明理由，由{ext.lockedBy}审批。
        </Typography.Paragraph>
      )}
      {pending && ext.canDecide && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }}
          message={`${pending.requestedUnitName}申请延期至 ${dayText(pending.dueDay)}`}
          description={<Space direction="vertical">{`理由：${pending.reason}`}<Button type="primary" onClick={() => d.open(pending, { approve: true })}>审批</Button></Space>} />
      )}
      <List size="small" dataSource={ext.items} locale={{ emptyText: '尚未申请延期' }}
        renderItem={(i) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <Space wrap>
                <span>申请延期至 {dayText(i.dueDay)}(原时限 {dayText(i.fromDay)})</span>
                <Tag color={STATUS_COLOR[i.status]}>{EXTENSION_STATUS_LABELS[i.status]}</Tag>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.requestedUnitName} {i.requestedBy}：{i.reason}</Typography.Text>
              {i.decidedBy && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.decidedBy}审批{i.decisionNote ? `：${i.decisionNote}` : ''}</Typography.Text>}
            </Space>
          </List.Item>
        )} />
      <Modal open={d.dialog !== null} title={d.dialog === 'request' ? '申请延期' : '审批延期申请'} onCancel={d.close} onOk={save} okText="提交" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'request' ? (
            <>
              <Typography.Paragraph>现在的完成时限：{dayText(task.dueDay)}</Typography.Paragraph>
              <Form.Item name="dueDay" label="申请延期至" rules={[{ required: true, message: '请选择申请延期至的日期' }]}>
                <DatePicker id="extension-day" disabledDate={(x) => !!task.dueDay && x.format('YYYY-MM-DD') <= task.dueDay} />
              </Form.Item>
              <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: '请填写延期理由' }, { max: 500, message: '延期理由不能超过 500 个字' }]}>
                <Input.TextArea id="extension-reason" rows={3} />
              </Form.Item>
            </>
          ) : d.dialog && (
            <>
              <Typography.Paragraph>{d.dialog.requestedUnitName}申请延期至 {dayText(d.dialog.dueDay)}(原时限 {dayText(d.dialog.fromDay)})。理由：{d.dialog.reason}</Typography.Paragraph>
              <Form.Item name="approve" label="审批" rules={[{ required: true, message: '请选择同意或不同意' }]}>
                <Radio.Group options={[{ value: true, label: '同意延期' }, { value: false, label: '不同意' }]} />
              </Form.Item>
              <Form.Item name="note" label="审批意见"><Input.TextArea id="extension-note" rows={2} maxLength={500} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
