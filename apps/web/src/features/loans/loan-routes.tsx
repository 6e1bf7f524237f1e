import type { RouteObject } from 'react-router';
import { guarded } from '../../app/lazy-routes';

/**
 * The console's loan pages (创保贷: queue, loan book, a loan, repayment import, programmes, subsidy batches,
 * ledger), each loaded on first visit behind the permission it needs; the router spreads these in.
 */
export const loanConsoleRoutes: RouteObject[] = [
  { path: 'loans/queue', lazy: guarded('loan:read', () => import('./pages/loan-queue-page').then((m) => m.LoanQueuePage)) },
  { path: 'loans/repayment-import', lazy: guarded('loan:repay', () => import('./pages/repayment-import-page').then((m) => m.RepaymentImportPage)) },
  { path: 'loans/:id', lazy: guarded('loan:read', () => import('./pages/loan-detail-page').then((m) => m.LoanDetailPage)) },
  { path: 'loans', lazy: guarded('loan:read', () => import('./pages/loans-page').then((m) => m.LoansPage)) },
  { path: 'loan-programmes', lazy: guarded('loan:configure', () => import('../loan-programmes/pages/programmes-page').then((m) => m.ProgrammesPage)) },
  { path: 'loan-programmes/:id', lazy: guarded('loan:configure', () => import('../loan-programmes/pages/programme-page').then((m) => m.ProgrammePage)) },
  { path: 'subsidy-batches', lazy: guarded('loan:subsidy', () => import('../subsidy-batches/pages/subsidy-batches-page').then((m) => m.SubsidyBatchesPage)) },
  { path: 'ledger', lazy: guarded('ledger:read', () => import('../ledger/pages/ledger-page').then((m) => m.LedgerPage)) },
];
