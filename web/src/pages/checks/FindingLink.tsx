import { Descriptions } from 'antd';
import { Link } from 'react-router-dom';
import { checksApi } from '../../api/checks';
import { useAuth } from '../../app/auth';
import { useLoad } from '../../components/useLoad';

/** On a rectification's page: the checklist item it came from (自查 or 考核), when it came from one. */
export function FindingLink({ rectificationId }: { rectificationId: string }) {
  const { can } = useAuth();
  const f = useLoad(() => (can('check.read') ? checksApi.findingOf(rectificationId) : Promise.resolve({ finding: null })), [rectificationId]);
  const x = f.data?.finding;
  if (!x) return null;
  return (
    <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
      <Descriptions.Item label="来源考核项目"><Link to={x.link}>{x.campaignName ?? '自查'} · {x.unitName} · {x.itemText}</Link></Descriptions.Item>
    </Descriptions>
  );
}
