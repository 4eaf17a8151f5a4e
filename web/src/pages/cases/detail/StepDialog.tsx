import { Alert, DatePicker, Form, Input, Modal, Radio, Select, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import {
  CASE_LEVEL_LABELS, CASE_LEVELS, type CaseAction, type EventDetailView, FOLLOWUP_LABELS, FOLLOWUP_RESULTS, isMajorOrAbove, VERIFICATION_LABELS,
  VERIFICATION_RESULTS,
} from '../../../../../common/cases';
import { casesApi } from '../../../api/cases';
import { newIdempotencyKey } from '../../../api/client';
import { type TreeNode, useUnitTree } from '../../../components/UnitSelect';
import { LATE_ENTRY_STEPS, LateEntryFields, lateEntryOf } from '../LateEntry';
import { ACTION, actionLabel, actionOk } from './actions';
import { shanghaiDayjs } from '../../../components/OverdueTag';

/** Runs one call that answers the event as it is now; false when it failed (the form shows why). */
export type RunStep = (fn: () => Promise<EventDetailView>, done: string, form?: ReturnType<typeof Form.useForm>[0]) => Promise<boolean>;

function findNode(nodes: TreeNode[], id: string): TreeNode | null {
  for (const n of nodes) {
    if (n.value === id) return n;
    const found = findNode(n.children, id);
    if (found) return found;
  }
  return null;
}
type Choice = { value: string; title: string; key: string; disabled: boolean; children: Choice[] };
const strip = (n: TreeNode, disabledId?: string): Choice => ({ value: n.value, title: n.title, key: n.key, disabled: n.value === disabledId, children: n.children.map((c) => strip(c, disabledId)) });

/** The dialog of one step: its fields, and the call with the version the page was loaded with. */
export function StepDialog({ e, action, options, run, onClose, onReturned }: {
  e: EventDetailView;
  action: CaseAction | null;
  options: { categories: string[]; waitStates: string[]; lateEntryReasonHours?: number } | null;
  run: RunStep;
  onClose: () => void;
  /** The unit that sent the event back no longer handles it: the page leaves. */
  onReturned: () => void;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  // A new key each time the dialog opens: a double click sends one instruction.
  const key = useMemo(() => newIdempotencyKey(), [action]);
  const { tree } = useUnitTree();
  const triageTree = useMemo(() => {
    const n = findNode(tree, e.unitId);
    return n ? [strip(n)] : [];
  }, [tree, e.unitId]);
  const assignTree = useMemo(() => {
    const n = findNode(tree, e.handlingUnitId);
    return n ? [strip(n, n.value)] : [];
  }, [tree, e.handlingUnitId]);

  const initial =
    action === 'triage' ? { level: e.level ?? undefined, category: e.category ?? undefined, handlingUnitId: e.handlingUnitId }
    : action === 'respond' ? { measures: e.measures ?? undefined, publicReply: e.replyDraft ?? e.publicReply ?? undefined }
    : action === 'pause' && options?.waitStates.length === 1 ? { reason: options.waitStates[0] }
    : {};

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    const version = e.version;
    const note = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : null);
    const late = lateEntryOf(v);
    const step = (fn: () => Promise<EventDetailView>, done: string) => run(fn, done, form);
    setBusy(true);
    try {
      switch (action) {
        case 'triage': return await step(() => casesApi.triage(e.id, { version, level: v.level, category: v.category, handlingUnitId: v.handlingUnitId, note: note(v.note), ...late }),
          isMajorOrAbove(v.level) ? '已研判，并已直报上级单位' : '已研判');
        case 'assign': return await step(() => casesApi.assign(e.id, { version, unitId: v.unitId, note: note(v.note) }), '已交办');
        case 'return':
          if (await step(() => casesApi.sendBack(e.id, { version, reason: v.reason }), `已退回给${e.assignedByUnitName ?? '交办单位'}`)) onReturned();
          return;
        case 'verify': return await step(() => casesApi.verify(e.id, { version, result: v.result, note: v.note, ...late }), '已保存核实结果');
        case 'firstInfo': return await step(() => casesApi.firstInfo(e.id, { version, text: v.text, ...late }), '已记录发布的权威信息');
        case 'respond': return await step(() => casesApi.respond(e.id, { version, measures: v.measures, publicReply: v.publicReply, ...late }),
          e.replyApproval ? '已保存处置措施，答复已送审：另一人审核通过后反映人才能看到' : '已保存处置与回应，反映人凭查询码可以看到答复');
        case 'approveReply': return await step(() => casesApi.approveReply(e.id, { version, note: note(v.note) }), '答复已审核通过并公开，反映人凭查询码可以看到');
        case 'returnReply': return await step(() => casesApi.returnReply(e.id, { version, reason: v.reason }), '答复已退回起草人修改');
        case 'close': return await step(() => casesApi.close(e.id, { version, note: note(v.note), ...late }), isMajorOrAbove(e.level) ? '已申请办结，等待领导审批' : '已办结');
        case 'approve': return await step(() => casesApi.approveClose(e.id, { version, note: note(v.note), ...late }), '已批准办结');
        case 'reject': return await step(() => casesApi.rejectClose(e.id, { version, reason: v.reason }), '已退回办结申请');
        case 'followUp': return await step(() => casesApi.followUp(e.id, { version, result: v.result, note: note(v.note) }), '已保存回访');
        case 'supervise': return await step(() => casesApi.supervise(e.id, { version, dueDay: v.dueDay.format('YYYY-MM-DD'), note: v.note }), '已督办');
        case 'instruct': return await step(() => casesApi.instruct(e.id, { text: v.text }, key), '已发送批示，责任单位可以看到');
        case 'pause': return await step(() => casesApi.pause(e.id, { version, reason: v.reason }), '已暂停计时');
        case 'resume': return await step(() => casesApi.resume(e.id, { version }), '已恢复计时');
        case 'urge': return await step(() => casesApi.urge(e.id, { note: note(v.note) }), `已催办，${e.handlingUnitName}已收到提醒`);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action ? actionLabel(action, e) : ''}
      onCancel={onClose}
      onOk={submit}
      okText={action ? actionOk(action, e) : '确定'}
      okButtonProps={{ danger: action ? ACTION[action].danger : false }}
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        {action && <StepFields action={action} e={e} options={options} triageTree={triageTree} assignTree={assignTree} />}
        {action && LATE_ENTRY_STEPS.has(action) && <LateEntryFields reasonHours={options?.lateEntryReasonHours ?? 24} />}
      </Form>
    </Modal>
  );
}

const note = (id: string, label: string, placeholder?: string, max = 2000) => (
  <Form.Item name="note" label={label}><Input.TextArea id={id} rows={3} maxLength={max} placeholder={placeholder} /></Form.Item>
);
const required = (name: string, label: string, id: string, o: { rows?: number; max?: number; placeholder?: string; extra?: string } = {}) => (
  <Form.Item name={name} label={label} rules={[{ required: true, whitespace: true, message: `请填写${label.replace(/\(.*\)$/, '')}` }]} extra={o.extra}>
    <Input.TextArea id={id} rows={o.rows ?? 3} maxLength={o.max ?? 2000} placeholder={o.placeholder} />
  </Form.Item>
);

/** The fields each step asks for. */
function StepFields({ action, e, options, triageTree, assignTree }: {
  action: CaseAction;
  e: EventDetailView;
  options: { categories: string[]; waitStates: string[]; lateEntryReasonHours?: number } | null;
  triageTree: Choice[];
  assignTree: Choice[];
}) {
  switch (action) {
    case 'triage': return (
      <>
        <Form.Item name="level" label="事件等级" rules={[{ required: true, message: '请选择事件等级' }]} extra="较大及以上立即直报各级上级单位，办结须领导审批">
          <Radio.Group id="triage-level" optionType="button" buttonStyle="solid" options={CASE_LEVELS.map((l) => ({ value: l, label: CASE_LEVEL_LABELS[l] }))} />
        </Form.Item>
        <Form.Item name="category" label="分类" rules={[{ required: true, message: '请选择分类' }]}>
          <Select id="triage-category" options={(options?.categories ?? []).map((c) => ({ value: c, label: c }))} placeholder="请选择分类" />
        </Form.Item>
        <Form.Item name="handlingUnitId" label="责任单位" rules={[{ required: true, message: '请选择责任单位' }]} extra={`${e.unitName}或其下级单位；选下级单位即交办`}>
          <TreeSelect id="triage-unit" treeData={triageTree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" placeholder="请选择责任单位" />
        </Form.Item>
        {note('triage-note', '研判意见(选填)')}
      </>
    );
    case 'assign': return (
      <>
        <Form.Item name="unitId" label="交办给" rules={[{ required: true, message: '请选择交办单位' }]} extra={`${e.handlingUnitName}的下级单位`}>
          <TreeSelect id="assign-unit" treeData={assignTree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" placeholder="请选择下级单位" />
        </Form.Item>
        {note('assign-note', '交办意见(选填)', '如：请于 2 日内核实并答复')}
      </>
    );
    case 'return': return required('reason', '退回原因', 'return-reason', { placeholder: '如：不属于本村管辖范围', extra: `退回给${e.assignedByUnitName ?? '交办单位'}` });
    case 'verify': return (
      <>
        <Form.Item name="result" label="核实结果" rules={[{ required: true, message: '请选择核实结果' }]}>
          <Radio.Group id="verify-result" optionType="button" buttonStyle="solid" options={VERIFICATION_RESULTS.map((r) => ({ value: r, label: VERIFICATION_LABELS[r] }))} />
        </Form.Item>
        {required('note', '核实情况', 'verify-note', { rows: 4, max: 5000, placeholder: '到现场看了什么、问了谁、情况是否属实' })}
      </>
    );
    case 'firstInfo': return (
      <Form.Item name="text" label="已发布的权威信息" rules={[{ required: true, whitespace: true, message: '请填写权威信息内容' }]} extra="记录首次对外发布的情况通报；还没有公开答复时，反映人凭查询码会看到这段内容">
        <Input.TextArea id="firstinfo-text" rows={4} maxLength={5000} />
      </Form.Item>
    );
    case 'respond': return (
      <>
        {required('measures', '处置措施(内部)', 'respond-measures', { max: 5000, placeholder: '采取了哪些措施' })}
        {required('publicReply', '公开答复(反映人可见)', 'respond-reply', { rows: 4, max: 5000, extra: '反映人凭查询码看到的就是这段话：用对方能看懂的话写清楚怎么处理的' })}
        {e.replyApproval && <Alert type="info" showIcon message={`${e.replyApproval}要求公开答复经第二人审核：保存后答复送审，由你以外的人审核通过后才公开`} />}
      </>
    );
    case 'close': return (
      <>
        {isMajorOrAbove(e.level) && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`${CASE_LEVEL_LABELS[e.level!]}事件办结须由${e.unitName}或其上级的领导审批`} />}
        {note('close-note', '办结说明(选填)')}
      </>
    );
    case 'approve': return note('approve-note', '审批意见(选填)', '如：同意办结');
    case 'reject': return required('reason', '不同意办结的理由', 'reject-reason');
    case 'approveReply': return (
      <>
        <Typography.Paragraph>通过后，反映人凭查询码看到这段答复({e.replyDraftByName}起草)：</Typography.Paragraph>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', padding: 8, background: '#fafafa', border: '1px solid #f0f0f0' }}>{e.replyDraft}</Typography.Paragraph>
        {note('approve-reply-note', '审核意见(选填)')}
      </>
    );
    case 'returnReply': return required('reason', '退回修改的理由', 'return-reply-reason', { placeholder: '如：答复未说明护栏更换的时间', extra: `退回给起草人${e.replyDraftByName ?? ''}` });
    case 'followUp': return (
      <>
        <Form.Item name="result" label="回访结果" rules={[{ required: true, message: '请选择回访结果' }]}>
          <Radio.Group id="followup-result" optionType="button" buttonStyle="solid" options={FOLLOWUP_RESULTS.map((r) => ({ value: r, label: FOLLOWUP_LABELS[r] }))} />
        </Form.Item>
        {note('followup-note', '回访情况(选填)')}
      </>
    );
    case 'supervise': return (
      <>
        <Form.Item name="dueDay" label="督办时限" rules={[{ required: true, message: '请选择督办时限' }]} extra="当天 24 时前办结">
          <DatePicker id="supervise-day" style={{ width: 200 }} disabledDate={(d) => d.isBefore(shanghaiDayjs(), 'day')} />
        </Form.Item>
        {required('note', '督办意见', 'supervise-note')}
      </>
    );
    case 'instruct': return required('text', '批示内容', 'instruct-text', { rows: 4, placeholder: '如：请高度重视，依法依规妥善处置，及时回应群众关切', extra: `${e.handlingUnitName}和${e.unitName}在办理经过中可以看到` });
    case 'pause': return (
      <Form.Item name="reason" label="暂停计时的情形" rules={[{ required: true, message: '请选择暂停计时的情形' }]} extra="等待本单位以外的事情时暂停；恢复后未完成的时限顺延">
        <Select id="pause-reason" options={(options?.waitStates ?? []).map((w) => ({ value: w, label: w }))} placeholder="请选择" />
      </Form.Item>
    );
    case 'resume': return <Typography.Paragraph>恢复计时后，未完成的时限顺延暂停的时间。</Typography.Paragraph>;
    case 'urge': return note('urge-note', '催办说明(选填)', `${e.handlingUnitName}立即收到提醒`, 200);
  }
}
