import { auditI18n } from '../features/audit/audit-i18n';
import { authI18n } from '../features/auth/auth-i18n';
import { homeI18n } from '../features/home/home-i18n';
import { joinApplicationsI18n } from '../features/join-applications/join-applications-i18n';
import { portalI18n } from '../features/portal/portal-i18n';
import { portalLoansI18n } from '../features/portal/loans/portal-loans-i18n';
import { cardStatsI18n } from '../features/card-stats/card-stats-i18n';
import { cardsI18n } from '../features/cards/cards-i18n';
import { merchantsI18n } from '../features/merchants/merchants-i18n';
import { partnerKeysI18n } from '../features/partner-keys/partner-keys-i18n';
import { portalCardsI18n } from '../features/portal/cards/portal-cards-i18n';
import { portalMerchantsI18n } from '../features/portal/merchants/portal-merchants-i18n';
import { loanDashboardI18n } from '../features/loan-dashboard/loan-dashboard-i18n';
import { loanVisitsI18n } from '../features/loan-visits/loan-visits-i18n';
import { loansI18n } from '../features/loans/loans-i18n';
import { loanActionsI18n } from '../features/loans/loan-actions-i18n';
import { programmesI18n } from '../features/loan-programmes/programmes-i18n';
import { ledgerI18n } from '../features/ledger/ledger-i18n';
import { subsidyBatchesI18n } from '../features/subsidy-batches/subsidy-batches-i18n';
import { smsOutboxI18n } from '../features/sms-outbox/sms-outbox-i18n';
import { membersI18n } from '../features/members/members-i18n';
import { transfersI18n } from '../features/member-transfers/transfers-i18n';
import { orgsI18n } from '../features/orgs/orgs-i18n';
import { profileI18n } from '../features/profile/profile-i18n';
import { rolesI18n } from '../features/roles/roles-i18n';
import { usersI18n } from '../features/users/users-i18n';
import i18n from '../shared/i18n';
import { appI18n } from './app-i18n';

type Dictionary = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };

export const dictionaries: Dictionary[] = [appI18n, authI18n, homeI18n, orgsI18n, usersI18n, rolesI18n, auditI18n, profileI18n, membersI18n, transfersI18n, portalI18n, portalLoansI18n, portalCardsI18n, portalMerchantsI18n, loanDashboardI18n, loanVisitsI18n, loansI18n, loanActionsI18n, programmesI18n, subsidyBatchesI18n, ledgerI18n, joinApplicationsI18n, smsOutboxI18n, cardStatsI18n, cardsI18n, merchantsI18n, partnerKeysI18n];

/** Every feature brings both languages; a key present in one and missing in the other is a bug. */
export function loadTranslations(): void {
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const dictionary of dictionaries) i18n.addResourceBundle(lang, 'translation', dictionary[lang], true, true);
  }
}
