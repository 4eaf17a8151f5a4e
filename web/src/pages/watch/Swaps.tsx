import { Button, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { SHIFT_POSITION_LABELS, SWAP_STATUS_LABELS, type SwapView } from '../../../../common/watch';
import { watchApi } from '../../api/watch';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/errors';
import { EnumFilter, FilterBar, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { shiftName } from './common';

/** 换班申请: pending ones first; the roster's owner agrees or declines. */
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
                <span>{SHIFT_POSITION_LABELS[w.position]}：{w.fromName ?? '空缺'} → {w.toName}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{w.requestedBy}申请{w.reason ? `：${w.reason}` : ''}</Typography.Text>
                <Space wrap>
                  <Tag color={w.status === 'pending' ? 'warning' : w.status === 'approved' ? 'success' : 'default'}>{SWAP_STATUS_LABELS[w.status]}</Tag>
                  {w.status === 'pending' && can('watch.manage') && <>
                    <Button size="small" type="primary" loading={act.busy} onClick={() => decide(w, true)}>同意</Button>
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
