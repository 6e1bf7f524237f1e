import type { ComponentType } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { page } from '../../app/lazy-routes';

/** A member-only page: signed-in members, else /m/login. */
function memberPage(load: () => Promise<ComponentType>) {
  return async () => {
    const [Page, { RequireMember }] = await Promise.all([load(), import('./components/require-member')]);
    return {
      Component: function MemberOnly() {
        return (
          <RequireMember>
            <Page />
          </RequireMember>
        );
      },
    };
  };
}

/**
 * The member portal (H5) under /m: its own frame and session handling, outside the staff console's layout
 * and guards. Public: joining and its status, sign-in, setting a password by SMS code.
 */
export const portalRoutes: RouteObject[] = [
  {
    path: '/m',
    lazy: page(() => import('./components/portal-shell').then((m) => m.PortalRoot)),
    children: [
      { index: true, lazy: memberPage(() => import('./pages/home-page').then((m) => m.PortalHomePage)) },
      { path: 'applications', lazy: memberPage(() => import('./pages/applications-page').then((m) => m.PortalApplicationsPage)) },
      { path: 'password', lazy: memberPage(() => import('./pages/password-page').then((m) => m.PortalPasswordPage)) },
      { path: 'login', lazy: page(() => import('./pages/login-page').then((m) => m.PortalLoginPage)) },
      { path: 'set-password', lazy: page(() => import('./pages/set-password-page').then((m) => m.SetPasswordPage)) },
      { path: 'join', lazy: page(() => import('./pages/join-page').then((m) => m.JoinPage)) },
      { path: 'join/status', lazy: page(() => import('./pages/join-status-page').then((m) => m.JoinStatusPage)) },
      // 创保贷: the calculator is public; applying and one's own loans need a signed-in member.
      { path: 'loans', lazy: memberPage(() => import('./loans/pages/my-loans-page').then((m) => m.MyLoansPage)) },
      { path: 'loans/calculator', lazy: page(() => import('./loans/pages/calculator-page').then((m) => m.LoanCalculatorPage)) },
      { path: 'loans/apply', lazy: memberPage(() => import('./loans/pages/apply-page').then((m) => m.LoanApplyPage)) },
      { path: 'loans/:id', lazy: memberPage(() => import('./loans/pages/loan-detail-page').then((m) => m.LoanDetailPage)) },
      // 普惠: my service card needs a signed-in member; the merchant directory is public.
      { path: 'card', lazy: memberPage(() => import('./cards/pages/my-card-page').then((m) => m.MyCardPage)) },
      { path: 'merchants', lazy: page(() => import('./merchants/pages/merchants-page').then((m) => m.MerchantsPage)) },
      { path: 'merchants/:id', lazy: page(() => import('./merchants/pages/merchant-page').then((m) => m.MerchantPage)) },
      { path: '*', element: <Navigate to="/m" replace /> },
    ],
  },
];
