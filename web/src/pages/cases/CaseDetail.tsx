import { NotificationOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Grid, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Timeline, Tooltip, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  CASE_LEVEL_LABELS, CASE_LEVELS, CASE_SOURCE_LABELS, CASE_VIA_LABELS, type EventDetailView, FOLLOWUP_LABELS, FOLLOWUP_RESULTS,
  isMajorOrAbove, VERIFICATION_LABELS, VERIFICATION_RESULTS,
} from '../../../../common/cases';
import { casesApi, unreadChanged } from '../../api/cases';
import { documentsApi } from '../../api/documents';
import { newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError, showError } from '../../components/errors';
import { type TreeNode, useUnitTree } from '../../components/UnitSelect';
import { useLoad } from '../../components/useLoad';
import { ClockTag, LevelTag, sourcesText, StatusTag, when } from './common';
import { LATE_ENTRY_STEPS, LateEntryFields, lateEntryOf, StepTime } from './LateEntry';

type Action =
  | 'triage' | 'assign' | 'return' | 'verify' | 'firstInfo' | 'respond' | 'close' | 'approve' | 'reject' | 'followUp'
  | 'supervise' | 'instruct' | 'pause' | 'resume';

const ACTION: Record<Action, { label: string; ok: string; can: keyof EventDetailView['can']; why?: keyof EventDetailView['why']; danger?: boolean }> = {
  triage: { label: '研判', ok: '保存研判', can: 'triage', why: 'triage' },
  assign: { label: '交办', ok: '交办', can: 'assign', why: 'assign' },
  return: { label: '退回', ok: '退回', can: 'return', why: 'return', danger: true },
  verify: { label: '核实', ok: '保存核实结果', can: 'verify', why: 'verify' },
  firstInfo: { label: '发布权威信息', ok: '保存', can: 'firstInfo' },
  respond: { label: '处置与回应', ok: '保存回应', can: 'respond', why: 'respond' },
  close: { label: '办结', ok: '办结', can: 'close', why: 'close' },
  approve: { label: '批准办结', ok: '批准办结', can: 'approve', why: 'approve' },
  reject: { label: '不同意办结', ok: '不同意办结', can: 'approve', why: 'approve', danger: true },
  followUp: { label: '回访', ok: '保存回访', can: 'followUp' },
  supervise: { label: '督办', ok: '督办', can: 'supervise', why: 'supervise' },
  instruct: { label: '批示', ok: '发送批示', can: 'instruct', why: 'instruct' },
  pause: { label: '暂停计时', ok: '暂停计时', can: 'pause' },
  resume: { label: '恢复计时', ok: '恢复计时', can: 'resume' },
};

/** The next steps of each state: shown even when disabled, with the reason. Others show only when allowed. */
const NEXT: Record<string, Action[]> = {
  registered: ['triage'],
  triaged: ['assign', 'verify'],
  assigned: ['verify', 'return'],
  verified: ['respond'],
  responded: ['close'],
  pending_close: ['approve', 'reject'],
  closed: [],
};
const ORDER: Action[] = ['triage', 'assign', 'verify', 'respond', 'close', 'approve', 'reject', 'firstInfo', 'return', 'supervise', 'instruct', 'pause', 'resume', 'followUp'];

function findNode(nodes: TreeNode[], id: string): TreeNode | null {
  for (const n of nodes) {
    if (n.value === id) return n;
    const found = findNode(n.children, id);
    if (found) return found;
  }
  return null;
}
const strip = (n: TreeNode, disabledId?: string): any => ({ value: n.value, title: n.title, key: n.key, disabled: n.value === disabledId, children: n.children.map((c) => strip(c, disabledId)) });

/** One event: its reports, triage, the handling flow, SLA clocks, the timeline and the direct-report receipts. */
export default function CaseDetail() {
  const { id } = useParams();
  const { session, can } = useAuth();
  const [briefBusy, setBriefBusy] = useState(false);
  const [briefKey, setBriefKey] = useState(newIdempotencyKey);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const item = useLoad(() => casesApi.get(id!), [id]);
  const options = useLoad(() => casesApi.options(), []);
  const { tree } = useUnitTree();
  const [dialog, setDialog] = useState<Action | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');

  const e = item.data;
  const triageTree = useMemo(() => {
    const n = e ? findNode(tree, e.unitId) : null;
    return n ? [strip(n)] : [];
  }, [tree, e]);
  const assignTree = useMemo(() => {
    const n = e ? findNode(tree, e.handlingUnitId) : null;
    return n ? [strip(n, n.value)] : [];
  }, [tree, e]);

  if (item.error) return <LoadError error={item.error} onRetry={item.reload} />;
  if (!e) return <Card loading />;

  const myUnit = session!.account.unitId;
  // 舆情专报 of this event: a draft of the unit that received it, opened in the documents pages.
  const makeBrief = async () => {
    setBriefBusy(true);
    try {
      const d = await documentsApi.create({ unitId: e.unitId, type: 'case_brief', caseId: e.id }, briefKey);
      setBriefKey(newIdempotencyKey());
      navigate(`/documents/${d.id}`, { state: { draft: d } });
    } catch (err) {
      showError(err, message);
    } finally {
      setBriefBusy(false);
    }
  };
  const myReceipt = e.directReports.find((d) => d.unitId === myUnit);
  const instructions = e.steps.filter((s) => s.step === 'instruct');

  const openDialog = (a: Action) => {
    form.resetFields();
    setKey(newIdempotencyKey());
    if (a === 'triage') form.setFieldsValue({ level: e.level ?? undefined, category: e.category ?? undefined, handlingUnitId: e.handlingUnitId });
    if (a === 'respond') form.setFieldsValue({ measures: e.measures ?? undefined, publicReply: e.publicReply ?? undefined });
    if (a === 'pause' && options.data?.waitStates.length === 1) form.setFieldsValue({ reason: options.data.waitStates[0] });
    setDialog(a);
  };

  const run = async (fn: () => Promise<EventDetailView>, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      const next = await fn();
      item.setData(next);
      setDialog(null);
      unreadChanged();
      message.success(done);
      return true;
    } catch (err) {
      showError(err, message, form);
      // Someone else moved the event on: show what it is now.
      if ((err as { status?: number }).status === 409) void item.reload();
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    const version = e.version;
    const note = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : null);
    const late = lateEntryOf(v);
    switch (dialog) {
      case 'triage': return run(() => casesApi.triage(e.id, { version, level: v.level, category: v.category, handlingUnitId: v.handlingUnitId, note: note(v.note), ...late }),
        isMajorOrAbove(v.level) ? '已研判，并已直报上级单位' : '已研判');
      case 'assign': return run(() => casesApi.assign(e.id, { version, unitId: v.unitId, note: note(v.note) }), '已交办');
      case 'return': {
        // The unit that sends an event back no longer handles it (nor, below the owner, sees it): back to the list.
        const back = e.assignedByUnitName ?? '交办单位';
        if (await run(() => casesApi.sendBack(e.id, { version, reason: v.reason }), `已退回给${back}`)) navigate('/cases');
        return;
      }
      case 'verify': return run(() => casesApi.verify(e.id, { version, result: v.result, note: v.note, ...late }), '已保存核实结果');
      case 'firstInfo': return run(() => casesApi.firstInfo(e.id, { version, text: v.text, ...late }), '已记录发布的权威信息');
      case 'respond': return run(() => casesApi.respond(e.id, { version, measures: v.measures, publicReply: v.publicReply, ...late }), '已保存处置与回应，反映人凭查询码可以看到答复');
      case 'close': return run(() => casesApi.close(e.id, { version, note: note(v.note), ...late }), isMajorOrAbove(e.level) ? '已申请办结，等待领导审批' : '已办结');
      case 'approve': return run(() => casesApi.approveClose(e.id, { version, note: note(v.note), ...late }), '已批准办结');
      case 'reject': return run(() => casesApi.rejectClose(e.id, { version, reason: v.reason }), '已退回办结申请');
      case 'followUp': return run(() => casesApi.followUp(e.id, { version, result: v.result, note: note(v.note) }), '已保存回访');
      case 'supervise': return run(() => casesApi.supervise(e.id, { version, dueDay: v.dueDay.format('YYYY-MM-DD'), note: v.note }), '已督办');
      case 'instruct': return run(() => casesApi.instruct(e.id, { text: v.text }, key), '已发送批示，责任单位可以看到');
      case 'pause': return run(() => casesApi.pause(e.id, { version, reason: v.reason }), '已暂停计时');
      case 'resume': return run(() => casesApi.resume(e.id, { version }), '已恢复计时');
    }
  };

  const markRead = () => run(() => casesApi.markRead(e.id), '已阅');
  const toggleArchive = () => run(() => (e.archived ? casesApi.restore(e.id, e.version) : casesApi.archive(e.id, e.version)), e.archived ? '已恢复' : '已归档');

  // Allowed actions, and the next steps of this state even when not allowed (with why).
  const shown = ORDER.filter((a) => {
    const spec = ACTION[a];
    if (e.can[spec.can]) return true;
    if (e.status === 'closed' || e.archived) return false;
    if (a === 'instruct') return !!myReceipt && session!.account.role !== 'leader';
    return NEXT[e.status]?.includes(a) && !!spec.why && !!e.why[spec.why];
  });
  const big = narrow ? { size: 'large' as const, block: true } : {};

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{e.title}</Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <StatusTag status={e.status} />
          <LevelTag level={e.level} />
          {e.category && <Tag>{e.category}</Tag>}
          {e.overdue && <Tag color="red" style={{ fontWeight: 600 }}>超时</Tag>}
          {e.pausedAt && <Tag>计时已暂停：{e.pauseReason}</Tag>}
          {e.archived && <Tag>已归档</Tag>}
          <Typography.Text type="secondary">{sourcesText(e)}</Typography.Text>
        </Space>

        {instructions.length > 0 && (
          <Alert
            type="error"
            showIcon
            icon={<NotificationOutlined />}
            style={{ marginBottom: 12 }}
            message={`上级批示(${instructions.length} 条)`}
            description={instructions.map((s) => (
              <div key={s.id} style={{ marginTop: 4 }}><Typography.Text strong>{s.comment}</Typography.Text> <Typography.Text type="secondary">—— {s.actorUnitName} {s.actorName}，{when(s.at)}</Typography.Text></div>
            ))}
          />
        )}
        {myReceipt && !myReceipt.readAt && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="该事件直报本单位，尚未阅"
            action={<Button type="primary" onClick={markRead} loading={busy}>已阅</Button>} />
        )}

        <div data-testid="case-actions" style={narrow ? { display: 'grid', gap: 8 } : { display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start' }}>
          {shown.map((a) => {
            const spec = ACTION[a];
            const allowed = e.can[spec.can];
            const why = !allowed && spec.why ? e.why[spec.why] : undefined;
            const button = (
              <Button {...big} type={allowed && NEXT[e.status]?.includes(a) && !spec.danger ? 'primary' : 'default'} danger={spec.danger} disabled={!allowed} onClick={() => openDialog(a)}>
                {a === 'close' && isMajorOrAbove(e.level) ? '申请办结' : spec.label}
              </Button>
            );
            return (
              <div key={a}>
                {why ? <Tooltip title={why}><span style={narrow ? { display: 'block' } : undefined}>{button}</span></Tooltip> : button}
                {why && <div style={{ fontSize: 12, color: '#888', marginTop: 2, maxWidth: narrow ? undefined : 200 }}>{why}</div>}
              </div>
            );
          })}
        </div>
      </Card>

      <Card title="办理情况" size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="受理单位">{e.unitName}</Descriptions.Item>
          <Descriptions.Item label="责任单位">{e.handlingUnitName}{e.assignedByUnitName && <Typography.Text type="secondary">({e.assignedByUnitName}交办)</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label="最早收到">{when(e.firstReceivedAt)}</Descriptions.Item>
          <Descriptions.Item label="研判时间">{when(e.triagedAt)}</Descriptions.Item>
          {e.superviseDueAt && <Descriptions.Item label="督办时限"><Typography.Text type={e.overdue && e.status !== 'closed' ? 'danger' : undefined}>{when(e.superviseDueAt)} 前</Typography.Text></Descriptions.Item>}
          {e.verificationResult && <Descriptions.Item label="核实结果" span={2}><Tag>{VERIFICATION_LABELS[e.verificationResult]}</Tag>{e.verificationNote}</Descriptions.Item>}
          {e.measures && <Descriptions.Item label="处置措施" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{e.measures}</div></Descriptions.Item>}
          {e.publicReply && <Descriptions.Item label="公开答复" span={2}><div><div style={{ whiteSpace: 'pre-wrap' }}>{e.publicReply}</div><div style={{ fontSize: 12, color: '#888' }}>反映人凭查询码可以看到这段答复</div></div></Descriptions.Item>}
          {e.closedAt && <Descriptions.Item label="办结" span={2}>{when(e.closedAt)}{e.approvedByName ? `，${e.approvedByName} 批准` : ''}{e.closeNote ? `：${e.closeNote}` : ''}</Descriptions.Item>}
          {e.followupResult && <Descriptions.Item label="回访" span={2}><Tag>{FOLLOWUP_LABELS[e.followupResult]}</Tag>{e.followupNote}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card title="时限" size="small">
        {e.clocks.length === 0 ? <Typography.Text type="secondary">研判定级后按时限政策开始计时。</Typography.Text> : (
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={e.clocks}
            rowClassName={(c) => (c.state === 'overdue' ? 'row-overdue' : '')}
            columns={[
              { title: '时限', dataIndex: 'label', render: (v, c) => <span>{v}<div style={{ fontSize: 12, color: '#888' }}>{c.limit}</div></span> },
              { title: '截止', dataIndex: 'dueAt', render: (v) => when(v) },
              ...(narrow ? [] : [{ title: '完成时间', dataIndex: 'metAt', render: (v: string | null) => when(v) }]),
              { title: '状态', key: 'state', render: (_, c) => <ClockTag c={c} /> },
            ]}
          />
        )}
        {e.pausedAt && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>自 {when(e.pausedAt)} 起暂停计时({e.pauseReason})，恢复后未完成的时限顺延等待的时间。</Typography.Paragraph>}
      </Card>

      <Card title={`报告(${e.reports.length} 条)`} size="small">
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {e.reports.map((r, i) => (
            <Card key={r.id} size="small" type="inner" title={<span>{i + 1}. {r.title}</span>} extra={<Tag>{CASE_SOURCE_LABELS[r.source]}</Tag>}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label="收到时间">{when(r.receivedAt)}</Descriptions.Item>
                <Descriptions.Item label="受理单位">{r.unitName}</Descriptions.Item>
                <Descriptions.Item label="方式">{CASE_VIA_LABELS[r.via]}{r.via === 'staff' ? `(${r.createdByName})` : ''}</Descriptions.Item>
                {r.channel && <Descriptions.Item label="渠道">{r.channel}</Descriptions.Item>}
                {r.url && <Descriptions.Item label="网址" span={2}><a href={r.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>{r.url}</a></Descriptions.Item>}
                {r.contact && <Descriptions.Item label="联系方式">{r.contact}</Descriptions.Item>}
                {r.trackingCode && <Descriptions.Item label="查询码">{r.trackingCode}</Descriptions.Item>}
                {r.distance !== null && i > 0 && <Descriptions.Item label="归并">与本事件相似(差异 {r.distance})，自动归入</Descriptions.Item>}
              </Descriptions>
              <Typography.Paragraph ellipsis={{ rows: 4, expandable: true, symbol: '展开' }} style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{r.content}</Typography.Paragraph>
              <Attachments entity="case" entityId={r.id} title="材料" canUpload={can('case.register') && e.status !== 'closed' && !e.archived} />
            </Card>
          ))}
        </Space>
      </Card>

      <Card title="办理经过" size="small">
        <Timeline
          items={orderSteps(e.steps).map((s) => {
            const instruction = s.step === 'instruct';
            return {
              color: instruction ? 'red' : s.step === 'return' || s.step === 'reject_close' ? 'orange' : s.step === 'approve_close' || s.step === 'close' ? 'green' : 'blue',
              children: (
                <div style={instruction ? { background: '#fff1f0', border: '1px solid #ffa39e', borderRadius: 6, padding: '6px 10px' } : undefined}>
                  <div><Typography.Text strong style={instruction ? { color: '#cf1322' } : undefined}>{s.label}</Typography.Text> <Typography.Text type="secondary">{s.actorUnitName ? `${s.actorUnitName} ` : ''}{s.actorName} · <StepTime s={s} /></Typography.Text></div>
                  {stepDetail(s)}
                  {s.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{s.comment}</div>}
                </div>
              ),
            };
          })}
        />
      </Card>

      {e.directReports.length > 0 && (
        <Card title="直报回执" size="small">
          <Table
            size="small"
            rowKey="unitId"
            pagination={false}
            dataSource={e.directReports}
            columns={[
              { title: '上级单位', dataIndex: 'unitName' },
              { title: '直报时间', dataIndex: 'sentAt', render: (v) => when(v) },
              { title: '是否已阅', key: 'read', render: (_, d) => (d.readAt ? <span><Tag color="success">已阅</Tag>{d.readByName} {when(d.readAt)}</span> : <Tag color="warning">未阅</Tag>) },
            ]}
          />
        </Card>
      )}

      {can('document.manage') && (
        <div style={{ textAlign: 'right' }}>
          <Button loading={briefBusy} onClick={makeBrief}>生成舆情专报</Button>
        </div>
      )}

      {can('case.register') && (
        <div style={{ textAlign: 'right' }}>
          <Popconfirm title={e.archived ? '恢复该事件？' : '归档该事件？归档后不在列表中显示。'} okText="确定" cancelText="取消" onConfirm={toggleArchive}>
            <Button type="link">{e.archived ? '恢复事件' : '归档事件'}</Button>
          </Popconfirm>
          <Link to="/cases"><Button type="link">返回列表</Button></Link>
        </div>
      )}

      <Modal
        open={dialog !== null}
        title={dialog ? (dialog === 'close' && isMajorOrAbove(e.level) ? '申请办结' : ACTION[dialog].label) : ''}
        onCancel={() => setDialog(null)}
        onOk={submit}
        okText={dialog ? (dialog === 'close' && isMajorOrAbove(e.level) ? '提交领导审批' : ACTION[dialog].ok) : '确定'}
        okButtonProps={{ danger: dialog ? ACTION[dialog].danger : false }}
        cancelText="取消"
        confirmLoading={busy}
        destroyOnHidden
        width={560}
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'triage' && (
            <>
              <Form.Item name="level" label="事件等级" rules={[{ required: true, message: '请选择事件等级' }]} extra="较大及以上立即直报各级上级单位，办结须领导审批">
                <Radio.Group id="triage-level" optionType="button" buttonStyle="solid" options={CASE_LEVELS.map((l) => ({ value: l, label: CASE_LEVEL_LABELS[l] }))} />
              </Form.Item>
              <Form.Item name="category" label="分类" rules={[{ required: true, message: '请选择分类' }]}>
                <Select id="triage-category" options={(options.data?.categories ?? []).map((c) => ({ value: c, label: c }))} placeholder="请选择分类" />
              </Form.Item>
              <Form.Item name="handlingUnitId" label="责任单位" rules={[{ required: true, message: '请选择责任单位' }]} extra={`${e.unitName}或其下级单位；选下级单位即交办`}>
                <TreeSelect id="triage-unit" treeData={triageTree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" placeholder="请选择责任单位" />
              </Form.Item>
              <Form.Item name="note" label="研判意见(选填)"><Input.TextArea id="triage-note" rows={3} maxLength={2000} /></Form.Item>
            </>
          )}
          {dialog === 'assign' && (
            <>
              <Form.Item name="unitId" label="交办给" rules={[{ required: true, message: '请选择交办单位' }]} extra={`${e.handlingUnitName}的下级单位`}>
                <TreeSelect id="assign-unit" treeData={assignTree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" placeholder="请选择下级单位" />
              </Form.Item>
              <Form.Item name="note" label="交办意见(选填)"><Input.TextArea id="assign-note" rows={3} maxLength={2000} placeholder="如：请于 2 日内核实并答复" /></Form.Item>
            </>
          )}
          {dialog === 'return' && (
            <Form.Item name="reason" label="退回原因" rules={[{ required: true, whitespace: true, message: '请填写退回原因' }]} extra={`退回给${e.assignedByUnitName ?? '交办单位'}`}>
              <Input.TextArea id="return-reason" rows={3} maxLength={2000} placeholder="如：不属于本村管辖范围" />
            </Form.Item>
          )}
          {dialog === 'verify' && (
            <>
              <Form.Item name="result" label="核实结果" rules={[{ required: true, message: '请选择核实结果' }]}>
                <Radio.Group id="verify-result" optionType="button" buttonStyle="solid" options={VERIFICATION_RESULTS.map((r) => ({ value: r, label: VERIFICATION_LABELS[r] }))} />
              </Form.Item>
              <Form.Item name="note" label="核实情况" rules={[{ required: true, whitespace: true, message: '请填写核实情况' }]}>
                <Input.TextArea id="verify-note" rows={4} maxLength={5000} placeholder="到现场看了什么、问了谁、情况是否属实" />
              </Form.Item>
            </>
          )}
          {dialog === 'firstInfo' && (
            <Form.Item name="text" label="已发布的权威信息" rules={[{ required: true, whitespace: true, message: '请填写权威信息内容' }]} extra="记录首次对外发布的情况通报；还没有公开答复时，反映人凭查询码会看到这段内容">
              <Input.TextArea id="firstinfo-text" rows={4} maxLength={5000} />
            </Form.Item>
          )}
          {dialog === 'respond' && (
            <>
              <Form.Item name="measures" label="处置措施(内部)" rules={[{ required: true, whitespace: true, message: '请填写处置措施' }]}>
                <Input.TextArea id="respond-measures" rows={3} maxLength={5000} placeholder="采取了哪些措施" />
              </Form.Item>
              <Form.Item name="publicReply" label="公开答复(反映人可见)" rules={[{ required: true, whitespace: true, message: '请填写公开答复' }]} extra="反映人凭查询码看到的就是这段话：用对方能看懂的话写清楚怎么处理的">
                <Input.TextArea id="respond-reply" rows={4} maxLength={5000} />
              </Form.Item>
            </>
          )}
          {dialog === 'close' && (
            <>
              {isMajorOrAbove(e.level) && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`${CASE_LEVEL_LABELS[e.level!]}事件办结须由${e.unitName}或其上级的领导审批`} />}
              <Form.Item name="note" label="办结说明(选填)"><Input.TextArea id="close-note" rows={3} maxLength={2000} /></Form.Item>
            </>
          )}
          {dialog === 'approve' && (
            <Form.Item name="note" label="审批意见(选填)"><Input.TextArea id="approve-note" rows={3} maxLength={2000} placeholder="如：同意办结" /></Form.Item>
          )}
          {dialog === 'reject' && (
            <Form.Item name="reason" label="不同意办结的理由" rules={[{ required: true, whitespace: true, message: '请填写不同意办结的理由' }]}>
              <Input.TextArea id="reject-reason" rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {dialog === 'followUp' && (
            <>
              <Form.Item name="result" label="回访结果" rules={[{ required: true, message: '请选择回访结果' }]}>
                <Radio.Group id="followup-result" optionType="button" buttonStyle="solid" options={FOLLOWUP_RESULTS.map((r) => ({ value: r, label: FOLLOWUP_LABELS[r] }))} />
              </Form.Item>
              <Form.Item name="note" label="回访情况(选填)"><Input.TextArea id="followup-note" rows={3} maxLength={2000} /></Form.Item>
            </>
          )}
          {dialog === 'supervise' && (
            <>
              <Form.Item name="dueDay" label="督办时限" rules={[{ required: true, message: '请选择督办时限' }]} extra="当天 24 时前办结">
                <DatePicker id="supervise-day" style={{ width: 200 }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name="note" label="督办意见" rules={[{ required: true, whitespace: true, message: '请填写督办意见' }]}>
                <Input.TextArea id="supervise-note" rows={3} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {dialog === 'instruct' && (
            <Form.Item name="text" label="批示内容" rules={[{ required: true, whitespace: true, message: '请填写批示内容' }]} extra={`${e.handlingUnitName}和${e.unitName}在办理经过中可以看到`}>
              <Input.TextArea id="instruct-text" rows={4} maxLength={2000} placeholder="如：请高度重视，依法依规妥善处置，及时回应群众关切" />
            </Form.Item>
          )}
          {dialog === 'pause' && (
            <Form.Item name="reason" label="暂停计时的情形" rules={[{ required: true, message: '请选择暂停计时的情形' }]} extra="等待本单位以外的事情时暂停；恢复后未完成的时限顺延">
              <Select id="pause-reason" options={(options.data?.waitStates ?? []).map((w) => ({ value: w, label: w }))} placeholder="请选择" />
            </Form.Item>
          )}
          {dialog === 'resume' && <Typography.Paragraph>恢复计时后，未完成的时限顺延暂停的时间。</Typography.Paragraph>}
          {dialog && LATE_ENTRY_STEPS.has(dialog) && <LateEntryFields reasonHours={options.data?.lateEntryReasonHours ?? 24} />}
        </Form>
      </Modal>
    </Space>
  );
}

/** The steps in time order; the system's 直报 row written with a triage reads after that triage. */
function orderSteps(steps: EventDetailView['steps']) {
  const rank = (s: EventDetailView['steps'][number]) => (s.step === 'direct_report' ? 1 : 0);
  return steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.at.localeCompare(b.s.at) || rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

/** The structured part of a timeline step, in words. */
function stepDetail(s: EventDetailView['steps'][number]) {
  const d = s.data ?? {};
  switch (s.step) {
    case 'triage': return <div>等级：{CASE_LEVEL_LABELS[d.level as keyof typeof CASE_LEVEL_LABELS] ?? '—'}，分类：{String(d.category ?? '—')}，责任单位：{String(d.handlingUnitName ?? '—')}</div>;
    case 'assign': return <div>{String(d.fromName ?? '')} → {String(d.toName ?? '')}</div>;
    case 'return': return <div>{String(d.fromName ?? '')} 退回 {String(d.toName ?? '')}，原因：</div>;
    case 'verify': return <div>核实结果：{VERIFICATION_LABELS[d.result as keyof typeof VERIFICATION_LABELS] ?? '—'}</div>;
    case 'respond': return d.measures ? <div><Typography.Text type="secondary">处置措施：</Typography.Text>{String(d.measures)}<br /><Typography.Text type="secondary">公开答复：</Typography.Text></div> : null;
    case 'follow_up': return <div>回访结果：{FOLLOWUP_LABELS[d.result as keyof typeof FOLLOWUP_LABELS] ?? '—'}</div>;
    case 'supervise': return <div>督办时限：{String(d.dueDay ?? '')}</div>;
    default: return null;
  }
}
