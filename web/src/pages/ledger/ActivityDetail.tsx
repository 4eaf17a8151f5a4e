import { Button, Card, Descriptions, Form, Modal, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { LIFE_MEETING_TYPES, ACTIVITY_TYPE_LABELS } from '../../../../common/ledger';
import { ledgerApi } from '../../api/ledger';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { InspectionFindings } from '../netsec/Findings';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { DetailPage } from '../../components/DetailPage';
import { useSubmit } from '../../components/useSubmit';
import { EntryFields, entryBody } from './Activities';

const LABELS = { type: '类型', day: '日期', topic: '主题', onTopic: '涉及本项工作', participants: '参加人员', othersCount: '名单外人数', hostName: '主持人', summary: '内容摘要', planTitle: '关联预案', reportedSeparately: '专门报告本项工作', audienceCount: '受众人次', materialsCount: '发放资料份数' };

export default function ActivityDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const entry = useLoad(() => ledgerApi.entry(id!), [id]);
  const history = useLoad(() => ledgerApi.entryHistory(id!), [id]);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const { busy, submit, message } = useSubmit(form);
  if (entry.error) return <LoadError error={entry.error} />;
  const e = entry.data;
  if (!e) return <Card loading />;
  const record = can('ledger.record') && !e.archived;
  const reload = () => Promise.all([entry.reload(), history.reload()]);

  const save = () => submit(async (v) => {
    await ledgerApi.updateEntry(e.id, { ...entryBody(v), version: e.version });
    setEditing(false);
    message.success('已保存');
    await reload();
  });

  return (
    <DetailPage
      title={e.topic}
      bar={
        <>
            <Tag>{ACTIVITY_TYPE_LABELS[e.type]}</Tag>
            {e.onTopic && <Tag color="red">涉及本项工作</Tag>}
            {e.archived && <Typography.Text type="secondary">(已归档)</Typography.Text>}
            {record && <Button onClick={() => { form.setFieldsValue({ ...e, day: dayjs(e.day), participantIds: e.participants.map((p) => p.id) }); setEditing(true); }}>编辑</Button>}
            {can('ledger.record') && (
              <ArchiveToggle archived={e.archived} what="该记录" toggle={(on) => (on ? ledgerApi.restoreEntry(e.id, e.version) : ledgerApi.archiveEntry(e.id, e.version))} onDone={reload} />
            )}
        </>
      }
      head={
        <>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="单位">{e.unitName}</Descriptions.Item>
            <Descriptions.Item label="日期">{dayText(e.day)}</Descriptions.Item>
            <Descriptions.Item label={e.type === 'debriefing' ? '述职的领导' : '主持人'}>{e.hostName ?? '—'}</Descriptions.Item>
            {e.type === 'debriefing' && <Descriptions.Item label="专门报告网络意识形态工作">{e.reportedSeparately ? '是' : '否'}</Descriptions.Item>}
            {e.audienceCount !== null && <Descriptions.Item label="受众">{e.audienceCount} 人次{e.materialsCount ? `，发放资料 ${e.materialsCount} 份` : ''}</Descriptions.Item>}
            <Descriptions.Item label="参加人数">{e.headcount} 人{e.othersCount ? `(名单外 ${e.othersCount} 人)` : ''}</Descriptions.Item>
            <Descriptions.Item label="参加人员" span={2}>{e.participants.length ? e.participants.map((p) => p.name).join('、') : '—'}</Descriptions.Item>
            {e.planId && <Descriptions.Item label="演练的预案" span={2}><Link to={`/plans?planId=${e.planId}`}>{e.planTitle}</Link></Descriptions.Item>}
            <Descriptions.Item label="内容摘要" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{e.summary ?? '—'}</div></Descriptions.Item>
            {e.minutes && <Descriptions.Item label="会议记录" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{e.minutes}</div></Descriptions.Item>}
          </Descriptions>
        </>
      }
    >
      <Attachments entity="ledger_entry" entityId={e.id} title="照片、签到表等附件" canUpload={record} />
      {e.type === 'security_inspection' && <InspectionFindings entryId={e.id} canAdd={!e.archived} />}
      {LIFE_MEETING_TYPES.includes(e.type) && <Attachments entity="ledger_self_exam" entityId={e.id} title={`班子成员对照检查材料(${e.selfExamCount} 份)`} canUpload={record} />}
      <Card title="修改历史"><History entries={history.data?.items ?? []} labels={LABELS} /></Card>
      <Modal open={editing} title="编辑活动记录" onCancel={() => setEditing(false)} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={680}>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ ...e, day: dayjs(e.day), participantIds: e.participants.map((p) => p.id) }}>
          <EntryFields form={form} create={false} />
        </Form>
      </Modal>
    </DetailPage>
  );
}
