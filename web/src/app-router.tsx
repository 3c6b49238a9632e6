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
      ...SECTIONS.filter((section) => section !== 'journeys').map((section) => ({ path: `/${section}`, element: <SectionPage key={section} section={section} /> })),
      { path: '/settings', element: <Navigate to="/settings/organisation" replace /> },
      { path: '/settings/organisation', element: <OrganisationSettingsPage /> },
      { path: '/settings/locations', element: <LocationsPage /> },
      { path: '/settings/users', element: <UsersPage /> },
      { path: '/settings/api-keys', element: <ApiKeysPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
