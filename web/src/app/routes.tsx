import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { Spinner } from '../components/plain';
import type { Permission } from '../../../common/roles';
import { useAuth } from './auth';
const AppLayout = lazy(() => import('./Layout').then((m) => ({ default: m.AppLayout })));
/** antd, its theme and App (message, modal): loaded with the first page that uses antd; home (the index) does not. */
const loadAntd = () => import('./AntdRoot');
const AntdRoot = lazy(loadAntd);
// Opened at a page other than home (a link, a reload): antd starts loading now, beside the shell, not after it.
if (window.location.pathname !== '/') void loadAntd();

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
const Campaigns = lazy(() => import('../pages/campaigns/Campaigns'));
const Netsec = lazy(() => import('../pages/netsec/Netsec'));
const Teams = lazy(() => import('../pages/teams/Teams'));
const Rectifications = lazy(() => import('../pages/rectification/Rectifications'));
const RectificationDetail = lazy(() => import('../pages/rectification/RectificationDetail'));
const TaskDetail = lazy(() => import('../pages/tasks/TaskDetail'));
const Clues = lazy(() => import('../pages/feeds/Clues'));
const Packs = lazy(() => import('../pages/packs/Packs'));
const Documents = lazy(() => import('../pages/documents/Documents'));
const Draft = lazy(() => import('../pages/documents/Draft'));
const DocumentSettings = lazy(() => import('../pages/documents/DocumentSettings'));
const Cases = lazy(() => import('../pages/cases/Cases'));
const CaseDetail = lazy(() => import('../pages/cases/CaseDetail'));
const DirectReports = lazy(() => import('../pages/cases/DirectReports'));
const Reporting = lazy(() => import('../pages/reporting/Reporting'));
const MyReports = lazy(() => import('../pages/reporting/MyReports'));
const ReportSubmission = lazy(() => import('../pages/reporting/SubmissionDetail'));
const ReportSchedules = lazy(() => import('../pages/reporting/Schedules'));
const ReportScheduleDetail = lazy(() => import('../pages/reporting/Schedules').then((m) => ({ default: m.ScheduleDetail })));
const ReportForms = lazy(() => import('../pages/reporting/Forms'));
const CaseSettings = lazy(() => import('../pages/cases/CaseSettings'));
const CaseFigures = lazy(() => import('../pages/cases/CaseFigures'));
const PublicSubmit = lazy(() => import('../pages/cases/PublicSubmit'));
const PublicTrack = lazy(() => import('../pages/cases/PublicTrack'));
const WatchRosters = lazy(() => import('../pages/watch/Rosters'));
const WatchRosterDetail = lazy(() => import('../pages/watch/RosterDetail'));
const WatchPeriods = lazy(() => import('../pages/watch/Periods'));
const WatchPeriodDetail = lazy(() => import('../pages/watch/PeriodDetail'));
const WatchShift = lazy(() => import('../pages/watch/ShiftDetail'));
const WatchToday = lazy(() => import('../pages/watch/Today'));
const WatchMy = lazy(() => import('../pages/watch/MyDuty'));
const WatchSwaps = lazy(() => import('../pages/watch/Swaps'));
const WatchLog = lazy(() => import('../pages/watch/DutyLog'));
const Information = lazy(() => import('../pages/information/Information'));
const InfoDetail = lazy(() => import('../pages/information/InfoDetail'));
const InfoQuotas = lazy(() => import('../pages/information/Quotas'));
const Notices = lazy(() => import('../pages/notices/Notices'));
const NoticeDetail = lazy(() => import('../pages/notices/NoticeDetail'));
const Outlets = lazy(() => import('../pages/outlets/Outlets'));
const OutletDetail = lazy(() => import('../pages/outlets/OutletDetail'));
const Publishing = lazy(() => import('../pages/publishing/Publishing'));
const PostDetail = lazy(() => import('../pages/publishing/PostDetail'));
const ProofRules = lazy(() => import('../pages/publishing/ProofRules'));
const PublishingFigures = lazy(() => import('../pages/publishing/PublishingFigures'));
const PublishingSettings = lazy(() => import('../pages/publishing/PublishingSettings'));
const Checks = lazy(() => import('../pages/checks/Checks'));
const CheckAssessment = lazy(() => import('../pages/checks/Assessment'));
const CheckCampaign = lazy(() => import('../pages/checks/Campaign'));
const CheckFramework = lazy(() => import('../pages/checks/FrameworkEdit'));
const Robots = lazy(() => import('../pages/robots/Robots'));
const UnitFigures = lazy(() => import('../pages/home/UnitFigures'));
const RobotDetail = lazy(() => import('../pages/robots/RobotDetail'));

const loading = (
  <div className="nd-loading" style={{ padding: 48, textAlign: 'center' }}>
    <Spinner />
  </div>
);

/** The routes inside it are drawn with antd (every page but home). */
function WithAntd() {
  return <AntdRoot><Outlet /></AntdRoot>;
}

function RequireSession({ children }: { children: ReactNode }) {
  const { session, info, loading: busy, sessionLost } = useAuth();
  const location = useLocation();
  if (busy) return loading;
  if (info?.setupNeeded) return <Navigate to="/setup" replace />;
  if (!session) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}`, expired: sessionLost }} />;
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
        <Route element={<WithAntd />}>
        <Route path="/login" element={<Login />} />
        <Route path="/setup" element={<Setup />} />
        {/* The public concern pages: no account, outside the signed-in layout. */}
        <Route path="/public/submit" element={<PublicSubmit />} />
        <Route path="/public/track" element={<PublicTrack />} />
        </Route>
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<Home />} />
          {/* Every page but home: antd around it. */}
          <Route element={<WithAntd />}>
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
          <Route path="reporting" element={<Guard permission="report.read"><Reporting /></Guard>} />
          <Route path="reporting/mine" element={<Guard permission="report.submit"><MyReports /></Guard>} />
          <Route path="reporting/submissions" element={<Guard permission="report.read"><Reporting /></Guard>} />
          <Route path="reporting/submissions/:id" element={<Guard permission="report.read"><ReportSubmission /></Guard>} />
          <Route path="reporting/schedules" element={<Guard permission="report.read"><ReportSchedules /></Guard>} />
          <Route path="reporting/schedules/:id" element={<Guard permission="report.read"><ReportScheduleDetail /></Guard>} />
          <Route path="reporting/forms" element={<Guard permission="report.read"><ReportForms /></Guard>} />
          <Route path="activities" element={<Guard permission="ledger.read"><Activities /></Guard>} />
          <Route path="activities/:id" element={<Guard permission="ledger.read"><ActivityDetail /></Guard>} />
          <Route path="targets" element={<Guard permission="ledger.read"><Targets /></Guard>} />
          <Route path="plans" element={<Guard permission="ledger.read"><Plans /></Guard>} />
          <Route path="rules" element={<Guard permission="rule.read"><Rules /></Guard>} />
          <Route path="campaigns" element={<Guard permission="task.read"><Campaigns /></Guard>} />
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
          <Route path="documents/settings" element={<Guard permission="document.read"><DocumentSettings /></Guard>} />
          <Route path="feeds" element={<Guard permission="feed.read"><Feeds /></Guard>} />
          <Route path="clues" element={<Guard permission="feed.read"><Clues /></Guard>} />
          <Route path="packs" element={<Guard permission="pack.read"><Packs /></Guard>} />
          <Route path="cases" element={<Guard permission="case.read"><Cases /></Guard>} />
          <Route path="cases/direct-reports" element={<Guard permission="case.read"><DirectReports /></Guard>} />
          <Route path="cases/settings" element={<Guard permission="case.read"><CaseSettings /></Guard>} />
          <Route path="cases/figures" element={<Guard permission="case.read"><CaseFigures /></Guard>} />
          <Route path="outlets" element={<Guard permission="outlet.read"><Outlets /></Guard>} />
          <Route path="outlets/:id" element={<Guard permission="outlet.read"><OutletDetail /></Guard>} />
          <Route path="publishing" element={<Guard permission="post.read"><Publishing /></Guard>} />
          <Route path="publishing/figures" element={<Guard permission="post.read"><PublishingFigures /></Guard>} />
          <Route path="publishing/rules" element={<Guard permission="post.read"><ProofRules /></Guard>} />
          <Route path="publishing/settings" element={<Guard permission="publishing.settings"><PublishingSettings /></Guard>} />
          <Route path="publishing/:id" element={<Guard permission="post.read"><PostDetail /></Guard>} />
          <Route path="cases/:id" element={<Guard permission="case.read"><CaseDetail /></Guard>} />
          <Route path="watch" element={<Guard permission="watch.read"><WatchRosters /></Guard>} />
          <Route path="watch/rosters/:id" element={<Guard permission="watch.read"><WatchRosterDetail /></Guard>} />
          <Route path="watch/periods" element={<Guard permission="watch.read"><WatchPeriods /></Guard>} />
          <Route path="watch/periods/:id" element={<Guard permission="watch.read"><WatchPeriodDetail /></Guard>} />
          <Route path="watch/shifts/:id" element={<Guard permission="watch.read"><WatchShift /></Guard>} />
          <Route path="watch/today" element={<Guard permission="watch.read"><WatchToday /></Guard>} />
          <Route path="watch/my" element={<Guard permission="watch.read"><WatchMy /></Guard>} />
          <Route path="watch/swaps" element={<Guard permission="watch.read"><WatchSwaps /></Guard>} />
          <Route path="watch/log" element={<Guard permission="watch.read"><WatchLog /></Guard>} />
          <Route path="information" element={<Guard permission="info.read"><Information /></Guard>} />
          <Route path="information/quotas" element={<Guard permission="info.read"><InfoQuotas /></Guard>} />
          <Route path="information/:id" element={<Guard permission="info.read"><InfoDetail /></Guard>} />
          <Route path="notices" element={<Guard permission="notice.read"><Notices /></Guard>} />
          <Route path="notices/:id" element={<Guard permission="notice.read"><NoticeDetail /></Guard>} />
          <Route path="checks" element={<Guard permission="check.read"><Checks /></Guard>} />
          <Route path="checks/frameworks/:id" element={<Guard permission="check.read"><CheckFramework /></Guard>} />
          <Route path="checks/self/:id" element={<Guard permission="check.read"><CheckAssessment /></Guard>} />
          <Route path="checks/campaigns/:id" element={<Guard permission="check.read"><CheckCampaign /></Guard>} />
          <Route path="checks/campaigns/:id/units/:unitId" element={<Guard permission="check.read"><CheckAssessment /></Guard>} />
          <Route path="figures" element={<Guard permission="home.read"><UnitFigures /></Guard>} />
          <Route path="robots" element={<Guard permission="robot.read"><Robots /></Guard>} />
          <Route path="robots/:id" element={<Guard permission="robot.read"><RobotDetail /></Guard>} />
          <Route path="notifications" element={<Guard permission="notification.read"><Notifications /></Guard>} />
          <Route path="password" element={<ChangePassword />} />
          <Route path="two-factor" element={<TwoFactor />} />
          <Route path="security" element={<Guard permission="security.manage"><SecurityPolicy /></Guard>} />
          <Route path="*" element={<Results kind="404" />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
