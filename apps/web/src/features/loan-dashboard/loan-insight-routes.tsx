import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../app/guards';

/** A page loaded on first visit, behind the permission it needs. */
function guarded(permission: string, load: () => Promise<ComponentType>) {
  return async () => {
    const Page = await load();
    return {
      Component: function Guarded() {
        return (
          <RequirePermission permission={permission}>
            <Page />
          </RequirePermission>
        );
      },
    };
  };
}

/** After a loan is lent (创保贷): the programme dashboard, follow-up visits and risk alerts; the router spreads these in. */
export const loanInsightRoutes: RouteObject[] = [
  { path: 'loan-dashboard', lazy: guarded('loan:read', () => import('./pages/loan-dashboard-page').then((m) => m.LoanDashboardPage)) },
  { path: 'loan-visits', lazy: guarded('loan:read', () => import('../loan-visits/pages/loan-visits-page').then((m) => m.LoanVisitsPage)) },
  { path: 'alerts', lazy: guarded('loan:read', () => import('../loan-visits/pages/alerts-page').then((m) => m.AlertsPage)) },
];
