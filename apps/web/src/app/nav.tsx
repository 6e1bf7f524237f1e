import { ApartmentOutlined, AuditOutlined, BarChartOutlined, CloudUploadOutlined, DashboardOutlined, IdcardOutlined, SafetyCertificateOutlined, SwapOutlined, TeamOutlined, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { MessageOutlined, UserAddOutlined } from '@ant-design/icons';
import { AccountBookOutlined, InboxOutlined, MoneyCollectOutlined, ProfileOutlined, RedEnvelopeOutlined, SettingOutlined } from '@ant-design/icons';
import { AlertOutlined, CarryOutOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import { AimOutlined, ApiOutlined, CreditCardOutlined, FileAddOutlined, FileSyncOutlined, PayCircleOutlined, PieChartOutlined, ShopOutlined, WalletOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: ReactNode;
  /** Permission needed to see the item; null for every signed-in account. */
  permission: string | null;
  /** Key of a group in `navGroups`: the item is shown inside that group's sub-menu. */
  group?: string;
}

/** Sub-menus of the side menu; the group shows when the account sees at least one of its items. */
export const navGroups: Record<string, { label: string; icon: ReactNode }> = {
  members: { label: 'members.menu.group', icon: <IdcardOutlined /> },
  loans: { label: 'loans.menu.group', icon: <MoneyCollectOutlined /> },
  cards: { label: 'cards.menu.group', icon: <CreditCardOutlined /> },
};

export const navItems: NavItem[] = [
  { path: '/', label: 'menu.home', icon: <DashboardOutlined />, permission: null },
  { path: '/orgs', label: 'menu.orgs', icon: <ApartmentOutlined />, permission: 'org:read' },
  { path: '/members', label: 'members.menu.roster', icon: <UnorderedListOutlined />, permission: 'member:read', group: 'members' },
  { path: '/member-transfers', label: 'members.menu.transfers', icon: <SwapOutlined />, permission: 'member:transfer', group: 'members' },
  { path: '/members/stats', label: 'members.menu.stats', icon: <BarChartOutlined />, permission: 'member:read', group: 'members' },
  { path: '/members/import', label: 'members.menu.import', icon: <CloudUploadOutlined />, permission: 'member:import', group: 'members' },
  { path: '/join-applications', label: 'joinApplications.menu', icon: <UserAddOutlined />, permission: 'member:approve', group: 'members' },
  { path: '/loan-dashboard', label: 'loanDash.menu', icon: <FundProjectionScreenOutlined />, permission: 'loan:read', group: 'loans' },
  { path: '/loans/queue', label: 'loans.menu.queue', icon: <InboxOutlined />, permission: 'loan:read', group: 'loans' },
  { path: '/loans', label: 'loans.menu.book', icon: <ProfileOutlined />, permission: 'loan:read', group: 'loans' },
  { path: '/loan-visits', label: 'loanVisits.menu', icon: <CarryOutOutlined />, permission: 'loan:read', group: 'loans' },
  { path: '/alerts', label: 'alerts.menu', icon: <AlertOutlined />, permission: 'loan:read', group: 'loans' },
  { path: '/loan-programmes', label: 'loanProgrammes.menu', icon: <SettingOutlined />, permission: 'loan:configure', group: 'loans' },
  { path: '/subsidy-batches', label: 'subsidyBatches.menu', icon: <RedEnvelopeOutlined />, permission: 'loan:subsidy', group: 'loans' },
  { path: '/ledger', label: 'ledger.menu', icon: <AccountBookOutlined />, permission: 'ledger:read', group: 'loans' },
  { path: '/card-dashboard', label: 'cardDash.menu', icon: <PieChartOutlined />, permission: 'card:read', group: 'cards' },
  { path: '/cards', label: 'cards.menu.cards', icon: <WalletOutlined />, permission: 'card:read', group: 'cards' },
  { path: '/card-batches', label: 'cards.menu.batches', icon: <FileAddOutlined />, permission: 'card:apply', group: 'cards' },
  { path: '/cards/import', label: 'cards.menu.import', icon: <FileSyncOutlined />, permission: 'card:issue', group: 'cards' },
  { path: '/merchants', label: 'merchants.menu.list', icon: <ShopOutlined />, permission: 'merchant:read', group: 'cards' },
  { path: '/merchant-quotas', label: 'merchants.menu.quotas', icon: <AimOutlined />, permission: 'merchant:quota', group: 'cards' },
  { path: '/merchant-settlements', label: 'merchants.menu.settlements', icon: <PayCircleOutlined />, permission: 'merchant:settle', group: 'cards' },
  { path: '/partner-keys', label: 'partnerKeys.menu', icon: <ApiOutlined />, permission: 'partner:keys', group: 'cards' },
  { path: '/users', label: 'menu.users', icon: <TeamOutlined />, permission: 'user:read' },
  { path: '/roles', label: 'menu.roles', icon: <SafetyCertificateOutlined />, permission: 'role:read' },
  { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: 'audit:read' },
  { path: '/sms-outbox', label: 'smsOutbox.menu', icon: <MessageOutlined />, permission: 'sms:read' },
  { path: '/profile', label: 'menu.profile', icon: <UserOutlined />, permission: null },
];

export function navItemFor(pathname: string): NavItem | undefined {
  if (pathname === '/') return navItems[0];
  // The longest match wins: /members/stats is its own item, /members/123 belongs to /members.
  const matches = navItems.filter((item) => item.path !== '/' && (pathname === item.path || pathname.startsWith(`${item.path}/`)));
  return matches.sort((a, b) => b.path.length - a.path.length)[0];
}
