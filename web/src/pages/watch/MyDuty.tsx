import { Alert, Card, List, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { watchApi } from '../../api/watch';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { GapTags, OnDuty, shiftName } from './common';

/** 我的值班: the signed-in person's shifts from yesterday on, each opening its log. */
export default function MyDuty() {
  const my = useLoad(() => watchApi.my(), []);
  if (my.error) return <LoadError error={my.error} onRetry={my.reload} />;
  const now = new Date().toISOString();
  return (
    <Card title="我的值班">
      {my.data && !my.data.linked && <Alert type="info" showIcon message="您的账号未关联人员，请管理员在“账号”中关联后查看本人的值班" />}
      <List
        loading={my.loading}
        dataSource={my.data?.items ?? []}
        locale={{ emptyText: '近期没有您的值班' }}
        renderItem={(s) => (
          <List.Item style={{ display: 'block' }}>
            <Space wrap>
              <Link to={`/watch/shifts/${s.id}`}>{s.unitName} {shiftName(s)}</Link>
              {s.handedOverAt ? <Tag color="success">已交班</Tag> : s.startsAt <= now && s.endsAt > now ? <Tag color="processing">值班中</Tag> : null}
              <GapTags gaps={s.gaps} />
            </Space>
            <div>带班：<OnDuty p={s.leader} role="带班领导" /></div>
            <div>值班：<OnDuty p={s.staff} role="值班人员" /></div>
          </List.Item>
        )}
      />
    </Card>
  );
}
