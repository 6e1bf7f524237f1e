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

/** 普惠 in the console: the dashboard, cards, bulk applications, the bank's file, merchants, settlements, keys. */
export const cardConsoleRoutes: RouteObject[] = [
  { path: 'card-dashboard', lazy: guarded('card:read', () => import('../card-stats/pages/card-dashboard-page').then((m) => m.CardDashboardPage)) },
  { path: 'cards', lazy: guarded('card:read', () => import('./pages/cards-page').then((m) => m.CardsPage)) },
  { path: 'cards/import', lazy: guarded('card:issue', () => import('./pages/card-import-page').then((m) => m.CardImportPage)) },
  { path: 'card-batches', lazy: guarded('card:read', () => import('./pages/card-batches-page').then((m) => m.CardBatchesPage)) },
];
