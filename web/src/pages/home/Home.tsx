import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../common/roles';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useLoad } from '../../components/useLoad';
import { ReminderCard } from '../notifications/ReminderCard';

export default function Home() {
  const { session, can } = useAuth();
  const a = session!.account;
  const tree = useLoad(() => api.unitTree(), []);
  const people = useLoad(() => (can('person.read') ? api.people({ pageSize: 1 }) : Promise.resolve(null)), []);
  const shortcuts = [
    { to: '/units', label: '单位管理', permission: 'unit.read' },
    { to: '/people', label: '人员', permission: 'person.read' },
    { to: '/leading-group', label: '领导小组与责任分工', permission: 'leadingGroup.read' },
    { to: '/accounts', label: '账号', permission: 'account.read' },
    { to: '/audit', label: '审计日志', permission: 'audit.read' },
  ].filter((s) => can(s.permission));
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>您好，{a.displayName}</Typography.Title>
        <Typography.Text type="secondary">
          {a.unitName} · {ROLE_LABELS[a.role]}。您可以查看和管理本单位及下级单位的记录。
        </Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card><Statistic title="本单位及下级单位" value={tree.data?.items.length ?? '-'} suffix="个" /></Card>
        </Col>
        {people.data && (
          <Col xs={12} md={6}>
            <Card><Statistic title="人员" value={people.data.total} suffix="人" /></Card>
          </Col>
        )}
      </Row>
      <ReminderCard />
      <Card title="常用功能">
        <Row gutter={[12, 12]}>
          {shortcuts.map((s) => (
            <Col xs={12} md={6} key={s.to}>
              <Link to={s.to}><Card hoverable size="small" style={{ textAlign: 'center' }}>{s.label}</Card></Link>
            </Col>
          ))}
        </Row>
      </Card>
    </div>
  );
}
