import { Breadcrumb, Layout, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { hasPermission, useCurrentUser } from '../../features/auth/auth-api';
import { navItemFor, navItems } from '../nav';
import { HeaderBar } from './header-bar';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  const visible = navItems.filter((item) => item.permission === null || hasPermission(me, item.permission));
  const items: MenuProps['items'] = visible.map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) }));
  const current = navItemFor(location.pathname);

  const crumbs = [{ key: 'home', title: <Link to="/">{t('menu.home')}</Link> }];
  if (current && current.path !== '/') crumbs.push({ key: current.path, title: <span>{t(current.label)}</span> });

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
