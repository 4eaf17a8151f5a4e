import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, List, Modal, Radio, Select, Space, Steps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router-dom';
import { OUTLET_TYPE_LABELS } from '../../../../common/outlets';
import { CORRECTION_SEVERITY_LABELS, CORRECTION_SOURCE_LABELS, type HitView, type PostView, RULE_CATEGORY_LABELS } from '../../../../common/publishing';
import { postApi } from '../../api/outlets';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText, shanghaiToday, shanghaiDayjs } from '../../components/OverdueTag';
import { PermitButton } from '../../components/PermitButton';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { PostFields, postBody, PostStatusTag } from './Publishing';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const ACTIONS = { submit: '提交审核', approve: '审核通过', reject: '审核退回', ack: '确认校对提示', publish: '登记发布', correct: '登记更正', fix: '更正完成' };

/** The text with each open hit marked in place, its suggestion beside it. */
function MarkedText({ body, hits }: { body: string; hits: HitView[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  const sorted = [...hits].filter((h) => h.status !== 'fixed').sort((a, b) => a.start - b.start);
  sorted.forEach((h, i) => {
    if (h.start < at) return;
    parts.push(body.slice(at, h.start));
    parts.push(
      <mark key={h.id} className="proof-hit" title={`${RULE_CATEGORY_LABELS[h.category]}：建议改为“${h.correct}”${h.note ? `(${h.note})` : ''}`}
        style={{ background: h.status === 'kept' ? '#f0f0f0' : h.severity === 'serious' ? '#ffccc7' : '#fff1b8', padding: '0 1px' }}>
        {body.slice(h.start, h.end)}<sup style={{ color: '#d4380d' }}>{i + 1}</sup>
      </mark>,
    );
    at = h.end;
  });
  parts.push(body.slice(at));
  return <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, fontSize: 15 }}>{parts}</div>;
}

/** Lines removed and added between what the reviewer saw and the text now. */
function Changes({ before, after }: { before: string; after: string }) {
  const a = before.split(/(?<=[。！？\n])/);
  const b = after.split(/(?<=[。！？\n])/);
  const gone = a.filter((x) => !b.includes(x));
  const added = b.filter((x) => !a.includes(x));
  return (
    <div style={{ fontSize: 13 }}>
      {gone.map((x, i) => <div key={`g${i}`} style={{ color: '#cf1322', textDecoration: 'line-through' }}>－{x}</div>)}
      {added.map((x, i) => <div key={`a${i}`} style={{ color: '#389e0d' }}>＋{x}</div>)}
      {!gone.length && !added.length && <div>正文未变(标题或其他信息有调整)</div>}
    </div>
  );
}

type Dialog = 'edit' | 'approve' | 'reject' | 'publish' | 'correct' | 'fix' | { hit: HitView };

/** One post: its text with proofreading hits in place, the chain's steps, and what the caller may do now (and why not). */
export default function PostDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const item = useLoad(() => postApi.get(id!), [id]);
  const history = useLoad(() => postApi.history(id!), [id]);
  const [form] = Form.useForm();
  const d = useFormDialog<Dialog>(form);
  const [fixing, setFixing] = useState<string | null>(null);
  if (item.error) return <LoadError error={item.error} />;
  const p = item.data;
  if (!p) return <Card loading />;
  const reload = () => Promise.all([item.reload(), history.reload()]);
  const step = p.currentStep;
  const openHits = p.hits.filter((h) => h.status === 'open');

  const submit = () => d.submit(async (v) => {
    const dl = d.dialog!;
    let done = '';
    if (dl === 'edit') { await postApi.update(p.id, { ...postBody(v), version: p.version }); done = '已保存'; }
    if (dl === 'approve') { await postApi.approve(p.id, { version: p.version, opinion: v.opinion || null, readThrough: Boolean(v.readThrough), notSecret: Boolean(v.notSecret) }); done = `已完成${step?.label ?? '审核'}`; }
    if (dl === 'reject') { await postApi.reject(p.id, { version: p.version, reason: v.reason }); done = '已退回作者'; }
    if (dl === 'publish') { await postApi.publish(p.id, { version: p.version, outletId: v.outletId, publishedOn: v.publishedOn.format('YYYY-MM-DD'), url: v.url || null }); done = '已登记发布'; }
    if (dl === 'correct') {
      await postApi.correct(p.id, { version: p.version, wrong: v.wrong, severity: v.severity, foundBy: v.foundBy, foundOn: v.foundOn.format('YYYY-MM-DD'), fixedOn: v.fixedOn ? v.fixedOn.format('YYYY-MM-DD') : null, note: v.note || null });
      done = '已登记更正';
    }
    if (dl === 'fix') { await postApi.fixCorrection(p.id, v.correctionId, { version: 0, fixedOn: v.fixedOn.format('YYYY-MM-DD'), note: v.note || null }); done = '已登记更正完成'; }
    if (typeof dl === 'object') { await postApi.ack(p.id, dl.hit.id, { version: p.version, action: 'kept', reason: v.reason }); done = '已确认保留原文'; }
    d.message.success(done);
    d.close();
    await reload();
  });
  const fix = async (h: HitView) => {
    setFixing(h.id);
    try {
      await postApi.ack(p.id, h.id, { version: p.version, action: 'fixed' });
      d.message.success(`已改为“${h.correct}”`);
      await reload();
    } catch (err) {
      d.message.error((err as Error).message);
    } finally {
      setFixing(null);
    }
  };
  const submitPost = async () => {
    try {
      const r = await postApi.submit(p.id, p.version);
      d.message.success(r.hits.length ? `已提交审核，校对发现 ${r.hits.length} 处需确认` : '已提交审核');
      await reload();
    } catch (err) {
      d.message.error((err as Error).message);
    }
  };
  const unpublished = p.targets.filter((t) => !t.publishedOn);
  const reviewing = p.status === 'reviewing';

  return (
    <DetailPage
      title={p.title}
      bar={
        <>
          <PostStatusTag p={p} />
          {p.important && <Tag color="red">重要信息</Tag>}
          {p.archived && <Typography.Text type="secondary">(已归档)</Typography.Text>}
          {can('post.write') && (p.status === 'draft' || p.status === 'rejected') && <PermitButton permits={p} action="submit" type="primary" onClick={submitPost}>提交审核</PermitButton>}
          {can('post.write') && (p.status === 'draft' || p.status === 'rejected') && <PermitButton permits={p} action="edit" onClick={() => d.open('edit', { ...p, outletIds: p.targets.map((t) => t.outletId), plannedAt: p.plannedAt ? dayjs(p.plannedAt) : null })}>修改</PermitButton>}
          {reviewing && step && <PermitButton permits={p} action="approve" type="primary" explain onClick={() => d.open('approve')}>{step.label}通过</PermitButton>}
          {reviewing && step && <PermitButton permits={p} action="reject" danger onClick={() => d.open('reject')}>退回</PermitButton>}
          {(p.status === 'approved' || p.status === 'published') && can('post.write') && <PermitButton permits={p} action="publish" type="primary" onClick={() => d.open('publish', { outletId: unpublished[0]?.outletId, publishedOn: shanghaiDayjs() })}>登记发布</PermitButton>}
          {p.status === 'published' && can('post.correct') && <PermitButton permits={p} action="correct" onClick={() => d.open('correct', { severity: 'normal', foundBy: 'self', foundOn: shanghaiDayjs() })}>登记更正</PermitButton>}
          {p.steps.length > 0 && <Button icon={<DownloadOutlined />} href={postApi.formUrl(p.id)}>审批表</Button>}
          {can('post.write') && p.can.archive && <ArchiveToggle archived={p.archived} what="该信息" toggle={(on) => (on ? postApi.restore(p.id, p.version) : postApi.archive(p.id, p.version))} onDone={reload} />}
        </>
      }
      head={
        <>
          {p.lastRejectReason && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${p.status === 'rejected' ? '已退回' : '曾被退回'}：${p.lastRejectReason}`} />}
          {p.changedSinceYouSaw && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`自您审核第${p.changedSinceYouSaw.revision}稿以来的修改`} description={<Changes before={p.changedSinceYouSaw.body} after={p.body} />} />
          )}
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="单位">{p.unitName}</Descriptions.Item>
            <Descriptions.Item label="作者">{p.authorName}</Descriptions.Item>
            <Descriptions.Item label="发布阵地" span={2}>{p.targets.map((t) => `${t.outletName}(${OUTLET_TYPE_LABELS[t.outletType]})`).join('、')}</Descriptions.Item>
            {p.plannedAt && <Descriptions.Item label="计划发布">{dayText(p.plannedAt)}</Descriptions.Item>}
            {p.revision > 0 && <Descriptions.Item label="送审">第{p.revision}稿</Descriptions.Item>}
          </Descriptions>
          {p.chain.length > 0 && (
            <Steps size="small" style={{ marginTop: 12 }} responsive={false} direction="horizontal"
              current={p.stepIndex ?? (p.status === 'approved' || p.status === 'published' ? p.chain.length : 0)}
              status={p.status === 'rejected' ? 'error' : undefined}
              items={p.chain.map((c) => {
                const done = [...p.steps].reverse().find((s) => s.stepKey === c.key && s.revision === p.revision && s.decision === 'approve');
                return { title: c.label, description: done ? done.actorName.replace(/\(.*\)$/, '') : undefined };
              })} />
          )}
        </>
      }
    >
      <Card title="正文">
        <MarkedText body={p.body} hits={p.hits} />
      </Card>
      {p.hits.length > 0 && (
        <Card title={`校对提示(${openHits.length ? `${openHits.length} 处待确认` : '已全部确认'})`}>
          {reviewing && p.why.ack && openHits.length > 0 && <Typography.Paragraph type="secondary">{p.why.ack}</Typography.Paragraph>}
          <List dataSource={[...p.hits].sort((a, b) => a.start - b.start)} renderItem={(h, i) => (
            <List.Item className="proof-hit-row" actions={h.status === 'open' && p.can.ack ? [
              <Button key="f" size="small" type="primary" loading={fixing === h.id} onClick={() => fix(h)}>改正</Button>,
              <Button key="k" size="small" onClick={() => d.open({ hit: h })}>保留原文</Button>,
            ] : []}>
              <List.Item.Meta
                title={<Space wrap size={4}><span>{i + 1}. “{h.matched}” → “{h.correct}”</span><Tag>{RULE_CATEGORY_LABELS[h.category]}</Tag>{h.severity === 'serious' && <Tag color="red">严重</Tag>}</Space>}
                description={<>{h.note && <div>{h.note}</div>}{h.status === 'fixed' && <Typography.Text type="success">已改正({h.ackByName})</Typography.Text>}{h.status === 'kept' && <Typography.Text>保留原文：{h.reason}({h.ackByName})</Typography.Text>}{h.status === 'open' && <Typography.Text type="warning">待确认</Typography.Text>}</>}
              />
            </List.Item>
          )} />
        </Card>
      )}
      <Card title="审核经过">
        <List dataSource={p.steps} locale={{ emptyText: '尚未审核' }} renderItem={(s) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <span><Tag color={s.decision === 'approve' ? 'green' : 'red'}>{s.label}{s.decision === 'approve' ? '通过' : '退回'}</Tag>{s.actorName}　{when(s.at)}　第{s.revision}稿</span>
              {s.opinion && <Typography.Text>{s.opinion}</Typography.Text>}
              {(s.readThrough || s.notSecret) && <Typography.Text type="secondary">{[s.readThrough ? '已通读全文' : '', s.notSecret ? '经审核不涉密' : ''].filter(Boolean).join('，')}</Typography.Text>}
            </Space>
          </List.Item>
        )} />
      </Card>
      {p.targets.some((t) => t.publishedOn) && (
        <Card title="发布记录">
          <List dataSource={p.targets.filter((t) => t.publishedOn)} renderItem={(t) => (
            <List.Item>{t.outletName}　{dayText(t.publishedOn)}　{t.url ? <a href={t.url} target="_blank" rel="noreferrer">{t.url}</a> : ''}<Typography.Text type="secondary">　{t.publishedByName}</Typography.Text></List.Item>
          )} />
        </Card>
      )}
      {p.corrections.length > 0 && (
        <Card title="更正">
          <List dataSource={p.corrections} renderItem={(c) => (
            <List.Item actions={!c.fixedOn && p.can.correct ? [<Button key="fix" size="small" onClick={() => d.open('fix', { correctionId: c.id, fixedOn: shanghaiDayjs() })}>更正完成</Button>] : []}>
              <Space direction="vertical" size={0}>
                <span><Tag color={c.severity === 'serious' ? 'red' : 'default'}>{CORRECTION_SEVERITY_LABELS[c.severity]}</Tag>{c.wrong}</span>
                <Typography.Text type="secondary">{CORRECTION_SOURCE_LABELS[c.foundBy]}，{dayText(c.foundOn)}发现；{c.fixedOn ? `${dayText(c.fixedOn)}已更正` : '尚未更正'}{c.note ? `。${c.note}` : ''}</Typography.Text>
              </Space>
            </List.Item>
          )} />
        </Card>
      )}
      <Attachments entity="post" entityId={p.id} title="图片和附件" canUpload={can('post.write') && (p.status === 'draft' || p.status === 'rejected')} />
      <Card title="操作记录"><History entries={history.data?.items ?? []} labels={{ title: '标题', body: '正文' }} actions={ACTIONS} /></Card>

      <Modal
        open={d.dialog !== null}
        title={typeof d.dialog === 'object' && d.dialog ? '保留原文' : { edit: '修改信息', approve: `${step?.label ?? ''}通过`, reject: '退回作者', publish: '登记发布', correct: '登记更正', fix: '更正完成' }[(d.dialog as string) ?? 'edit']}
        onCancel={d.close} onOk={submit} okText="确定" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={d.dialog === 'edit' ? 720 : 520}
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ unitId: p.unitId }}>
          {d.dialog === 'edit' && <><Form.Item name="unitId" hidden><Input /></Form.Item><PostFields form={form} create={false} /></>}
          {d.dialog === 'approve' && (
            <>
              <Form.Item name="opinion" label="审核意见"><Input.TextArea id="post-opinion" rows={3} maxLength={1000} placeholder="如：同意" /></Form.Item>
              {p.important && <Form.Item name="readThrough" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('重要信息须通读全文后确认'))) }]}><Checkbox id="post-read-through">我已通读全文</Checkbox></Form.Item>}
              {step?.final && <Form.Item name="notSecret" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('终审前须确认信息不涉密'))) }]}><Checkbox id="post-not-secret">经审核，本信息不涉及国家秘密和工作秘密</Checkbox></Form.Item>}
            </>
          )}
          {d.dialog === 'reject' && <Form.Item name="reason" label="退回原因" rules={[{ required: true, message: '请填写退回原因' }]}><Input.TextArea id="post-reject-reason" rows={3} maxLength={1000} /></Form.Item>}
          {typeof d.dialog === 'object' && d.dialog && (
            <>
              <Typography.Paragraph>“{d.dialog.hit.matched}”(建议改为“{d.dialog.hit.correct}”)</Typography.Paragraph>
              <Form.Item name="reason" label="保留原因" rules={[{ required: true, message: '保留原文时请填写保留原因' }]}><Input id="hit-reason" maxLength={500} placeholder="如：引用文件原文" /></Form.Item>
            </>
          )}
          {d.dialog === 'publish' && (
            <>
              <Form.Item name="outletId" label="发布阵地" rules={[{ required: true, message: '请选择发布阵地' }]}>
                <Select id="publish-outlet" options={unpublished.map((t) => ({ value: t.outletId, label: t.outletName }))} />
              </Form.Item>
              <Form.Item name="publishedOn" label="发布日期" rules={[{ required: true, message: '请选择发布日期' }]}><DatePicker id="publish-day" disabledDate={(x) => x.format('YYYY-MM-DD') > shanghaiToday()} /></Form.Item>
              <Form.Item name="url" label="网址"><Input id="publish-url" maxLength={500} placeholder="https://" /></Form.Item>
            </>
          )}
          {d.dialog === 'correct' && (
            <>
              <Form.Item name="wrong" label="错误内容" rules={[{ required: true, message: '请填写错误内容' }]}><Input.TextArea id="correct-wrong" rows={2} maxLength={1000} /></Form.Item>
              <Form.Item name="severity" label="严重程度"><Radio.Group id="correct-severity" options={[{ value: 'normal', label: '一般' }, { value: 'serious', label: '严重表述错误' }]} /></Form.Item>
              <Form.Item name="foundBy" label="发现途径"><Radio.Group id="correct-found-by" options={Object.entries(CORRECTION_SOURCE_LABELS).map(([value, label]) => ({ value, label }))} /></Form.Item>
              <Space wrap>
                <Form.Item name="foundOn" label="发现日期" rules={[{ required: true, message: '请选择发现日期' }]}><DatePicker id="correct-found-on" /></Form.Item>
                <Form.Item name="fixedOn" label="更正日期"><DatePicker id="correct-fixed-on" /></Form.Item>
              </Space>
              <Form.Item name="note" label="更正说明(公开)"><Input.TextArea id="correct-note" rows={2} maxLength={1000} /></Form.Item>
            </>
          )}
          {d.dialog === 'fix' && (
            <>
              <Form.Item name="correctionId" hidden><Input /></Form.Item>
              <Form.Item name="fixedOn" label="更正日期" rules={[{ required: true, message: '请选择更正日期' }]}><DatePicker id="fix-day" /></Form.Item>
              <Form.Item name="note" label="更正说明(公开)"><Input.TextArea id="fix-note" rows={2} maxLength={1000} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </DetailPage>
  );
}
