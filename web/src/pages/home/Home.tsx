import { Card, Col, Row, Statistic, Typography } from 'antd';
import { rectApi } from '../../api/rectification';
import { risksApi } from '../../api/risks';
import { tasksApi } from '../../api/tasks';
import { casesApi } from '../../api/cases';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../common/roles';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { MENU } from '../../app/Layout';
import { useLoad } from '../../components/useLoad';
import { ReminderCard } from '../notifications/ReminderCard';

const SHORTCUTS = ['/units', '/people', '/leading-group', '/accounts', '/tasks', '/rectification', '/cases', '/activities', '/targets', '/audit'];

export default function Home() {
  const { session, can } = useAuth();
  const a = session!.account;
  const tree = useLoad(() => api.unitTree(), []);
  const people = useLoad(() => (can('person.read') ? api.people({ pageSize: 1 }) : Promise.resolve(null)), []);
  // What is late or waiting, each count a link to the filtered register.
  const attention = useLoad(async () => {
    const [tasks, rects, waiting, risks, cases, casesLate, direct] = await Promise.all([
      can('task.read') ? tasksApi.list({ overdue: true, pageSize: 1 }) : null,
      can('rectification.read') ? rectApi.list({ overdue: true, pageSize: 1 }) : null,
      can('rectification.signoff') ? rectApi.list({ status: 'reported', pageSize: 1 }) : null,
      can('risk.read') ? risksApi.list({ overdue: true, pageSize: 1 }) : null,
      can('case.handle') ? casesApi.list({ handlingUnitId: a.unitId, open: 'true', pageSize: 1 }) : null,
      can('case.read') ? casesApi.list({ overdue: 'true', pageSize: 1 }) : null,
      can('case.read') ? casesApi.directReports({ unread: 'true', pageSize: 1 }) : null,
    ]);
    return [
      tasks && { to: '/tasks?overdue=true', label: '逾期任务', value: tasks.total },
      rects && { to: '/rectification?overdue=true', label: '逾期整改', value: rects.total },
      waiting && { to: '/rectification', label: '待销号整改', value: waiting.total },
      risks && { to: '/risks?overdue=true', label: '复核逾期的风险点', value: risks.total },
      cases && { to: `/cases?handlingUnitId=${a.unitId}&open=true`, label: '本单位办理中的舆情诉求', value: cases.total },
      casesLate && { to: '/cases?overdue=true', label: '超时的舆情诉求', value: casesLate.total },
      direct && direct.total > 0 && { to: '/cases/direct-reports', label: '未阅的直报', value: direct.total },
    ].filter((x): x is { to: string; label: string; value: number } => !!x);
  }, []);
  // The pages most used, as the menu names them and with the menu's permissions.
  const shortcuts = SHORTCUTS.map((key) => MENU.find((m) => m.key === key)!)
    .filter((m) => !m.permission || can(m.permission))
    .map((m) => ({ to: m.key, label: m.label }));
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
      {attention.data && attention.data.length > 0 && (
        <Card title="需要关注" size="small">
          <Row gutter={[16, 16]}>
            {attention.data.map((a) => (
              <Col xs={12} md={6} key={a.label}>
                <Link to={a.to} aria-label={`${a.label} ${a.value}`}>
                  <Statistic title={a.label} value={a.value} valueStyle={{ color: a.value > 0 ? '#cf1322' : '#389e0d' }} />
                </Link>
              </Col>
            ))}
          </Row>
        </Card>
      )}
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
