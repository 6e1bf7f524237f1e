import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Dropdown, Layout, Space } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentUser, useLogout } from '../../features/auth/auth-api';
import { useSystemInfo } from '../../shared/system-info';
import { LanguageSwitch } from './language-switch';
import { palette } from '../theme';

export function HeaderBar() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const info = useSystemInfo();
  const logout = useLogout();
  const navigate = useNavigate();
  const { message } = App.useApp();

  const items: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: t('layout.profile') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') void navigate('/profile');
    if (key === 'logout') {
      logout.mutate(undefined, {
        onSettled: () => {
          void message.success(t('layout.loggedOut'));
          void navigate('/login', { replace: true });
        },
      });
    }
  };

  return (
    <Layout.Header className="tx-header" style={{ background: `linear-gradient(90deg, ${palette.headerFrom}, ${palette.headerTo})` }}>
      <div className="tx-brand" onClick={() => void navigate('/')} role="link" tabIndex={0}>
        <span className="tx-logo">同</span>
        <span className="tx-product">{t('app.product')}</span>
        <span className="tx-dot">·</span>
        <span className="tx-platform">{t('app.platform', { org: info.data?.federation?.name ?? me.org.name })}</span>
      </div>
      <Space size={18} className="tx-header-right">
        <LanguageSwitch variant="header" />
        <Dropdown menu={{ items, onClick }} placement="bottomRight" trigger={['click']}>
          <span className="tx-user" data-testid="user-menu">
            <Avatar size={26} style={{ background: palette.gold, color: palette.primaryDark }}>
              {me.displayName.slice(0, 1)}
            </Avatar>
            <span className="tx-user-name">{me.displayName}</span>
            <DownOutlined style={{ fontSize: 10 }} />
          </span>
        </Dropdown>
      </Space>
    </Layout.Header>
  );
}

