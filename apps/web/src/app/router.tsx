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
          { path: 'profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
