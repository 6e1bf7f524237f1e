import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { cardConsoleRoutes, publicMerchantRoutes } from '../features/cards/card-routes';
import { loanInsightRoutes } from '../features/loan-dashboard/loan-insight-routes';
import { loanConsoleRoutes } from '../features/loans/loan-routes';
import { portalRoutes } from '../features/portal/portal-routes';
import { guarded, page } from './lazy-routes';

/** A sign-in step that only a session in that state may see (a second factor to enrol, a password to change). */
function restricted(state: 'mfa' | 'password', load: () => Promise<ComponentType>) {
  return async () => {
    const [Page, { RequireRestricted }] = await Promise.all([load(), import('./guards')]);
    return {
      Component: function Restricted() {
        return (
          <RequireRestricted state={state}>
            <Page />
          </RequireRestricted>
        );
      },
    };
  };
}

/**
 * Every page is loaded on first visit (see lazy-routes.tsx): the console's frame and antd come with the first
 * console page, the portal's with the first /m page; the entry holds the router and the shared plumbing only.
 */
export const router = createBrowserRouter([
  {
    lazy: page(() => import('./console-root').then((m) => m.ConsoleRoot)),
    children: [
      { path: '/login', lazy: page(() => import('../features/auth/pages/login-page').then((m) => m.LoginPage)) },
      { path: '/mfa-enrol', lazy: restricted('mfa', () => import('../features/auth/pages/mfa-enrol-page').then((m) => m.MfaEnrolPage)) },
      { path: '/change-password', lazy: restricted('password', () => import('../features/auth/pages/password-change-page').then((m) => m.PasswordChangePage)) },
      {
        path: '/',
        lazy: page(() => import('./console-root').then((m) => m.ConsoleLayout)),
        children: [
          { index: true, lazy: page(() => import('../features/home/pages/home-page').then((m) => m.HomePage)) },
          { path: 'orgs', lazy: guarded('org:read', () => import('../features/orgs/pages/org-tree-page').then((m) => m.OrgTreePage)) },
          { path: 'members', lazy: guarded('member:read', () => import('../features/members/pages/members-page').then((m) => m.MembersPage)) },
          { path: 'members/stats', lazy: guarded('member:read', () => import('../features/members/pages/member-stats-page').then((m) => m.MemberStatsPage)) },
          { path: 'members/import', lazy: guarded('member:import', () => import('../features/members/pages/member-import-page').then((m) => m.MemberImportPage)) },
          { path: 'members/:id', lazy: guarded('member:read', () => import('../features/members/pages/member-detail-page').then((m) => m.MemberDetailPage)) },
          { path: 'member-transfers', lazy: guarded('member:transfer', () => import('../features/member-transfers/pages/transfers-page').then((m) => m.TransfersPage)) },
          { path: 'users', lazy: guarded('user:read', () => import('../features/users/pages/users-page').then((m) => m.UsersPage)) },
          { path: 'roles', lazy: guarded('role:read', () => import('../features/roles/pages/roles-page').then((m) => m.RolesPage)) },
          { path: 'audit', lazy: guarded('audit:read', () => import('../features/audit/pages/audit-page').then((m) => m.AuditPage)) },
          {
            path: 'join-applications',
            lazy: guarded('member:approve', () => import('../features/join-applications/pages/join-applications-page').then((m) => m.JoinApplicationsPage)),
          },
          { path: 'sms-outbox', lazy: guarded('sms:read', () => import('../features/sms-outbox/pages/sms-outbox-page').then((m) => m.SmsOutboxPage)) },
          ...loanConsoleRoutes,
          ...loanInsightRoutes,
          ...cardConsoleRoutes,
          { path: 'profile', lazy: page(() => import('../features/profile/pages/profile-page').then((m) => m.ProfilePage)) },
          { path: '*', lazy: page(() => import('./guards').then((m) => m.NotFoundPage)) },
        ],
      },
    ],
  },
  // The member portal (H5): its own frame, outside the console's layout and guards, without antd.
  ...portalRoutes,
  // The public merchant application: no session, so outside the session bridge (a 401 there would clear its lists).
  ...publicMerchantRoutes,
]);
