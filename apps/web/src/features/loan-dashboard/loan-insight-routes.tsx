import type { RouteObject } from 'react-router';
import { guarded } from '../../app/lazy-routes';

/** After a loan is lent (创保贷): the programme dashboard, follow-up visits and risk alerts; the router spreads these in. */
export const loanInsightRoutes: RouteObject[] = [
  { path: 'loan-dashboard', lazy: guarded('loan:read', () => import('./pages/loan-dashboard-page').then((m) => m.LoanDashboardPage)) },
  { path: 'loan-visits', lazy: guarded('loan:read', () => import('../loan-visits/pages/loan-visits-page').then((m) => m.LoanVisitsPage)) },
  { path: 'alerts', lazy: guarded('loan:read', () => import('../loan-visits/pages/alerts-page').then((m) => m.AlertsPage)) },
];
