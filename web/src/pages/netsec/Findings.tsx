import { Button, Card, DatePicker, Form, Input, List, Modal, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { RECT_STATUS_LABELS, type RectStatus } from '../../../../common/rectification';
import { netsecApi } from '../../api/netsec';
import { useAuth } from '../../app/auth';
import { dayText, shanghaiDayjs } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';

/** The findings of a security inspection; each one is raised as a rectification of the inspected unit. */
export function InspectionFindings({ entryId, canAdd }: { entryId: string; canAdd: boolean }) {
  const { can } = useAuth();
  const list = useLoad(() => netsecApi.findings(entryId), [entryId]);
  const [form] = Form.useForm();
  const d = useFormDialog<'new'>(form);
  const save = () => d.submit(async (v) => {
    await netsecApi.addFinding(entryId, { problem: v.problem, measures: v.measures, dueDay: v.dueDay.format('YYYY-MM-DD'), ownerPersonId: null }, d.key);
    d.close();
    d.message.success('已登记问题并提出整改');
    await list.reload();
  });
  return (
    <Card title={`检查发现的问题(${list.data?.items.length ?? 0})`} extra={canAdd && can('rectification.manage') && <Button onClick={() => d.open('new', { dueDay: shanghaiDayjs().add(30, 'day') })}>登记问题并提出整改</Button>}>
      <List size="small" dataSource={list.data?.items ?? []} locale={{ emptyText: '未登记发现的问题' }}
        renderItem={(f) => (
          <List.Item>
            <Link to={`/rectification/${f.rectificationId}`}>{f.problem}</Link>
            <span><Tag>{RECT_STATUS_LABELS[f.status as RectStatus] ?? f.status}</Tag><Typography.Text type="secondary">{f.dueDay ? `${dayText(f.dueDay)}前整改` : ''}</Typography.Text></span>
          </List.Item>
        )}
      />
      <Modal open={d.dialog !== null} title="登记检查发现的问题(同时提出整改事项)" onCancel={d.close} onOk={save} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="problem" label="发现的问题" rules={[{ required: true, message: '请填写发现的问题' }]}><Input.TextArea id="finding-problem" rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name="measures" label="整改措施" rules={[{ required: true, message: '请填写整改措施' }]}><Input.TextArea id="finding-measures" rows={2} maxLength={5000} /></Form.Item>
          <Form.Item name="dueDay" label="整改时限" rules={[{ required: true, message: '请选择整改时限' }]}><DatePicker id="finding-due" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
