import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { Permission } from '../../../common/roles';
import { useAuth } from './auth';
import { AppLayout } from './Layout';

const Login = lazy(() => import('../pages/auth/Login'));
const Setup = lazy(() => import('../pages/auth/Setup'));
const ChangePassword = lazy(() => import('../pages/auth/ChangePassword'));
const TwoFactor = lazy(() => import('../pages/auth/TwoFactor'));
const SecurityPolicy = lazy(() => import('../pages/auth/SecurityPolicy'));
const Home = lazy(() => import('../pages/home/Home'));
const Units = lazy(() => import('../pages/org/Units'));
const UnitDetail = lazy(() => import('../pages/org/UnitDetail'));
const People = lazy(() => import('../pages/org/People'));
const Accounts = lazy(() => import('../pages/org/Accounts'));
const LeadingGroup = lazy(() => import('../pages/org/LeadingGroup'));
const Import = lazy(() => import('../pages/org/Import'));
const AuditLog = lazy(() => import('../pages/audit/AuditLog'));
const Results = lazy(() => import('../pages/common/Results'));
const CalendarPage = lazy(() => import('../pages/calendar/Calendar'));
const Notifications = lazy(() => import('../pages/notifications/Notifications'));
const Feeds = lazy(() => import('../pages/feeds/Feeds'));
const Tasks = lazy(() => import('../pages/tasks/Tasks'));
const DutyList = lazy(() => import('../pages/duty/DutyList'));
const Agreements = lazy(() => import('../pages/duty/Agreements'));
const Risks = lazy(() => import('../pages/risks/Risks'));
const RiskDetail = lazy(() => import('../pages/risks/RiskDetail'));
const Assessments = lazy(() => import('../pages/risks/Assessments'));
const AssessmentDetail = lazy(() => import('../pages/risks/AssessmentDetail'));
const Activities = lazy(() => import('../pages/ledger/Activities'));
const ActivityDetail = lazy(() => import('../pages/ledger/ActivityDetail'));
const Targets = lazy(() => import('../pages/ledger/Targets'));
const Plans = lazy(() => import('../pages/ledger/Plans'));
const Rules = lazy(() => import('../pages/rules/Rules'));
const Netsec = lazy(() => import('../pages/netsec/Netsec'));
const Teams = lazy(() => import('../pages/teams/Teams'));
const Rectifications = lazy(() => import('../pages/rectification/Rectifications'));
const RectificationDetail = lazy(() => import('../pages/rectification/RectificationDetail'));
const TaskDetail = lazy(() => import('../pages/tasks/TaskDetail'));
const Clues = lazy(() => import('../pages/feeds/Clues'));
const Packs = lazy(() => import('../pages/packs/Packs'));
const Documents = lazy(() => import('../pages/documents/Documents'));
const Draft = lazy(() => import('../pages/documents/Draft'));
const Cases = lazy(() => import('../pages/cases/Cases'));
const CaseDetail = lazy(() => import('../pages/cases/CaseDetail'));
const DirectReports = lazy(() => import('../pages/cases/DirectReports'));
const CaseSettings = lazy(() => import('../pages/cases/CaseSettings'));
const CaseFigures = lazy(() => import('../pages/cases/CaseFigures'));
const PublicSubmit = lazy(() => import('../pages/cases/PublicSubmit'));
const PublicTrack = lazy(() => import('../pages/cases/PublicTrack'));

const loading = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin size="large" />
  </div>
);

function RequireSession({ children }: { children: ReactNode }) {
  const { session, info, loading: busy } = useAuth();
  const location = useLocation();
  if (busy) return loading;
  if (info?.setupNeeded) return <Navigate to="/setup" replace />;
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

/** A page the role may not open shows the refusal instead of an empty screen. */
function Guard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? <>{children}</> : <Results kind="403" />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={loading}>
      <Routes>
        <Route path="/login" element={<Login />} />
        <Route path="/setup" element={<Setup />} />
        {/* The public concern pages: no account, outside the signed-in layout. */}
        <Route path="/public/submit" element={<PublicSubmit />} />
        <Route path="/public/track" element={<PublicTrack />} />
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<Home />} />
          <Route path="units" element={<Guard permission="unit.read"><Units /></Guard>} />
          <Route path="units/:id" element={<Guard permission="unit.read"><UnitDetail /></Guard>} />
          <Route path="people" element={<Guard permission="person.read"><People /></Guard>} />
          <Route path="accounts" element={<Guard permission="account.read"><Accounts /></Guard>} />
          <Route path="leading-group" element={<Guard permission="leadingGroup.read"><LeadingGroup /></Guard>} />
          <Route path="import" element={<Guard permission="org.import"><Import /></Guard>} />
          <Route path="audit" element={<Guard permission="audit.read"><AuditLog /></Guard>} />
          <Route path="calendar" element={<Guard permission="calendar.read"><CalendarPage /></Guard>} />
          <Route path="tasks" element={<Guard permission="task.read"><Tasks /></Guard>} />
          <Route path="tasks/:id" element={<Guard permission="task.read"><TaskDetail /></Guard>} />
          <Route path="rectification" element={<Guard permission="rectification.read"><Rectifications /></Guard>} />
          <Route path="rectification/:id" element={<Guard permission="rectification.read"><RectificationDetail /></Guard>} />
          <Route path="activities" element={<Guard permission="ledger.read"><Activities /></Guard>} />
          <Route path="activities/:id" element={<Guard permission="ledger.read"><ActivityDetail /></Guard>} />
          <Route path="targets" element={<Guard permission="ledger.read"><Targets /></Guard>} />
          <Route path="plans" element={<Guard permission="ledger.read"><Plans /></Guard>} />
          <Route path="rules" element={<Guard permission="rule.read"><Rules /></Guard>} />
          <Route path="netsec" element={<Guard permission="netsec.read"><Netsec /></Guard>} />
          <Route path="teams" element={<Guard permission="team.read"><Teams /></Guard>} />
          <Route path="risks" element={<Guard permission="risk.read"><Risks /></Guard>} />
          <Route path="risks/:id" element={<Guard permission="risk.read"><RiskDetail /></Guard>} />
          <Route path="risk-assessments" element={<Guard permission="risk.read"><Assessments /></Guard>} />
          <Route path="risk-assessments/:id" element={<Guard permission="risk.read"><AssessmentDetail /></Guard>} />
          <Route path="duty-list" element={<Guard permission="duty.read"><DutyList /></Guard>} />
          <Route path="agreements" element={<Guard permission="duty.read"><Agreements /></Guard>} />
          <Route path="documents" element={<Guard permission="document.read"><Documents /></Guard>} />
          <Route path="documents/:id" element={<Guard permission="document.read"><Draft /></Guard>} />
          <Route path="feeds" element={<Guard permission="feed.read"><Feeds /></Guard>} />
          <Route path="clues" element={<Guard permission="feed.read"><Clues /></Guard>} />
          <Route path="packs" element={<Guard permission="pack.read"><Packs /></Guard>} />
          <Route path="cases" element={<Guard permission="case.read"><Cases /></Guard>} />
          <Route path="cases/direct-reports" element={<Guard permission="case.read"><DirectReports /></Guard>} />
          <Route path="cases/settings" element={<Guard permission="case.read"><CaseSettings /></Guard>} />
          <Route path="cases/figures" element={<Guard permission="case.read"><CaseFigures /></Guard>} />
          <Route path="cases/:id" element={<Guard permission="case.read"><CaseDetail /></Guard>} />
          <Route path="notifications" element={<Guard permission="notification.read"><Notifications /></Guard>} />
          <Route path="password" element={<ChangePassword />} />
          <Route path="two-factor" element={<TwoFactor />} />
          <Route path="security" element={<Guard permission="security.manage"><SecurityPolicy /></Guard>} />
          <Route path="*" element={<Results kind="404" />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
