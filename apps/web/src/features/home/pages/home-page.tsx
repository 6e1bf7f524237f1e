import { ApartmentOutlined, AuditOutlined, BankOutlined, HomeOutlined, SafetyCertificateOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import { orgKindLabels, orgKinds } from '@tongxing/domain';
import { Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { navItems } from '../../../app/nav';
import { formatDateTimeShort } from '../../../shared/format';
import { pickLabel } from '../../../shared/i18n';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { useRoleName } from '../../roles/roles-api';
import { startOfToday, useTotal, useUnitCounts } from '../home-api';

// ECharts is the largest dependency; it loads only with the chart.
const UnitsByKindChart = lazy(() => import('../components/units-by-kind-chart'));

interface Stat {
  key: string;
  title: string;
  value: number | undefined;
  icon: ReactNode;
  color: string;
  to?: string;
}

function StatCard({ stat }: { stat: Stat }) {
  const body = (
    <Card size="small" className="tx-stat-card" hoverable={!!stat.to} style={{ height: '100%' }}>
      <Space size={14} align="center">
        <span style={{ fontSize: 26, color: stat.color, background: `${stat.color}14`, borderRadius: 6, padding: '6px 10px', display: 'inline-flex' }}>{stat.icon}</span>
        <Statistic title={stat.title} value={stat.value ?? '—'} loading={stat.value === undefined} styles={{ content: { fontSize: 22, fontWeight: 600 } }} />
      </Space>
    </Card>
  );
  return stat.to ? <Link to={stat.to} style={{ display: 'block', height: '100%' }}>{body}</Link> : body;
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const roleName = useRoleName();
  const canOrgs = hasPermission(me, 'org:read');
  const canUsers = hasPermission(me, 'user:read');
  const canRoles = hasPermission(me, 'role:read');
  const canAudit = hasPermission(me, 'audit:read');
  const today = startOfToday();

  const { counts, total: unitTotal, partners } = useUnitCounts(canOrgs);
  const accounts = useTotal('/users', {}, canUsers);
  const roles = useTotal('/roles', {}, canRoles);
  const auditToday = useTotal('/audit', { from: today }, canAudit);
  const failedLogins = useTotal('/audit', { from: today, action: 'auth.login', outcome: 'failure' }, canAudit);

  const hour = dayjs().hour();
  const greeting = hour < 12 ? t('home.morning') : hour < 18 ? t('home.afternoon') : t('home.evening');

  const stats: Stat[] = [];
  if (canOrgs) {
    stats.push(
      { key: 'units', title: t('home.unitsInScope'), value: unitTotal, icon: <ApartmentOutlined />, color: '#c8161d', to: '/orgs' },
      { key: 'districts', title: t('home.districts'), value: counts.district_union, icon: <HomeOutlined />, color: '#d4380d', to: '/orgs' },
      { key: 'streets', title: t('home.streets'), value: counts.street_federation, icon: <HomeOutlined />, color: '#d48806', to: '/orgs' },
      { key: 'grassroots', title: t('home.grassroots'), value: counts.grassroots_union, icon: <TeamOutlined />, color: '#389e0d', to: '/orgs' },
      { key: 'partners', title: t('home.partners'), value: partners, icon: <BankOutlined />, color: '#1f5fae', to: '/orgs' },
    );
  }
  if (canUsers) stats.push({ key: 'accounts', title: t('home.accounts'), value: accounts.data, icon: <TeamOutlined />, color: '#531dab', to: '/users' });
  if (canRoles && !canOrgs) stats.push({ key: 'roles', title: t('home.roles'), value: roles.data, icon: <SafetyCertificateOutlined />, color: '#08979c', to: '/roles' });
  if (canAudit) {
    stats.push(
      { key: 'audit', title: t('home.auditToday'), value: auditToday.data, icon: <AuditOutlined />, color: '#1f5fae', to: '/audit' },
      { key: 'failed', title: t('home.failedLoginsToday'), value: failedLogins.data, icon: <WarningOutlined />, color: '#cf1322', to: '/audit' },
    );
  }

  const bars = orgKinds
    .filter((kind) => kind !== 'city_federation' && (counts[kind] ?? 0) > 0)
    .map((kind) => ({ label: pickLabel(orgKindLabels[kind], i18n.language), value: counts[kind] ?? 0 }));
  const shortcuts = navItems.filter((n) => n.path !== '/' && (n.permission === null || hasPermission(me, n.permission)));

  return (
    <>
      <Card size="small" style={{ marginBottom: 12, background: 'linear-gradient(90deg, #fff 60%, #fdf0f0)' }}>
        <Typography.Title level={4} style={{ margin: '4px 0 6px' }} data-testid="home-greeting">
          {t('home.greeting', { greeting, name: me.displayName })}
        </Typography.Title>
        <Space size={24} wrap className="tx-muted">
          <span>{t('home.myUnit', { org: me.org.name })}</span>
          <span>{t('home.myRoles', { roles: me.roles.map(roleName).join('、') || t('common.none') })}</span>
          {me.lastLoginAt && <span>{t('home.lastLogin', { time: formatDateTimeShort(me.lastLoginAt) })}</span>}
        </Space>
      </Card>
      {stats.length > 0 ? (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          {stats.map((s) => (
            <Col key={s.key} xs={24} sm={12} lg={8} xl={4}>
              <StatCard stat={s} />
            </Col>
          ))}
        </Row>
      ) : (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('home.noStats')}</Typography.Text>
        </Card>
      )}
      <Row gutter={12}>
        {canOrgs && (
          <Col xs={24} xl={15}>
            <Card size="small" title={t('home.chartTitle')}>
              <Suspense fallback={<Skeleton active />}>
                {bars.length > 0 ? <UnitsByKindChart bars={bars} unit={t('home.chartUnit')} /> : <Skeleton active />}
              </Suspense>
            </Card>
          </Col>
        )}
        <Col xs={24} xl={canOrgs ? 9 : 24}>
          <Card size="small" title={t('home.shortcuts')}>
            <Row gutter={[8, 8]}>
              {shortcuts.map((n) => (
                <Col key={n.path} span={12}>
                  <Link to={n.path}>
                    <Card size="small" hoverable styles={{ body: { padding: '12px 14px' } }}>
                      <Space>
                        <span style={{ color: '#c8161d', fontSize: 18 }}>{n.icon}</span>
                        <span>{t(n.label)}</span>
                      </Space>
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
    </>
  );
}
