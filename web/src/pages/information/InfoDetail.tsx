import { Button, Card, Descriptions, Form, Input, Modal, Radio, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { INFO_KIND_LABELS, INFO_KINDS, INFO_OUTCOME_LABELS, INFO_OUTCOMES } from '../../../../common/information';
import { infoApi } from '../../api/information';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';
import { OutcomeTag } from './Information';

/** One item sent up: its text and files; the receiving unit records the outcome; the sender edits or withdraws it until then. */
export default function InfoDetail() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const i = useLoad(() => infoApi.get(id), [id]);
  const hist = useLoad(() => infoApi.history(id), [id, i.data?.version]);
  const [form] = Form.useForm();
  const outcome = useSubmit(form);
  const outcomeValue = Form.useWatch('outcome', form);
  const [editForm] = Form.useForm();
  const edit = useFormDialog<'edit'>(editForm);
  if (i.error) return <LoadError error={i.error} onRetry={i.reload} />;
  if (!i.data) return <Card loading />;
  const v = i.data;
  const record = () => outcome.submit(async (f) => {
    i.setData(await infoApi.outcome(id, { ...f, version: v.version }));
    outcome.message.success('已登记采用情况');
  });
  const saveEdit = () => edit.submit(async (f) => {
    i.setData(await infoApi.update(id, { ...f, version: v.version }));
    edit.close();
    edit.message.success('已保存');
  });
  const mayEdit = can('info.submit') && !v.outcome && !v.archived;
  return (
    <DetailPage
      title={v.title}
      bar={
        <>
          {v.archived && <Tag>已撤回</Tag>}
          <Tag>{INFO_KIND_LABELS[v.kind]}</Tag>
          <OutcomeTag i={v} />
          {mayEdit && <Button size="small" onClick={() => edit.open('edit', { kind: v.kind, title: v.title, content: v.content })}>修改</Button>}
          {can('info.submit') && !v.outcome && <ArchiveToggle archived={v.archived} what="该信息" label={['撤回', '恢复']} toggle={(a) => (a ? infoApi.archive(id, v.version) : infoApi.restore(id, v.version)).then(i.setData)} />}
        </>
      }
      head={
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
            { label: '报送单位', children: v.unitName }, { label: '接收单位', children: v.toUnitName },
            { label: '报送日期', children: dayText(v.sentDay) }, { label: '报送人', children: v.sentBy },
            ...(v.outcome ? [{ label: '采用情况', children: <span>{INFO_OUTCOME_LABELS[v.outcome]}{v.outcomeWhere ? `(${v.outcomeWhere})` : ''}{v.outcomeNote ? `：${v.outcomeNote}` : ''}</span> }, { label: '登记', children: `${v.outcomeBy ?? ''} ${dayText(v.outcomeDay)}` }] : []),
          ]} />
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{v.content}</Typography.Paragraph>
        </>
      }
    >
      {v.receivedByMe && can('info.review') && !v.archived && (
        <Card title={v.outcome ? '更正采用情况' : '登记采用情况'}>
          <Form form={form} layout="vertical" initialValues={{ outcome: v.outcome ?? undefined, where: v.outcomeWhere, note: v.outcomeNote }}>
            <Form.Item name="outcome" label="采用情况" rules={[{ required: true, message: '请选择采用情况' }]}><Radio.Group options={INFO_OUTCOMES.map((o) => ({ value: o, label: INFO_OUTCOME_LABELS[o] }))} /></Form.Item>
            {outcomeValue === 'published' && <Form.Item name="where" label="刊发载体" rules={[{ required: true, message: '请填写刊发载体(在哪里刊发)' }]}><Input maxLength={200} placeholder="如：《网信工作简报》第12期" /></Form.Item>}
            <Form.Item name="note" label="说明"><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
            <Button type="primary" onClick={record} loading={outcome.busy}>保存</Button>
          </Form>
        </Card>
      )}
      <Attachments entity="info_item" entityId={id} title="附件" canUpload={mayEdit} />
      <Card title="历史"><History entries={hist.data?.items ?? []} labels={{ title: '标题', kind: '类别', outcome: '采用情况', outcomeWhere: '刊发载体', outcomeNote: '说明' }} actions={{ outcome: '登记采用情况' }} /></Card>
      <Modal open={edit.dialog !== null} title="修改报送信息" onCancel={edit.close} onOk={saveEdit} okText="保存" cancelText="取消" confirmLoading={edit.busy} destroyOnHidden width={640}>
        <Form form={editForm} layout="vertical" preserve={false}>
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}><Radio.Group options={INFO_KINDS.map((k) => ({ value: k, label: INFO_KIND_LABELS[k] }))} /></Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="content" label="正文" rules={[{ required: true, message: '请填写正文' }]}><Input.TextArea rows={8} maxLength={20000} /></Form.Item>
        </Form>
      </Modal>
    </DetailPage>
  );
}
