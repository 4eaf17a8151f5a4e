import { Button, Card, Col, Empty, Input, Row, Switch, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../app/auth';
import { type TreeNode, useUnitTree } from '../../components/UnitSelect';
import { UnitPanel } from './UnitPanel';

function filterTree(nodes: TreeNode[], q: string): TreeNode[] {
  if (!q) return nodes;
  return nodes
    .map((n) => ({ ...n, children: filterTree(n.children, q) }))
    .filter((n) => n.title.includes(q) || n.children.length > 0);
}

/** Unit tree on the left (on top on a phone), the selected unit on the right. */
export default function Units() {
  const { id } = useParams();
  const { session } = useAuth();
  const navigate = useNavigate();
  const [showArchived, setShowArchived] = useState(false);
  const [q, setQ] = useState('');
  const { tree, reload } = useUnitTree(showArchived);
  const shown = useMemo(() => filterTree(tree, q.trim()), [tree, q]);
  const selected = id ?? session!.account.unitId;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card title="单位树" size="small" extra={<span>显示已归档 <Switch size="small" checked={showArchived} onChange={setShowArchived} aria-label="显示已归档" /></span>}>
          <Input.Search placeholder="搜索单位名称" allowClear onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 8 }} />
          {shown.length ? (
            <Tree
              treeData={shown}
              selectedKeys={[selected]}
              defaultExpandedKeys={tree.map((n) => n.key)}
              {...(q ? { expandedKeys: undefined, defaultExpandAll: true } : {})}
              onSelect={(keys) => keys[0] && navigate(`/units/${keys[0]}`)}
              style={{ maxHeight: '70vh', overflow: 'auto' }}
            />
          ) : (
            <Empty description="没有匹配的单位" />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        {selected ? <UnitPanel key={selected} id={selected} onChanged={reload} /> : <Button>请选择单位</Button>}
      </Col>
    </Row>
  );
}
