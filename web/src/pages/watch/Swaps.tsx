import { Button, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { EXCHANGE_PENDING_LABEL, SHIFT_POSITION_LABELS, SWAP_STATUS_LABELS, type SwapView } from '../../../../common/watch';
import { watchApi } from '../../api/watch';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { EnumFilter, FilterBar, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { shiftName } from './common';

/** 换班申请 and 互换班次: pending ones first; the roster's owner agrees or declines a swap; the other person (or the owner for both) an exchange. */
export default function Swaps() {
  const { can } = useAuth();
  const lp = useListPage();
  const query = { unitId: lp.unitId, ...lp.pick('status'), ...lp.page };
  const list = useLoad(() => watchApi.swaps(query), lp.deps);
  const act = useSubmit();
  const decide = (w: SwapView, ok: boolean) => act.submit(async () => {
    await (ok ? watchApi.approveSwap(w.id, w.version) : watchApi.rejectSwap(w.id, w.version));
    act.message.success(ok ? '已同意换班' : '已不同意');
    await list.reload();
  });
  const answer = (w: SwapView, ok: boolean) => act.submit(async () => {
    await (ok ? watchApi.acceptExchange(w.id, w.version) : watchApi.declineExchange(w.id, w.version));
    act.message.success(ok ? '已同意互换，两个班次已调整' : '已不同意互换');
    await list.reload();
  });
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card title="换班申请">
      <FilterBar>
        <UnitFilter lp={lp} />
        <EnumFilter lp={lp} name="status" placeholder="状态" width={120} labels={SWAP_STATUS_LABELS} />
      </FilterBar>
      <ListTable list={list} lp={lp}
        columns={[
          {
            title: '换班', key: 'all', render: (_, w) => (
              <Space direction="vertical" size={2}>
                <Link to={`/watch/shifts/${w.shiftId}`}>{w.unitName} {shiftName(w)}</Link>
                {w.other
                  ? <span>互换{SHIFT_POSITION_LABELS[w.position]}：{shiftName(w)} {w.fromName} ⇄ <Link to={`/watch/shifts/${w.other.shiftId}`}>{shiftName(w.other)}</Link> {w.toName}</span>
                  : <span>{SHIFT_POSITION_LABELS[w.position]}：{w.fromName ?? '空缺'} → {w.toName}</span>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{w.requestedBy}申请{w.reason ? `：${w.reason}` : ''}</Typography.Text>
                <Space wrap>
                  <Tag color={w.status === 'pending' ? 'warning' : w.status === 'approved' ? 'success' : 'default'}>{w.other && w.status === 'pending' ? EXCHANGE_PENDING_LABEL : SWAP_STATUS_LABELS[w.status]}</Tag>
                  {w.toAnswer && <>
                    <Button size="small" type="primary" loading={act.busy} onClick={() => answer(w, true)}>同意互换</Button>
                    <Button size="small" loading={act.busy} onClick={() => answer(w, false)}>不同意</Button>
                  </>}
                  {w.status === 'pending' && !w.toAnswer && can('watch.manage') && <>
                    <Button size="small" type="primary" loading={act.busy} onClick={() => decide(w, true)}>{w.other ? '代为同意' : '同意'}</Button>
                    <Button size="small" loading={act.busy} onClick={() => decide(w, false)}>不同意</Button>
                  </>}
                </Space>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
