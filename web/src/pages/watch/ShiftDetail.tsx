import { Alert, Button, Card, Form, Input, List, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EXCHANGE_PENDING_LABEL, SHIFT_POSITION_LABELS, SWAP_STATUS_LABELS } from '../../../../common/watch';
import { casesApi } from '../../api/cases';
import { newIdempotencyKey } from '../../api/client';
import { watchApi } from '../../api/watch';
import { useAuth } from '../../app/auth';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { GapTags, OnDuty, shiftName } from './common';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A shift's 值班日志: the person on duty records what happened and what was done, links a case, and hands over to the next shift. */
export default function ShiftDetail() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const s = useLoad(() => watchApi.shift(id), [id]);
  const [entryForm] = Form.useForm<{ matter: string; handling?: string; caseId?: string }>();
  const [handForm] = Form.useForm<{ note: string }>();
  const entry = useSubmit(entryForm);
  const hand = useSubmit(handForm);
  const [key, setKey] = useState(newIdempotencyKey);
  const unitId = s.data?.unitId;
  const cases = useLoad(() => (unitId ? casesApi.list({ unitId, pageSize: 50 }) : Promise.resolve(null)), [unitId]);
  // The person on duty opening the log is noted once (a log never opened is reminded).
  const mine = s.data?.mine;
  const opened = s.data?.logOpenedAt;
  useEffect(() => {
    if (mine && !opened && s.data && s.data.startsAt <= new Date().toISOString()) void watchApi.openLog(id).then(s.setData).catch(() => undefined);
  }, [id, mine, opened]); // eslint-disable-line react-hooks/exhaustive-deps
  if (s.error) return <LoadError error={s.error} onRetry={s.reload} />;
  if (!s.data) return <Card loading />;
  const d = s.data;
  const now = new Date().toISOString();
  const started = d.startsAt <= now;
  const writable = can('watch.duty') && started && !d.handedOverAt;
  const addEntry = () => entry.submit(async (v) => {
    await watchApi.addEntry(id, { matter: v.matter, handling: v.handling, caseId: v.caseId ?? null }, key);
    entryForm.resetFields();
    setKey(newIdempotencyKey());
    entry.message.success('已记录');
    await s.reload();
  });
  const handover = () => hand.submit(async (v) => {
    s.setData(await watchApi.handover(id, { note: v.note, version: d.version }));
    hand.message.success('已交班');
  });
  return (
    <DetailPage
      title={`值班日志：${d.unitName} ${shiftName(d)}`}
      bar={
        <>
          {d.handedOverAt ? <Tag color="success">已交班</Tag> : started ? <Tag color="processing">{d.endsAt > now ? '值班中' : '待交班'}</Tag> : <Tag>未开始</Tag>}
          <GapTags gaps={d.gaps} />
          <Link to={`/watch/rosters/${d.rosterId}`}>{d.rosterTitle}</Link>
        </>
      }
      head={
        <Space direction="vertical" size={4}>
          <span>带班领导：<OnDuty p={d.leader} role="带班领导" /></span>
          <span>值班人员：<OnDuty p={d.staff} role="值班人员" /></span>
          <Typography.Text type="secondary">{time(d.startsAt)} 至 {time(d.endsAt)}</Typography.Text>
        </Space>
      }
    >
      {d.previous?.handoverNote && <Alert type="info" showIcon message="上一班交接事项" description={<span style={{ whiteSpace: 'pre-wrap' }}>{d.previous.handoverNote}{d.previous.handedOverBy ? `(${d.previous.handedOverBy})` : ''}</span>} />}
      <Card title={`值班记录(${d.entries.length})`}>
        {d.entries.length ? (
          <Timeline items={d.entries.map((e) => ({
            key: e.id,
            children: (
              <div data-testid="log-entry">
                <Typography.Text strong>{time(e.at)}</Typography.Text> <Typography.Text type="secondary">{e.authorName}</Typography.Text>
                <div style={{ whiteSpace: 'pre-wrap' }}>{e.matter}</div>
                {e.handling && <div style={{ whiteSpace: 'pre-wrap', color: '#555' }}>处置：{e.handling}</div>}
                {e.caseId && <Link to={`/cases/${e.caseId}`}>关联事件：{e.caseTitle}</Link>}
              </div>
            ),
          }))} />
        ) : <Typography.Text type="secondary">暂无记录</Typography.Text>}
        {writable && (
          <Form form={entryForm} layout="vertical" style={{ marginTop: 12 }}>
            <Form.Item name="matter" label="事项" rules={[{ required: true, message: '请填写事项' }]}><Input.TextArea rows={2} maxLength={2000} placeholder="如：接群众电话反映……" /></Form.Item>
            <Form.Item name="handling" label="处置情况"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
            <Form.Item name="caseId" label="关联舆情诉求事件(可选)">
              <Select allowClear showSearch optionFilterProp="label" placeholder="选择本班次登记的事件" loading={cases.loading}
                options={(cases.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }))} />
            </Form.Item>
            <Button type="primary" onClick={addEntry} loading={entry.busy} block>记录</Button>
          </Form>
        )}
        {!started && <Alert type="info" message="班次开始后才能填写值班日志" />}
      </Card>
      {writable && (
        <Card title="交班">
          <Form form={handForm} layout="vertical">
            <Form.Item name="note" label="交接事项" rules={[{ required: true, message: '请填写交接事项' }]}><Input.TextArea rows={3} maxLength={2000} placeholder="未办结事项、需下一班跟进的情况" /></Form.Item>
            <Button onClick={handover} loading={hand.busy} block>交班{d.next?.names.length ? `给 ${d.next.names.join('、')}` : ''}</Button>
          </Form>
        </Card>
      )}
      {d.handedOverAt && <Card title="交接事项"><Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.handoverNote}</Typography.Paragraph><Typography.Text type="secondary">{d.handedOverBy} · {time(d.handedOverAt)}</Typography.Text>{d.next && <div><Link to={`/watch/shifts/${d.next.id}`}>下一班：{shiftName(d.next)}</Link></div>}</Card>}
      {d.swaps.length > 0 && (
        <Card title="换班">
          <List dataSource={d.swaps} renderItem={(w) => <List.Item>{w.other ? `互换${SHIFT_POSITION_LABELS[w.position]}：${shiftName(w)} ${w.fromName} ⇄ ${shiftName(w.other)} ${w.toName}` : `${SHIFT_POSITION_LABELS[w.position]}：${w.fromName ?? '空缺'} → ${w.toName}`} <Tag>{w.other && w.status === 'pending' ? EXCHANGE_PENDING_LABEL : SWAP_STATUS_LABELS[w.status]}</Tag>{w.reason}</List.Item>} />
        </Card>
      )}
    </DetailPage>
  );
}
