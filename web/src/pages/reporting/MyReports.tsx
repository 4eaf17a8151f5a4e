import { Button, Card, Empty, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { reportingApi } from '../../api/reporting';
import { LoadError } from '../../components/errors';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { StateTag, when } from './shared';

/**
 * 我的报告, made for a phone: one card per report my unit owes (and those sent lately), with
 * 本期无情况 as one tap and 填写报告 to open the form.
 */
export default function MyReports() {
  const list = useLoad(() => reportingApi.submissions({ view: 'mine', pageSize: 50 }), []);
  const s = useSubmit();
  if (list.error) return <LoadError error={list.error} />;
  const items = list.data?.items ?? [];
  const nil = (id: string, version: number) => s.submit(async () => {
    await reportingApi.nil(id, version);
    s.message.success('已报送：本期无情况');
    await list.reload();
  });
  return (
    <Card title="我的报告" loading={list.loading && !list.data} styles={{ body: { padding: 12 } }}>
      {items.length === 0 && <Empty description="本单位目前没有需要报送的报告" />}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {items.map((r) => (
          <Card key={r.id} size="small" className="report-card" data-period={r.periodKey}>
            <Space direction="vertical" size={6} style={{ width: '100%' }}>
              <Typography.Text strong style={{ fontSize: 16 }}>{r.scheduleName}</Typography.Text>
              <Space wrap size={4}>
                <Typography.Text>{r.periodLabel}</Typography.Text>
                <StateTag state={r.state} />
                {r.status === 'draft' && <Typography.Text type="secondary">已存草稿</Typography.Text>}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>报送截止：{when(r.dueAt)}{r.locksAt ? `，${when(r.locksAt)}后锁定` : ''}</Typography.Text>
              {r.status === 'returned' && <Typography.Text type="danger">被退回：{r.returnReason}</Typography.Text>}
              {r.can.edit ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Button type="primary" size="large" block loading={s.busy} onClick={() => nil(r.id, r.version)}>本期无情况</Button>
                  <Link to={`/reporting/submissions/${r.id}`}><Button size="large" block>填写报告</Button></Link>
                </Space>
              ) : (
                <Link to={`/reporting/submissions/${r.id}`}>{r.can.requestReopen ? '已锁定，申请重新开放' : '查看'}</Link>
              )}
            </Space>
          </Card>
        ))}
      </Space>
    </Card>
  );
}
