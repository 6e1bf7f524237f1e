import { Breadcrumb, Layout, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { hasPermission, useCurrentUser } from '../../features/auth/auth-api';
import { navGroups, navItemFor, navItems } from '../nav';
import { HeaderBar } from './header-bar';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  const visible = navItems.filter((item) => item.permission === null || hasPermission(me, item.permission));
  // Grouped items become one sub-menu, placed where the group's first visible item stands.
  const items: MenuProps['items'] = [];
  const groupChildren = new Map<string, { key: string; icon: ReactNode; label: string }[]>();
  for (const item of visible) {
    const entry = { key: item.path, icon: item.icon, label: t(item.label) };
    const group = item.group ? navGroups[item.group] : undefined;
    if (!item.group || !group) {
      items.push(entry);
      continue;
    }
    let children = groupChildren.get(item.group);
    if (!children) {
      children = [];
      groupChildren.set(item.group, children);
      items.push({ key: `group:${item.group}`, icon: group.icon, label: t(group.label), children });
    }
    children.push(entry);
  }
  const current = navItemFor(location.pathname);
  const currentGroup = current?.group && navGroups[current.group] ? current.group : undefined;
  const [openKeys, setOpenKeys] = useState<string[]>(currentGroup ? [`group:${currentGroup}`] : []);
  // Arriving on a page of a group (a link, the back button) opens that group's sub-menu.
  const [shownGroup, setShownGroup] = useState(currentGroup);
  if (shownGroup !== currentGroup) {
    setShownGroup(currentGroup);
    if (currentGroup && !openKeys.includes(`group:${currentGroup}`)) setOpenKeys([...openKeys, `group:${currentGroup}`]);
  }

  const crumbs = [{ key: 'home', title: <Link to="/">{t('menu.home')}</Link> }];
  if (currentGroup) crumbs.push({ key: `group:${currentGroup}`, title: <span>{t(navGroups[currentGroup]?.label ?? '')}</span> });
  if (current && current.path !== '/') {
    // Below an item's page (a member's record under the roster) the item's crumb leads back to it.
    const label = t(current.label);
    crumbs.push({ key: current.path, title: location.pathname === current.path ? <span>{label}</span> : <Link to={current.path}>{label}</Link> });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <HeaderBar />
      <Layout>
        <Layout.Sider
          className="tx-sider"
          theme="light"
          width={200}
          collapsedWidth={56}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
        >
          <Menu
            mode="inline"
            items={items}
            selectedKeys={current ? [current.path] : []}
            {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
            onClick={({ key }) => void navigate(key)}
            data-testid="side-menu"
          />
        </Layout.Sider>
        <Layout.Content className="tx-content">
          <Breadcrumb className="tx-crumbs" items={crumbs} />
          <Outlet />
          <div className="tx-footer">
            {t('app.product')} · {t('app.tagline')}
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
