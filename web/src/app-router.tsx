import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AuthLayout } from './auth/auth-layout';
import { ForgotPasswordPage } from './auth/forgot-password-page';
import { InvitePage } from './auth/invite-page';
import { ResetPasswordPage } from './auth/reset-password-page';
import { SetupPage } from './auth/setup-page';
import { SignInPage } from './auth/sign-in-page';
import { NotFoundPage } from './pages/not-found-page';
import { SectionPage } from './pages/section-page';
import { SECTIONS } from './shell/nav-items';
import { SessionGate } from './shell/session-gate';

// Settings are visited rarely compared with the rest of the product: they load on demand.
const OrganisationSettingsPage = lazy(() =>
  import('./settings/organisation-settings-page').then((module) => ({ default: module.OrganisationSettingsPage })),
);
const LocationsPage = lazy(() =>
  import('./settings/locations-page').then((module) => ({ default: module.LocationsPage })),
);
const UsersPage = lazy(() => import('./settings/users-page').then((module) => ({ default: module.UsersPage })));
const ApiKeysPage = lazy(() => import('./settings/api-keys-page').then((module) => ({ default: module.ApiKeysPage })));
// The journeys pages carry the blueprint editor (drag and drop, drawers): loaded on demand too.
const JourneysPage = lazy(() => import('./journeys/journeys-page').then((module) => ({ default: module.JourneysPage })));
const JourneyEditorPage = lazy(() => import('./journeys/journey-editor-page').then((module) => ({ default: module.JourneyEditorPage })));
const StaffMomentPage = lazy(() => import('./journeys/staff-moment-page').then((module) => ({ default: module.StaffMomentPage })));
// The feedback pages carry the survey builder and its preview: loaded on demand too.
const SurveysPage = lazy(() => import('./feedback/surveys-page').then((module) => ({ default: module.SurveysPage })));
const SurveyBuilderPage = lazy(() => import('./feedback/survey-builder-page').then((module) => ({ default: module.SurveyBuilderPage })));
const ResponsesPage = lazy(() => import('./feedback/responses-page').then((module) => ({ default: module.ResponsesPage })));
const LinksPage = lazy(() => import('./feedback/links-page').then((module) => ({ default: module.LinksPage })));
const ChannelsPage = lazy(() => import('./feedback/channels-page').then((module) => ({ default: module.ChannelsPage })));
const ImportsPage = lazy(() => import('./feedback/imports-page').then((module) => ({ default: module.ImportsPage })));
const TriggersPage = lazy(() => import('./feedback/triggers-page').then((module) => ({ default: module.TriggersPage })));
// The recovery inbox, case workspace and metrics: loaded on demand too.
const RecoveryPage = lazy(() => import('./recovery/recovery-page').then((module) => ({ default: module.RecoveryPage })));
const CasePage = lazy(() => import('./recovery/case-page').then((module) => ({ default: module.CasePage })));
const RecoveryMetricsPage = lazy(() => import('./recovery/metrics-page').then((module) => ({ default: module.RecoveryMetricsPage })));
const RecoverySettingsPage = lazy(() => import('./recovery/settings-page').then((module) => ({ default: module.RecoverySettingsPage })));
// The insights dashboards (heatmap, league tables, trend charts): loaded on demand too.
const InsightsPage = lazy(() => import('./insights/insights-page').then((module) => ({ default: module.InsightsPage })));
// The audits room (runs, run detail, checklists, corrective actions): loaded on demand too.
const AuditsPage = lazy(() => import('./audits/runs-page').then((module) => ({ default: module.AuditsPage })));
const AuditRunPage = lazy(() => import('./audits/run-page').then((module) => ({ default: module.RunPage })));
const AuditFillPage = lazy(() => import('./audits/fill-page').then((module) => ({ default: module.FillPage })));
const AuditChecklistsPage = lazy(() => import('./audits/checklists-page').then((module) => ({ default: module.ChecklistsPage })));
const AuditChecklistPage = lazy(() => import('./audits/checklist-page').then((module) => ({ default: module.ChecklistPage })));
const AuditChecklistEditorPage = lazy(() => import('./audits/checklist-editor-page').then((module) => ({ default: module.ChecklistEditorPage })));
const AuditSchedulesPage = lazy(() => import('./audits/schedules-page').then((module) => ({ default: module.SchedulesPage })));
const AuditActionsPage = lazy(() => import('./audits/actions-page').then((module) => ({ default: module.ActionsPage })));
const AuditImprovementsPage = lazy(() => import('./audits/improvements-page').then((module) => ({ default: module.ImprovementsPage })));
const AuditGapPage = lazy(() => import('./audits/compliance-satisfaction-page').then((module) => ({ default: module.ComplianceSatisfactionPage })));

// Coaching (learning cards, exams, role plays, pulse, recognition): loaded on demand too.
const CoachingPage = lazy(() => import('./coaching/coaching-page').then((module) => ({ default: module.CoachingPage })));
const CoachingCardsPage = lazy(() => import('./coaching/cards-page').then((module) => ({ default: module.CardsPage })));
const CoachingExamsPage = lazy(() => import('./coaching/exams-page').then((module) => ({ default: module.ExamsPage })));
const CoachingRolePlaysPage = lazy(() => import('./coaching/role-plays-page').then((module) => ({ default: module.RolePlaysPage })));
const CoachingPulsePage = lazy(() => import('./coaching/pulse-page').then((module) => ({ default: module.PulsePage })));
const CoachingRecognitionPage = lazy(() => import('./coaching/recognition-page').then((module) => ({ default: module.RecognitionPage })));
const CoachingStaffPage = lazy(() => import('./coaching/staff-page').then((module) => ({ default: module.StaffPage })));
const CoachingQuestionsPage = lazy(() => import('./coaching/questions-page').then((module) => ({ default: module.QuestionsPage })));
const CoachingExamSetupPage = lazy(() => import('./coaching/exam-setup-page').then((module) => ({ default: module.ExamSetupPage })));

export const router = createBrowserRouter([
  {
    element: <AuthLayout />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/invite', element: <InvitePage /> },
    ],
  },
  {
    element: <SessionGate />,
    children: [
      { index: true, element: <Navigate to="/journeys" replace /> },
      { path: '/journeys', element: <JourneysPage /> },
      { path: '/journeys/:key', element: <JourneyEditorPage /> },
      { path: '/journeys/:key/moments/:momentKey', element: <StaffMomentPage /> },
      { path: '/feedback', element: <SurveysPage /> },
      { path: '/feedback/surveys/:key', element: <SurveyBuilderPage /> },
      { path: '/feedback/responses', element: <ResponsesPage /> },
      { path: '/feedback/links', element: <LinksPage /> },
      { path: '/feedback/channels', element: <ChannelsPage /> },
      { path: '/feedback/imports', element: <ImportsPage /> },
      { path: '/feedback/triggers', element: <TriggersPage /> },
      { path: '/recovery', element: <RecoveryPage /> },
      { path: '/recovery/metrics', element: <RecoveryMetricsPage /> },
      { path: '/recovery/settings', element: <RecoverySettingsPage /> },
      { path: '/cases/:caseId', element: <CasePage /> },
      { path: '/insights', element: <InsightsPage /> },
      { path: '/audits', element: <AuditsPage /> },
      { path: '/audits/runs/:runId', element: <AuditRunPage /> },
      { path: '/audits/runs/:runId/fill', element: <AuditFillPage /> },
      { path: '/audits/checklists', element: <AuditChecklistsPage /> },
      { path: '/audits/checklists/:key', element: <AuditChecklistPage /> },
      { path: '/audits/checklists/:key/edit', element: <AuditChecklistEditorPage /> },
      { path: '/audits/schedules', element: <AuditSchedulesPage /> },
      { path: '/audits/actions', element: <AuditActionsPage /> },
      { path: '/audits/improvements', element: <AuditImprovementsPage /> },
      { path: '/audits/checks-vs-customers', element: <AuditGapPage /> },
      { path: '/coaching', element: <CoachingPage /> },
      { path: '/coaching/cards', element: <CoachingCardsPage /> },
      { path: '/coaching/exams', element: <CoachingExamsPage /> },
      { path: '/coaching/role-plays', element: <CoachingRolePlaysPage /> },
      { path: '/coaching/pulse', element: <CoachingPulsePage /> },
      { path: '/coaching/recognition', element: <CoachingRecognitionPage /> },
      { path: '/coaching/staff', element: <CoachingStaffPage /> },
      { path: '/coaching/questions', element: <CoachingQuestionsPage /> },
      { path: '/coaching/exam-setup', element: <CoachingExamSetupPage /> },
      ...SECTIONS.filter((section) => section !== 'journeys' && section !== 'feedback' && section !== 'recovery' && section !== 'insights' && section !== 'audits' && section !== 'coaching').map((section) => ({ path: `/${section}`, element: <SectionPage key={section} section={section} /> })),
      { path: '/settings', element: <Navigate to="/settings/organisation" replace /> },
      { path: '/settings/organisation', element: <OrganisationSettingsPage /> },
      { path: '/settings/locations', element: <LocationsPage /> },
      { path: '/settings/users', element: <UsersPage /> },
      { path: '/settings/api-keys', element: <ApiKeysPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
