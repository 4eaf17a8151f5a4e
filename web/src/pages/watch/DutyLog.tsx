import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { watchApi } from '../../api/watch';
import { LoadError } from '../../components/errors';
import { FilterBar, RangeFilter, UnitFilter } from '../../components/ListFilters';
import { ListTable } from '../../components/ListTable';
import { useListPage } from '../../components/useListPage';
import { useLoad } from '../../components/useLoad';
import { shiftName } from './common';

/** 值班日志 of the subtree, newest first, with the ledger download. */
export default function DutyLog() {
  const lp = useListPage();
  const query = { ...lp.scope, ...lp.pick('from', 'to'), ...lp.page };
  const list = useLoad(() => watchApi.log(query), lp.deps);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card title="值班日志" extra={<Button icon={<DownloadOutlined />} href={watchApi.logExportUrl(query)}>导出</Button>}>
      <FilterBar>
        <UnitFilter lp={lp} subunits />
        <RangeFilter lp={lp} />
      </FilterBar>
      <ListTable list={list} lp={lp}
        columns={[{
          title: '记录', key: 'all', render: (_, e) => (
            <Space direction="vertical" size={2}>
              <Link to={`/watch/shifts/${e.shiftId}`}>{e.unitName} {shiftName(e)}</Link>
              <span style={{ whiteSpace: 'pre-wrap' }}>{new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}　{e.matter}</span>
              {e.handling && <Typography.Text type="secondary">处置：{e.handling}</Typography.Text>}
              {e.caseId && <Link to={`/cases/${e.caseId}`}>关联事件：{e.caseTitle}</Link>}
            </Space>
          ),
        }]}
      />
    </Card>
  );
}
