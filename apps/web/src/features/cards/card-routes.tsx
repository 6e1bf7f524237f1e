import type { RouteObject } from 'react-router';
import { guarded } from '../../app/lazy-routes';

/** 普惠 in the console: the dashboard, cards, bulk applications, the bank's file, merchants, settlements, keys. */
export const cardConsoleRoutes: RouteObject[] = [
  { path: 'card-dashboard', lazy: guarded('card:read', () => import('../card-stats/pages/card-dashboard-page').then((m) => m.CardDashboardPage)) },
  { path: 'cards', lazy: guarded('card:read', () => import('./pages/cards-page').then((m) => m.CardsPage)) },
  { path: 'cards/import', lazy: guarded('card:issue', () => import('./pages/card-import-page').then((m) => m.CardImportPage)) },
  { path: 'merchants', lazy: guarded('merchant:read', () => import('../merchants/pages/merchants-page').then((m) => m.MerchantsPage)) },
  { path: 'merchant-quotas', lazy: guarded('merchant:read', () => import('../merchants/pages/merchant-quotas-page').then((m) => m.MerchantQuotasPage)) },
  { path: 'merchant-settlements', lazy: guarded('merchant:settle', () => import('../merchants/pages/settlements-page').then((m) => m.SettlementsPage)) },
  { path: 'merchant-console', lazy: guarded('merchant:read', () => import('../merchant-console/pages/merchant-console-page').then((m) => m.MerchantConsolePage)) },
  { path: 'partner-keys', lazy: guarded('partner:keys', () => import('../partner-keys/pages/partner-keys-page').then((m) => m.PartnerKeysPage)) },
  { path: 'card-batches', lazy: guarded('card:read', () => import('./pages/card-batches-page').then((m) => m.CardBatchesPage)) },
];

/** The public merchant application (no sign-in), outside the console's layout. */
export const publicMerchantRoutes: RouteObject[] = [
  {
    path: '/merchant-apply',
    lazy: async () => {
      const [{ MerchantApplyPage }, { AntdProviders }] = await Promise.all([import('../public-merchant/pages/merchant-apply-page'), import('../../app/antd-providers')]);
      return {
        Component: function PublicMerchantApply() {
          return (
            <AntdProviders>
              <MerchantApplyPage />
            </AntdProviders>
          );
        },
      };
    },
  },
];
