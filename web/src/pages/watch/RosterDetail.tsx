import { Alert, Button, Card, Form, Grid, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { SHIFT_KIND_LABELS, SHIFT_MODE_LABELS, SHIFT_POSITION_LABELS, SHIFT_POSITIONS, type ShiftView } from '../../../../common/watch';
import { watchApi } from '../../api/watch';
import { useAuth } from '../../app/auth';
import { ArchiveToggle } from '../../components/ArchiveToggle';
import { Attachments } from '../../components/Attachments';
import { DetailPage } from '../../components/DetailPage';
import { LoadError } from '../../components/errors';
import { History } from '../../components/History';
import { dayText } from '../../components/OverdueTag';
import { useLoad } from '../../components/useLoad';
import { useFormDialog } from '../../components/useSubmit';
import { dayWithWeek, GapTags, OnDuty, shiftName, UnitPeopleSelect } from './common';

type Edit = { leaderPersonId?: string | null; leaderPhone?: string | null; staffPersonId?: string | null; staffPhone?: string | null };
type Swap = { position: 'leader' | 'staff'; toPersonId: string; reason?: string };
type Exchange = { position: 'leader' | 'staff'; otherShiftId: string; reason?: string };

/** One roster: its shifts with who is on duty and their phones, gaps flagged; edit a shift, swap, exchange two shifts, or open its log. */
export default function RosterDetail() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const narrow = !Grid.useBreakpoint().md;
  const r = useLoad(() => watchApi.roster(id), [id]);
  const hist = useLoad(() => watchApi.rosterHistory(id), [id, r.data]);
  const [editForm] = Form.useForm<Edit>();
  const edit = useFormDialog<ShiftView>(editForm);
  const [swapForm] = Form.useForm<Swap>();
  const swap = useFormDialog<ShiftView>(swapForm);
  const [exchangeForm] = Form.useForm<Exchange>();
  const exchange = useFormDialog<ShiftView>(exchangeForm);
  const exchangePosition = Form.useWatch('position', exchangeForm) ?? 'staff';
  if (r.error) return <LoadError error={r.error} onRetry={r.reload} />;
  if (!r.data) return <Card loading />;
  const roster = r.data;
  const manage = can('watch.manage') && !roster.archived;
  const now = new Date().toISOString();
  const saveEdit = () => edit.submit(async (v: Edit) => {
    const s = edit.dialog!;
    await watchApi.updateShift(s.id, { leaderPersonId: v.leaderPersonId ?? null, leaderPhone: v.leaderPhone || null, staffPersonId: v.staffPersonId ?? null, staffPhone: v.staffPhone || null, version: s.version });
    edit.close();
    edit.message.success('已保存');
    await r.reload();
  });
  const saveSwap = () => swap.submit(async (v: Swap) => {
    const res = await watchApi.requestSwap(swap.dialog!.id, v, swap.key);
    swap.close();
    swap.message.success(res.status === 'approved' ? '已换班' : '已提交换班申请，待值班表管理人审批');
    await r.reload();
  });
  const saveExchange = () => exchange.submit(async (v: Exchange) => {
    const res = await watchApi.proposeExchange(exchange.dialog!.id, v, exchange.key);
    exchange.close();
    exchange.message.success(res.status === 'approved' ? '已互换班次' : `已发给${res.toName}确认`);
    await r.reload();
  });
  // Shifts to exchange with: later than now, someone else at the chosen place.
  const partners = (s: ShiftView, position: 'leader' | 'staff') => roster.shifts.filter((o) => {
    const mine = position === 'leader' ? s.leader : s.staff;
    const theirs = position === 'leader' ? o.leader : o.staff;
    return o.id !== s.id && o.startsAt > now && theirs && theirs.personId !== mine?.personId;
  });
  const actions = (s: ShiftView) => (
    <Space size={4} wrap>
      <Link to={`/watch/shifts/${s.id}`}>值班日志{s.logCount ? `(${s.logCount})` : ''}</Link>
      {manage && s.endsAt > now && <Button size="small" type="link" onClick={() => edit.open(s, { leaderPersonId: s.leader?.personId, leaderPhone: s.leader?.phone, staffPersonId: s.staff?.personId, staffPhone: s.staff?.phone })}>调整</Button>}
      {can('watch.duty') && !roster.archived && s.startsAt > now && <Button size="small" type="link" onClick={() => swap.open(s, { position: 'staff' })}>换班</Button>}
      {can('watch.duty') && !roster.archived && s.startsAt > now && (s.staff || s.leader) && <Button size="small" type="link" onClick={() => exchange.open(s, { position: s.staff ? 'staff' : 'leader' })}>互换</Button>}
    </Space>
  );
  return (
    <DetailPage
      title={roster.title}
      bar={
        <>
          {roster.archived && <Tag>已归档</Tag>}
          <Tag>{roster.unitName}</Tag>
          <Tag color="blue">{dayText(roster.startsOn)} 至 {dayText(roster.endsOn)}</Tag>
          <Tag>{SHIFT_MODE_LABELS[roster.shiftMode]}</Tag>
          {roster.gapCount ? <Tag color="error">{roster.gapCount} 个班次缺人</Tag> : <Tag color="success">已排全</Tag>}
          {can('watch.manage') && <ArchiveToggle archived={roster.archived} what="该值班表" toggle={(archived) => (archived ? watchApi.restoreRoster(id, roster.version) : watchApi.archiveRoster(id, roster.version)).then(() => r.reload())} />}
        </>
      }
      head={
        <Space direction="vertical" style={{ width: '100%' }}>
          {roster.watchPeriods.map((w) => <Alert key={w.id} type={roster.uncoveredWatchDays.length ? 'warning' : 'info'} showIcon message={`敏感时期“${w.name}”(${dayText(w.startsOn)}至${dayText(w.endsOn)})须24小时值班`} description={roster.uncoveredWatchDays.length ? `以下日期未安排24小时值班：${roster.uncoveredWatchDays.map(dayWithWeek).join('、')}` : undefined} />)}
          {roster.note && <Typography.Paragraph>{roster.note}</Typography.Paragraph>}
        </Space>
      }
    >
      <Card title="班次" styles={{ body: { padding: narrow ? 8 : undefined } }}>
        <Table<ShiftView> rowKey="id" dataSource={roster.shifts} pagination={false} size="small" rowClassName={(s) => (s.gaps.length ? 'row-overdue' : '')}
          columns={narrow ? [
            {
              title: '班次', key: 'all', render: (_, s) => (
                <Space direction="vertical" size={2} data-testid={`shift-${s.day}-${s.kind}`}>
                  <Typography.Text strong>{shiftName(s)}</Typography.Text>
                  <span>带班：<OnDuty p={s.leader} role="带班领导" /></span>
                  <span>值班：<OnDuty p={s.staff} role="值班人员" /></span>
                  {actions(s)}
                </Space>
              ),
            },
          ] : [
            { title: '日期', key: 'd', width: 130, render: (_, s) => dayWithWeek(s.day) },
            { title: '班次', key: 'k', width: 70, render: (_, s) => SHIFT_KIND_LABELS[s.kind] },
            { title: '带班领导', key: 'l', render: (_, s) => <OnDuty p={s.leader} role="带班领导" /> },
            { title: '值班人员', key: 's', render: (_, s) => <OnDuty p={s.staff} role="值班人员" /> },
            { title: '状态', key: 'g', width: 150, render: (_, s) => (s.handedOverAt ? <Tag color="success">已交班</Tag> : <GapTags gaps={s.gaps} />) },
            { title: '', key: 'a', width: 200, render: (_, s) => <span data-testid={`shift-${s.day}-${s.kind}`}>{actions(s)}</span> },
          ]}
        />
      </Card>
      <Attachments entity="watch_roster" entityId={id} title="值班表附件(签批件等)" canUpload={can('watch.manage') && !roster.archived} />
      <Card title="修改历史">
        <History entries={hist.data?.items ?? []} labels={{ title: '名称', note: '说明', leader: '带班领导', staff: '值班人员', leaderPhone: '带班领导电话', staffPhone: '值班人员电话' }}
          actions={{
            'watch_shift.update': '调整班次人员', 'watch_shift.handover': '交班', 'watch_shift.open_log': '打开值班日志', 'watch_swap.swap': '代为换班', 'watch_swap.request': '申请换班', 'watch_swap.approve': '同意换班', 'watch_swap.reject': '不同意换班',
            'watch_swap.propose': '提出互换班次', 'watch_swap.exchange': '代为互换班次', 'watch_swap.accept': '同意互换班次', 'watch_swap.decline': '不同意互换班次',
          }}
          note={(e) => {
            const a = e.after as Record<string, unknown> | null;
            const both = /^watch_swap\.(propose|exchange|accept|decline)$/.test(e.action);
            return a && (a.from !== undefined || a.to !== undefined) ? `${a.from ?? '空缺'} ${both ? '⇄' : '→'} ${a.to ?? ''}` : null;
          }} />
      </Card>
      <Modal open={edit.dialog !== null} title={edit.dialog ? `调整 ${shiftName(edit.dialog)}` : ''} onCancel={edit.close} onOk={saveEdit} okText="保存" cancelText="取消" confirmLoading={edit.busy} destroyOnHidden>
        <Form form={editForm} layout="vertical" preserve={false}>
          <Form.Item name="leaderPersonId" label="带班领导"><UnitPeopleSelect unitId={roster.unitId} placeholder="选择带班领导" /></Form.Item>
          <Form.Item name="leaderPhone" label="带班领导电话(不填用本人电话)"><Input inputMode="tel" maxLength={40} /></Form.Item>
          <Form.Item name="staffPersonId" label="值班人员"><UnitPeopleSelect unitId={roster.unitId} placeholder="选择值班人员" /></Form.Item>
          <Form.Item name="staffPhone" label="值班人员电话(不填用本人电话)"><Input inputMode="tel" maxLength={40} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={swap.dialog !== null} title={swap.dialog ? `换班：${shiftName(swap.dialog)}` : ''} onCancel={swap.close} onOk={saveSwap} okText="提交" cancelText="取消" confirmLoading={swap.busy} destroyOnHidden>
        <Typography.Paragraph type="secondary">当班人员本人申请的换班需值班表管理人同意；管理人代为换班立即生效。只能与本单位人员换班。</Typography.Paragraph>
        <Form form={swapForm} layout="vertical" preserve={false}>
          <Form.Item name="position" label="换班岗位" rules={[{ required: true, message: '请选择换班岗位' }]}><Radio.Group options={SHIFT_POSITIONS.map((p) => ({ value: p, label: SHIFT_POSITION_LABELS[p] }))} /></Form.Item>
          <Form.Item name="toPersonId" label="接班人员" rules={[{ required: true, message: '请选择接班人员' }]}><UnitPeopleSelect unitId={roster.unitId} placeholder="选择本单位人员" /></Form.Item>
          <Form.Item name="reason" label="换班原因"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={exchange.dialog !== null} title={exchange.dialog ? `互换班次：${shiftName(exchange.dialog)}` : ''} onCancel={exchange.close} onOk={saveExchange} okText="提交" cancelText="取消" confirmLoading={exchange.busy} destroyOnHidden>
        <Typography.Paragraph type="secondary">与本单位另一班次同岗位的人互换：对方同意后两个班次同时调整；值班表管理人代为互换立即生效。已开始或已结束的班次不能互换。</Typography.Paragraph>
        <Form form={exchangeForm} layout="vertical" preserve={false}>
          <Form.Item name="position" label="互换岗位" rules={[{ required: true, message: '请选择互换岗位' }]}><Radio.Group options={SHIFT_POSITIONS.map((p) => ({ value: p, label: SHIFT_POSITION_LABELS[p] }))} /></Form.Item>
          <Form.Item name="otherShiftId" label="对方班次" rules={[{ required: true, message: '请选择对方班次' }]}>
            <Select showSearch optionFilterProp="label" placeholder="选择要互换的班次" notFoundContent="没有可互换的班次"
              options={exchange.dialog ? partners(exchange.dialog, exchangePosition).map((o) => ({ value: o.id, label: `${shiftName(o)} ${(exchangePosition === 'leader' ? o.leader : o.staff)?.name ?? ''}` })) : []} />
          </Form.Item>
          <Form.Item name="reason" label="换班原因"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </DetailPage>
  );
}
