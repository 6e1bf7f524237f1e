import { ApartmentOutlined, AuditOutlined, DashboardOutlined, SafetyCertificateOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: ReactNode;
  /** Permission needed to see the item; null for every signed-in account. */
  permission: string | null;
}

export const navItems: NavItem[] = [
  { path: '/', label: 'menu.home', icon: <DashboardOutlined />, permission: null },
  { path: '/orgs', label: 'menu.orgs', icon: <ApartmentOutlined />, permission: 'org:read' },
  { path: '/users', label: 'menu.users', icon: <TeamOutlined />, permission: 'user:read' },
  { path: '/roles', label: 'menu.roles', icon: <SafetyCertificateOutlined />, permission: 'role:read' },
  { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: 'audit:read' },
  { path: '/profile', label: 'menu.profile', icon: <UserOutlined />, permission: null },
];

export function navItemFor(pathname: string): NavItem | undefined {
  if (pathname === '/') return navItems[0];
  return navItems.find((item) => item.path !== '/' && (pathname === item.path || pathname.startsWith(`${item.path}/`)));
}
