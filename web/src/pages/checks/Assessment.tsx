import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Progress, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  type AssessmentView, ITEM_KIND_LABELS, type ItemRow, METHOD_LABELS, METHODS, type Result, resultText, SCORING_LABELS, VETO_GRADE,
} from '../../../../common/checks';
import { type AnswerBody, checksApi } from '../../api/checks';
import { newIdempotencyKey } from '../../api/client';
import { documentsApi } from '../../api/documents';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useFormDialog, useSubmit } from '../../components/useSubmit';
import { StatusTag } from './Checks';
import { shanghaiDayjs } from '../../components/OverdueTag';

const resultOf = (a: { passed: boolean | null; occurrences: number | null; grade: string | null }): Result => ({ passed: a.passed, occurrences: a.occurrences, grade: a.grade });

/** One item: what the records say, the unit's own answer beside the assessor's, the answer controls, evidence and the finding. */
function ItemCard({ a, row, save, raise }: {
  a: AssessmentView; row: ItemRow; save: (body: AnswerBody) => Promise<boolean>; raise: (row: ItemRow) => void;
}) {
  const { can } = useAuth();
  const it = row.item;
  const ans = row.answer;
  const start = ans ? resultOf(ans) : (row.computed ?? {});
  const [passed, setPassed] = useState<boolean | null>(start.passed ?? null);
  const [occ, setOcc] = useState<number | null>(start.occurrences ?? null);
  const [grade, setGrade] = useState<string | null>(start.grade ?? null);
  const [method, setMethod] = useState<string | null>(ans?.method ?? (a.kind === 'campaign' ? 'documents' : null));
  const [note, setNote] = useState(ans?.note ?? '');
  const [reason, setReason] = useState(ans?.overrideReason ?? '');
  const [busy, setBusy] = useState(false);
  const editable = a.canAnswer && row.applies;
  const result: Result = it.scoring === 'pass_fail' ? { passed } : it.scoring === 'deduction' ? { occurrences: occ } : { grade };
  const differsFromRecords = !!row.computed && JSON.stringify(row.computed) !== JSON.stringify(result);
  const onSave = async () => {
    setBusy(true);
    await save({ itemKey: it.key, version: ans?.version ?? null, ...result, method, note: note || null, overrideReason: differsFromRecords ? reason || null : null });
    setBusy(false);
  };
  const mayRaise = row.shortfall && ans && !ans.rectificationId && can('rectification.manage') && a.assessing;
  return (
    <Card size="small" data-item={it.key} style={row.shortfall ? { borderColor: '#ffccc7' } : undefined}
      title={<Space wrap size={4}><span style={{ whiteSpace: 'normal' }}>{it.text}</span></Space>}
      extra={<Space size={4} wrap>
        {it.kind !== 'normal' && <Tag color={it.kind === 'veto' ? 'error' : 'gold'}>{ITEM_KIND_LABELS[it.kind]}</Tag>}
        {it.kind !== 'veto' && <Tag>{it.points}分</Tag>}
        {!row.applies && <Tag>不适用</Tag>}
      </Space>}>
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{SCORING_LABELS[it.scoring]}{it.scoring === 'deduction' ? `，每次${it.perOccurrence}分${it.cap != null ? `，最多${it.cap}分` : ''}` : ''}{it.evidence ? ` · 佐证：${it.evidence}` : ''}</Typography.Text>
        {row.indicator && (
          <div className="check-records">
            台账数据：{row.link ? <a href={row.link} data-figure={it.key}>{row.valueText}</a> : row.valueText}
            {row.thresholdText && <span>　标准：{row.thresholdText}</span>}
            {row.computed && <span>　按记录：<b>{resultText(it, row.computed)}</b></span>}
          </div>
        )}
        {row.self && (
          <div style={{ background: row.differs ? '#fff1f0' : '#f6ffed', padding: '4px 8px', borderRadius: 4 }} data-self={it.key}>
            自查：{resultText(it, resultOf(row.self))}，{row.self.points}分{row.self.note ? `；${row.self.note}` : ''}
            {row.differs && <Tag color="error" style={{ marginLeft: 8 }}>与考核结果不同</Tag>}
          </div>
        )}
        {ans && (
          <div>
            {a.kind === 'campaign' ? '考核' : '填写'}结果：<b>{resultText(it, resultOf(ans))}</b>，得分 <b>{ans.points}</b>
            {ans.method && <span>（{METHOD_LABELS[ans.method as keyof typeof METHOD_LABELS]}）</span>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>　{ans.answeredBy}</Typography.Text>
            {ans.overrideReason && <div><Tag color="warning">已调整</Tag>调整原因：{ans.overrideReason}</div>}
          </div>
        )}
        {editable && (
          <Space wrap align="start">
            {it.scoring === 'pass_fail' && (
              <Radio.Group aria-label={`${it.key}结果`} value={passed} onChange={(e) => setPassed(e.target.value)}
                options={[{ value: true, label: it.kind === 'veto' ? '未发生' : '达标' }, { value: false, label: it.kind === 'veto' ? '发生(否决)' : '未达标' }]} />
            )}
            {it.scoring === 'deduction' && <InputNumber aria-label={`${it.key}次数`} min={0} max={10000} value={occ} onChange={(v) => setOcc(v)} addonAfter={it.kind === 'bonus' ? '次加分' : '次扣分'} style={{ width: 150 }} />}
            {it.scoring === 'graded' && <Select aria-label={`${it.key}档次`} style={{ width: 120 }} value={grade} onChange={setGrade} options={(it.grades ?? []).map((g) => ({ value: g.label, label: `${g.label}(${g.points}分)` }))} />}
            {a.kind === 'campaign' && <Select aria-label={`${it.key}考核方式`} style={{ width: 120 }} value={method} onChange={setMethod} options={METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))} />}
            <Input aria-label={`${it.key}说明`} placeholder="说明(选填)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} style={{ width: 220 }} />
            {differsFromRecords && <Input aria-label={`${it.key}调整原因`} placeholder="与台账记录不同，请填写调整原因" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} style={{ width: 260 }} status={reason ? undefined : 'warning'} />}
            <Button type="primary" loading={busy} onClick={onSave}>保存</Button>
          </Space>
        )}
        {ans && row.applies && (a.canAnswer || a.kind === 'self') && (
          <Attachments entity="check_answer" entityId={ans.id} title="佐证材料" canUpload={a.canAnswer && can('file.upload')} />
        )}
        {ans?.rectification && (
          <div>已转为整改事项：<Link to={`/rectification/${ans.rectification.id}`}>{ans.rectification.statusLabel}</Link>
            {ans.rectification.signedOffAt && <span>（{ans.rectification.signedOffByName?.replace(/\(.*\)$/, '')} 于 {dayjs(ans.rectification.signedOffAt).format('YYYY-MM-DD')} 销号）</span>}
          </div>
        )}
        {mayRaise && <Button danger size="small" onClick={() => raise(row)}>转为整改</Button>}
      </Space>
    </Card>
  );
}

/** A self-inspection (/checks/self/:id) or a unit's assessment in a campaign (/checks/campaigns/:id/units/:unitId). */
export default function Assessment() {
  const { id, unitId } = useParams();
  const navigate = useNavigate();
  const campaignId = unitId ? id! : null;
  const load = () => (campaignId ? checksApi.campaignUnit(campaignId, unitId!) : checksApi.assessment(id!));
  const a = useLoad(load, [id, unitId]);
  const { busy, submit, message } = useSubmit();
  const [form] = Form.useForm();
  const d = useFormDialog<ItemRow>(form);
  const [stamp, setStamp] = useState(0);
  if (a.error) return <LoadError error={a.error} />;
  const v = a.data;
  if (!v) return <Card loading />;
  const set = (next: AssessmentView) => { a.setData(next); setStamp((s) => s + 1); };
  const save = (body: AnswerBody) => submit(async () => {
    set(campaignId ? await checksApi.campaignAnswer(campaignId, { ...body, unitId: unitId! }) : await checksApi.answer(v.id, body));
    message.success('已保存');
  });
  const raise = () => d.submit(async (f) => {
    set(await checksApi.raiseFinding(v.id, d.dialog!.item.key, { measures: f.measures, dueDay: f.dueDay.format('YYYY-MM-DD'), problem: f.problem || null }, d.key));
    d.close();
    message.success('已转为整改事项');
  });
  const report = () => submit(async () => {
    const draft = await documentsApi.create({ unitId: v.unitId, type: 'self_report', period: { kind: 'range', from: v.from, to: v.to } }, newIdempotencyKey());
    navigate(`/documents/${draft.id}`);
  });
  const sections = [...new Set(v.items.map((r) => r.item.sectionKey))];
  const missing = v.items.filter((r) => r.applies && !r.answer).length;
  return (
    <DetailPage
      title={v.kind === 'self' ? `${v.unitName}自查` : `${v.campaignName} · ${v.unitName}`}
      bar={
        <>
          <StatusTag s={v.status} />
          {v.kind === 'self' && v.canAnswer && (
            <Button type="primary" loading={busy} onClick={() => submit(async () => { set(await checksApi.submitSelf(v.id, v.version)); message.success('已报送上级'); })}>报送上级</Button>
          )}
          {v.canAnswer && <Button loading={busy} onClick={() => submit(async () => { set(await checksApi.refresh(v.id)); message.success('已按最新台账记录重新计算'); })}>按最新台账重新计算</Button>}
          {v.kind === 'campaign' && v.canAnswer && (
            <Button loading={busy} onClick={() => submit(async () => { set(await checksApi.accept(v.id, 'documents')); message.success('未评项目已采纳台账计算结果和自查结果'); })}>未评项目采纳台账和自查结果</Button>
          )}
          {v.kind === 'self' && <Button loading={busy} onClick={report}>生成自查报告</Button>}
          <Button icon={<DownloadOutlined />} href={checksApi.exportUrl(v.id)}>导出</Button>
          {campaignId && <Link to={`/checks/campaigns/${campaignId}`}>返回考核</Link>}
        </>
      }
      head={
        <>
          {v.totals.vetoFailed && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`一票否决项未通过，等次为${VETO_GRADE}`} />}
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label="考核细则">{v.frameworkName}</Descriptions.Item>
            <Descriptions.Item label="期间">{v.from} 至 {v.to}</Descriptions.Item>
            <Descriptions.Item label="得分"><b data-score>{v.totals.score}</b>（满分{v.totalPoints}{v.totals.bonus ? `，加分${v.totals.bonus}` : ''}）· <b data-grade>{v.grade}</b></Descriptions.Item>
            <Descriptions.Item label="进度"><Progress percent={Math.round((v.totals.assessed / Math.max(1, v.totals.applicable)) * 100)} size="small" style={{ width: 160, margin: 0 }} aria-label={`已评 ${v.totals.assessed}/${v.totals.applicable} 项`} /> {v.totals.assessed}/{v.totals.applicable} 项</Descriptions.Item>
          </Descriptions>
          {v.canAnswer && missing > 0 && <Typography.Text type="secondary">还有 {missing} 项未{v.kind === 'self' ? '填写' : '评分'}；绑定指标的项目已根据台账记录计算，点击数字可查看背后的记录。</Typography.Text>}
        </>
      }
    >
      {sections.map((key) => {
        const rows = v.items.filter((r) => r.item.sectionKey === key);
        return (
          <Card key={key} title={rows[0].item.sectionTitle} size="small">
            <Space direction="vertical" style={{ width: '100%' }}>
              {rows.map((r) => <ItemCard key={`${r.item.key}-${stamp}`} a={v} row={r} save={save} raise={(row) => d.open(row, { dueDay: shanghaiDayjs().add(30, 'day'), problem: null })} />)}
            </Space>
          </Card>
        );
      })}
      <Modal open={d.dialog !== null} title="转为整改事项" onCancel={d.close} onOk={raise} okText="转为整改" cancelText="取消" confirmLoading={d.busy} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Typography.Paragraph>{d.dialog?.item.text}</Typography.Paragraph>
          <Form.Item name="problem" label="问题描述(不填则按考核项目和结果生成)"><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
          <Form.Item name="measures" label="整改措施" rules={[{ required: true, message: '请填写整改措施' }]}><Input.TextArea id="finding-measures" rows={3} maxLength={5000} /></Form.Item>
          <Form.Item name="dueDay" label="整改时限" rules={[{ required: true, message: '请选择整改时限' }]}><DatePicker id="finding-due" /></Form.Item>
        </Form>
      </Modal>
    </DetailPage>
  );
}
