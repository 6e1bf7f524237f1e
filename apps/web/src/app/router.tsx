import { createBrowserRouter, Outlet } from 'react-router';
import { AuditPage } from '../features/audit/pages/audit-page';
import { LoginPage } from '../features/auth/pages/login-page';
import { MfaEnrolPage } from '../features/auth/pages/mfa-enrol-page';
import { PasswordChangePage } from '../features/auth/pages/password-change-page';
import { HomePage } from '../features/home/pages/home-page';
import { OrgTreePage } from '../features/orgs/pages/org-tree-page';
import { ProfilePage } from '../features/profile/pages/profile-page';
import { RolesPage } from '../features/roles/pages/roles-page';
import { UsersPage } from '../features/users/pages/users-page';
import { MemberDetailPage } from '../features/members/pages/member-detail-page';
import { MemberImportPage } from '../features/members/pages/member-import-page';
import { MembersPage } from '../features/members/pages/members-page';
import { MemberStatsPage } from '../features/members/pages/member-stats-page';
import { TransfersPage } from '../features/member-transfers/pages/transfers-page';
import { JoinApplicationsPage } from '../features/join-applications/pages/join-applications-page';
import { portalRoutes } from '../features/portal/portal-routes';
import { loanConsoleRoutes } from '../features/loans/loan-routes';
import { loanInsightRoutes } from '../features/loan-dashboard/loan-insight-routes';
import { cardConsoleRoutes, publicMerchantRoutes } from '../features/cards/card-routes';
import { SmsOutboxPage } from '../features/sms-outbox/pages/sms-outbox-page';
import { NotFoundPage, RequirePermission, RequireRestricted, RequireSession } from './guards';
import { AppLayout } from './layout/app-layout';
import { SessionBridge } from './session-bridge';

function Root() {
  return (
    <>
      <SessionBridge />
      <Outlet />
    </>
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/mfa-enrol',
        element: (
          <RequireRestricted state="mfa">
            <MfaEnrolPage />
          </RequireRestricted>
        ),
      },
      {
        path: '/change-password',
        element: (
          <RequireRestricted state="password">
            <PasswordChangePage />
          </RequireRestricted>
        ),
      },
      {
        path: '/',
        element: (
          <RequireSession>
            <AppLayout />
          </RequireSession>
        ),
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'orgs',
            element: (
              <RequirePermission permission="org:read">
                <OrgTreePage />
              </RequirePermission>
            ),
          },
          {
            path: 'members',
            element: (
              <RequirePermission permission="member:read">
                <MembersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'members/stats',
            element: (
              <RequirePermission permission="member:read">
                <MemberStatsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'members/import',
            element: (
              <RequirePermission permission="member:import">
                <MemberImportPage />
              </RequirePermission>
            ),
          },
          {
            path: 'members/:id',
            element: (
              <RequirePermission permission="member:read">
                <MemberDetailPage />
              </RequirePermission>
            ),
          },
          {
            path: 'member-transfers',
            element: (
              <RequirePermission permission="member:transfer">
                <TransfersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'users',
            element: (
              <RequirePermission permission="user:read">
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'roles',
            element: (
              <RequirePermission permission="role:read">
                <RolesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequirePermission permission="audit:read">
                <AuditPage />
              </RequirePermission>
            ),
          },
          {
            path: 'join-applications',
            element: (
              <RequirePermission permission="member:approve">
                <JoinApplicationsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'sms-outbox',
            element: (
              <RequirePermission permission="sms:read">
                <SmsOutboxPage />
              </RequirePermission>
            ),
          },
          ...loanConsoleRoutes,
          ...loanInsightRoutes,
          ...cardConsoleRoutes,
          { path: 'profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  // The member portal (H5): its own frame, outside the console's layout and guards.
  ...portalRoutes,
  // The public merchant application: no session, so outside the session bridge (a 401 there would clear its lists).
  ...publicMerchantRoutes,
]);
