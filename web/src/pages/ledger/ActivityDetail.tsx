import { App, Button, Card, Descriptions, Form, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ACTIVITY_TYPE_LABELS } from '../../../../common/ledger';
import { ledgerApi } from '../../api/ledger';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { EntryFields, entryBody } from './Activities';

const LABELS = { type: '类型', day: '日期', topic: '主题', onTopic: '涉及本项工作', participants: '参加人员', othersCount: '名单外人数', hostName: '主持人', summary: '内容摘要', planTitle: '关联预案' };

export default function ActivityDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const entry = useLoad(() => ledgerApi.entry(id!), [id]);
  const history = useLoad(() => ledgerApi.entryHistory(id!), [id]);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  if (entry.error) return <LoadError error={entry.error} />;
  const e = entry.data;
  if (!e) return <Card loading />;
  const record = can('ledger.record') && !e.archived;
  const reload = () => Promise.all([entry.reload(), history.reload()]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await ledgerApi.updateEntry(e.id, { ...entryBody(v), version: e.version });
      setEditing(false);
      message.success('已保存');
      await reload();
    } catch (err) {
      showError(err, message, form);
    } finally {
      setBusy(false);
    }
  };
  const toggle = async () => {
    try {
      if (e.archived) await ledgerApi.restoreEntry(e.id, e.version);
      else await ledgerApi.archiveEntry(e.id, e.version);
      await reload();
    } catch (err) {
      showError(err, message);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{e.topic}</Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag>{ACTIVITY_TYPE_LABELS[e.type]}</Tag>
          {e.onTopic && <Tag color="red">涉及本项工作</Tag>}
          {e.archived && <Typography.Text type="secondary">(已归档)</Typography.Text>}
          {record && <Button onClick={() => { form.setFieldsValue({ ...e, day: dayjs(e.day), participantIds: e.participants.map((p) => p.id) }); setEditing(true); }}>编辑</Button>}
          {can('ledger.record') && (
            <Popconfirm title={e.archived ? '恢复该记录？' : '归档该记录？'} okText="确定" cancelText="取消" onConfirm={toggle}><Button>{e.archived ? '恢复' : '归档'}</Button></Popconfirm>
          )}
        </Space>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="单位">{e.unitName}</Descriptions.Item>
          <Descriptions.Item label="日期">{dayText(e.day)}</Descriptions.Item>
          <Descriptions.Item label="主持人">{e.hostName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="参加人数">{e.headcount} 人{e.othersCount ? `(名单外 ${e.othersCount} 人)` : ''}</Descriptions.Item>
          <Descriptions.Item label="参加人员" span={2}>{e.participants.length ? e.participants.map((p) => p.name).join('、') : '—'}</Descriptions.Item>
          {e.planId && <Descriptions.Item label="演练的预案" span={2}><Link to={`/plans?planId=${e.planId}`}>{e.planTitle}</Link></Descriptions.Item>}
          <Descriptions.Item label="内容摘要" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{e.summary ?? '—'}</div></Descriptions.Item>
          {e.minutes && <Descriptions.Item label="会议记录" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{e.minutes}</div></Descriptions.Item>}
        </Descriptions>
      </Card>
      <Attachments entity="ledger_entry" entityId={e.id} title="照片、签到表等附件" canUpload={record} />
      <Card title="修改历史"><History entries={history.data?.items ?? []} labels={LABELS} /></Card>
      <Modal open={editing} title="编辑活动记录" onCancel={() => setEditing(false)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={680}>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ ...e, day: dayjs(e.day), participantIds: e.participants.map((p) => p.id) }}>
          <EntryFields form={form} create={false} />
        </Form>
      </Modal>
    </Space>
  );
}
