import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { SHIFT_KIND_LABELS } from '../../../../common/watch';
import { watchApi } from '../../api/watch';
import { LoadError } from '../../components/errors';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { UnitFilter } from '../../components/ListFilters';
import { dayWithWeek, OnDuty } from './common';

/** 今日值班: every unit of the subtree with today's shifts, leaders and staff on duty, one tap to call. Made for a phone. */
export default function Today() {
  const lp = useListPage();
  const t = useLoad(() => watchApi.today(lp.unitId), lp.deps);
  if (t.error) return <LoadError error={t.error} onRetry={t.reload} />;
  const items = t.data?.items ?? [];
  const unscheduled = items.filter((u) => !u.shifts.length);
  const missing = items.filter((u) => !u.shifts.length || u.shifts.some((s) => s.gaps.length)).length;
  return (
    <Card title={`今日值班${t.data ? ` · ${dayWithWeek(t.data.day)}` : ''}`} styles={{ body: { padding: 12 } }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <UnitFilter lp={lp} />
        {t.data && <Typography.Text type={missing ? 'danger' : 'secondary'}>{items.length} 个单位{missing ? `，${missing} 个未排班或缺人` : '，均已安排'}</Typography.Text>}
      </Space>
      <List
        loading={t.loading}
        dataSource={items.filter((u) => u.shifts.length)}
        locale={{ emptyText: <Empty description="今天没有单位排班" /> }}
        renderItem={(u) => (
          <List.Item data-testid={`today-${u.unitName}`} style={{ display: 'block' }}>
            <Typography.Text strong>{u.unitName}</Typography.Text>
            {u.shifts.map((s) => (
              <div key={s.id} style={{ marginTop: 6 }}>
                <Space size={4} wrap>
                  <Tag color="blue">{s.day === t.data?.day ? '' : '昨日'}{SHIFT_KIND_LABELS[s.kind]}</Tag>
                  <Link to={`/watch/shifts/${s.id}`}>值班日志{s.logCount ? `(${s.logCount})` : ''}</Link>
                </Space>
                <div>带班：<OnDuty p={s.leader} role="带班领导" /></div>
                <div>值班：<OnDuty p={s.staff} role="值班人员" /></div>
              </div>
            ))}
          </List.Item>
        )}
      />
      {unscheduled.length > 0 && (
        <div data-testid="today-unscheduled" style={{ marginTop: 12 }}>
          <Typography.Text type="danger">今日未排班({unscheduled.length})：</Typography.Text>
          <div style={{ marginTop: 4 }}>{unscheduled.map((u) => <Tag key={u.unitId} style={{ marginBottom: 4 }}><Link to={`/watch?unitId=${u.unitId}&includeSubunits=false`}>{u.unitName}</Link></Tag>)}</div>
        </div>
      )}
    </Card>
  );
}
