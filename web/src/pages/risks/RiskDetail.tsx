import { Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router-dom';
import { RISK_AREA_LABELS, RISK_LEVEL_LABELS, RISK_LEVELS, RISK_STATUS_LABELS } from '../../../../common/risks';
import { risksApi } from '../../api/risks';
import { useAuth } from '../../app/auth';
import { Attachments } from '../../components/Attachments';
import { LoadError } from '../../components/errors';
import type { HistoryEntry } from '../../../../common/platform';
import { History } from '../../components/History';
import { dayText, OverdueTag, shanghaiToday } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { DetailPage } from '../../components/DetailPage';
import { useFormDialog } from '../../components/useSubmit';
import { LevelTag, RiskFields, riskBody, withLabels } from './Risks';

/** A review step in the history: what changed (level, next review, status) and what the reviewer found. */
function reviewNote(e: HistoryEntry): string | null {
  if (e.action !== 'review') return null;
  const names: Record<string, string> = { level: '等级', nextReviewDay: '下次复核', status: '状态' };
  const changed = e.changes.filter((c) => names[c.field]).map((c) => `${names[c.field]}：${c.field === 'nextReviewDay' ? dayText(String(c.before)) : c.before} → ${c.field === 'nextReviewDay' ? dayText(String(c.after)) : c.after}`);
  return [...changed, String(e.after?.result ?? '')].filter(Boolean).join('\n');
}

export default function RiskDetail() {
  const { id } = useParams();
  const { can } = useAuth();
  const risk = useLoad(() => risksApi.get(id!), [id]);
  const reviews = useLoad(() => risksApi.reviews(id!), [id]);
  const history = useLoad(() => risksApi.history(id!), [id]);
  const [form] = Form.useForm();
  const d = useFormDialog<'edit' | 'review'>(form);
  if (risk.error) return <LoadError error={risk.error} />;
  const r = risk.data;
  if (!r) return <Card loading />;
  const manage = can('risk.manage') && !r.archived;
  const reload = () => Promise.all([risk.reload(), reviews.reload(), history.reload()]);

  const submit = () => d.submit(async (v) => {
    if (d.dialog === 'edit') await risksApi.update(r.id, { ...riskBody(v), status: v.status, version: r.version });
    else await risksApi.review(r.id, { version: r.version, day: v.day.format('YYYY-MM-DD'), result: v.result, levelAfter: v.levelAfter, eliminated: !!v.eliminated, nextReviewDay: v.nextReviewDay ? v.nextReviewDay.format('YYYY-MM-DD') : null }, d.key);
    d.message.success(d.dialog === 'review' ? '已记录复核' : '已保存');
    d.close();
    await reload();
  });

  return (
    <DetailPage
      title={r.description}
      bar={
        <>
            <LevelTag level={r.level} />
            <span>{RISK_STATUS_LABELS[r.status]}</span>
            <OverdueTag days={r.overdueDays} label="复核逾期" />
            {manage && r.status === 'controlled' && <Button type="primary" onClick={() => d.open('review', { day: dayjs(shanghaiToday()), levelAfter: r.level })}>记录复核</Button>}
            {manage && <Button onClick={() => d.open('edit', { ...r, nextReviewDay: dayjs(r.nextReviewDay) })}>编辑</Button>}
            {can('risk.manage') && <ArchiveToggle archived={r.archived} what="" toggle={(on) => (on ? risksApi.restore(r.id, r.version) : risksApi.archive(r.id, r.version))} onDone={reload} />}
        </>
      }
      head={
        <>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="单位">{r.unitName}</Descriptions.Item>
            <Descriptions.Item label="领域">{RISK_AREA_LABELS[r.area]}</Descriptions.Item>
            <Descriptions.Item label="责任人">{r.ownerPersonName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="复核周期">每 {r.reviewMonths} 个月</Descriptions.Item>
            <Descriptions.Item label="下次复核">{r.status === 'eliminated' ? '—(已消除)' : dayText(r.nextReviewDay)}</Descriptions.Item>
            <Descriptions.Item label="上次复核">{dayText(r.lastReviewDay)}</Descriptions.Item>
            <Descriptions.Item label="防控措施" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{r.measures}</div></Descriptions.Item>
          </Descriptions>
        </>
      }
    >
      <Card title={`复核记录(${reviews.data?.items.length ?? 0})`}>
        <Timeline items={(reviews.data?.items ?? []).map((v) => ({
          key: v.id,
          children: <div><Typography.Text strong>{dayText(v.day)}</Typography.Text> <Typography.Text type="secondary">{v.reviewerName}</Typography.Text>
            <div>等级：{RISK_LEVEL_LABELS[v.levelBefore]} → {RISK_LEVEL_LABELS[v.levelAfter]}{v.nextReviewDay ? `，下次复核 ${dayText(v.nextReviewDay)}` : '，风险已消除'}</div>
            <div style={{ whiteSpace: 'pre-wrap' }}>{v.result}</div></div>,
        }))} />
        {reviews.data?.items.length === 0 && <Typography.Text type="secondary">尚未复核</Typography.Text>}
      </Card>
      <Attachments entity="risk_point" entityId={r.id} title="相关材料" canUpload={manage} />
      <Card title="修改历史"><History entries={withLabels(history.data?.items ?? [], { level: RISK_LEVEL_LABELS, status: RISK_STATUS_LABELS, area: RISK_AREA_LABELS })} labels={{ description: '风险描述', area: '领域', level: '等级', measures: '防控措施', ownerPersonName: '责任人', reviewMonths: '复核周期(月)', nextReviewDay: '下次复核', status: '状态' }} actions={{ review: '复核' }} note={reviewNote} /></Card>
      <Modal open={d.dialog !== null} title={d.dialog === 'review' ? '记录复核' : '编辑风险点'} onCancel={d.close} onOk={submit} okText="保存" cancelText="取消" confirmLoading={d.busy} destroyOnHidden width={d.dialog === 'edit' ? 640 : 520}>
        <Form form={form} layout="vertical" preserve={false}>
          {d.dialog === 'edit' && <><RiskFields form={form} create={false} /><Form.Item name="status" label="状态"><Select style={{ width: 120 }} options={Object.entries(RISK_STATUS_LABELS).map(([v, l]) => ({ value: v, label: l }))} /></Form.Item></>}
          {d.dialog === 'review' && (
            <>
              <Space wrap>
                <Form.Item name="day" label="复核日期" rules={[{ required: true, message: '请选择复核日期' }]}><DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday() || (!!r.lastReviewDay && d.format('YYYY-MM-DD') < r.lastReviewDay)} /></Form.Item>
                <Form.Item name="levelAfter" label="复核后等级" rules={[{ required: true }]}><Select id="review-level" style={{ width: 100 }} options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))} /></Form.Item>
              </Space>
              <Form.Item name="result" label="复核情况" rules={[{ required: true, message: '请填写复核情况' }]}><Input.TextArea id="review-result" rows={3} maxLength={5000} /></Form.Item>
              <Form.Item name="nextReviewDay" label="下次复核日期" extra={`不填则按复核周期(${r.reviewMonths} 个月)计算`}><DatePicker /></Form.Item>
              <Form.Item name="eliminated" valuePropName="checked"><Checkbox>风险已消除(不再复核)</Checkbox></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </DetailPage>
  );
}
